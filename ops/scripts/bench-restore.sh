#!/usr/bin/env bash
# Archive and restore times of the archiver beside standard tools on the same generated tree, in the same run
# (these machines are noisy: compare the ratio, not the absolute numbers).
#
#   ops/scripts/bench-restore.sh [SIZE_MIB...]        (default: 1024)
#
# Starts `archiver up` once, on a fresh data dir under /var/tmp (embedded broker and registry, zstd level 3),
# then for each size generates a mixed tree (ops/scripts/bench-tree.py: CSV text, random binary, many small
# files) under the service's source root and times:
#   archive  `tar -cf - | zstd -3 -q -T1 | sha256sum`  vs  `archiver archive RUN --source file:TREE --wait`
#   restore  `cat chunk-*.tar.zst | zstd -d -q | tar -x` vs `archiver restore RUN --target file:OUT --wait`
#            (both restored trees are compared with the source, file list and contents; any difference fails)
#   cli      `archiver archive RUN2 --source file:TREE` (no --wait): from starting java to the "requested ..."
#            line, the median of BENCH_CLI_RUNS (5) runs (the first starts a real run, which is let finish
#            before the others, which are duplicates the archiver ignores)
# Every timed command starts on a warm page cache (its input read once and `sync` just before).
# "ours" is wall time of the whole CLI command (JVM start included); "request->answer" rows start at the
# "requested ..." line the CLI prints just after publishing the request.
#
# Env: BENCH_CLI_RUNS (5), BENCH_TIMEOUT (20m: --timeout of each --wait), BENCH_KEEP_LOG (a path: copy the
# service log there at the end). On failure the service log's tail is printed and the log is kept beside the
# (removed) work dir.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1024)
for s in "${sizes[@]}"; do
  [[ "$s" =~ ^[0-9]+$ && "$s" -ge 3 ]] || { echo "SIZE_MIB must be a whole number of MiB, at least 3: '$s'" >&2; exit 2; }
done
cli_runs=${BENCH_CLI_RUNS:-5}
timeout=${BENCH_TIMEOUT:-20m}
level=3

work=$(mktemp -d /var/tmp/archiver-bench-restore-XXXX)
data="$work/data"
up_log="$work/up.log"
table="$work/table.txt"

stop_service() {
  [ -n "${up_pid:-}" ] || return 0
  kill "$up_pid" 2>/dev/null || true
  for _ in $(seq 1 90); do kill -0 "$up_pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$up_pid" 2>/dev/null; then
    echo "archiver up (pid $up_pid) did not stop within 90 s of SIGTERM; killing it and its children" >&2
    pkill -KILL -P "$up_pid" 2>/dev/null || true
    kill -KILL "$up_pid" 2>/dev/null || true
  fi
  wait "$up_pid" 2>/dev/null || true
  up_pid=
}
on_exit() {
  local rc=$?
  stop_service
  if [ "$rc" -ne 0 ] && [ -f "$up_log" ]; then
    echo "---- FAILED (exit $rc); last 80 lines of the service log ($up_log) ----" >&2
    tail -n 80 "$up_log" >&2 || true
    cp "$up_log" "$work.up.log" 2>/dev/null && echo "---- the whole service log is kept in $work.up.log ----" >&2
  fi
  if [ -n "${BENCH_KEEP_LOG:-}" ] && [ -f "$up_log" ]; then cp "$up_log" "$BENCH_KEEP_LOG" || true; fi
  rm -rf "$work"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Run a snapshot of the build, so edits and rebuilds elsewhere cannot change what is measured.
mkdir -p "$work/app" "$data/sources" "$data/restores"
[ -f "$here/topology/target/archiver.jar" ] || (cd "$here" && ./mvnw -B -q -DskipTests install -pl topology -am)
cp -r "$here/topology/target/archiver.jar" "$here/topology/target/lib" "$here/topology/target/apicurio" "$work/app/"
cp "$here/ops/scripts/bench-tree.py" "$work/app/"
archiver() {
  java -Darchiver.apicurio.home="$work/app/apicurio" -cp "$work/app/archiver.jar:$work/app/lib/*" dev.archiver.cli.ArchiverCli "$@"
}
# For `archiver up &`: exec, so that $! is the JVM itself and `kill` stops it (and its registry child).
archiver_service() {
  exec java -Darchiver.apicurio.home="$work/app/apicurio" -cp "$work/app/archiver.jar:$work/app/lib/*" dev.archiver.cli.ArchiverCli "$@"
}

# Free ports (the broker's controller takes the port after the client port), so that a test suite or another
# archiver on this machine neither disturbs this one nor is disturbed. The service and every CLI call read them
# from the environment.
read -r kafka_port registry_port http_port < <(python3 - <<'PY'
import socket
def free(p):
    try:
        with socket.socket() as s:
            s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
def one():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]
while True:
    k = one()
    if k < 65000 and free(k + 1): break
r = one()
while r in (k, k + 1): r = one()
h = one()
while h in (k, k + 1, r): h = one()
print(k, r, h)
PY
)
export ARCHIVER_DATA_DIR="$data"
export ARCHIVER_EMBEDDED_KAFKA_PORT=$kafka_port
export ARCHIVER_EMBEDDED_REGISTRY_PORT=$registry_port
export ARCHIVER_HTTP_PORT=$http_port
export ARCHIVER_ARCHIVE_COMPRESSION_LEVEL=$level   # the default (docs/configuration.md), made explicit

