package dev.archiver.connectors.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArchiveKeysTest {

    @Test
    void shouldDeriveAReadableSlugPlusAShortHashFromTheRunId() {
        assertThat(ArchiveKeys.archiveId("/daq/run_records/12500"))
                .matches("daq-run-records-12500-[0-9a-f]{16}");
    }

    @Test
    void shouldDeriveTheSameArchiveIdForTheSameRunIdEveryTime() {
        assertThat(ArchiveKeys.archiveId("/daq/run_records/12500"))
                .isEqualTo(ArchiveKeys.archiveId("/daq/run_records/12500"))
                .isEqualTo(
                        "daq-run-records-12500-"
                                + dev.archiver.connectors.Sha256.of("/daq/run_records/12500")
                                        .substring(0, 16));
    }

    @Test
    void shouldKeepRunIdsThatSlugifyAlikeApart() {
        assertThat(ArchiveKeys.archiveId("Run/1")).isNotEqualTo(ArchiveKeys.archiveId("run-1"));
        assertThat(ArchiveKeys.archiveId("Run/1")).startsWith("run-1-");
    }

    @Test
    void shouldStayFilesystemSafeAndBoundedForAnyRunId() {
        String id = ArchiveKeys.archiveId("../../étrange ✓ " + "x".repeat(500));

        assertThat(id)
                .matches("[a-z0-9-]+")
                .hasSizeLessThanOrEqualTo(40 + 1 + 16)
                .doesNotStartWith("-");
        assertThat(ArchiveKeys.archiveId("✓✓✓")).matches("run-[0-9a-f]{16}");
    }

    @Test
    void shouldNameChunksAndTheManifestUnderTheArchivePrefix() {
        assertThat(ArchiveKeys.chunkKey("abc-0123", 0))
                .isEqualTo("archives/abc-0123/chunk-000000.tar.zst");
        assertThat(ArchiveKeys.chunkKey("abc-0123", 123_456))
                .isEqualTo("archives/abc-0123/chunk-123456.tar.zst");
        assertThat(ArchiveKeys.manifestKey("abc-0123"))
                .isEqualTo("archives/abc-0123/manifest.json");
    }

    @Test
    void shouldRefuseChunkIndexesThatWouldBreakGlobOrder() {
        assertThatThrownBy(() -> ArchiveKeys.chunkKey("abc", 1_000_000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArchiveKeys.chunkKey("abc", -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArchiveKeys.chunkKey("../x", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNamePlanPagesBesideThePlanSoAnArchivesPrefixHoldsThem() {
        String planKey = ArchiveKeys.planKey("abc-0123");

        assertThat(planKey).isEqualTo("archives/abc-0123/plan.json");
        assertThat(ArchiveKeys.planPageKey(planKey, 0))
                .isEqualTo("archives/abc-0123/plan-page-000000.json")
                .startsWith(ArchiveKeys.prefix("abc-0123"));
        assertThat(ArchiveKeys.planPageKey(planKey, 1_234_567))
                .isEqualTo("archives/abc-0123/plan-page-1234567.json");
        assertThatThrownBy(() -> ArchiveKeys.planPageKey("archives/abc/plan", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTellPlanObjectsAndMetadataFromChunks() {
        assertThat(ArchiveKeys.isPlanObject("plan.json")).isTrue();
        assertThat(ArchiveKeys.isPlanObject("plan-page-000012.json")).isTrue();
        assertThat(ArchiveKeys.isPlanObject("plan-page-12.json")).isFalse();
        assertThat(ArchiveKeys.isPlanObject("chunk-000000.tar.zst")).isFalse();
        assertThat(ArchiveKeys.isMetadata("archives/a-1/plan-page-000003.json")).isTrue();
        assertThat(ArchiveKeys.isMetadata("archives/a-1/manifest.json")).isTrue();
        assertThat(ArchiveKeys.isMetadata("archives/a-1/chunk-000003.tar.zst")).isFalse();
    }
}
