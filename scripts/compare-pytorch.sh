#!/usr/bin/env bash
# nclab against PyTorch on the two reference networks (configs/bench/cnn.toml, resnet8.toml),
# same data (Fashion-MNIST IDX, from memory), same batch and optimizer, 2 threads each.
#
#   scripts/compare-pytorch.sh [--rounds 5] [--steps 60] [--warmup 15] [--nets "cnn resnet8"]
#                              [--variant LABEL 'ENV=VALUE ...' 'NCLAB ARGS'] ... [--no-torch]
#   scripts/compare-pytorch.sh --accuracy [--epochs 3]
#
# Speed: every round trains each network for a fixed number of steps once per contestant (nclab
# through `nclab bench --no-hand-loop`, PyTorch in its default and channels-last layouts), each in
# a fresh process after untimed warm-up steps; the order of the contestants flips every round so
# that machine noise hits all alike. Prints per-round img/s, medians, and nclab's median over the
# faster PyTorch layout's. --variant adds an nclab contestant with extra environment and arguments
# (e.g. --variant xla 'TF_XLA_FLAGS=--tf_xla_auto_jit=2' '--set run.xla=true'); without any, the
# one contestant is plain "nclab".
#
# Accuracy: trains the cnn for --epochs whole epochs with nclab and with PyTorch (cosine schedule,
# seed 1) and prints both test accuracies and their difference.
#
# Speed runs take `flock /tmp/nclab-bench.lock` themselves, so benchmarks never overlap.
# Needs the built distribution (mvn -B -ntp -q package -DskipTests) and Debian's python3-torch,
# which it installs when absent (as root).
set -euo pipefail

all_args=("$@")
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nclab="${NCLAB:-$repo/distribution/target/nclab-0.1.0/nclab-0.1.0/bin/nclab}"
python=/usr/bin/python3
reference="$repo/scripts/pytorch_reference.py"
rounds=5 steps=60 warmup=15 nets="cnn resnet8" torch=1 mode=speed epochs=3
labels=() envs=() args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --nets) nets="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --variant) labels+=("$2"); envs+=("$3"); args+=("$4"); shift 4 ;;
    --no-torch) torch=0; shift ;;
    --accuracy) mode=accuracy; shift ;;
    *) echo "error: unknown argument $1; see the header of $0" >&2; exit 2 ;;
  esac
done
# Timings take the benchmark lock (waiting for anyone else's benchmark); accuracy runs do not.
if [ "$mode" = speed ] && [ -z "${NCLAB_BENCH_LOCKED:-}" ]; then
  export NCLAB_BENCH_LOCKED=1
  exec flock /tmp/nclab-bench.lock "$0" "${all_args[@]}"
fi
if [ ${#labels[@]} -eq 0 ]; then
  labels=(nclab) envs=("") args=("")
fi

if [ ! -x "$nclab" ]; then
  echo "error: no nclab launcher at $nclab; build it with: mvn -B -ntp -q package -DskipTests (or set NCLAB)" >&2
  exit 2
fi
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "python3-torch is missing; installing Debian's package" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: run as root, or: sudo apt-get install python3-torch" >&2
    exit 2
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
config() { echo "$repo/configs/bench/$1.toml"; }

if [ "$mode" = accuracy ]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
  echo "cnn, $epochs epochs, batch 128, SGD 0.9 / lr 0.05 cosine / wd 5e-4, seed 1"
  echo "== nclab"
  "$nclab" train "$(config cnn)" --new --set "train.epochs=$epochs" --set "run.output=$out" \
    --set checkpoint.keep=1 | tee "$out/nclab.txt" | grep -E '^epoch|^test accuracy'
  echo "== PyTorch (channels-last)"
  OMP_NUM_THREADS=2 "$python" "$reference" accuracy --net cnn --layout channels_last --epochs "$epochs" \
    --threads 2 | tee "$out/torch.txt"
  a="$(sed -n 's/^test accuracy \([0-9.]*\).*/\1/p' "$out/nclab.txt")"
  b="$(sed -n 's/^test accuracy \([0-9.]*\).*/\1/p' "$out/torch.txt")"
  "$python" -c "a, b = $a, $b; print(f'test accuracy: nclab {a:.4f}, PyTorch {b:.4f}, difference {100 * (a - b):+.2f} points')"
  exit 0
fi

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
run_nclab() { # net, variant index
  local line
  line="$(eval "env ${envs[$2]} \"\$nclab\" bench \"\$(config $1)\" --no-hand-loop --rounds 1 --steps $steps --warmup $warmup ${args[$2]}" 2>/dev/null \
    | awk '/nclab trainer/ {print $3}')"
  [ -n "$line" ] || { echo "error: nclab bench $1 (${labels[$2]}) printed no rate" >&2; exit 3; }
  echo "$1 ${labels[$2]} $line" | tee -a "$results"
}
run_torch() { # net, layout
  local rate
  rate="$(OMP_NUM_THREADS=2 "$python" "$reference" speed --net "$1" --layout "$2" --steps "$steps" \
    --warmup "$warmup" --threads 2 | awk '/^img\/s/ {print $2}')"
  echo "$1 torch-$2 $rate" | tee -a "$results"
}

echo "nclab: $nclab; PyTorch $("$python" -c 'import torch; print(torch.__version__)'); $steps steps after $warmup warm-up, batch 128, $rounds rounds"
for round in $(seq 1 "$rounds"); do
  echo "-- round $round/$rounds"
  for net in $nets; do
    contestants=()
    for i in "${!labels[@]}"; do contestants+=("nclab:$i"); done
    if [ "$torch" = 1 ]; then contestants+=(torch:default torch:channels_last); fi
    if [ $((round % 2)) -eq 0 ]; then # flip the order every other round
      mapfile -t contestants < <(printf '%s\n' "${contestants[@]}" | tac)
    fi
    for c in "${contestants[@]}"; do
      case "$c" in
        nclab:*) run_nclab "$net" "${c#nclab:}" ;;
        torch:*) run_torch "$net" "${c#torch:}" ;;
      esac
    done
  done
done

"$python" - "$results" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    net, who, rate = line.split()
    rows.setdefault(net, {}).setdefault(who, []).append(float(rate))
print()
print("| network | contestant | median img/s | rounds |")
print("|---|---|---|---|")
for net, by in rows.items():
    for who, rates in by.items():
        print(f"| {net} | {who} | {statistics.median(rates):.0f} | {', '.join(f'{r:.0f}' for r in rates)} |")
print()
for net, by in rows.items():
    torch = {w: statistics.median(r) for w, r in by.items() if w.startswith("torch-")}
    best = max(torch, key=torch.get) if torch else None
    for who, rates in by.items():
        if who.startswith("torch-"):
            continue
        if best:
            print(f"{net}: {who} / {best} (PyTorch's faster layout) = {statistics.median(rates) / torch[best]:.2f}x")
    nclab = [w for w in by if not w.startswith("torch-")]
    for other in nclab[1:]:
        print(f"{net}: {other} / {nclab[0]} = {statistics.median(by[other]) / statistics.median(by[nclab[0]]):.3f}")
EOF
