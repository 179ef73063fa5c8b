package dev.archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.events.RunStage;
import dev.archiver.http.HttpApi;
import dev.archiver.http.StateQueries;
import dev.archiver.streams.state.RunState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `archiver status` against the real HTTP API, fed by a run-state lookup. */
class StatusCommandTest {

  private HttpApi api;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startApi() throws Exception {
    RunState run =
        RunState.accepted("run-7", "run-7-abc", "file:/data/run-7", "FILESYSTEM", false, "ops", 0)
            .planned("archives/run-7-abc/plan.json", 4, 4096, 1)
            .chunkDone(1024, 300, 1, 2);
    api =
        HttpApi.start(
            0,
            List.of(),
            () -> "",
            new StateQueries() {
              @Override
              public Optional<Object> run(String id) {
                return id.equals("run-7") ? Optional.of(run) : Optional.empty();
              }

              @Override
              public List<Object> restores() {
                return List.of();
              }
            });
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private int run(String... args) {
    CommandLine cli = ArchiverCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldPrintAKnownRunForHumans() {
    assertThat(run("status", "run-7", "--url", "http://localhost:" + api.port())).isZero();
    assertThat(out.toString())
        .contains("stage      " + RunStage.ARCHIVING, "chunks     1/4", "file:/data/run-7");
  }

  @Test
  void shouldPrintAKnownRunAsJson() {
    assertThat(run("status", "run-7", "--json", "--url", "http://localhost:" + api.port()))
        .isZero();
    assertThat(out.toString()).contains("\"runId\" : \"run-7\"", "\"chunksDone\" : 1");
  }

  @Test
  void shouldSayWhenTheRunIsUnknown() {
    assertThat(run("status", "run-8", "--url", "http://localhost:" + api.port()))
        .isEqualTo(StatusCommand.NOT_FOUND);
    assertThat(err.toString()).contains("no run 'run-8'");
  }
}
