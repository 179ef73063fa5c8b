package dev.archiver.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of every part; ready only when all are up. */
public record HealthReport(boolean ready, Map<String, Map<String, Object>> parts) {

  public static HealthReport of(List<HealthPart> parts) {
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    boolean ready = true;
    for (HealthPart part : parts) {
      HealthPart.Status status = part.check();
      ready &= status.up();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("status", status.up() ? "UP" : "DOWN");
      entry.put("state", status.state());
      entry.put("address", part.address());
      byName.put(part.name(), entry);
    }
    return new HealthReport(ready, byName);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", ready ? "UP" : "DOWN");
    json.put("parts", parts);
    return json;
  }
}
