#!/bin/sh
# Builds srtload. Run from the repository root: bench/loadgen/build.sh [OUTPUT]  (default target/srtload)
set -eu
out="${1:-target/srtload}"
src="$(cd "$(dirname "$0")" && pwd)/srtload.c"
if ! printf '#include <srt/srt.h>\n' | gcc -E -x c - >/dev/null 2>&1; then
    echo "srtload: <srt/srt.h> not found: install the Debian package libsrt-openssl-dev" \
         "(apt-get install -y libsrt-openssl-dev)" >&2
    exit 1
fi
mkdir -p "$(dirname "$out")"
gcc -O2 -Wall -Wextra -Werror -std=gnu11 -o "$out" "$src" -lsrt -lpthread
