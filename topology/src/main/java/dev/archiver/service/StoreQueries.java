package dev.archiver.service;

import dev.archiver.http.StateQueries;
import dev.archiver.streams.RestoreProgress;
import dev.archiver.streams.state.RestoreEntry;
import dev.archiver.streams.state.RunState;
import dev.archiver.streams.state.StoreNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on this instance's stores. With several instances each answers for the partitions it owns;
 * finding the owner of a key (KafkaStreams#queryMetadataForKey) and forwarding is not done yet.
 */
final class StoreQueries implements StateQueries {

  private final Supplier<KafkaStreams> streams;
  private final RestoreProgress progress;

  StoreQueries(Supplier<KafkaStreams> streams, RestoreProgress progress) {
    this.streams = streams;
    this.progress = progress;
  }

  @Override
  public Optional<Object> run(String runId) {
    return this.<RunState>store(StoreNames.RUN_STATE).map(s -> (Object) s.get(runId));
  }

  @Override
  public List<Object> restores() {
    List<Object> all = new ArrayList<>();
    this.<Object>store(StoreNames.RESTORE_QUEUE).ifPresent(store -> {
      try (KeyValueIterator<String, Object> it = store.all()) {
        it.forEachRemaining(kv -> all.add(kv.value));
      }
    });
    return all;
  }

  @Override
  public Optional<Object> restore(String restoreId) {
    Optional<RestoreEntry> entry = this.<RestoreEntry>store(StoreNames.RESTORE_QUEUE).map(s -> s.get(restoreId));
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
      return Optional.of(running.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())));
    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException notYet) {
      return Optional.empty();
    }
  }
}
