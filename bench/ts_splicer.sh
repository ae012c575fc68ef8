#!/usr/bin/env bash
# Nanoseconds per TS packet of TsSplicer.accept() on real content (JMH, io.sluice.ts.TsSplicerBenchmark):
# the pass-through before any switch, the remapped path after a switch (minus the copy that restores the
# payload before each rewrite, measured alone as copyOnly), and the inactive input.
# Extra arguments go to JMH, e.g. `-i 10` or `-prof gc`. Needs ffmpeg (the content is generated into
# target/ts-media on first use) and a JDK ≥ 21.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/ts_splicer_bench.txt
bench/jmh.sh 'io\.sluice\.ts\.TsSplicerBenchmark' "$OUT" "$@"

# Result rows: Benchmark Mode Cnt Score Error Units (ns/op, one op = one packet).
awk '$1 ~ /^TsSplicerBenchmark\.[a-zA-Z]+$/ && $NF == "ns/op" {
       name = substr($1, 20); score[name] = $4; err[name] = $6
       printf "TsSplicer %-12s %8s ± %s ns per TS packet\n", name ":", $4, $6 }
     END { if ("remapped" in score && "copyOnly" in score)
             printf "TsSplicer remapped minus copy: %.1f ns per TS packet\n", score["remapped"] - score["copyOnly"] }' "$OUT"
