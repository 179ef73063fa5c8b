package dev.archiver.streams.validation;

import dev.archiver.config.TierNames;
import dev.archiver.events.AdminAction;
import dev.archiver.events.AdminRequested;
import dev.archiver.events.ReasonCode;
import dev.archiver.events.StorageTier;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** An admin request names a known action and, for actions on one run or archive, which one. */
public final class AdminRequestRules implements RequestRules<AdminRequested> {

  private static final Set<AdminAction> NEED_TARGET =
      EnumSet.of(
          AdminAction.RETRY,
          AdminAction.CANCEL,
          AdminAction.LEGAL_HOLD_ON,
          AdminAction.LEGAL_HOLD_OFF,
          AdminAction.REENCRYPT);

  private final Set<StorageTier> tiers;

  public AdminRequestRules(Set<StorageTier> tiers) {
    this.tiers = Set.copyOf(tiers);
  }

  @Override
  public Optional<Rejection> check(AdminRequested request) {
    Optional<Rejection> badId =
        FieldLimits.firstOf(
            () -> FieldLimits.map("parameters", request.getParameters()),
            () ->
                FieldLimits.text(
                    "requestedBy", request.getRequestedBy(), FieldLimits.REQUESTED_BY_CHARS),
            () -> RequestIds.check("requestId", request.getRequestId()));
    if (badId.isPresent()) {
      return badId;
    }
    if (request.getAction() == AdminAction.UNKNOWN) {
      return Optional.of(
          Rejection.of(
              ReasonCode.INVALID_FIELD,
              "action is not one this archiver knows; upgrade it or fix the producer"));
    }
    String tier = request.getParameters().get("tier");
    if (request.getAction() == AdminAction.ROTATE_TIERS && tier != null) {
      Optional<StorageTier> named = TierNames.parse(tier);
      if (named.isEmpty() || !tiers.contains(named.get())) {
        return Optional.of(
            Rejection.of(
                ReasonCode.INVALID_FIELD,
                "parameters.tier '"
                    + tier
                    + "' is not a configured tier; configured: "
                    + tiers
                    + " (written "
                    + TierNames.written()
                    + ")"));
      }
      return Targets.oneOf(
          request.getArchiveId(), request.getRunId(), "action ROTATE_TIERS with a tier");
    }
    if (NEED_TARGET.contains(request.getAction())) {
      return Targets.oneOf(
          request.getArchiveId(), request.getRunId(), "action " + request.getAction());
    }
    return Optional.empty();
  }
}
