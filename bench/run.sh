#!/usr/bin/env bash
# Runs diztl's benchmark suite against the built distribution, with the reference tools beside it
# in the same run, and writes BENCHMARKS.md at the repository root.
#
#   bench/run.sh                 full run (about 15 minutes), writes BENCHMARKS.md
#   bench/run.sh --quick         tiny sizes, one run each (under 2 minutes); writes a temp file
#   options: --out FILE          write the report there instead
#            --no-build          use what is built (bench/target, distribution/target/diztl)
#            --only a,b          only these phases: transfer,hash,limit,index,visibility,standing,search,tracker,cli,tls,swarm,jmh
#                                and the opt-in phases cluster (3 trackers, 10,000 simulated nodes) and
#                                index1m (a million files): never in the full run
#            --dist DIR          run another built distribution (default distribution/target/diztl)
#
# Installs nginx and curl with apt-get when they are missing (as root). Creates its data in a
# temporary folder, stops every process it started and deletes the folder at the end.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$bench/.." && pwd)

quick=false build=true out="" only="" dist=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --no-build) build=false ;;
    --out) out=$2; shift ;;
    --only) only=$2; shift ;;
    --dist) dist=$(cd "$2" && pwd); shift ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ -z "$out" ]; then
  if $quick; then out=$(mktemp --suffix=.md /tmp/diztl-bench-quick.XXXXXX); else out=$root/BENCHMARKS.md; fi
fi

. "$root/scripts/build-env"
java=$JAVA_HOME/bin/java

# Reference tools from Debian's packages, where missing and where we may install.
missing=()
command -v curl >/dev/null || missing+=(curl)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench: installing ${missing[*]}" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2 \
      || echo "bench: could not install ${missing[*]}: those references will read n/a" >&2
  else
    echo "bench: ${missing[*]} missing and apt-get unavailable: those references will read n/a" >&2
  fi
fi

if $build; then
  echo "bench: building the distribution and the harness" >&2
  # package, not install: nothing is left in ~/.m2; a stale distribution folder would keep old jars
  rm -rf "$root/distribution/target/diztl"
  (cd "$root" && ./mvnw -q -B package -DskipTests -pl bench -am) >&2
fi
[ -n "$dist" ] || dist=$root/distribution/target/diztl
[ -x "$dist/bin/diztl" ] || { echo "bench: $dist/bin/diztl missing: build first (drop --no-build)" >&2; exit 1; }
[ -f "$bench/target/classpath.txt" ] || { echo "bench: bench/target/classpath.txt missing: build first" >&2; exit 1; }
cp="$bench/target/classes:$(cat "$bench/target/classpath.txt")"

