#!/usr/bin/env bash
# Data pipeline benchmark (issue "bring your own data"), two parts, both under
# flock /tmp/nclab-bench.lock so that no two benchmarks on this machine overlap:
#
#  1. nclab bench-data on the quickstart config: 50,000 Fashion-MNIST training images written as
#     PNG files into class folders; decoding cold (no cache) and with the decoded cache; batching
#     from the streamed cache, from memory and from the IDX data; the quickstart model trained on
#     the streamed split and on the in-memory split in alternating rounds (medians and ratio).
#  2. Resident memory of 'nclab train' on the same PNGs decoded to 112x112x3 (a 1.8 GB decoded
#     cache), streamed with memory_mb = 8 and 256, and held in memory: peak and median VmRSS of the
#     training JVM, sampled every half second.
#
#   scripts/bench-data.sh [FOLDER]     (default /tmp/nclab-bench-data; PNGs are kept and reused)
#
# Needs the built distribution and Fashion-MNIST (scripts/setup.sh --no-train). About 8 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-/tmp/nclab-bench-data}"
nclab="$PWD/distribution/target/nclab-0.1.0/nclab-0.1.0/bin/nclab"
[ -x "$nclab" ] || { echo "error: build first (scripts/setup.sh --no-train)" >&2; exit 2; }
mkdir -p "$folder"
lock=/tmp/nclab-bench.lock
# One lock for the whole script: no other benchmark runs between its parts.
if [ "${NCLAB_BENCH_LOCKED:-}" != 1 ]; then
  exec env NCLAB_BENCH_LOCKED=1 flock "$lock" "$0" "$folder"
fi

echo "== 1. bench-data: decoding, batching, streamed vs in-memory training"
"$nclab" bench-data configs/quickstart.toml --folder "$folder/png" --images 50000 \
  --memory-mb 16 --steps 150 --rounds 7 --warmup 20 2> >(grep -v -e '^I0000' -e '^WARNING: All log' >&2)

echo
echo "== 2. resident memory while training on a decoded cache larger than memory_mb"
# mlp on 112x112x3: the data path dominates, so memory shows what the pipeline holds.
write_config() { # storage memory_mb
  cat > "$folder/rss-$1-$2.toml" <<TOML
[run]
name = "rss-$1-$2"
seed = 1
output = "$folder/runs"
[dataset]
id = "image-folder"
path = "$folder/png"
height = 112
width = 112
channels = 3
resize = "stretch"
test_fraction = 0.02
storage = "$1"
memory_mb = $2
cache_folder = ".nclab-cache-112"
[model]
id = "mlp"
hidden = [64]
[train]
epochs = 2
batch_size = 128
learning_rate = 0.01
TOML
}
measure() { # storage memory_mb
  write_config "$1" "$2"
  local run="$folder/runs/rss-$1-$2" samples="$folder/rss-$1-$2.samples"
  rm -rf "$run"
  : > "$samples"
  NCLAB_JAVA_OPTS="-Xmx3g" "$nclab" train "$folder/rss-$1-$2.toml" > "$folder/rss-$1-$2.log" 2>&1 &
  local pid=$! jvm
  while kill -0 "$pid" 2>/dev/null; do
    # bin/nclab execs java: the launcher's pid is the JVM's.
    jvm=$pid
    # Sample from the moment the run folder exists: the dataset is open, training starts.
    if [ -n "$jvm" ] && [ -f "$run/run.json" ]; then
      awk '/^VmRSS/ {print int($2/1024)}' "/proc/$jvm/status" 2>/dev/null >> "$samples" || true
    fi
    sleep 0.5
  done
  wait "$pid" || { echo "training failed, see $folder/rss-$1-$2.log" >&2; return 1; }
  sort -n "$samples" | awk -v label="storage=$1 memory_mb=$2" \
    '{v[NR]=$1} END {printf "  %-32s RSS while training: median %5d MB, peak %5d MB (%d samples)\n", label, v[int((NR+1)/2)], v[NR], NR}'
  grep -h "test accuracy" "$folder/rss-$1-$2.log" | sed 's/^/    /' || true
}
# Decode once (not measured): the cache is then shared by the three runs.
write_config stream 8
"$nclab" data describe "$folder/rss-stream-8.toml" --grid "$folder/rss-grid.png" > /dev/null 2>&1 || true
ls -l "$folder/png/.nclab-cache-112" | awk 'NR>1 {printf "  decoded cache: %s %d MB\n", $9, $5/1048576}'
measure stream 8
measure stream 256
measure memory 4096
