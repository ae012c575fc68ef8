# Sluice — two commands on a fresh Debian machine:
#   make run    installs what is missing, builds, and starts the gateway on its embedded defaults
#   make test   installs the test peers and runs every test (CI runs exactly this via .ci/run)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# A JDK >= 21, found by .ci/find-jdk (JAVA_HOME, javac on PATH, /usr/lib/jvm/*).
JDK := $(shell .ci/find-jdk 2>/dev/null)
export JAVA_HOME := $(JDK)
MVN := ./mvnw -B -ntp
JDK_FEATURE := $(shell sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(JDK)/release" 2>/dev/null)
# JNA calls restricted native methods; JDK 24+ warns (later refuses) without this flag.
# Netty (inside Quarkus) still uses sun.misc.Unsafe, which JDK 24+ reports on every start.
JAVA_OPTS ?= --enable-native-access=ALL-UNNAMED \
	$(shell [ "$(JDK_FEATURE)" -ge 24 ] 2>/dev/null && echo --sun-misc-unsafe-memory-access=allow)
APP := target/quarkus-app/quarkus-run.jar

# Debian packages. Runtime: libsrt (the openssl flavour provides libsrt.so.1.5). Build: the Maven
# Wrapper needs curl and unzip. Tests: real peers (srt-live-transmit, ffmpeg), libsrt headers and gcc
# for the struct-layout check and the benchmark smoke (bench/loadgen; libsrt-gnutls is the peers' flavour),
# iproute2/nftables for impaired networks in namespaces.
RUN_PACKAGES := libsrt1.5-openssl curl unzip ca-certificates
TEST_PACKAGES := $(RUN_PACKAGES) libsrt-openssl-dev libsrt1.5-gnutls gcc libc6-dev srt-tools ffmpeg python3 iproute2 nftables procps \
	postgresql postgresql-client gnuplot-nox
# Benchmarks: the peers, the C load generator's compiler and headers, gnuplot for the plots.
BENCH_PACKAGES := $(RUN_PACKAGES) libsrt-openssl-dev libsrt1.5-gnutls gcc libc6-dev srt-tools ffmpeg python3 procps \
	gnuplot-nox
SCENARIO ?= all

.PHONY: help run test build format clean packages-run packages-test packages-bench jdk native-sources bench

help:
	@echo "make run     build and start the gateway (REST on :8080, data in ./data)"
	@echo "make test    install test peers and run the whole suite (what CI runs)"
	@echo "make build   build without tests"
	@echo "make format  reformat the Java sources (the build checks the format)"
	@echo "make bench   benchmarks against srt-live-transmit and ffmpeg (SCENARIO=relay|fanout|ceiling|latency|"
	@echo "             memory|control|failover, default all): bench/results/ and docs/BENCHMARKS.md"

jdk:
	@if [[ -z "$(JDK)" ]]; then .ci/find-jdk; exit 1; fi
	@echo "Using JDK $(JDK)"

packages-run:
	@.ci/install-packages $(RUN_PACKAGES)

packages-test:
	@.ci/install-packages $(TEST_PACKAGES)

packages-bench:
	@.ci/install-packages $(BENCH_PACKAGES)

build: packages-run jdk
	$(MVN) package -DskipTests

run: build
	exec "$(JDK)/bin/java" $(JAVA_OPTS) -jar $(APP)

# The whole suite on the default (H2) build, a 30-second smoke of the benchmark harness on that build, then
# the persistence suite (@Tag("persistence"), including the two-node fleet test) on the PostgreSQL build
# against a local server, then the native build step.
test: packages-test jdk
	.ci/postgres
	$(MVN) verify
	python3 bench/run.py --smoke
	$(MVN) verify -Ppostgresql -Dgroups=persistence -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
	$(MAKE) --no-print-directory native-sources

# Every benchmark scenario (or SCENARIO=x,y), against srt-live-transmit and ffmpeg in the same run; about
# 20 minutes on 2 cores. Not part of `make test`: CI is for correctness.
bench: packages-bench jdk
	$(MVN) package -DskipTests
	python3 bench/run.py --scenario $(SCENARIO)

# Native image cannot be built on machines without GraalVM/Mandrel; this proves the build-time part
# (extension processing, JNA/JNI and reflection registration) and writes the native-image command.
native-sources: jdk
	$(MVN) package -Ppostgresql -Dnative -Dquarkus.native.sources-only=true -DskipTests -Dspotless.check.skip=true
	@test -f target/native-sources/native-image.args && echo "native sources OK: target/native-sources/native-image.args"

format: jdk
	$(MVN) spotless:apply

clean: jdk
	$(MVN) clean
