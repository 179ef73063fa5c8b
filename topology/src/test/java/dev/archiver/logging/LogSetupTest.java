package dev.archiver.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.config.ArchiverConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The log.* keys applied to a logger context configured from the shipped logback.xml, whose console
 * appender writes to System.err; stderr is captured for the length of each test.
 */
class LogSetupTest {

  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private PrintStream realStderr;

  @BeforeEach
  void configureFromLogbackXml() throws JoranException {
    context.setMDCAdapter(MDC.getMDCAdapter()); // the one MDC.put writes to
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogSetup.class.getResource("/logback.xml"));
    realStderr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(realStderr);
    context.stop();
  }

  @Test
  void shouldWriteOneJsonObjectPerLineWithLevelLoggerAndMessage() throws Exception {
    LogSetup.apply(context, config(Map.of("log.format", "json")));
    Logger log = context.getLogger("dev.archiver.example.Planner");

    try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", "run-7")) {
      log.info("event=planned chunks={} note=\"{}\"", 3, "two\nlines");
    }
    log.error("event=failed", new IllegalStateException("boom"));

    List<String> lines = lines();
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("logger").asText()).isEqualTo("dev.archiver.example.Planner");
    assertThat(first.path("message").asText())
        .isEqualTo("event=planned chunks=3 note=\"two\nlines\"");
    assertThat(first.path("run").asText()).isEqualTo("run-7");
    assertThat(first.path("ts").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    JsonNode second = new ObjectMapper().readTree(lines.get(1));
    assertThat(second.path("level").asText()).isEqualTo("ERROR");
    assertThat(second.has("run")).isFalse();
    assertThat(second.path("exception").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("at dev.archiver.logging.LogSetupTest");
  }

  @Test
  void shouldKeepLogfmtByDefault() {
    LogSetup.apply(context, config(Map.of()));

    context.getLogger("dev.archiver.example.Planner").info("event=planned");

    assertThat(lines())
        .singleElement()
        .asString()
        .matches("ts=\\S+ level=INFO logger=Planner run=none event=planned");
  }

  @Test
  void shouldApplyTheLevelOfEachNamedLoggerAndOfTheRoot() {
    LogSetup.apply(
        context,
        config(
            Map.of(
                "log.level",
                "warn",
                "log.levels",
                "com.example.noisy=error,com.example.chatty=debug")));

    context.getLogger("com.example.noisy.Client").warn("noisy-warn");
    context.getLogger("com.example.noisy.Client").error("noisy-error");
    context.getLogger("com.example.chatty").debug("chatty-debug");
    context.getLogger("com.example.other").info("other-info");
    context.getLogger("com.example.other").warn("other-warn");

    assertThat(String.join("\n", lines()))
        .contains("noisy-error", "chatty-debug", "other-warn")
        .doesNotContain("noisy-warn", "other-info");
  }

  @Test
  void shouldLetTheConfigOverrideTheBuiltInKafkaLevel() {
    context.getLogger("org.apache.kafka.clients.NetworkClient").info("before");
    LogSetup.apply(context, config(Map.of("log.levels", "org.apache.kafka=info")));
    context.getLogger("org.apache.kafka.clients.NetworkClient").info("after");

    assertThat(String.join("\n", lines())).contains("after").doesNotContain("before");
  }

  private static ArchiverConfig config(Map<String, String> keys) {
    return ArchiverConfig.defaultsWith(keys);
  }

  private List<String> lines() {
    return stderr.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
