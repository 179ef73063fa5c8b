package dev.archiver.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.archiver.cost.CatalogCost;
import dev.archiver.cost.PriceTable;
import dev.archiver.http.StateQueries;
import dev.archiver.streams.restore.RestoreProgress;
import dev.archiver.streams.state.CatalogEntry;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries. A run lives in the store of the instance that owns its partition: this
 * instance answers for its own keys and forwards the others to the owner's HTTP port (advertised as
 * application.server).
 */
final class StoreQueries implements StateQueries {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<KafkaStreams> streams;
  private final RestoreProgress progress;

  StoreQueries(Supplier<KafkaStreams> streams, RestoreProgress progress) {
    this.streams = streams;
    this.progress = progress;
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile HostInfo self;
  private volatile PriceTable prices;

  void advertisedAs(HostInfo host) {
    this.self = host;
  }

  @Override
  public Optional<Object> run(String runId) {
    KafkaStreams running = streams.get();
    if (running == null || self == null) {
      return Optional.empty();
    }
    KeyQueryMetadata owner =
        running.queryMetadataForKey(StoreNames.RUN_STATE, runId, Serdes.String().serializer());
    if (owner == null
        || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)
        || owner.activeHost().equals(self)) {
      return localRun(runId);
    }
    return forward(owner.activeHost(), runId);
  }

  @Override
  public Optional<Object> localRun(String runId) {
    return this.<RunState>store(StoreNames.RUN_STATE).map(s -> (Object) s.get(runId));
  }

  private Optional<Object> forward(HostInfo owner, String runId) {
    URI uri =
        URI.create(
            "http://"
                + owner.host()
                + ":"
                + owner.port()
                + "/api/runs/"
                + URLEncoder.encode(runId, StandardCharsets.UTF_8)
                + "?local=true");
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(JSON.readValue(response.body(), Object.class))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the instance owning run " + runId + " at " + uri.getAuthority() + " does not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The price table GET /api/cost uses, checked at start-up. */
  void pricedBy(PriceTable table) {
    this.prices = table;
  }

  @Override
  public Optional<Object> cost() {
    PriceTable table = prices;
    Optional<ReadOnlyKeyValueStore<String, CatalogEntry>> catalog =
        store(StoreNames.ARCHIVE_CATALOG);
    if (table == null || catalog.isEmpty()) {
      return Optional.empty();
    }
    CatalogCost cost = new CatalogCost(table);
    try (KeyValueIterator<String, CatalogEntry> it = catalog.get().all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value != null) {
              cost.add(kv.value.tier(), kv.value.bytesOut());
            }
          });
    }
    return Optional.of(cost.view());
  }

  /** Tier name to {archives, bytes stored}, from this instance's copy of the global catalog. */
  public Map<String, long[]> tierUsage() {
    Optional<ReadOnlyKeyValueStore<String, CatalogEntry>> catalog =
        store(StoreNames.ARCHIVE_CATALOG);
    Map<String, long[]> usage = new java.util.HashMap<>();
    if (catalog.isEmpty()) {
      return usage;
    }
    try (KeyValueIterator<String, CatalogEntry> it = catalog.get().all()) {
      it.forEachRemaining(
          kv -> {
            if (kv.value != null) {
              long[] counts = usage.computeIfAbsent(kv.value.tier(), t -> new long[2]);
              counts[0]++;
              counts[1] += kv.value.bytesOut();
            }
          });
    } catch (RuntimeException notReady) {
      // Streams is (re)starting: the gauges keep their last values.
    }
    return usage;
  }

  @Override
  public List<Object> restores() {
    List<Object> all = new ArrayList<>();
    this.<Object>store(StoreNames.RESTORE_QUEUE)
        .ifPresent(
            store -> {
              try (KeyValueIterator<String, Object> it = store.all()) {
                it.forEachRemaining(kv -> all.add(kv.value));
              }
            });
    return all;
  }

  @Override
  public Optional<Object> restore(String restoreId) {
    Optional<RestoreEntry> entry =
        this.<RestoreEntry>store(StoreNames.RESTORE_QUEUE).map(s -> s.get(restoreId));
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("restore", entry.get());
    progress.of(restoreId).ifPresent(live -> view.put("progress", live));
    return Optional.of(view);
  }

  private <V> Optional<ReadOnlyKeyValueStore<String, V>> store(String name) {
    KafkaStreams running = streams.get();
    if (running == null || running.state() != KafkaStreams.State.RUNNING) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          running.store(
              StoreQueryParameters.fromNameAndType(
                  name, QueryableStoreTypes.<String, V>keyValueStore())));
    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException notYet) {
      return Optional.empty();
    }
  }
}
