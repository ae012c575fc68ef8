package io.sluice.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every {@code sluice.*} setting, typed, with units. Env vars: {@code SLUICE_PORTS_RANGE} etc. */
@ConfigMapping(prefix = "sluice")
public interface SluiceConfig {

    /** Host (name or address) put into the SRT URLs given to encoders and decoders; default: this machine's first non-loopback address. */
    Optional<String> publicHost();

    /** Directory for the embedded database and the generated API token. */
    @WithDefault("./data")
    Path dataDir();

    /** This process's name in a fleet; default: the host name. */
    Optional<String> nodeId();

    Ports ports();

    Srt srt();

    Api api();

    DataPlaneConfig dataPlane();

    OutputConfig output();

    ShutdownConfig shutdown();

    KubernetesConfig kubernetes();

    interface KubernetesConfig {
        /**
         * In a Kubernetes pod without sluice.public-host: put the ExternalIP of the pod's node in URLs,
         * looked up through the Kubernetes API (needs get on pods and nodes). For host-network pods.
         */
        @WithDefault("false")
        boolean publicHostFromNode();
    }

    interface ShutdownConfig {
        /**
         * After SIGTERM: how long readiness reports DOWN while live streams keep flowing, so that a load
         * balancer moves new work away before sockets close.
         */
        @WithDefault("10s")
        Duration drain();
    }

    NodeConfig node();

    interface NodeConfig {
        /** How often this node writes its heartbeat; a node silent for three beats is no longer live. */
        @WithDefault("5s")
        Duration heartbeat();
    }

    interface Ports {
        /** UDP ports this node may bind for listener sources and listener outputs, {@code first-last} inclusive. */
        @WithDefault("10000-10999")
        String range();

        /** Readiness goes DOWN when fewer ports than this are free, so that a load balancer sends new work elsewhere. */
        @WithDefault("1")
        int minFree();

        /**
         * For StatefulSet pods named {@code <name>-<ordinal>}: shift the range by {@code ordinal × stride}, so
         * that one setting gives every pod its own range (0 = off).
         */
        @WithDefault("0")
        int ordinalStride();

        /**
         * For identical instances (an auto-scaling group): cut the range into slots of this many ports; each
         * node claims the first slot no live node holds, preferring the one it had (0 = off: use the whole
         * range).
         */
        @WithDefault("0")
        int slotSize();
    }

    interface Srt {
        /** Default SRT latency (TSBPD delay) of ingests and SRT outputs. */
        @WithDefault("120ms")
        Duration latency();

        /** The libsrt to load: a soname found by the dynamic loader, or a path. */
        @WithDefault("libsrt.so.1.5")
        String library();

        /** Address that SRT listeners bind (0.0.0.0 = every IPv4 interface; :: = IPv4 and IPv6). */
        @WithDefault("0.0.0.0")
        String bindAddress();

        /** One SRT listener for every ingest, routed by stream ID (0 = off). */
        @WithDefault("8890")
        int sharedPort();
    }

    StatsConfig stats();

    interface StatsConfig {
        /** How often SRT statistics are polled and media analysis is sampled. */
        @WithDefault("1s")
        Duration interval();
    }

    HealthConfig health();

    interface HealthConfig {
        /** An ingest whose media bitrate is under this is degraded, bits/s (0 = no floor). */
        @WithDefault("100000")
        long minBitrate();

        /** Loss (even recovered) above this share of packets over 10 s degrades an ingest, percent. */
        @WithDefault("1.0")
        double lossPercent();

        /** A connected source silent for longer than this counts as down. */
        @WithDefault("2s")
        Duration mediaTimeout();
    }

    IngestConfig ingest();

    interface IngestConfig {
        /**
         * A new publisher that passes admission replaces the live one once that has been silent this long:
         * an encoder reconnecting after a crash is not refused as busy while its old connection times out.
         */
        @WithDefault("1s")
        Duration takeoverAfter();
    }

    interface Api {
        /** Bearer tokens accepted by the REST API; none (and no tokens-file) = generate one into the data directory. */
        Optional<List<String>> tokens();

        /** A file of tokens, one per line ('#' comments), re-read when it changes: rotation without a restart. */
        Optional<Path> tokensFile();

        /**
         * Base URL at which the other nodes reach this node's REST API, to forward requests about the ingests
         * it owns; default {@code http://<this machine's first IPv4 address>:<quarkus.http.port>}.
         */
        Optional<String> advertisedUrl();
    }

    interface DataPlaneConfig {
        /** Receive threads ({@code sluice-srt-N}), each waiting on one srt_epoll; 0 = half the CPUs, at least 1. */
        @WithDefault("0")
        int receiveThreads();

        /** Send threads ({@code sluice-send-N}) that drain output queues; 0 = half the CPUs, at least 1. */
        @WithDefault("0")
        int sendThreads();

        /** Chunks (1,472 bytes of direct memory each) the pool allocates at a time. */
        @WithDefault("4096")
        int poolSlab();

        /** Upper bound of chunks in the pool: 131072 ≈ 184 MiB. */
        @WithDefault("131072")
        int poolMax();
    }

    interface OutputConfig {
        /** Payloads (≤ 1,456 bytes each) an output's queue holds before it drops; 2048 ≈ 2 s at 10 Mbit/s. */
        @WithDefault("2048")
        int queueCapacity();

        /** First delay before an output reconnects after a failure. */
        @WithDefault("500ms")
        Duration retryMin();

        /** Longest delay between reconnect attempts. */
        @WithDefault("5s")
        Duration retryMax();
    }
}
