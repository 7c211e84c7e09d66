#!/usr/bin/env bash
# Trains every method config in configs/examples/ (and the quickstart) on Fashion-MNIST for a
# fixed number of epochs, measures NC1 of the final features on a class-balanced sample of the
# train and test splits, and prints a Markdown table for docs/methods.md.
#
#   scripts/train-examples.sh [EPOCHS] [OUTPUT_FOLDER]     (defaults: 3, runs/methods)
set -uo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-3}"
out="${2:-runs/methods}"
nclab="distribution/target/nclab-0.1.0/nclab-0.1.0/bin/nclab"
[ -x "$nclab" ] || { echo "error: build first (scripts/setup.sh --no-train)" >&2; exit 2; }
mkdir -p "$out"

# The regularizer ids of a config, joined with '+' (cross-entropy when it names none).
objective() {
  awk '/^\[\[regularizer\]\]/ {inside=1; next} /^\[/ {inside=0}
       inside && /^id *=/ {gsub(/.*= *"|".*/, ""); ids = ids (ids ? " + " : "") $0}
       END {print ids ? ids : "cross-entropy"}' "$1"
}

# A metric of the features tap from a probe JSON file, or '-'.
metric() {
  python3 - "$1" "$2" "$3" <<'PY' 2>/dev/null || echo "-"
import json, sys
doc = json.load(open(sys.argv[1]))
for m in doc["measurements"]:
    if m["split"] == sys.argv[2] and m["tap"] == "features":
        print("%.3f" % m["metrics"][sys.argv[3]])
PY
}

configs=(configs/quickstart.toml)
for f in configs/examples/*-fashion.toml configs/examples/augment-crop-flip.toml; do
  [ -f "$f" ] && configs+=("$f")
done

echo "| config | objective | test accuracy | NC1 train | NC1 test | train s/epoch |"
echo "|---|---|---|---|---|---|"
for config in "${configs[@]}"; do
  name="$(basename "$config" .toml)"
  log="$out/$name.log"
  if "$nclab" train "$config" --new --set "run.output=\"$out\"" --set "run.name=\"$name\"" \
      --set "train.epochs=$epochs" > "$log" 2>&1 \
    && "$nclab" probe "$out/$name" --split train --split test --max-per-class 1000 \
      --probe nc --json "$out/$name.probe.json" >> "$log" 2>&1; then
    acc="$(sed -n 's/^test accuracy \([0-9.]*\).*/\1/p' "$log")"
    secs="$(grep -o '[0-9.]* s$' "$log" | awk '{s+=$1; n++} END {if (n) printf "%.1f", s/n}')"
    echo "| $name | $(objective "$config") | $acc | $(metric "$out/$name.probe.json" train nc1) |" \
         "$(metric "$out/$name.probe.json" test nc1) | $secs |"
  else
    echo "| $name | $(objective "$config") | FAILED (see $log) | | | |"
  fi
done
