package dev.archiver.connectors.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.connectors.manifest.ArchiveKeys;
import dev.archiver.connectors.manifest.Manifest;
import dev.archiver.connectors.testing.Archives;
import dev.archiver.connectors.testing.SampleTree;
import dev.archiver.connectors.tier.FilesystemTierStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphansTest {

    @TempDir Path temp;

    private FilesystemTierStore store;
    private Manifest archived;

    @BeforeEach
    void archiveOneRun() throws Exception {
        store = new FilesystemTierStore(temp.resolve("tier"));
        SampleTree source = new SampleTree(temp.resolve("src"));
        source.random("data.bin", 10_000);
        archived = Archives.archive(store, "orphans/archived", source.finish().root(), 4096);
        store.putBytes(ArchiveKeys.prefix(archived.archiveId()) + "plan.json", bytes("{}"));
    }

    @Test
    void shouldReportNothingWhenEveryObjectBelongsToAnArchive() throws Exception {
        assertThat(ArchiveVerifier.orphans(store, List.of(archived))).isEmpty();
    }

    @Test
    void shouldReportChunkObjectsThatNoManifestReferencesWithTheirArchiveId() throws Exception {
        String failedRun = ArchiveKeys.archiveId("orphans/failed");
        store.putBytes(
                ArchiveKeys.chunkKey(failedRun, 0), bytes("chunk of a run that never finished"));
        store.putBytes(
                ArchiveKeys.chunkKey(archived.archiveId(), 99),
                bytes("left over from an older plan"));

        List<Orphan> orphans = ArchiveVerifier.orphans(store, List.of(archived));

        assertThat(orphans)
                .containsExactlyInAnyOrder(
                        new Orphan(
                                ArchiveKeys.chunkKey(failedRun, 0),
                                failedRun,
                                Orphan.Kind.UNREFERENCED),
                        new Orphan(
                                ArchiveKeys.chunkKey(archived.archiveId(), 99),
                                archived.archiveId(),
                                Orphan.Kind.UNREFERENCED));
    }

    @Test
    void shouldReportEveryChunkOfAnArchiveWhoseManifestIsNotGiven() throws Exception {
        List<Orphan> orphans = ArchiveVerifier.orphans(store, List.of());

        assertThat(orphans)
                .extracting(Orphan::key)
                .containsAll(archived.chunks().stream().map(c -> c.key()).toList());
        assertThat(orphans)
                .extracting(Orphan::key)
                .doesNotContain(ArchiveKeys.manifestKey(archived.archiveId()));
    }

    @Test
    void shouldSetAPlanWithoutManifestApartSoRunsInFlightCanBeSkipped() throws Exception {
        String inFlight = ArchiveKeys.archiveId("orphans/in-flight");
        store.putBytes(ArchiveKeys.prefix(inFlight) + "plan.json", bytes("{}"));

        List<Orphan> orphans = ArchiveVerifier.orphans(store, List.of(archived));

        assertThat(orphans)
                .containsExactly(
                        new Orphan(
                                ArchiveKeys.prefix(inFlight) + "plan.json",
                                inFlight,
                                Orphan.Kind.PLAN_WITHOUT_MANIFEST));
    }

    @Test
    void shouldTreatPlanPagesAsPartOfTheirPlan() throws Exception {
        String archivedPlan = ArchiveKeys.planKey(archived.archiveId());
        store.putBytes(ArchiveKeys.planPageKey(archivedPlan, 0), bytes("{}"));
        String inFlight = ArchiveKeys.archiveId("orphans/in-flight");
        String inFlightPlan = ArchiveKeys.planKey(inFlight);
        store.putBytes(inFlightPlan, bytes("{}"));
        store.putBytes(ArchiveKeys.planPageKey(inFlightPlan, 0), bytes("{}"));
        String stillPlanning = ArchiveKeys.archiveId("orphans/still-planning");
        String firstPage = ArchiveKeys.planPageKey(ArchiveKeys.planKey(stillPlanning), 0);
        store.putBytes(firstPage, bytes("{}"));

        List<Orphan> orphans = ArchiveVerifier.orphans(store, List.of(archived));

        // An archived plan's pages are no orphans; an in-flight plan.json stands for its pages;
        // pages whose index is not written yet are reported, of the same kind.
        assertThat(orphans)
                .containsExactlyInAnyOrder(
                        new Orphan(inFlightPlan, inFlight, Orphan.Kind.PLAN_WITHOUT_MANIFEST),
                        new Orphan(firstPage, stillPlanning, Orphan.Kind.PLAN_WITHOUT_MANIFEST));
    }

    @Test
    void shouldReportStrayObjectsDirectlyUnderArchivesWithoutAnArchiveId() throws Exception {
        store.putBytes("archives/stray.txt", bytes("?"));
        store.putBytes("elsewhere/not-ours.txt", bytes("?"));

        assertThat(ArchiveVerifier.orphans(store, List.of(archived)))
                .containsExactly(new Orphan("archives/stray.txt", null, Orphan.Kind.UNREFERENCED));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
