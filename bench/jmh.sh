#!/usr/bin/env bash
# Runs the JMH benchmarks whose class matches $1 (a regex, e.g. 'io\.sluice\.ts\.TsAnalyzerBenchmark') and
# writes JMH's output to $2 as well as to the terminal; further arguments go to JMH (`-i 10`, `-prof gc`).
# Builds the test classes and the test classpath with Maven first. One short fork per benchmark, as each
# benchmark class declares (3 × 2 s warm-up, 5 × 2 s measurement). Needs a JDK ≥ 21 (found if unset).
set -euo pipefail
cd "$(dirname "$0")/.."
PATTERN="$1"
OUT="$2"
shift 2
JAVA_HOME="${JAVA_HOME:-$(.ci/find-jdk)}"
export JAVA_HOME
MVN=(./mvnw -B -ntp -q)

"${MVN[@]}" test-compile -Dspotless.check.skip=true
"${MVN[@]}" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
"$JAVA_HOME/bin/java" -cp "$CP" org.openjdk.jmh.Main "$PATTERN" "$@" | tee "$OUT"
