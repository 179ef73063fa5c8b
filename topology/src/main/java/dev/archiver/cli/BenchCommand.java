package dev.archiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archiver.config.ArchiverConfig;
import dev.archiver.config.ConfigLoader;
import dev.archiver.config.TierNames;
import dev.archiver.embedded.FreePorts;
import dev.archiver.events.ArchiveCompleted;
import dev.archiver.events.StorageTier;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The archiver end to end beside the shell pipelines it must beat, on the same generated data in
 * the same run: archive, verify and restore through the real CLI (each in its own JVM), many small
 * runs from one fast producer, and the CLI's start. Prints a table and writes JSON; a restored tree
 * that differs from its source fails the bench (exit 1). See docs/performance.md.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure archive, verify, restore, many small runs and the CLI's start beside the shell baselines",
      "(tar | zstd | sha256sum, cat chunk-* | zstd -d | tar -x) on a generated tree; print a table and JSON.",
      "Starts its own archiver (embedded broker and registry, fresh data dir, free ports) unless --connect."
    })
final class BenchCommand implements Callable<Integer> {

  /** Exit code when a restored tree differs from its source or a run failed. */
  static final int MISMATCH = 1;

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Option(
      names = "--size",
      defaultValue = "1GiB",
      converter = SizeConverter.class,
      paramLabel = "SIZE",
      description =
          "Size of the mixed tree (one large file alternating log text and random MiBs, plus ~420 small awkward files), e.g. 64MiB, 1GiB. Default: ${DEFAULT-VALUE}.")
  long size;

  @Option(
      names = "--warm-up",
      defaultValue = "256MiB",
      converter = SizeConverter.class,
      paramLabel = "SIZE",
      description =
          "Before measuring, archive and restore a mixed tree of this size (at most --size), so the"
              + " measured runs meet a service whose JIT has compiled the hot paths, as a service"
              + " that has been up a while has; 0 makes the warm-up one small run. Default:"
              + " ${DEFAULT-VALUE}.")
  long warmUp;

  @Option(
      names = "--service-heap",
      converter = SizeConverter.class,
      paramLabel = "SIZE",
      description =
          "The maximum heap (-Xmx) of the archiver the bench starts, e.g. 256MiB: a run that"
              + " completes under a small cap held no more. Default: the JVM's own (a quarter of"
              + " the machine's memory).")
  Long serviceHeap;

  @Option(
      names = "--files",
      paramLabel = "N",
      description =
          "Instead of the mixed tree, N small files of 1 to 8 KiB (half text, half random).")
  Integer files;

  @Option(
      names = "--small-runs",
      defaultValue = "200",
      paramLabel = "N",
      description =
          "Runs of 10 files of a few KiB, requested as fast as one producer can; 0 skips. Default: ${DEFAULT-VALUE}.")
  int smallRuns;

  @Option(
      names = "--cli-runs",
      defaultValue = "5",
      paramLabel = "N",
      description =
          "Extra CLI starts (archive without --wait) for the start-to-request median. Default: ${DEFAULT-VALUE}.")
  int cliRuns;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the results as JSON to FILE.")
  Path json;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where the data dir, trees and logs go (must not exist). Default: a new directory under /var/tmp.")
  Path workDir;

  @Option(names = "--keep", description = "Keep the work directory (removed by default).")
  boolean keep;

  @Option(
      names = "--connect",
      description =
          "Use the archiver the configuration names (--config, ARCHIVER_*) instead of starting one; its tier must be a filesystem tier on this machine.")
  boolean connect;

