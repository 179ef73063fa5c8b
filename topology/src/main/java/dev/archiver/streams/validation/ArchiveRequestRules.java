package dev.archiver.streams.validation;

import dev.archiver.events.ArchiveRequested;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.StorageTier;
import java.util.Optional;
import java.util.Set;

/**
 * An archive request names a valid run id, a file source inside the source roots, and a configured
 * tier.
 */
public final class ArchiveRequestRules implements RequestRules<ArchiveRequested> {

  private static final Set<String> SUPPORTED_SCHEMES = Set.of("file");

  private final PathGuard sources;
  private final Set<StorageTier> tiers;

  private final Set<String> retentionClasses;

  public ArchiveRequestRules(
      PathGuard sources, Set<StorageTier> tiers, Set<String> retentionClasses) {
    this.sources = sources;
    this.tiers = Set.copyOf(tiers);
    this.retentionClasses = new java.util.TreeSet<>(retentionClasses);
  }

  @Override
  public Optional<Rejection> check(ArchiveRequested request) {
    Optional<Rejection> oversized =
        FieldLimits.firstOf(
            () ->
                FieldLimits.uri(
                    "source.uri",
                    request.getSource() == null ? null : request.getSource().getUri()),
            () ->
                FieldLimits.map(
                    "source.options",
                    request.getSource() == null ? null : request.getSource().getOptions()),
            () ->
                FieldLimits.text(
                    "target.prefix", request.getTarget().getPrefix(), FieldLimits.NAME_CHARS),
            () -> FieldLimits.known("target.tier", request.getTarget().getTier()),
            () ->
                FieldLimits.text(
                    "retentionClass", request.getRetentionClass(), FieldLimits.NAME_CHARS),
            () -> FieldLimits.text("keyId", request.getKeyId(), FieldLimits.NAME_CHARS),
            () ->
                FieldLimits.text(
                    "requestedBy", request.getRequestedBy(), FieldLimits.REQUESTED_BY_CHARS),
            () ->
                request.getRequestId() == null
                    ? Optional.empty()
                    : RequestIds.check("requestId", request.getRequestId()));
    if (oversized.isPresent()) {
      return oversized;
    }
    Optional<Rejection> badId = RequestIds.check("runId", request.getRunId());
    if (badId.isPresent()) {
      return badId;
    }
    String uri = request.getSource() == null ? null : request.getSource().getUri();
    if (uri == null || uri.isBlank()) {
      return Optional.of(
          Rejection.of(
              ReasonCode.MISSING_FIELD,
              "source.uri is empty; give the source as file:/absolute/dir"));
    }
    Optional<String> path = PathGuard.filePath(uri);
    if (path.isEmpty()) {
      String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : "(none)";
      return Optional.of(
          Rejection.of(
              ReasonCode.UNKNOWN_SOURCE_TYPE,
              "source type '"
                  + scheme
                  + "' of '"
                  + uri
                  + "' is not supported; supported: "
                  + SUPPORTED_SCHEMES
                  + " (file:/absolute/dir)"));
    }
    Optional<Rejection> unsafe = sources.check(path.get());
    if (unsafe.isPresent()) {
      return unsafe;
    }
    StorageTier tier = request.getTarget().getTier();
    if (!tiers.contains(tier)) {
      return Optional.of(
          Rejection.of(
              ReasonCode.INVALID_FIELD,
              "target tier " + tier + " is not configured on this archiver; configured: " + tiers));
    }
    String retentionClass = request.getRetentionClass();
    if (retentionClass != null && !retentionClasses.contains(retentionClass)) {
      return Optional.of(
          Rejection.of(
              ReasonCode.INVALID_FIELD,
              "retentionClass '"
                  + retentionClass
                  + "' is not configured on this archiver; configured (retention.classes): "
                  + retentionClasses));
    }
    if (request.getKeyId() != null) {
      return Optional.of(
          Rejection.of(
              ReasonCode.INVALID_FIELD,
              "keyId '"
                  + request.getKeyId()
                  + "' asks for encryption, which this archiver version does not support yet"));
    }
    return Optional.empty();
  }
}
