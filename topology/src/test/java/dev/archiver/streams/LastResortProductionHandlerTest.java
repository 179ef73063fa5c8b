package dev.archiver.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.archiver.metrics.ArchiverMetrics;
import dev.archiver.streams.intake.DeadLetter;
import dev.archiver.streams.topics.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * What Kafka Streams hands the handler when the broker refuses an output. The context is a plain
 * value here: a real broker refusal would need a record larger than any request can make now that
 * requests are bounded.
 */
class LastResortProductionHandlerTest {

  private final ArchiverMetrics metrics = ArchiverMetrics.standalone();
  private final LastResortProductionHandler handler = new LastResortProductionHandler();
  private final byte[] input = "the request's bytes".getBytes(StandardCharsets.UTF_8);

  LastResortProductionHandlerTest() {
    handler.configure(Map.of(DeadLetterProcessingHandler.METRICS_CONFIG, metrics));
  }

  @Test
  void shouldSkipAnOutputTooLargeAndDeadLetterItsInput() {
    ProducerRecord<byte[], byte[]> output =
        new ProducerRecord<>(
            TopicNames.ARCHIVE_FAILED, "run-1".getBytes(StandardCharsets.UTF_8), new byte[2 << 20]);

    Response response =
        handler.handleError(context(input), output, new RecordTooLargeException("too large"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .singleElement()
        .satisfies(
            dead -> {
              assertThat(dead.topic()).isEqualTo(TopicNames.DLQ);
              assertThat(dead.value()).isEqualTo(input);
              assertThat(
                      new String(
                          dead.headers().lastHeader(DeadLetter.MESSAGE).value(),
                          StandardCharsets.UTF_8))
                  .contains(TopicNames.ARCHIVE_FAILED, "too large");
            });
    assertThat(
            metrics
                .registry()
                .get("archiver.dead.letters")
                .tag("reason", LastResortProductionHandler.REASON)
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldRetryABrokerTimeoutRatherThanSkip() {
    Response response =
        handler.handleError(
            context(input),
            new ProducerRecord<>("t", new byte[1]),
            new TimeoutException("slow broker"));

    assertThat(response.result()).isEqualTo(Result.RETRY);
  }

  @Test
  void shouldSkipAnOutputOfAPunctuationWithoutAnInputToKeep() {
    Response response =
        handler.handleError(
            context(null),
            new ProducerRecord<>("t", new byte[1]),
            new RecordTooLargeException("too large"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  private static ErrorHandlerContext context(byte[] rawValue) {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return rawValue == null ? null : TopicNames.ARCHIVE_REQUESTS;
      }

      @Override
      public int partition() {
        return 0;
      }

      @Override
      public long offset() {
        return 42;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "node";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, 0);
      }

      @Override
      public long timestamp() {
        return 0;
      }

      @Override
      public byte[] sourceRawKey() {
        return rawValue == null ? null : "run-1".getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public byte[] sourceRawValue() {
        return rawValue;
      }
    };
  }
}
