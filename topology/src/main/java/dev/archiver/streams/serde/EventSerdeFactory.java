package dev.archiver.streams.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes the Avro value serde of one topic. One instance per topic, so each topic registers its own
 * subject.
 */
public interface EventSerdeFactory {

  <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type);
}
