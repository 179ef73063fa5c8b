#!/usr/bin/env bash
# Throughput of `archiver archive --wait` on a generated tree, beside `tar | zstd | sha256sum` on the same tree
# in the same run (these machines are noisy: compare the ratio, not the absolute numbers).
#
#   ops/scripts/bench-archive.sh [SIZE_MIB=1024] [LEVELS="1 3"]
#
# Starts `archiver up` on a fresh data dir (embedded broker and registry), generates a mixed tree (CSV text,
# random binary, many small files), then for each zstd level: times the baseline pipeline and the archiver
# (wall time of `archiver archive --wait`, from publishing the request to seeing the completion).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
size_mib=${1:-1024}
levels=${2:-"1 3"}
work=$(mktemp -d /var/tmp/archiver-bench-XXXX)
trap 'kill "${up_pid:-0}" 2>/dev/null || true; wait "${up_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
tree="$work/data/sources/tree"
mkdir -p "$tree" "$work/app"
# Run a snapshot of the build, so edits and rebuilds elsewhere cannot change what is measured.
[ -f "$here/topology/target/archiver.jar" ] || (cd "$here" && ./mvnw -B -q -DskipTests install -pl topology -am)
cp -r "$here/topology/target/archiver.jar" "$here/topology/target/lib" "$here/topology/target/apicurio" "$work/app/"
archiver() {
  java -Darchiver.apicurio.home="$work/app/apicurio" -cp "$work/app/archiver.jar:$work/app/lib/*" dev.archiver.cli.ArchiverCli "$@"
}
# For `archiver up &`: exec, so that $! is the JVM itself and `kill` stops it (and its registry child).
archiver_service() {
  exec java -Darchiver.apicurio.home="$work/app/apicurio" -cp "$work/app/archiver.jar:$work/app/lib/*" dev.archiver.cli.ArchiverCli "$@"
}

echo "generating a ${size_mib} MiB tree in $tree ..."
python3 "$here/ops/scripts/bench-tree.py" "$tree" "$size_mib"
bytes=$(du -sb "$tree" | cut -f1)
echo "tree: $(( bytes / 1048576 )) MiB in $(find "$tree" -type f | wc -l) files"
sync

for level in $levels; do
  start=$(date +%s.%N)
  tar -cf - -C "$tree" . | zstd -"$level" -q -T1 | sha256sum >/dev/null
  base=$(echo "$(date +%s.%N) - $start" | bc)

  rm -rf "$work/data/kafka" "$work/data/registry" "$work/data/streams" "$work/data/tier"
  ARCHIVER_ARCHIVE_COMPRESSION_LEVEL=$level archiver_service up --data-dir "$work/data" --http-port 0 >"$work/up.log" 2>&1 &
  up_pid=$!
  for _ in $(seq 1 120); do grep -q "Running." "$work/up.log" && break; sleep 1; done
  start=$(date +%s.%N)
  archiver archive "bench-$level" --source "file:$tree" --data-dir "$work/data" --wait >"$work/archive.log" 2>/dev/null
  ours=$(echo "$(date +%s.%N) - $start" | bc)
  stored=$(du -sb "$work/data/tier/archives" | cut -f1)
  kill "$up_pid"; wait "$up_pid" 2>/dev/null || true
  printf 'zstd -%s  baseline tar|zstd|sha256sum: %6.1f MB/s   archiver archive --wait: %6.1f MB/s   ratio %.2f   stored %d MiB\n' \
    "$level" "$(echo "$bytes / $base / 1000000" | bc -l)" "$(echo "$bytes / $ours / 1000000" | bc -l)" \
    "$(echo "$base / $ours" | bc -l)" "$(( stored / 1048576 ))"
  grep -E "^archived" "$work/archive.log" | sed 's/^/    /'
  echo "    baseline stored: $(tar -cf - -C "$tree" . | zstd -"$level" -q -T1 | wc -c | awk '{printf "%d MiB", $1/1048576}')"
done