now() { date +%s.%N; }
sub() { echo "$1 - $2" | bc -l; }
# Reads every file under the given paths once, then syncs: the next command starts on a warm cache with
# nothing dirty.
warm() {
  find "$@" -type f -print0 | xargs -0 -r cat >/dev/null
  sync
}
# Runs a CLI command with stdout appended to $1 and stderr (progress bars) to $1.err; writes the time the
# "requested ..." line appeared to $1.requested. Returns the command's exit status.
run_stamped() {
  local out=$1; shift
  rm -f "$out.requested"
  "$@" 2>>"$out.err" | while IFS= read -r line; do
    case $line in requested*) now >"$out.requested" ;; esac
    printf '%s\n' "$line" >>"$out"
  done
  return "${PIPESTATUS[0]}"
}
# A digest of a tree: every path with its type (and size for files), then every file's SHA-256.
tree_digest() {
  (
    cd "$1"
    find . -mindepth 1 \( -type f -printf 'f %p %s\n' -o -type d -printf 'd %p\n' -o -printf 'o %p\n' \) | LC_ALL=C sort
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
  ) | sha256sum | cut -d' ' -f1
}
check_same() { # check_same WHAT DIR EXPECTED_DIGEST SOURCE_DIR
  local got
  got=$(tree_digest "$2")
  if [ "$got" != "$3" ]; then
    echo "RESTORED TREE DIFFERS from the source ($1: $2); first differences:" >&2
    diff -rq "$4" "$2" 2>&1 | head -20 >&2 || true
    fail "$1 restored a tree that is not the source"
  fi
  echo "  $1: restored tree equals the source (paths, sizes, SHA-256 of every file)"
}
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
row() { # row SIZE WHAT OURS BASELINE BYTES
  local ratio=- mbs=- base_mbs=- base=$4
  if [ "$base" != - ]; then
    ratio=$(printf '%.2f' "$(echo "$base / $3" | bc -l)")
    base_mbs=$(printf '%.1f' "$(echo "$5 / $base / 1000000" | bc -l)")
    base=$(printf '%.2f' "$base")
  fi
  [ "$5" = - ] || mbs=$(printf '%.1f' "$(echo "$5 / $3 / 1000000" | bc -l)")
  printf '%-6s %-34s %9.2f %9s %7s %9s %9s\n' "$1" "$2" "$3" "$base" "$ratio" "$mbs" "$base_mbs" | tee -a "$table"
}
header() { printf '%-6s %-34s %9s %9s %7s %9s %9s\n' "MiB" "what" "ours (s)" "base (s)" "ratio" "MB/s" "base MB/s"; }
run_json() { curl -sf "http://localhost:$http_port/api/runs/$1" || true; }

echo "work dir $work; ports: broker $kafka_port, registry $registry_port, http $http_port; zstd level $level"
archiver_service up >"$up_log" 2>&1 &
up_pid=$!
for _ in $(seq 1 300); do
  grep -q "Running." "$up_log" && break
  kill -0 "$up_pid" 2>/dev/null || fail "archiver up exited before it was running"
  sleep 1
done
grep -q "Running." "$up_log" || fail "archiver up was not running after 300 s"
echo "archiver up (pid $up_pid) is running"

