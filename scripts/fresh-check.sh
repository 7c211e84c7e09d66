#!/usr/bin/env bash
# The README's two commands as a new user runs them: a fresh clone of this repository in a temporary
# folder, an empty Maven local repository, then `scripts/setup.sh` and `mvn -B verify` there.
# Prints each command's time and the test totals; exits non-zero when either command fails.
#
#   scripts/fresh-check.sh               # set-up with --no-train (CI's form), then the tests
#   scripts/fresh-check.sh --train       # set-up as the README gives it, quickstart included
#   scripts/fresh-check.sh --keep        # keep the clone and the Maven repository afterwards
#
# Commit first: the clone sees what is committed, not the working tree.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
setup_args=(--no-train)
keep=0
for arg in "$@"; do
  case "$arg" in
    --train) setup_args=() ;;
    --keep) keep=1 ;;
    *) echo "fresh-check: unknown argument '$arg' (--train, --keep)" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d /tmp/nclab-fresh.XXXXXX)"
cleanup() { [ "$keep" -eq 1 ] || rm -rf "$work"; }
trap cleanup EXIT
git clone -q "$repo" "$work/nclab"
mkdir "$work/m2"
# An empty local repository for every Maven call in both commands, the template's nested build
# included (MAVEN_OPTS reaches each mvn that the scripts and tests start).
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$work/m2"
echo "fresh-check: clone $(git -C "$work/nclab" rev-parse --short HEAD) in $work/nclab, empty Maven repository $work/m2"

cd "$work/nclab"
start=$(date +%s)
scripts/setup.sh "${setup_args[@]}" 2>&1 | tee "$work/setup.log"
setup_seconds=$(( $(date +%s) - start ))
echo "fresh-check: scripts/setup.sh ${setup_args[*]} passed in ${setup_seconds} s"

start=$(date +%s)
status=0
mvn -B -ntp verify > "$work/verify.log" 2>&1 || status=$?
verify_seconds=$(( $(date +%s) - start ))
grep -E "Tests run:.*Fail" "$work/verify.log" | grep -v " -- in " | tail -n 8 || true
if [ "$status" -ne 0 ]; then
  tail -n 60 "$work/verify.log"
  echo "fresh-check: mvn -B verify FAILED after ${verify_seconds} s (log: $work/verify.log)" >&2
  keep=1
  exit 1
fi
echo "fresh-check: mvn -B verify passed in ${verify_seconds} s; Maven repository filled to $(du -sh "$work/m2" | cut -f1)"