work=$(mktemp -d /tmp/diztl-bench.XXXXXX)
harness=""
cleanup() {
  if [ -n "$harness" ] && kill -0 "$harness" 2>/dev/null; then
    kill "$harness" 2>/dev/null || true   # its shutdown hook stops the nodes and nginx
    wait "$harness" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

jvm=(-Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
[ "$(diztl_java_major "$JAVA_HOME")" -ge 24 ] || jvm=(-Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

# A full run records the node's ahead-of-time cache in a folder of its own first (BenchMain), so
# that each run starts from the same state and the user's cache is left alone.
$quick || export XDG_CACHE_HOME=$work/cache

started=$(date -u '+%Y-%m-%d %H:%M UTC')
args=(--dist "$dist" --work "$work" --out "$work/results.md")
$quick && args+=(--quick)
macro_only=${only//jmh/}
macro_only=${macro_only//cluster/}
macro_only=$(echo "$macro_only" | tr -s ',' | sed 's/^,//; s/,$//')
status=0
if [ -z "$only" ] || [ -n "$macro_only" ]; then
  [ -n "$macro_only" ] && args+=(--only "$macro_only")
  "$java" "${jvm[@]}" -cp "$cp" io.diztl.bench.BenchMain "${args[@]}" &
  harness=$!
  wait "$harness" || status=$?
  harness=""
fi

# Tracker cluster (opt-in, --only cluster): three trackers in one JVM, simulated nodes, failover.
cluster_out=$work/cluster.txt
if [[ ",$only," == *",cluster,"* ]]; then
  if $quick; then cluster_args=(1000 30); else cluster_args=(10000 200); fi
  echo "bench: cluster (${cluster_args[0]} nodes, ${cluster_args[1]} searches)..." >&2
  cluster_jvm=("${jvm[@]}")
  cluster_jvm[0]=-Xmx3g
  if ! "$java" "${cluster_jvm[@]}" -cp "$cp" io.diztl.bench.ClusterBench "${cluster_args[@]}" \
      > "$cluster_out" 2> "$work/cluster.err"; then
    echo "bench: cluster failed:" >&2; tail -20 "$work/cluster.err" >&2; status=1
  fi
fi

# Micro-benchmarks (JMH): short settings, for trends rather than the third decimal.
jmh_out=$work/jmh.txt
if [ -z "$only" ] || [[ ",$only," == *",jmh,"* ]]; then
  if $quick; then jmh=(-f 1 -wi 1 -w 200ms -i 1 -r 200ms); else jmh=(-f 1 -wi 2 -w 1s -i 3 -r 1s); fi
  echo "bench: jmh..." >&2
  if ! "$java" "${jvm[@]}" -cp "$cp" org.openjdk.jmh.Main "${jmh[@]}" -foe true \
      -jvmArgsAppend "--enable-native-access=ALL-UNNAMED" 'io\.diztl\.bench\.micro\..*' > "$jmh_out" 2>&1; then
    echo "bench: jmh failed:" >&2; tail -20 "$jmh_out" >&2; status=1
  fi
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo "# diztl benchmarks"
  echo
  if $quick; then echo "Quick run (tiny sizes, one run each): checks the harness, not the figures."; echo; fi
  commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null) || commit=""
  if [ -z "$commit" ]; then commit="unknown (not a git work tree)"
  elif ! (cd "$root" && git diff --quiet HEAD 2>/dev/null); then commit="$commit plus uncommitted changes"; fi
  echo "Written by \`bench/run.sh\`$($quick && echo ' --quick') on $started; commit $commit."
  echo "Machine: $cpu, $(nproc) vCPU, $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(uname -sr);"
  echo "$("$java" -version 2>&1 | head -1); $(nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1 || echo 'nginx n/a'); $(curl --version 2>/dev/null | head -1 | cut -d' ' -f1-2 || echo 'curl n/a'); $(openssl version 2>/dev/null || echo 'openssl n/a')."
  echo
  echo "Every figure is measured beside its reference in the same run (runs alternate), because absolute"
  echo "times on this shared machine drift: compare ratios, not absolute numbers, across runs. Median over"
  echo "the runs with the range in brackets; ratio above 1 means diztl does better than the reference."
  echo "The machine's own limits are in ../shared/LIMITS.md. Reproduce with \`bench/run.sh\`."
  echo
  echo "## Macro benchmarks (the distribution, separate processes on 127.0.0.1)"
  echo
  if [ -f "$work/results.md" ]; then cat "$work/results.md"; else echo "(no results: the harness failed)"; fi
  if [ -f "$cluster_out" ]; then
    echo
    echo "## Tracker cluster (\`ClusterBench\`: 3 trackers in one JVM, ${cluster_args[0]} simulated nodes)"
    echo
    echo "| figure | this run | detail |"
    echo "|---|---|---|"
    grep '^|' "$cluster_out" || echo "| (no rows: see the log) | n/a |"
  fi
  if [ -f "$jmh_out" ]; then
    echo
    echo "## Micro-benchmarks (JMH, in-process)"
    echo
    echo '```'
    sed -n '/^Benchmark /,$p' "$jmh_out"
    echo '```'
  fi
  if ! $quick && [ -f "$bench/HISTORY.md" ]; then
    echo
    cat "$bench/HISTORY.md"
  fi
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "bench: wrote $out" >&2
exit $status
