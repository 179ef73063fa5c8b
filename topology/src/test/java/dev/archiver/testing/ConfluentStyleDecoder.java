package dev.archiver.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes a record the way Kafka UI and other Confluent-style consumers do, with none of our code
 * or Apicurio's: magic byte, 4-byte schema id, the schema fetched from the registry's ccompat API,
 * plain Avro.
 */
public final class ConfluentStyleDecoder {

  private final String ccompatUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * @param registryUrl the Apicurio v3 API base (…/apis/registry/v3)
   */
  public ConfluentStyleDecoder(String registryUrl) {
    this.ccompatUrl = registryUrl.replace("/apis/registry/v3", "/apis/ccompat/v7");
  }

  public int schemaId(byte[] value) {
    ByteBuffer buffer = ByteBuffer.wrap(value);
    if (buffer.get() != 0) {
      throw new IllegalArgumentException("no magic byte 0");
    }
    return buffer.getInt();
  }

  public Schema fetchSchema(int id) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(ccompatUrl + "/schemas/ids/" + id)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET /schemas/ids/" + id + " answered " + response.statusCode() + ": " + response.body());
    }
    return new Schema.Parser()
        .parse(new ObjectMapper().readTree(response.body()).get("schema").asText());
  }

  public GenericRecord decode(byte[] value) throws IOException, InterruptedException {
    Schema schema = fetchSchema(schemaId(value));
    return new GenericDatumReader<GenericRecord>(schema)
        .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
  }
}
