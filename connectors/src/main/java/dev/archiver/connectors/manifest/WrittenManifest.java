package dev.archiver.connectors.manifest;

/**
 * Where a manifest went and the SHA-256 of its exact bytes (for ArchiveCompleted and the catalog).
 */
public record WrittenManifest(String key, String location, long bytes, String sha256) {}
