#!/usr/bin/env bash
# nclab predict on an export against nclab eval on the same run, one after the other in one
# invocation: both accuracies on the 10,000 Fashion-MNIST test images and both throughputs.
# Wall-clock images/s count the whole command (JVM and TensorFlow start-up, loading); predict also
# reports its own batches-only figure. Trains configs/quickstart.toml for one epoch when RUN is absent.
#
#   scripts/predict-vs-eval.sh [RUN]      (default runs/export-quickstart)
set -euo pipefail
cd "$(dirname "$0")/.."
nclab="distribution/target/nclab-0.1.0/nclab-0.1.0/bin/nclab"
[ -x "$nclab" ] || { echo "error: build first (scripts/setup.sh --no-train)" >&2; exit 2; }
data=/usr/share/datasets/fashion-mnist
[ -f "$data/t10k-images-idx3-ubyte.gz" ] || { echo "error: Fashion-MNIST missing: run scripts/setup.sh" >&2; exit 2; }
run="${1:-runs/export-quickstart}"
if [ ! -f "$run/run.json" ]; then
  "$nclab" train configs/quickstart.toml --set train.epochs=1 --set "run.output=\"$(dirname "$run")\"" \
    --set "run.name=\"$(basename "$run")\"" 2>/dev/null | tail -1
fi
"$nclab" export "$run" --out "$run/export" --force 2>/dev/null | head -1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
start=$(date +%s.%N)
"$nclab" eval "$run" > "$work/eval.out" 2>/dev/null
eval_s=$(seconds "$start" "$(date +%s.%N)")
start=$(date +%s.%N)
"$nclab" predict "$run/export" "$data/t10k-images-idx3-ubyte.gz" --labels "$data/t10k-labels-idx1-ubyte.gz" \
  > "$work/predictions.csv" 2> "$work/predict.err"
predict_s=$(seconds "$start" "$(date +%s.%N)")

eval_acc=$(grep -o 'accuracy [0-9.]*' "$work/eval.out" | awk '{print $2}')
predict_acc=$(grep -o '^accuracy [0-9.]*' "$work/predict.err" | awk '{print $2}')
lines=$(( $(wc -l < "$work/predictions.csv") - 1 ))
echo "command  images  accuracy  wall s  wall images/s"
printf "eval     %6d  %s    %6s  %6.0f\n" 10000 "$eval_acc" "$eval_s" "$(awk -v s="$eval_s" 'BEGIN {print 10000 / s}')"
printf "predict  %6d  %s    %6s  %6.0f   (batches only: %s)\n" "$lines" "$predict_acc" "$predict_s" \
  "$(awk -v s="$predict_s" 'BEGIN {print 10000 / s}')" "$(grep -o '[0-9]* images/s' "$work/predict.err")"
[ "$eval_acc" = "$predict_acc" ] && echo "same accuracy" || { echo "accuracies differ" >&2; exit 1; }
