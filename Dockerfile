# The archiver image: a Maven build stage, then a JRE-only runtime.
#   docker build -t archiver:local .        (docker-compose.yml does this for you)
# Works with the classic builder and BuildKit alike (no BuildKit-only syntax).

# ---- build ------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# POMs first, so the dependency download below is cached until a POM changes.
# A new module needs its pom.xml and src/ added here and below.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY connectors/pom.xml connectors/
COPY topology/pom.xml topology/
# Best effort: the reactor's own SNAPSHOT modules cannot be resolved before they are
# built, so this may stop early; whatever it fetched stays cached in this layer.
RUN mvn -B -q dependency:go-offline >/dev/null 2>&1 || true

COPY schemas/src schemas/src
COPY connectors/src connectors/src
COPY topology/src topology/src
RUN mvn -B -DskipTests package

# ---- runtime ----------------------------------------------------------------
FROM eclipse-temurin:17-jre

# A fixed non-root uid (group 0, so an arbitrary-uid runtime such as OpenShift can
# still write the data directories).
RUN useradd --system --uid 10001 --gid 0 --home-dir /app --shell /usr/sbin/nologin archiver \
 && mkdir -p /app/lib /etc/archiver /data /sources /restore /tier \
 && chown -R 10001:0 /data /sources /restore /tier \
 && chmod -R g=u /data /sources /restore /tier

COPY --from=build /src/topology/target/lib/ /app/lib/
COPY --from=build /src/topology/target/archiver.jar /app/archiver.jar
COPY ops/docker/archiver /usr/local/bin/archiver
COPY ops/docker/archiver.yaml /etc/archiver/archiver.yaml
RUN chmod 0755 /usr/local/bin/archiver

# JVM flags; override at run time. Leave room under the container limit for RocksDB,
# which allocates outside the heap.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"

USER 10001:0
WORKDIR /app
# /health, /metrics and /api on one port (http.port).
EXPOSE 8080

# /health answers 503 while Kafka Streams is not running; curl -f turns that into unhealthy.
# The start period covers topic provisioning and the first rebalance.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=4 \
  CMD curl -fsS "http://127.0.0.1:${ARCHIVER_HTTP_PORT:-8080}/health" >/dev/null || exit 1

# Other subcommands: docker run --rm --entrypoint archiver archiver:local --help
ENTRYPOINT ["/usr/local/bin/archiver", "up", "--config", "/etc/archiver/archiver.yaml"]
