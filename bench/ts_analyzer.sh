#!/usr/bin/env bash
# Nanoseconds per TS packet of TsAnalyzer.accept() on real content (JMH, io.sluice.ts.TsAnalyzerBenchmark).
# Builds the test classes and the test classpath with Maven, then runs JMH in one short fork
# (3 × 2 s warm-up, 5 × 2 s measurement). Extra arguments go to JMH, e.g. `-i 10` or `-prof gc`.
# Needs ffmpeg (the content is generated into target/ts-media on first use) and a JDK ≥ 21.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="${JAVA_HOME:-$(.ci/find-jdk)}"
export JAVA_HOME
MVN=(./mvnw -B -ntp -q)

"${MVN[@]}" test-compile -Dspotless.check.skip=true
"${MVN[@]}" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"

OUT=target/ts_analyzer_bench.txt
"$JAVA_HOME/bin/java" -cp "$CP" org.openjdk.jmh.Main 'io\.sluice\.ts\.TsAnalyzerBenchmark' "$@" | tee "$OUT"

# The result row: Benchmark Mode Cnt Score Error Units (ns/op, one op = one packet).
awk '$1 == "TsAnalyzerBenchmark.acceptPerPacket" && $NF == "ns/op" {
       printf "TsAnalyzer.accept: %s ± %s ns per TS packet\n", $4, $6 }' "$OUT"
