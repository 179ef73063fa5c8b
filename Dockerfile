# The archiver image: the release archive (archiver-VERSION.tar.gz, built by the dist module) made in a Maven stage,
# unpacked into /app of a JRE-only runtime. The image runs exactly what the release holds, through bin/archiver.
#   docker build -t archiver:local .        (docker-compose.yml does this for you)
# Works with the classic builder and BuildKit alike (no BuildKit-only syntax).

# ---- build ------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# POMs first, so the dependency download below is cached until a POM changes.
# A new module needs its pom.xml and src/ added here and below.
COPY pom.xml ./
# The JVM flags javac needs to run Error Prone (every compile runs it); mvn reads them from .mvn/ in /src.
COPY .mvn/jvm.config .mvn/
COPY schemas/pom.xml schemas/
COPY connectors/pom.xml connectors/
COPY topology/pom.xml topology/
COPY dist/pom.xml dist/
# Best effort: the reactor's own SNAPSHOT modules cannot be resolved before they are
# built, so this may stop early; whatever it fetched stays cached in this layer.
RUN mvn -B -q dependency:go-offline >/dev/null 2>&1 || true

COPY schemas/src schemas/src
COPY connectors/src connectors/src
COPY topology/src topology/src
COPY dist/src dist/src
# The release archive carries both (see dist/src/assembly/release.xml).
COPY LICENSE README.md ./
# Unpacked in this stage, not the runtime one: a tar.gz copied into the runtime image would stay in its layer even
# after an rm, so the image would carry the release twice. --strip-components drops archiver-VERSION/.
RUN mvn -B -DskipTests package \
 && mkdir /app \
 && tar -xzf dist/target/archiver-*.tar.gz -C /app --strip-components=1 \
 && /app/bin/archiver --version

# ---- runtime ----------------------------------------------------------------
FROM eclipse-temurin:17-jre

# A fixed non-root uid (group 0, so an arbitrary-uid runtime such as OpenShift can
# still write the data directories).
RUN useradd --system --uid 10001 --gid 0 --home-dir /app --shell /usr/sbin/nologin archiver \
 && mkdir -p /etc/archiver /data /sources /restore /tier \
 && chown -R 10001:0 /data /sources /restore /tier \
 && chmod -R g=u /data /sources /restore /tier

# Owned by root and not writable by the archiver's uid: the code does not change at run time.
COPY --from=build /app /app
# On the PATH for `docker run --entrypoint archiver ...`; bin/archiver follows the link back to /app.
RUN ln -s /app/bin/archiver /usr/local/bin/archiver
COPY ops/docker/archiver.yaml /etc/archiver/archiver.yaml

# JVM flags for bin/archiver; override at run time. Leave room under the container limit for RocksDB,
# which allocates outside the heap.
ENV ARCHIVER_JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"

USER 10001:0
WORKDIR /app
# /health, /metrics and /api on one port (http.port).
EXPOSE 8080

# /health answers 503 while Kafka Streams is not running; curl -f turns that into unhealthy.
# The start period covers topic provisioning and the first rebalance.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=4 \
  CMD curl -fsS "http://127.0.0.1:${ARCHIVER_HTTP_PORT:-8080}/health" >/dev/null || exit 1

# Other subcommands: docker run --rm --entrypoint archiver archiver:local --help
ENTRYPOINT ["/app/bin/archiver", "up", "--config", "/etc/archiver/archiver.yaml"]
