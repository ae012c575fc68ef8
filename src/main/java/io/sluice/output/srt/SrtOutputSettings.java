package io.sluice.output.srt;

import io.sluice.output.OutputUrl;
import io.sluice.problem.Problem;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.Chunk;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What an {@code srt://} output URL asks for, validated. Query names are srt-live-transmit's.
 *
 * <pre>
 * srt://host:port?mode=caller&amp;latency=200&amp;streamid=x&amp;passphrase=...&amp;pbkeylen=16   push to a listener
 * srt://:0?mode=listener&amp;passphrase=...                                      decoders pull (port from the range)
 * </pre>
 *
 * @param caller true for caller (push), false for listener (pull)
 * @param host remote host (caller) or bind address (listener, empty = all)
 * @param port remote port (caller) or listen port (listener, 0 = from the range)
 * @param latency SRT latency
 * @param passphrase null = no encryption; never logged
 * @param pbKeyLen 0 = libsrt default (16)
 * @param streamId null = none (caller only)
 * @param connectTimeout caller connect timeout
 * @param maxBandwidth SRTO_MAXBW in bytes/s; 0 = relative to input, -1 = unlimited; null = libsrt default
 */
public record SrtOutputSettings(
        boolean caller,
        String host,
        int port,
        Duration latency,
        String passphrase,
        int pbKeyLen,
        String streamId,
        Duration connectTimeout,
        Long maxBandwidth) {

    public static final Set<String> KEYS =
            Set.of("mode", "latency", "streamid", "passphrase", "pbkeylen", "conntimeo", "maxbw");

    /** Validates an {@code srt://} URL; 400 with the reason otherwise. */
    public static SrtOutputSettings parse(OutputUrl url, Duration defaultLatency) {
        url.requireKnownKeys(KEYS);
        String mode = url.param("mode");
        boolean caller;
        if (mode == null) caller = !url.host().isEmpty();
        else {
            caller = switch (mode.toLowerCase(Locale.ROOT)) {
                case "caller", "client" -> true;
                case "listener", "server" -> false;
                default ->
                    throw Problem.invalid("srt output mode '" + mode
                            + "' is not supported: use mode=caller (push) or mode=listener" + " (decoders pull)");
            };
        }
        if (url.port() < 0) {
            throw Problem.invalid("srt url " + url.redacted() + " has no port"
                    + (caller ? "" : " (use :0 to take one from the port range)"));
        }
        if (caller && url.host().isEmpty()) {
            throw Problem.invalid("srt caller url " + url.redacted() + " needs a host to connect to");
        }
        if (caller && url.port() == 0) throw Problem.invalid("srt caller url " + url.redacted() + " needs a port");
        Duration latency = SrtParams.latency(
                url.param("latency") == null ? null : url.intParam("latency", 0, SrtParams.LATENCY_MAX_MILLIS, 0),
                "latency",
                defaultLatency);
        String passphrase = SrtParams.passphrase(url.param("passphrase"), "passphrase");
        Integer pbKeyLenParam = url.param("pbkeylen") == null ? null : url.intParam("pbkeylen", 0, 32, 0);
        int pbKeyLen = SrtParams.pbKeyLen(pbKeyLenParam, "pbkeylen", 0);
        if (pbKeyLenParam != null && passphrase == null) {
            throw Problem.invalid("pbkeylen needs a passphrase: add passphrase=... (10 to 79 bytes) to the url");
        }
        String streamId = SrtParams.streamId(url.param("streamid"), "streamid");
        if (streamId != null && !caller) {
            throw Problem.invalid("streamid applies to caller outputs only; a listener output accepts any caller");
        }
        Duration connectTimeout = Duration.ofMillis(url.intParam("conntimeo", 100, 120_000, 3000));
        Long maxBw = url.param("maxbw") == null ? null : (long) url.intParam("maxbw", -1, Integer.MAX_VALUE, 0);
        return new SrtOutputSettings(
                caller, url.host(), url.port(), latency, passphrase, pbKeyLen, streamId, connectTimeout, maxBw);
    }

    /** Options every SRT output socket gets before connect/listen. */
    void applyTo(SrtSocket socket) {
        socket.set(SrtOption.TRANSTYPE, 0); // live
        socket.set(SrtOption.LATENCY, latency);
        // Senders must accept any live payload Sluice receives, up to SRT_LIVE_MAX_PLSIZE.
        socket.set(SrtOption.PAYLOADSIZE, Chunk.CAPACITY);
        if (passphrase != null) {
            socket.set(SrtOption.PASSPHRASE, passphrase);
            if (pbKeyLen != 0) socket.set(SrtOption.PBKEYLEN, pbKeyLen);
        }
        if (streamId != null) socket.set(SrtOption.STREAMID, streamId);
        socket.set(SrtOption.CONNTIMEO, connectTimeout);
        // Non-blocking: sends never wait, connect completes through epoll.
        socket.set(SrtOption.SNDSYN, false);
        socket.set(SrtOption.RCVSYN, false);
        if (maxBandwidth != null) socket.set(SrtOption.MAXBW, maxBandwidth);
    }

    @Override
    public String toString() {
        return "SrtOutputSettings[" + (caller ? "caller " : "listener ") + host + ":" + port + ", latency "
                + latency.toMillis() + " ms" + (passphrase != null ? ", encrypted" : "") + "]";
    }
}
