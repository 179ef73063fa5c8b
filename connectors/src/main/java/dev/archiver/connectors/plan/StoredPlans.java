package dev.archiver.connectors.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.archiver.connectors.Json;
import dev.archiver.connectors.file.FileTreePlanner;
import dev.archiver.connectors.file.PagedPlan;
import dev.archiver.connectors.file.PagedPlanWriter;
import dev.archiver.connectors.file.PlanIndex;
import dev.archiver.connectors.file.PlanPageStore;
import dev.archiver.connectors.file.TarLayout;
import dev.archiver.connectors.file.TarPlan;
import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.tier.TierStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Plans in a tier: written as pages while the tree is walked, then the index under the plan's key;
 * read back as the index alone, pages fetched by whoever renders a range. A plan stored whole
 * before pages existed (format 1) is still read, whole, so a run planned by an earlier version can
 * finish. Kept out of the file package, which knows nothing of tiers and archive keys (the manifest
 * package depends on it).
 */
public final class StoredPlans {

    /** Just the format of a stored plan document; the rest is skipped unparsed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Format(int formatVersion) {}

    private StoredPlans() {}

    /** Plans {@code root} into {@code store}: pages first, the index last under {@code planKey}. */
    public static PagedPlan write(Path root, long chunkSize, TierStore store, String planKey)
            throws IOException {
        PlanPageStore pages = pages(store, planKey);
        PlanIndex index = FileTreePlanner.plan(root, chunkSize, new PagedPlanWriter(pages));
        store.putBytes(planKey, index.toJson());
        return new PagedPlan(index, pages);
    }

    /**
     * The plan stored under {@code planKey}, in either format; reads only the index of a paged one.
     */
    public static TarLayout open(TierStore store, String planKey) throws IOException {
        byte[] bytes;
        try (InputStream in = store.open(planKey)) {
            bytes = in.readAllBytes();
        }
        int format = Json.MAPPER.readValue(bytes, Format.class).formatVersion();
        if (format == TarPlan.FORMAT_VERSION) {
            return TarPlan.fromJson(bytes);
        }
        return new PagedPlan(Json.MAPPER.readValue(bytes, PlanIndex.class), pages(store, planKey));
    }

    /** The pages of the plan under {@code planKey}, each an object of its own beside it. */
    public static PlanPageStore pages(TierStore store, String planKey) {
        return new PlanPageStore() {
            @Override
            public void put(int page, byte[] json) throws IOException {
                store.putBytes(ArchiveKeys.planPageKey(planKey, page), json);
            }

            @Override
            public InputStream open(int page) throws IOException {
                return store.open(ArchiveKeys.planPageKey(planKey, page));
            }
        };
    }
}
