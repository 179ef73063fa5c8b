package dev.archiver.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The processes the bench times: the real CLI in its own JVM (so a JVM start is part of every wall
 * time, as for an operator), the shell baselines, and the service in its own JVM (so its peak RSS
 * is its own).
 */
final class BenchProcesses {

  /** A unified-logging gc line's occupancy: before->after(committed), e.g. 52M->10M(256M). */
  private static final Pattern GC_OCCUPANCY =
      Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private BenchProcesses() {}

  /**
   * One CLI command as it ran: its wall time, when it printed its "requested ..." line (the request
   * was sent), its exit code and its output.
   */
  record CliRun(
      double wallSeconds,
      double requestedSeconds,
      int exit,
      List<String> out,
      List<Long> lineTimes,
      boolean serviceExited) {

    /** The word after "request " on the "requested" line (the archive command prints it). */
    String requestId() {
      for (String line : out) {
        int at = line.lastIndexOf("request ");
        if (line.startsWith("requested") && at >= 0 && line.endsWith(")")) {
          return line.substring(at + "request ".length(), line.length() - 1);
        }
      }
      return "";
    }
  }

  /**
   * The command that starts the CLI: the launcher the bench itself was started by
   * (ARCHIVER_LAUNCHER, which the launchers set), else this JVM's java and class path.
   */
  static List<String> cliCommand() {
    String launcher = System.getenv("ARCHIVER_LAUNCHER");
    if (launcher != null && !launcher.isBlank() && Files.isExecutable(Path.of(launcher))) {
      return List.of(launcher);
    }
    return javaCommand();
  }

  /** This JVM's java, class path and registry home, then the CLI's main class. */
  static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(
        "-Darchiver.apicurio.home"
            + "="
            + dev.archiver.embedded.EmbeddedStack.shippedRegistryHome().toAbsolutePath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ArchiverCli.class.getName());
    return command;
  }

  /**
   * Runs the CLI with {@code args}, noting when its "requested" line came. If {@code service} (the
   * archiver the bench started) exits meanwhile, the CLI is stopped: its --wait would otherwise
   * wait out its whole timeout for an answer that cannot come.
   */
  static CliRun cli(
      List<String> prefix,
      Map<String, String> env,
      List<String> args,
      Path errLog,
      Optional<ProcessHandle> service)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(errLog.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    CompletableFuture<?> stopOnServiceExit =
        service
            .<CompletableFuture<?>>map(watched -> watched.onExit().thenRun(process::destroy))
            .orElseGet(CompletableFuture::new);
    List<String> out = new ArrayList<>();
    List<Long> lineTimes = new ArrayList<>();
    long requested = -1;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (requested < 0 && line.startsWith("requested")) {
          requested = System.nanoTime();
        }
        out.add(line);
        lineTimes.add(System.currentTimeMillis());
      }
    }
    int exit = process.waitFor();
    long end = System.nanoTime();
    stopOnServiceExit.cancel(false); // the command ended on its own
    return new CliRun(
        seconds(end - start),
        requested < 0 ? Double.NaN : seconds(requested - start),
        exit,
        out,
        lineTimes,
        service.map(watched -> !watched.isAlive()).orElse(false));
  }

  /**
   * Runs {@code script} with bash (pipefail) and returns its wall time; fails on a non-zero exit.
   */
  static double shell(String script) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", "set -euo pipefail; " + script)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    long start = System.nanoTime();
    Process process = builder.start();
    int exit = process.waitFor();
    double took = seconds(System.nanoTime() - start);
    if (exit != 0) {
      throw new IllegalStateException("baseline failed (exit " + exit + "): " + script);
    }
    return took;
  }

  /**
   * Reads every file under {@code root} once and syncs: the next command starts on a warm cache.
   */
  static void warm(Path root) throws IOException, InterruptedException {
    byte[] buffer = new byte[1 << 20];
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        try (var in = Files.newInputStream(file)) {
          while (in.read(buffer) > 0) {
            // only to bring it into the page cache
          }
        }
      }
    }
    shell("sync");
  }

  /** A peak resident set size (VmHWM) of a live process, from /proc; empty where there is none. */
  static OptionalLong peakRss(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try (Stream<String> lines = Files.lines(status)) {
      return lines
          .filter(l -> l.startsWith("VmHWM:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The largest heap occupancy right after a collection in a {@code -Xlog:gc} log: what the JVM
   * could not free, the nearest a log comes to the heap the service held at its peak (a peak of
   * heap used would count garbage not yet collected). Empty when the log has no collection.
   */
  static OptionalLong peakHeapAfterGc(Path gcLog) {
    if (!Files.isRegularFile(gcLog)) {
      return OptionalLong.empty();
    }
    try (Stream<String> lines = Files.lines(gcLog, StandardCharsets.UTF_8)) {
      return lines
          .map(GC_OCCUPANCY::matcher)
          .filter(Matcher::find)
          .mapToLong(m -> bytes(m.group(3), m.group(4)))
          .max();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static long bytes(String number, String unit) {
    long value = Long.parseLong(number);
    return switch (unit) {
      case "G" -> value << 30;
      case "M" -> value << 20;
      default -> value << 10;
    };
  }

  /** The service started by the bench: {@code archiver up} in its own JVM. */
  static final class Service implements AutoCloseable {
    final Process process;
    final Path log;

    private Service(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    /** Starts it with {@code jvmFlags} given to its JVM, and returns once it says it is running. */
    static Service start(
        Map<String, String> env, List<String> jvmFlags, Path log, long timeoutSeconds)
        throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(javaCommand());
      command.addAll(1, jvmFlags);
      command.add("up");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().keySet().removeIf(k -> k.startsWith("ARCHIVER_"));
      builder.environment().putAll(env);
      Process process = builder.start();
      Service service = new Service(process, log);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "bench-kill-up"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (true) {
        if (Files.readString(log, StandardCharsets.UTF_8).contains("Running.")) {
          return service;
        }
        if (!process.isAlive() || System.nanoTime() > deadline) {
          service.close();
          throw new IllegalStateException(
              "archiver up did not start"
                  + (process.isAlive() ? " within " + timeoutSeconds + " s" : "")
                  + "; its log: "
                  + log);
        }
        Thread.sleep(200);
      }
    }

    /**
     * The service's peak RSS, and the largest of its descendants' (the registry's JVM; the embedded
     * broker runs inside the service).
     */
    Map<String, Long> peakRss() {
      Map<String, Long> rss = new java.util.LinkedHashMap<>();
      BenchProcesses.peakRss(process.pid()).ifPresent(v -> rss.put("service", v));
      process
          .descendants()
          .mapToLong(child -> BenchProcesses.peakRss(child.pid()).orElse(0))
          .max()
          .ifPresent(v -> rss.put("registry", v));
      return rss;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy(); // SIGTERM: in-flight work is committed, the registry child stopped
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  static void append(Path file, String text) throws IOException {
    try (OutputStream out =
        Files.newOutputStream(
            file,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
