package dev.archiver.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One archive named on the command line: by its run id, or by archive id. */
final class ArchiveTarget {

  @Parameters(paramLabel = "RUN_ID", description = "The archive of one run.")
  String runId;

  @Option(
      names = "--archive",
      paramLabel = "ARCHIVE_ID",
      description = "One archive, by archive id.")
  String archiveId;
}
