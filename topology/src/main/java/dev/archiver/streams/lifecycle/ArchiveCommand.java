package dev.archiver.streams.lifecycle;

import dev.archiver.streams.state.CatalogEntry;

/**
 * A change to one archive's catalog entry, on archiver.archive.commands keyed by archive id, so
 * that one task owns each archive and applies its changes in order (see {@link
 * ApplyArchiveCommand}).
 *
 * @param entry the new entry, for {@link Kind#CREATED} only
 * @param ok whether the check passed, for {@link Kind#VERIFIED} only
 * @param dryRun for {@link Kind#PURGE} and {@link Kind#MOVE}: only say what would be done
 * @param toTier for {@link Kind#MOVE}: the tier the archive goes to
 */
public record ArchiveCommand(
    Kind kind,
    String archiveId,
    CatalogEntry entry,
    String requestId,
    String requestedBy,
    String reason,
    boolean ok,
    boolean dryRun,
    long at,
    String toTier) {

  public enum Kind {
    /** An archive was written: its first catalog entry. */
    CREATED,
    /** An integrity check of the archive ended. */
    VERIFIED,
    LEGAL_HOLD_ON,
    LEGAL_HOLD_OFF,
    /** Delete the archive if it has expired and is not held. */
    PURGE,
    /**
     * Copy the archive to another tier, check the copy, switch the catalog, delete the old copy.
     */
    MOVE
  }

  public static ArchiveCommand created(CatalogEntry entry, long at) {
    return new ArchiveCommand(
        Kind.CREATED, entry.archiveId(), entry, null, "archiver", null, true, false, at, null);
  }

  public static ArchiveCommand verified(String archiveId, boolean ok, String by, long at) {
    return new ArchiveCommand(Kind.VERIFIED, archiveId, null, null, by, null, ok, false, at, null);
  }

  public static ArchiveCommand byOperator(
      Kind kind,
      String archiveId,
      String requestId,
      String requestedBy,
      String reason,
      boolean dryRun,
      long at) {
    return new ArchiveCommand(
        kind, archiveId, null, requestId, requestedBy, reason, true, dryRun, at, null);
  }

  public static ArchiveCommand move(
      String archiveId,
      String toTier,
      String requestId,
      String requestedBy,
      String reason,
      boolean dryRun,
      long at) {
    return new ArchiveCommand(
        Kind.MOVE, archiveId, null, requestId, requestedBy, reason, true, dryRun, at, toTier);
  }
}
