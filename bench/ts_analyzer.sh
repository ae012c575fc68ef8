#!/usr/bin/env bash
# Nanoseconds per TS packet of TsAnalyzer.accept() on real content (JMH, io.sluice.ts.TsAnalyzerBenchmark).
# Extra arguments go to JMH, e.g. `-i 10` or `-prof gc`. Needs ffmpeg (the content is generated into
# target/ts-media on first use) and a JDK ≥ 21.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/ts_analyzer_bench.txt
bench/jmh.sh 'io\.sluice\.ts\.TsAnalyzerBenchmark' "$OUT" "$@"

# The result row: Benchmark Mode Cnt Score Error Units (ns/op, one op = one packet).
awk '$1 == "TsAnalyzerBenchmark.acceptPerPacket" && $NF == "ns/op" {
       printf "TsAnalyzer.accept: %s ± %s ns per TS packet\n", $4, $6 }' "$OUT"