  @Option(
      names = "--tier",
      defaultValue = "hot",
      paramLabel = "TIER",
      description =
          "Tier to archive to and restore from: hot (filesystem), standard or ia (S3: the bench's own archiver runs them on its embedded S3 server, whose object files the baselines read). Default: ${DEFAULT-VALUE}.")
  String tier;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      paramLabel = "DURATION",
      description = "Give up on any one step after this long. Default: ${DEFAULT-VALUE}.")
  String timeout;

  /** One measured step beside its baseline. */
  record Row(String key, String what, double ours, double baseline, long bytes) {
    double ratio() {
      return Double.isNaN(baseline) ? Double.NaN : baseline / ours;
    }

    double megabytesPerSecond(double seconds) {
      return bytes <= 0 || Double.isNaN(seconds) ? Double.NaN : bytes / seconds / 1e6;
    }
  }

  private PrintWriter out;
  private final List<Row> rows = new ArrayList<>();
  private final ObjectNode report = new ObjectMapper().createObjectNode();

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Duration stepTimeout = Durations.option(spec, "--timeout", timeout);
    StorageTier storageTier = benchTier();
    if (connect && serviceHeap != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--service-heap sets the heap of the archiver the bench starts; with --connect it"
              + " starts none (set the heap where that archiver is started)");
    }
    // The name `archive --tier` takes (bench also takes FILESYSTEM, S3_STANDARD, ...).
    tier =
        switch (storageTier) {
          case S3_STANDARD -> "standard";
          case S3_STANDARD_IA -> "ia";
          default -> "hot";
        };
    Path work = workDir != null ? workDir : newWorkDir();
    Files.createDirectories(work);
    Path cliLog = work.resolve("cli.err.log");
    Map<String, String> env = new LinkedHashMap<>();
    ArchiverConfig config;
    BenchProcesses.Service service = null;
    boolean matched = false;
    try {
      if (connect) {
        config = options.load();
      } else {
        int kafka = FreePorts.nextPair();
        env.put("ARCHIVER_DATA_DIR", work.resolve("data").toString());
        env.put("ARCHIVER_EMBEDDED_KAFKA_PORT", Integer.toString(kafka));
        env.put("ARCHIVER_EMBEDDED_REGISTRY_PORT", Integer.toString(FreePorts.next()));
        env.put("ARCHIVER_HTTP_PORT", Integer.toString(FreePorts.next()));
        config = new ConfigLoader().load(null, env, Map.of());
        say("starting archiver up in %s (log %s) ...", work, work.resolve("up.log"));
        service =
            BenchProcesses.Service.start(
                env, serviceJvmFlags(work), work.resolve("up.log"), stepTimeout.toSeconds());
        say("archiver up is running (pid %d)", service.process.pid());
      }
      List<String> configArgs =
          connect && options.configFile != null
              ? List.of("--config", options.configFile.toString())
              : List.of();
      BenchCli cli =
          new BenchCli(
              BenchProcesses.cliCommand(),
              env,
              configArgs,
              cliLog,
              tier,
              stepTimeout.toSeconds() + "s",
              service == null ? Optional.empty() : Optional.of(service.process.toHandle()));
      ClientEndpoints endpoints = ClientEndpoints.of(config);
      describeMachine(config);
      report.put("tier", storageTier.name());
      matched = measure(config, endpoints, cli, work, stepTimeout);
      if (service != null) {
        ObjectNode rss = report.putObject("peakRssBytes");
        service.peakRss().forEach(rss::put);
        ObjectNode heap = report.putObject("serviceHeap");
        if (serviceHeap != null) {
          heap.put("maxBytes", serviceHeap.longValue());
        } else {
          heap.putNull("maxBytes");
        }
        BenchProcesses.peakHeapAfterGc(work.resolve("gc.log"))
            .ifPresent(peak -> heap.put("peakAfterGcBytes", peak));
      }
    } finally {
      if (service != null) {
        service.close();
      }
      report.put("restoreMatched", matched);
      printTable();
      writeJson();
      if (!keep && workDir == null && matched) {
        deleteTree(work);
      } else {
        say("work directory kept: %s", work);
      }
    }
    return matched ? 0 : MISMATCH;
  }

  /** The service's gc log (for its peak heap), its exit on OutOfMemoryError and a heap cap. */
  private List<String> serviceJvmFlags(Path work) {
    List<String> flags = new ArrayList<>();
    flags.add("-Xlog:gc:file=" + work.resolve("gc.log"));
    flags.add("-XX:+ExitOnOutOfMemoryError"); // as the launchers start `up`: exits, never hangs
    if (serviceHeap != null) {
      flags.add("-Xmx" + Math.max(1, serviceHeap >> 20) + "m");
    }
    return flags;
  }

  private boolean measure(
      ArchiverConfig config,
      ClientEndpoints endpoints,
      BenchCli cli,
      Path work,
      Duration stepTimeout)
      throws IOException, InterruptedException {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Path sources = config.sourceRoots().get(0);
    Path tree = sources.resolve("bench-" + id);
    int level = config.compressionLevel();

    long t0 = System.nanoTime();
    BenchCorpus.Tree corpus =
        files != null ? BenchCorpus.smallFiles(tree, files) : BenchCorpus.mixed(tree, size);
    say(
        "generated %s: %s in %d files (%.1f s)",
        tree, ProgressBar.bytes(corpus.bytes()), corpus.files(), (System.nanoTime() - t0) / 1e9);
    ObjectNode c = report.putObject("corpus");
    c.put("kind", files != null ? "small-files" : "mixed");
    c.put("bytes", corpus.bytes());
    c.put("files", corpus.files());
    c.put("zstdLevel", level);
    Map<String, String> want = BenchCorpus.digest(tree);
    long bytes = corpus.bytes();

    // ---- warm-up: an archive and a restore through the CLI, so the first measured command meets
    // a service that has registered its schemas and compiled its hot paths (a freshly started JVM
    // spends a core's share on its JIT during the first large run), and a launcher that has made
    // its class archive (AppCDS), as an operator's would
    warmUp(cli, sources, config, id);

    // ---- archive
    String q = "'" + tree + "'";
    BenchProcesses.warm(tree);
    double baseArchive =
        BenchProcesses.shell(
            "tar -cf - -C " + q + " . | zstd -" + level + " -q -T1 | sha256sum >/dev/null");
    say("baseline archive (tar | zstd -%d -T1 | sha256sum): %.2f s", level, baseArchive);
    BenchProcesses.warm(tree);
    String runId = "bench-" + id;
    ArchiveCompleted completed;
    BenchProcesses.CliRun archive;
    try (RunFollower follower = new RunFollower(endpoints)) {
      archive = cli.archiveAndWait(runId, tree);
      echo(archive);
      RunFollower.Outcome outcome =
          follower
              .follow(
                  Map.of(runId, archive.requestId()),
                  Deadline.after(Duration.ofSeconds(60)),
                  p -> {},
                  o -> {})
              .get(runId);
      if (outcome == null || outcome.completed().isEmpty()) {
        throw new IllegalStateException("no ArchiveCompleted seen for " + runId);
      }
      completed = outcome.completed().get();
    }
    double accepted =
        Duration.between(completed.getStartedAt(), completed.getCompletedAt()).toMillis() / 1000.0;
    rows.add(
        new Row(
            "archive.acceptedToCompleted",
            "archive: request accepted -> completed (events)",
            accepted,
            baseArchive,
            bytes));
    rows.add(
        new Row(
            "archive.waitWall",
            "archive: `archive --wait` wall (JVM start incl.)",
            archive.wallSeconds(),
            baseArchive,
            bytes));
    ObjectNode stored = report.putObject("stored");
    stored.put("bytesIn", completed.getBytesIn());
    stored.put("bytesOut", completed.getBytesOut());
    stored.put("chunks", completed.getChunkCount());
    Path chunks = storedFiles(config, completed.getLocation().toString()).getParent();
    String chunkGlob = "'" + chunks + "'/chunk-*.tar.zst";
    double outcomeLag = outcomeLag(archive, completed.getCompletedAt());

    // ---- verify
    BenchProcesses.warm(chunks);
    double baseVerify = BenchProcesses.shell("cat " + chunkGlob + " | zstd -d -q | sha256sum");
    BenchProcesses.warm(chunks);
    BenchProcesses.CliRun verify = cli.verifyAndWait(runId);
    echo(verify);
    rows.add(
        new Row(
            "verify.waitWall",
            "verify: `verify --wait` wall vs cat | zstd -d | sha256sum",
            verify.wallSeconds(),
            baseVerify,
            bytes));

    // ---- restore
    Path baseOut = work.resolve("baseline-restore-" + id);
    Files.createDirectories(baseOut);
    BenchProcesses.warm(chunks);
    double baseRestore =
        BenchProcesses.shell("cat " + chunkGlob + " | zstd -d -q | tar -x -C '" + baseOut + "'");
    say("baseline restore (cat chunk-* | zstd -d | tar -x): %.2f s", baseRestore);
    Path ourOut = config.restoreRoots().get(0).resolve("bench-" + id);
    BenchProcesses.warm(chunks);
    BenchProcesses.CliRun restore = cli.restoreAndWait(runId, ourOut);
    echo(restore);
    rows.add(
        new Row(
            "restore.waitWall",
            "restore: `restore --wait` wall (JVM start incl.)",
            restore.wallSeconds(),
            baseRestore,
            bytes));
    boolean baselineSame = same("baseline (tar -x)", want, baseOut);
    boolean oursSame = same("archiver restore", want, ourOut);
    report.put("baselineRestoreMatched", baselineSame);
    deleteTree(baseOut);
    deleteTree(ourOut);

    // ---- the CLI's start
    List<Double> starts = new ArrayList<>();
    starts.add(archive.requestedSeconds());
    starts.add(verify.requestedSeconds());
    starts.add(restore.requestedSeconds());
    for (int i = 0; i < cliRuns; i++) {
      // The same run again: answered "already archived" at once, so the runs do not load the
      // machine while the next one starts.
      starts.add(cli.archive(runId, tree).requestedSeconds());
    }
    rows.add(
        new Row(
            "cli.startToRequest",
            "cli: JVM start -> request sent (median of " + starts.size() + ")",
            median(starts),
            Double.NaN,
            0));
    rows.add(
        new Row(
            "cli.completionToOutcome",
            "cli: completion event -> outcome printed",
            outcomeLag,
            Double.NaN,
            0));

    // ---- many small runs
    if (smallRuns > 0) {
      List<Path> runDirs = new ArrayList<>();
      Path smallRoot = sources.resolve("bench-small-" + id);
      for (int i = 0; i < smallRuns; i++) {
        runDirs.add(BenchCorpus.run(smallRoot.resolve("run-" + i), i).root());
      }
      say("small runs: %d runs of 10 files, one producer as fast as it can ...", smallRuns);
      SmallRunsBench.Result small =
          SmallRunsBench.run(endpoints, runDirs, "bench-small-" + id, Deadline.after(stepTimeout));
      ObjectNode s = report.putObject("smallRuns");
      s.put("runs", small.runs());
      s.put("failed", small.failed());
      s.put("seconds", small.seconds());
      s.put("runsPerSecond", small.runsPerSecond());
      s.put("p50Seconds", small.p50());
      s.put("p99Seconds", small.p99());
      say(
          "small runs: %d in %.2f s = %.1f runs/s, p50 %.3f s, p99 %.3f s, %d failed",
          small.runs(),
          small.seconds(),
          small.runsPerSecond(),
          small.p50(),
          small.p99(),
          small.failed());
      if (small.failed() > 0) {
        out.printf("%d small runs failed or were not answered%n", small.failed());
        return false;
      }
    }
    say(
        "stored %s in %d chunks (ratio %.2f)",
        ProgressBar.bytes(completed.getBytesOut()),
        completed.getChunkCount(),
        completed.getBytesOut() > 0
            ? (double) completed.getBytesIn() / completed.getBytesOut()
            : 0);
    deleteTree(tree);
    return baselineSame && oursSame;
  }

  /**
   * The tier --tier names: the filesystem, or an S3 tier that reads at once on the bench's own
   * archiver (the baselines read the embedded S3 server's object files).
   */
  private StorageTier benchTier() {
    StorageTier named =
        TierNames.parse(tier)
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--tier '" + tier + "' is not one of " + TierNames.written()));
    if (named == StorageTier.S3_GLACIER || named == StorageTier.S3_DEEP_ARCHIVE) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--tier "
              + tier
              + ": a cold tier cannot be restored without a thaw; use hot, standard or ia");
    }
    if (connect && named != StorageTier.FILESYSTEM) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--tier "
              + tier
              + " needs the archiver the bench starts itself (no --connect): the baselines read the"
              + " chunks as files of its embedded S3 server");
    }
    return named;
  }

  /**
   * Archives and restores a warm-up tree through the CLI; the restored copy and the tree are
   * removed again. Throws when either command fails: a bench on a failing service measures nothing.
   */
  private void warmUp(BenchCli cli, Path sources, ArchiverConfig config, String id)
      throws IOException, InterruptedException {
    String runId = "bench-warmup-" + id;
    Path root = sources.resolve(runId);
    long bytes = Math.min(warmUp, size);
    BenchCorpus.Tree tree = bytes > 0 ? BenchCorpus.mixed(root, bytes) : BenchCorpus.run(root, 0);
    BenchProcesses.CliRun archived = cli.archiveAndWait(runId, root);
    Path restored = config.restoreRoots().get(0).resolve(runId);
    BenchProcesses.CliRun restore = cli.restoreAndWait(runId, restored);
    say(
        "warm-up: archived and restored %s in %d files (%.2f s, %.2f s)",
        ProgressBar.bytes(tree.bytes()),
        tree.files(),
        archived.wallSeconds(),
        restore.wallSeconds());
    deleteTree(restored);
    deleteTree(root);
  }

  /**
   * Where an archive's object is as a file: a file: location as it is; an s3:// one of the embedded
   * S3 server in its directory (S3Proxy's filesystem backend keeps each object as the file
   * bucket/key under {@code <data.dir>/s3}).
   */
  static Path storedFiles(ArchiverConfig config, String location) {
    URI uri = URI.create(location);
    if ("s3".equals(uri.getScheme())) {
      return config
          .dataDir()
          .resolve("s3")
          .resolve(uri.getHost())
          .resolve(uri.getPath().substring(1));
    }
    return Path.of(uri);
  }

  /** Seconds from the completion event to the CLI's line reporting it. */
  private static double outcomeLag(BenchProcesses.CliRun run, Instant completedAt) {
    for (int i = 0; i < run.out().size(); i++) {
      String line = run.out().get(i);
      if (line.startsWith("archived ") || line.startsWith("already archived ")) {
        return (run.lineTimes().get(i) - completedAt.toEpochMilli()) / 1000.0;
      }
    }
    return Double.NaN;
  }

  private boolean same(String what, Map<String, String> want, Path restored) throws IOException {
    Map<String, String> got = BenchCorpus.digest(restored);
    String differences = BenchCorpus.differences(want, got);
    if (differences.isEmpty()) {
      say(
          "%s: restored tree equals the source (%d paths, SHA-256 of every file)",
          what, got.size());
      return true;
    }
    out.printf("RESTORED TREE DIFFERS from the source (%s: %s):%n%s", what, restored, differences);
    out.flush();
    return false;
  }

  private void describeMachine(ArchiverConfig config) {
    ObjectNode m = report.putObject("machine");
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("loadAverageAtStart", loadAverage());
    m.put("started", Instant.now().toString());
    m.put("embedded", config.embedded());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void printTable() {
    report.withObjectProperty("machine").put("loadAverageAtEnd", loadAverage());
    ArrayNode array = report.putArray("rows");
    out.println();
    out.printf(
        Locale.ROOT,
        "%-58s %9s %9s %7s %9s %9s%n",
        "what",
        "ours (s)",
        "base (s)",
        "ratio",
        "MB/s",
        "base MB/s");
    for (Row row : rows) {
      out.printf(
          Locale.ROOT,
          "%-58s %9.2f %9s %7s %9s %9s%n",
          row.what(),
          row.ours(),
          fmt("%.2f", row.baseline()),
          fmt("%.2f", row.ratio()),
          fmt("%.1f", row.megabytesPerSecond(row.ours())),
          fmt("%.1f", row.megabytesPerSecond(row.baseline())));
      ObjectNode r = array.addObject();
      r.put("key", row.key());
      r.put("what", row.what());
      r.put("oursSeconds", row.ours());
      putNumber(r, "baselineSeconds", row.baseline());
      putNumber(r, "ratio", row.ratio());
      putNumber(r, "oursMBps", row.megabytesPerSecond(row.ours()));
      putNumber(r, "baselineMBps", row.megabytesPerSecond(row.baseline()));
    }
    if (report.has("smallRuns")) {
      ObjectNode s = report.withObjectProperty("smallRuns");
      out.printf(
          Locale.ROOT,
          "%-58s %9.2f %9s %7s  %.1f runs/s, p50 %.3f s, p99 %.3f s%n",
          "small runs: " + s.path("runs").asInt() + " x 10 files, requests in -> completions out",
          s.path("seconds").asDouble(),
          "-",
          "-",
          s.path("runsPerSecond").asDouble(),
          s.path("p50Seconds").asDouble(),
          s.path("p99Seconds").asDouble());
    }
    if (report.has("peakRssBytes")) {
      report
          .withObjectProperty("peakRssBytes")
          .properties()
          .forEach(
              e ->
                  out.printf(
                      "peak RSS (VmHWM) of the %s: %s%n",
                      e.getKey(), ProgressBar.bytes(e.getValue().asLong())));
    }
    JsonNode heap = report.path("serviceHeap");
    if (heap.has("peakAfterGcBytes")) {
      out.printf(
          "peak heap after GC of the service: %s (heap cap %s)%n",
          ProgressBar.bytes(heap.path("peakAfterGcBytes").asLong()),
          heap.path("maxBytes").isNumber()
              ? ProgressBar.bytes(heap.path("maxBytes").asLong())
              : "the JVM's default");
    }
    out.printf("tier: %s%n", report.path("tier").asText());
    out.printf(
        "ratio = baseline / ours (above 1: the archiver is faster); load average %s at start, %s at end%n",
        report.withObjectProperty("machine").path("loadAverageAtStart").asText(),
        report.withObjectProperty("machine").path("loadAverageAtEnd").asText());
    out.flush();
  }

  private void writeJson() throws IOException {
    if (json == null) {
      return;
    }
    Path parent = json.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
    say("JSON written to %s", json);
  }

  private static void putNumber(ObjectNode node, String field, double value) {
    if (Double.isNaN(value)) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
  }

  private void echo(BenchProcesses.CliRun run) {
    run.out().forEach(line -> out.println("  | " + line));
    out.flush();
  }

  private void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Path newWorkDir() throws IOException {
    Path varTmp = Path.of("/var/tmp");
    // /tmp is often a RAM disk: the tree, the tier and the restores belong on a real disk.
    return Files.isDirectory(varTmp) && Files.isWritable(varTmp)
        ? Files.createTempDirectory(varTmp, "archiver-bench-")
        : Files.createTempDirectory("archiver-bench-");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** 1GiB, 64MiB, 512KiB, 1048576 (KB/MB/GB as powers of 1024 too). */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    private static final Pattern SIZE =
        Pattern.compile("(\\d+)\\s*([KMGT]?)(i?B)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Long convert(String value) {
      Matcher m = SIZE.matcher(value.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a size such as 64MiB, 1GiB or 1048576");
      }
      long n = Long.parseLong(m.group(1));
      int shift =
          switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
          };
      return n << shift;
    }
  }
}
