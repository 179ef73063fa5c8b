package dev.archiver.connectors.manifest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What an archive holds: entries by type and its size before and after packing.
 *
 * @param streamBytes length of the uncompressed tar stream (sum of the chunks' bytesIn)
 * @param storedBytes bytes stored in the tier (sum of the chunks' bytesOut), manifest excluded
 */
@JsonPropertyOrder({"files", "dirs", "symlinks", "streamBytes", "storedBytes"})
public record ManifestTotals(
        long files, long dirs, long symlinks, long streamBytes, long storedBytes) {}
