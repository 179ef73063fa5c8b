package dev.archiver.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object per log event, on one line: {@code ts}, {@code level}, {@code logger} (full
 * name), {@code thread}, {@code run} (the run id, when the event has one), further MDC entries and
 * slf4j key-value pairs under their own names, {@code message}, and {@code exception} (the stack
 * trace) when there is one. Jackson writes it, so quotes and newlines in a message are escaped and
 * a log shipper can split the stream on newlines.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  /**
   * Names of the fixed fields; an MDC entry or key-value pair by one of these names would be a
   * duplicate key.
   */
  private static final Set<String> FIXED =
      Set.of("ts", "level", "logger", "thread", "run", "message", "exception");

  /** An encoder writing this layout in UTF-8, started, for an appender of {@code context}. */
  public static Encoder<ILoggingEvent> encoder(Context context) {
    JsonLineLayout layout = new JsonLineLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.setLayout(layout);
    encoder.start();
    return encoder;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("ts", TIMESTAMP.format(event.getInstant()));
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc.containsKey("runId")) {
        json.writeStringField("run", mdc.get("runId"));
      }
      for (Map.Entry<String, String> entry : mdc.entrySet()) {
        if (!entry.getKey().equals("runId") && !FIXED.contains(entry.getKey())) {
          json.writeStringField(entry.getKey(), entry.getValue());
        }
      }
      if (event.getKeyValuePairs() != null) {
        for (var pair : event.getKeyValuePairs()) {
          if (!FIXED.contains(pair.key) && !mdc.containsKey(pair.key)) {
            json.writeStringField(pair.key, String.valueOf(pair.value));
          }
        }
      }
      json.writeStringField("message", event.getFormattedMessage());
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      json.writeEndObject();
    } catch (IOException cannotHappen) {
      throw new UncheckedIOException("writing to a StringWriter", cannotHappen);
    }
    return line.append('\n').toString();
  }
}
