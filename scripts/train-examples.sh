#!/usr/bin/env bash
# Trains every method config in configs/examples/ on Fashion-MNIST for a fixed number of epochs
# and prints a Markdown table of test accuracy, for docs/methods.md.
#
#   scripts/train-examples.sh [EPOCHS] [OUTPUT_FOLDER]     (defaults: 3, runs/methods)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-3}"
out="${2:-runs/methods}"
nclab="distribution/target/nclab-0.1.0/nclab-0.1.0/bin/nclab"
[ -x "$nclab" ] || { echo "error: build first (scripts/setup.sh --no-train)" >&2; exit 2; }

configs=(configs/quickstart.toml)
for f in configs/examples/*-fashion.toml configs/examples/augment-crop-flip.toml; do
  [ -f "$f" ] && configs+=("$f")
done

echo "| config | objective | test accuracy after $epochs epochs | train s/epoch |"
echo "|---|---|---|---|"
for config in "${configs[@]}"; do
  name="$(basename "$config" .toml)"
  log="$out/$name.log"
  mkdir -p "$out"
  if "$nclab" train "$config" --new --set "run.output=\"$out\"" --set "run.name=\"$name\"" \
      --set "train.epochs=$epochs" > "$log" 2>&1; then
    acc="$(sed -n 's/^test accuracy \([0-9.]*\).*/\1/p' "$log")"
    secs="$(grep -o '[0-9.]* s$' "$log" | awk '{s+=$1; n++} END {if (n) printf "%.1f", s/n}')"
    terms="$(grep -o '^\[\[regularizer\]\]' -A1 "$config" | sed -n 's/^id = "\(.*\)"/\1/p' | paste -sd+ -)"
    echo "| $name | ${terms:-cross-entropy} | $acc | $secs |"
  else
    echo "| $name | | FAILED (see $log) | |"
  fi
done
