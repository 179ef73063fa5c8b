package dev.archiver.streams.serde;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A topic with its serdes, so a topic cannot meet the wrong serde. Keys are run ids (or request
 * ids) as strings.
 */
public record EventTopic<V>(String name, Serde<String> keySerde, Serde<V> valueSerde) {

  public static <V> EventTopic<V> of(String name, Serde<V> valueSerde) {
    return new EventTopic<>(name, Serdes.String(), valueSerde);
  }
}
