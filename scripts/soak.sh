#!/usr/bin/env bash
# Soak benchmark: trains the quickstart model (without its probe table) for STEPS steps and samples
# the resident memory of the training process every 500 steps, to show that nothing leaks
# (every Tensor and Result closed). Prints one line per sample and the growth after warm-up.
#
#   scripts/soak.sh [STEPS]        (default 10000; about 9 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-10000}"
nclab="distribution/target/nclab-0.1.0/nclab-0.1.0/bin/nclab"
[ -x "$nclab" ] || { echo "error: build first (scripts/setup.sh --no-train)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed '/^\[\[probe\]\]/,$d' configs/quickstart.toml > "$work/soak.toml"
epochs=$(( (steps + 468) / 469 ))   # 469 steps an epoch at batch 128

"$nclab" train "$work/soak.toml" --new --set "run.output=\"$work/runs\"" --set 'run.name="soak"' \
  --set "train.epochs=$epochs" --set "train.log_every_steps=500" > "$work/train.log" 2>&1 &
launcher=$!
metrics="$work/runs/soak/metrics.jsonl"
echo "step    rss_mb"
seen=0
while kill -0 "$launcher" 2>/dev/null; do
  if [ -f "$metrics" ]; then
    logged=$(grep -c '"phase":"step"' "$metrics" || true)
    if [ "$logged" -gt "$seen" ]; then
      seen=$logged
      step=$(( seen * 500 ))
      # bin/nclab execs java, so the launcher's pid is the JVM's.
      rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$launcher/status" 2>/dev/null || echo 0)
      printf "%-7d %d\n" "$step" "$(( rss_kb / 1024 ))" | tee -a "$work/rss.txt"
      if [ "$step" -ge "$steps" ]; then
        kill -INT "$launcher"
        break
      fi
    fi
  fi
  sleep 0.5
done
wait "$launcher" || true
# Growth after warm-up: from the sample at step 1000 to the last one.
awk 'NR==2 {base=$2} {last=$2} END {printf "growth after warm-up (step 1000 to the end): %d MB\n", last-base}' "$work/rss.txt"
