#!/usr/bin/env bash
# Trains a config with the live dashboard on and saves a screenshot of the page, taken by headless
# Chromium while the run trains (after AFTER_EPOCHS epochs), then lets the run finish.
#
#   scripts/dashboard-screenshot.sh [CONFIG] [PNG] [AFTER_EPOCHS]
#   scripts/dashboard-screenshot.sh configs/quickstart.toml docs/dashboard.png 3   # the defaults
#
# Needs the built distribution (mvn -B package -DskipTests) and Debian's chromium (scripts/setup.sh
# installs it). The run goes to a temporary folder; nothing in runs/ is touched.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-configs/quickstart.toml}"
png="${2:-docs/dashboard.png}"
after="${3:-3}"
nclab="distribution/target/nclab-0.1.0/nclab-0.1.0/bin/nclab"
[ -x "$nclab" ] || { echo "no $nclab: run 'mvn -B package -DskipTests' first" >&2; exit 2; }
command -v chromium >/dev/null || { echo "chromium is not installed: run scripts/setup.sh" >&2; exit 2; }

work=$(mktemp -d)
log="$work/train.log"
"$nclab" train "$config" --new --dashboard --set "run.output=\"$work/runs\"" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

url=""
until [ -n "$url" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  url=$(grep -o 'dashboard: http://[^ ]*' "$log" | cut -d' ' -f2 || true)
  sleep 1
done
echo "dashboard at $url; waiting for $after epochs"
until [ "$(grep -c '^epoch ' "$log" || true)" -ge "$after" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 2
done

chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1250 \
  --virtual-time-budget=6000 --screenshot="$png" "$url" 2>/dev/null
echo "saved $png ($(grep -c '^epoch ' "$log") epochs trained at the time)"
wait "$pid"
trap - EXIT
tail -n 2 "$log"
