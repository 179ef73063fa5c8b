package dev.archiver.cli;

import dev.archiver.config.ArchiverConfig;
import dev.archiver.logging.LogSetup;
import dev.archiver.service.ArchiverService;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the archiver until Ctrl-C or SIGTERM, then stops after in-flight work is committed. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the archiver service.",
      "Without kafka.bootstrap.servers it starts an embedded broker and schema registry under the data directory."
    })
final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    ArchiverConfig config = options.load();
    LogSetup.apply(config);
    PrintWriter out = spec.commandLine().getOut();
    ArchiverService service = ArchiverService.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "archiver-shutdown"));
    printAddresses(out, service, config);
    out.println("Running. Ctrl-C stops it after in-flight work is committed.");
    out.flush();
    stopped.await();
    return 0;
  }

  static void printAddresses(PrintWriter out, ArchiverService service, ArchiverConfig config) {
    out.println("archiver is up" + (config.embedded() ? " (embedded broker and registry)" : ""));
    out.println("  broker     " + service.bootstrapServers());
    out.println("  registry   " + dev.archiver.config.Secrets.redactUrl(service.registryUrl()));
    out.println("  tier       " + config.filesystemTierPath().toUri());
    out.println("  sources    " + config.sourceRoots());
    out.println("  data dir   " + config.dataDir());
    String http = "http://" + config.httpLocalHost() + ":" + service.httpPort();
    out.println("  health     " + http + "/health");
    out.println("  metrics    " + http + "/metrics");
    out.flush();
  }
}
