#!/usr/bin/env bash
# nclab predict on an export against nclab eval on the same run, one after the other in one
# invocation: both accuracies on the 10,000 Fashion-MNIST test images and both throughputs.
# Wall-clock images/s count the whole command (JVM and TensorFlow start-up, loading); predict also
# reports its own batches-only figure. Trains configs/quickstart.toml for one epoch when RUN is absent.
#
#   scripts/predict-vs-eval.sh [RUN]      (default runs/export-quickstart; ROUNDS=N alternated rounds, default 3,
#                                          medians printed)
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
# sed reads the rest (head -1 leaving early could end export with SIGPIPE under pipefail)
"$nclab" export "$run" --out "$run/export" --force 2>/dev/null | sed -n 1p
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rounds="${ROUNDS:-3}"
eval_all=(); predict_all=(); batches_all=()
echo "round  eval wall s  predict wall s  predict batches images/s"
for round in $(seq 1 "$rounds"); do
  # Alternated: eval then predict in every round, so a change in the machine's load hits both.
  start=$(date +%s.%N)
  "$nclab" eval "$run" > "$work/eval.out" 2>/dev/null
  eval_s=$(seconds "$start" "$(date +%s.%N)")
  start=$(date +%s.%N)
  "$nclab" predict "$run/export" "$data/t10k-images-idx3-ubyte.gz" --labels "$data/t10k-labels-idx1-ubyte.gz" \
    > "$work/predictions.csv" 2> "$work/predict.err"
  predict_s=$(seconds "$start" "$(date +%s.%N)")
  batches=$(grep -o '[0-9]* images/s' "$work/predict.err" | awk '{print $1}')
  printf "%5d  %11s  %14s  %s\n" "$round" "$eval_s" "$predict_s" "$batches"
  eval_all+=("$eval_s"); predict_all+=("$predict_s"); batches_all+=("$batches")
done
eval_s=$(median "${eval_all[@]}"); predict_s=$(median "${predict_all[@]}")

eval_acc=$(grep -o 'accuracy [0-9.]*' "$work/eval.out" | awk '{print $2}')
predict_acc=$(grep -o '^accuracy [0-9.]*' "$work/predict.err" | awk '{print $2}')
lines=$(( $(wc -l < "$work/predictions.csv") - 1 ))
echo "medians of $rounds rounds:"
echo "command  images  accuracy  wall s  wall images/s"
printf "eval     %6d  %s    %6s  %6.0f\n" 10000 "$eval_acc" "$eval_s" "$(awk -v s="$eval_s" 'BEGIN {print 10000 / s}')"
printf "predict  %6d  %s    %6s  %6.0f   (batches only: %s images/s)\n" "$lines" "$predict_acc" "$predict_s" \
  "$(awk -v s="$predict_s" 'BEGIN {print 10000 / s}')" "$(median "${batches_all[@]}")"
[ "$eval_acc" = "$predict_acc" ] && echo "same accuracy" || { echo "accuracies differ" >&2; exit 1; }
