#!/usr/bin/env bash
# Screenshots of the dashboard, taken by headless Chromium.
#
#   scripts/dashboard-screenshot.sh [CONFIG] [PNG] [AFTER_EPOCHS]
#       one run while it trains (after AFTER_EPOCHS epochs); then lets it finish and stops the
#       dashboard, which 'train --dashboard' keeps serving until Ctrl-C
#       defaults: configs/quickstart.toml docs/dashboard.png 3
#   scripts/dashboard-screenshot.sh --overlay CONFIG PNG [SMOOTHING] [-- TRAIN_ARGS...]
#       two finished runs of CONFIG (learning rates 0.05 and 0.02) overlaid by 'nclab dashboard' on
#       their folder, smoothing SMOOTHING (default 0.6); TRAIN_ARGS go to both 'nclab train's
#
# Needs the built distribution (mvn -B package -DskipTests) and Debian's chromium (scripts/setup.sh
# installs it). Runs go to a temporary folder; nothing in runs/ is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
nclab="distribution/target/nclab-0.1.0/nclab-0.1.0/bin/nclab"
[ -x "$nclab" ] || { echo "no $nclab: run 'mvn -B package -DskipTests' first" >&2; exit 2; }
command -v chromium >/dev/null || { echo "chromium is not installed: run scripts/setup.sh" >&2; exit 2; }
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# Waits until LOG shows a line matching PATTERN while process $pid lives; prints the match.
await() {
  local log="$1" pattern="$2" found=""
  until [ -n "$found" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    found=$(grep -o "$pattern" "$log" | head -1 || true)
    [ -n "$found" ] || sleep 1
  done
  printf '%s' "$found"
}

shoot() { # URL PNG
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1500 \
    --virtual-time-budget=8000 --screenshot="$2" "$1" 2>/dev/null
}

if [ "${1:-}" = "--overlay" ]; then
  config="${2:?usage: $0 --overlay CONFIG PNG [SMOOTHING] [-- TRAIN_ARGS...]}"
  png="${3:?usage: $0 --overlay CONFIG PNG [SMOOTHING] [-- TRAIN_ARGS...]}"
  smoothing="${4:-0.6}"
  shift $(( $# < 4 ? $# : 4 ))
  [ "${1:-}" = "--" ] && shift
  for lr in 0.05 0.02; do
    echo "training $config with learning rate $lr"
    "$nclab" train "$config" --new --set "run.output=\"$work/runs\"" --set "run.name=\"lr-$lr\"" \
      --set "train.learning_rate=$lr" "$@" >"$work/train-$lr.log" 2>&1 \
      || { cat "$work/train-$lr.log" >&2; exit 1; }
  done
  "$nclab" dashboard "$work/runs" --port 0 >"$work/dashboard.log" 2>&1 &
  pid=$!
  url=$(await "$work/dashboard.log" 'http://[^ ]*')
  shoot "$url?smoothing=$smoothing" "$png"
  echo "saved $png: runs lr-0.05 and lr-0.02 of $config overlaid, smoothing $smoothing"
  exit 0
fi

config="${1:-configs/quickstart.toml}"
png="${2:-docs/dashboard.png}"
after="${3:-3}"
log="$work/train.log"
"$nclab" train "$config" --new --dashboard --set "run.output=\"$work/runs\"" >"$log" 2>&1 &
pid=$!
url=$(await "$log" 'dashboard: http://[^ ]*' | cut -d' ' -f2)
echo "dashboard at $url; waiting for $after epochs"
until [ "$(grep -c '^epoch ' "$log" || true)" -ge "$after" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 2
done
shoot "$url" "$png"
echo "saved $png ($(grep -c '^epoch ' "$log") epochs trained at the time)"
await "$log" 'keeps serving on' >/dev/null
kill -INT "$pid"
wait "$pid" || true
pid=""
grep -E '^test accuracy|keeps serving' "$log"