for size in "${sizes[@]}"; do
  tree="$data/sources/tree-$size"
  run="bench-$size"
  echo
  echo "== $size MiB =="
  echo "generating the tree in $tree ..."
  t0=$(now)
  python3 "$work/app/bench-tree.py" "$tree" "$size"
  bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.0f\n", s}')
  [[ "$bytes" =~ ^[0-9]+$ ]] || fail "could not sum the tree's bytes: '$bytes'"
  files=$(find "$tree" -type f | wc -l)
  printf 'tree: %d MiB in %d files (%.0f s to generate)\n' $(( bytes / 1048576 )) "$files" "$(sub "$(now)" "$t0")"
  source_digest=$(tree_digest "$tree")

  # ---- archive
  warm "$tree"
  t0=$(now)
  tar -cf - -C "$tree" . | zstd -$level -q -T1 | sha256sum >/dev/null
  base_archive=$(sub "$(now)" "$t0")
  warm "$tree"
  log="$work/archive-$size.log"
  t0=$(now)
  rc=0; run_stamped "$log" archiver archive "$run" --source "file:$tree" --wait --timeout "$timeout" || rc=$?
  t1=$(now)
  sed 's/^/  /' "$log"
  [ "$rc" -eq 0 ] || fail "archiver archive $run --wait exited $rc (3: no answer within $timeout)"
  ours_archive=$(sub "$t1" "$t0")
  ours_archive_answer=$(sub "$t1" "$(cat "$log.requested")")
  archive_id=$(sed -n 's/^archived [^:]*: archive \([^,]*\),.*/\1/p' "$log")
  [ -n "$archive_id" ] || fail "no archive id in the output of archiver archive"
  chunks_dir="$data/tier/archives/$archive_id"
  stored=$(cat "$chunks_dir"/chunk-*.tar.zst | wc -c)
  base_stored=$(tar -cf - -C "$tree" . | zstd -$level -q -T1 | wc -c)
  echo "  stored: ours $(( stored / 1048576 )) MiB in $(ls "$chunks_dir" | grep -c '^chunk-') chunks, baseline $(( base_stored / 1048576 )) MiB"

  # ---- restore
  out1="$work/baseline-restore-$size"
  out2="$data/restores/restore-$size"   # under restore.roots (default <data.dir>/restores); must not exist yet
  mkdir -p "$out1"
  [ ! -e "$out2" ] || fail "$out2 exists"
  warm "$chunks_dir"
  t0=$(now)
  cat "$chunks_dir"/chunk-*.tar.zst | zstd -d -q | tar -x -C "$out1"
  base_restore=$(sub "$(now)" "$t0")
  warm "$chunks_dir"
  log="$work/restore-$size.log"
  t0=$(now)
  rc=0; run_stamped "$log" archiver restore "$run" --target "file:$out2" --conflict fail --ttl 0s --wait --timeout "$timeout" || rc=$?
  t1=$(now)
  sed 's/^/  /' "$log"
  [ "$rc" -eq 0 ] || fail "archiver restore $run --wait exited $rc (3: no answer within $timeout)"
  ours_restore=$(sub "$t1" "$t0")
  ours_restore_answer=$(sub "$t1" "$(cat "$log.requested")")
  sync
  check_same "baseline (tar -x)" "$out1" "$source_digest" "$tree"
  check_same "archiver restore" "$out2" "$source_digest" "$tree"
  rm -rf "$out1" "$out2"

  # ---- CLI: java start to the request sent
  run2="bench-cli-$size"
  starts=()
  for i in $(seq 1 "$cli_runs"); do
    sync
    log="$work/cli-$size-$i.log"
    t0=$(now)
    rc=0; run_stamped "$log" archiver archive "$run2" --source "file:$tree" || rc=$?
    t1=$(now)
    [ "$rc" -eq 0 ] && [ -f "$log.requested" ] || fail "archiver archive $run2 exited $rc: $(cat "$log" "$log.err")"
    start=$(sub "$(cat "$log.requested")" "$t0")
    starts+=("$start")
    printf '  cli run %d: requested after %.2f s, exited after %.2f s\n' "$i" "$start" "$(sub "$t1" "$t0")"
    if [ "$i" -eq 1 ]; then # let the run this started finish, so the next starts do not share the cores with it
      deadline=$(( $(date +%s) + 1200 ))
      until run_json "$run2" | grep -q '"stage" *: *"COMPLETED"'; do
        run_json "$run2" | grep -q '"stage" *: *"FAILED"' && fail "run $run2 failed: $(run_json "$run2")"
        [ "$(date +%s)" -lt "$deadline" ] || fail "run $run2 not completed after 1200 s: $(run_json "$run2")"
        sleep 1
      done
    fi
  done
  cli_start=$(median "${starts[@]}")

  echo
  header
  row "$size" "archive: archive --wait (wall)" "$ours_archive" "$base_archive" "$bytes"
  row "$size" "archive: request -> answer" "$ours_archive_answer" "$base_archive" "$bytes"
  row "$size" "restore: restore --wait (wall)" "$ours_restore" "$base_restore" "$bytes"
  row "$size" "restore: request -> answer" "$ours_restore_answer" "$base_restore" "$bytes"
  row "$size" "cli: java start -> requested (med)" "$cli_start" - -
  rm -rf "$tree"
done

echo
echo "== all sizes: baseline = tar|zstd -$level -T1|sha256sum (archive), cat|zstd -d|tar -x (restore); ratio = baseline/ours, >1: ours faster =="
header
cat "$table"
stop_service
echo
echo "service log: $(wc -l <"$up_log") lines; level=ERROR $(grep -c 'level=ERROR' "$up_log" || true), level=WARN $(grep -c 'level=WARN' "$up_log" || true), TaskMigratedException $(grep -c TaskMigratedException "$up_log" || true), lines naming an Exception $(grep -c Exception "$up_log" || true)"
grep -E 'level=(ERROR|WARN)' "$up_log" | sed 's/^ts=[^ ]* //' | cut -c1-160 | sort | uniq -c | sort -rn | head -20 || true
