package dev.archiver.testing;

import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.ParsedSchemaImpl;
import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.SchemaParser;
import io.apicurio.registry.resolver.SchemaResolver;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.resolver.strategy.ArtifactReferenceResolverStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for TopologyTestDriver tests only: Apicurio ships no mock, and
 * these tests must not need a server. It hands out content ids like the real one, so the real
 * Apicurio serializer and deserializer run unchanged. Integration tests use the real registry.
 */
public final class InMemorySchemaRegistry implements SchemaResolver<Schema, Object> {

  private final Map<String, Long> idsByContent = new ConcurrentHashMap<>();
  private final Map<Long, ParsedSchema<Schema>> schemasById = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final java.util.Set<Long> lookedUp = ConcurrentHashMap.newKeySet();
  private volatile boolean outage;
  private SchemaParser<Schema, Object> parser;

  /**
   * While on, looking up an id not looked up before fails as a real client does when the server is
   * down (a connection refused); ids already looked up still resolve, as the real deserializer
   * caches them.
   */
  public void outage(boolean on) {
    outage = on;
  }

  @Override
  public void configure(Map<String, ?> configs, SchemaParser<Schema, Object> schemaParser) {
    this.parser = schemaParser;
  }

  @Override
  public void setClientFacade(RegistryClientFacade clientFacade) {
    // no server to talk to
  }

  @Override
  public void setArtifactResolverStrategy(
      ArtifactReferenceResolverStrategy<Schema, Object> strategy) {
    // subjects do not matter here: ids are by content, as in the real registry
  }

  @Override
  public SchemaParser<Schema, Object> getSchemaParser() {
    return parser;
  }

  @Override
  public SchemaLookupResult<Schema> resolveSchema(Record<Object> data) {
    ParsedSchema<Schema> parsed = parser.getSchemaFromData(data, true);
    String content = new String(parsed.getRawSchema(), StandardCharsets.UTF_8);
    long id =
        idsByContent.computeIfAbsent(
            content,
            c -> {
              long assigned = nextId.getAndIncrement();
              schemasById.put(assigned, parsed);
              return assigned;
            });
    return result(id, parsed);
  }

  @Override
  public SchemaLookupResult<Schema> resolveSchemaByArtifactReference(ArtifactReference reference) {
    Long id = reference.getContentId() != null ? reference.getContentId() : reference.getGlobalId();
    if (outage && !lookedUp.contains(id)) {
      throw new IllegalStateException(
          "registry lookup failed",
          new java.net.ConnectException("Connection refused (simulated outage)"));
    }
    lookedUp.add(id);
    ParsedSchema<Schema> parsed = id == null ? null : schemasById.get(id);
    if (parsed == null) {
      throw new IllegalStateException(
          "No content with id " + id + " was found (in-memory registry)");
    }
    return result(id, parsed);
  }

  /** Registers a schema directly, as another producer might have, and returns its id. */
  public long register(Schema schema) {
    ParsedSchema<Schema> parsed =
        new ParsedSchemaImpl<Schema>()
            .setParsedSchema(schema)
            .setRawSchema(schema.toString().getBytes(StandardCharsets.UTF_8));
    return idsByContent.computeIfAbsent(
        schema.toString(),
        c -> {
          long assigned = nextId.getAndIncrement();
          schemasById.put(assigned, parsed);
          return assigned;
        });
  }

  private static SchemaLookupResult<Schema> result(long id, ParsedSchema<Schema> parsed) {
    return SchemaLookupResult.<Schema>builder()
        .parsedSchema(parsed)
        .contentId(id)
        .globalId(id)
        .build();
  }

  @Override
  public void reset() {
    // keep everything: ids must stay stable for the test's life
  }

  @Override
  public void close() {
    // nothing held
  }
}
