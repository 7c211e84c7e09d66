#!/usr/bin/env bash
# The NC probes benchmark of docs/nc-probes.md: NC1 and the other metrics of N = 60,000
# precomputed features, d = 512, K = 10, against a naive two-pass float64 computation and against
# TensorFlow's float64 MatMul as the accumulation kernel. Builds the nc-probes test classes (nothing
# is installed) and runs NcBenchmark; extra arguments go to it, e.g.
#
#   scripts/bench-nc.sh                  # the full run (about two minutes on 2 cores)
#   scripts/bench-nc.sh naive=false      # without the slow baseline
#   scripts/bench-nc.sh reps=3 n=20000   # smaller
#
# Needs nclab-api in ~/.m2 (scripts/setup.sh or 'mvn install' from the top puts it there).
set -euo pipefail
cd "$(dirname "$0")/.."

module=plugins/nc-probes
classpath_file="$module/target/bench-classpath.txt"
mvn -B -q -ntp -f "$module/pom.xml" test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$classpath_file"
exec java -Xmx2g \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$classpath_file")" \
  org.nclab.plugins.nc.NcBenchmark "$@"
