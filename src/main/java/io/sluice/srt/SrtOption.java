package io.sluice.srt;

import java.time.Duration;

/**
 * The one table of SRT socket options Sluice uses ({@code SRT_SOCKOPT}, docs/API/API-socket-options.md),
 * each with its Java type and its binding: when it may be set.
 *
 * <pre>
 * socket.set(SrtOption.LATENCY, Duration.ofMillis(120));   // PRE: before connect/listen
 * socket.set(SrtOption.PASSPHRASE, secret);                 // PRE
 * socket.set(SrtOption.SNDSYN, false);                      // POST: any time
 * </pre>
 *
 * @param <T> the Java type of the value
 */
public final class SrtOption<T> {

    /** When an option may be set, from the "Binding" column of the libsrt option table. */
    public enum Binding {
        /** Before {@code srt_bind} (affects the UDP socket). */
        PRE_BIND,
        /** Before {@code srt_connect}/{@code srt_listen}; on a listener, inherited by accepted sockets. */
        PRE,
        /** At any time. */
        POST,
        /** Read only. */
        READ_ONLY
    }

    /** How the value is laid out in memory for {@code srt_setsockflag}/{@code srt_getsockflag}. */
    public enum Kind {
        /** C {@code int32_t}. */
        INT,
        /** C {@code int64_t}. */
        INT64,
        /** C {@code bool} (one byte). */
        BOOL,
        /** C {@code int32_t} holding milliseconds, typed as {@link Duration}. */
        MILLIS,
        /** Bytes of a string, no terminator, length as optlen. */
        STRING
    }

    public static final SrtOption<Integer> MSS = new SrtOption<>("SRTO_MSS", 0, Kind.INT, Binding.PRE_BIND);
    public static final SrtOption<Boolean> SNDSYN = new SrtOption<>("SRTO_SNDSYN", 1, Kind.BOOL, Binding.POST);
    public static final SrtOption<Boolean> RCVSYN = new SrtOption<>("SRTO_RCVSYN", 2, Kind.BOOL, Binding.POST);
    public static final SrtOption<Integer> FC = new SrtOption<>("SRTO_FC", 4, Kind.INT, Binding.PRE);
    /** Sender buffer, bytes. */
    public static final SrtOption<Integer> SNDBUF = new SrtOption<>("SRTO_SNDBUF", 5, Kind.INT, Binding.PRE_BIND);
    /** Receiver buffer, bytes. */
    public static final SrtOption<Integer> RCVBUF = new SrtOption<>("SRTO_RCVBUF", 6, Kind.INT, Binding.PRE_BIND);

    public static final SrtOption<Integer> UDP_SNDBUF =
            new SrtOption<>("SRTO_UDP_SNDBUF", 8, Kind.INT, Binding.PRE_BIND);
    public static final SrtOption<Integer> UDP_RCVBUF =
            new SrtOption<>("SRTO_UDP_RCVBUF", 9, Kind.INT, Binding.PRE_BIND);
    public static final SrtOption<Boolean> RENDEZVOUS = new SrtOption<>("SRTO_RENDEZVOUS", 12, Kind.BOOL, Binding.PRE);
    public static final SrtOption<Duration> SNDTIMEO = new SrtOption<>("SRTO_SNDTIMEO", 13, Kind.MILLIS, Binding.POST);
    public static final SrtOption<Duration> RCVTIMEO = new SrtOption<>("SRTO_RCVTIMEO", 14, Kind.MILLIS, Binding.POST);
    public static final SrtOption<Boolean> REUSEADDR =
            new SrtOption<>("SRTO_REUSEADDR", 15, Kind.BOOL, Binding.PRE_BIND);
    /** Bandwidth ceiling, bytes per second; -1 = infinite, 0 = relative to input rate. */
    public static final SrtOption<Long> MAXBW = new SrtOption<>("SRTO_MAXBW", 16, Kind.INT64, Binding.POST);

    public static final SrtOption<Integer> STATE = new SrtOption<>("SRTO_STATE", 17, Kind.INT, Binding.READ_ONLY);
    /** Bytes waiting in the sender buffer. */
    public static final SrtOption<Integer> SNDDATA = new SrtOption<>("SRTO_SNDDATA", 19, Kind.INT, Binding.READ_ONLY);

    /** Sets receiver latency and the latency the peer is asked for (TSBPD), milliseconds. */
    public static final SrtOption<Duration> LATENCY = new SrtOption<>("SRTO_LATENCY", 23, Kind.MILLIS, Binding.PRE);
    /** Input rate estimate for MAXBW=0, bytes per second. */
    public static final SrtOption<Long> INPUTBW = new SrtOption<>("SRTO_INPUTBW", 24, Kind.INT64, Binding.POST);
    /** Overhead over the input rate for retransmissions, percent. */
    public static final SrtOption<Integer> OHEADBW = new SrtOption<>("SRTO_OHEADBW", 25, Kind.INT, Binding.POST);
    /** AES passphrase, 10-79 bytes; empty disables encryption. Never logged. */
    public static final SrtOption<String> PASSPHRASE = new SrtOption<>("SRTO_PASSPHRASE", 26, Kind.STRING, Binding.PRE);
    /** AES key length in bytes: 16, 24 or 32 (0 = default, 16). */
    public static final SrtOption<Integer> PBKEYLEN = new SrtOption<>("SRTO_PBKEYLEN", 27, Kind.INT, Binding.PRE);
    /** {@code SRT_KM_STATE} of the connection. */
    public static final SrtOption<Integer> KMSTATE = new SrtOption<>("SRTO_KMSTATE", 28, Kind.INT, Binding.READ_ONLY);

    public static final SrtOption<Integer> IPTTL = new SrtOption<>("SRTO_IPTTL", 29, Kind.INT, Binding.PRE_BIND);
    public static final SrtOption<Integer> IPTOS = new SrtOption<>("SRTO_IPTOS", 30, Kind.INT, Binding.PRE_BIND);
    public static final SrtOption<Boolean> TLPKTDROP = new SrtOption<>("SRTO_TLPKTDROP", 31, Kind.BOOL, Binding.PRE);
    public static final SrtOption<Boolean> NAKREPORT = new SrtOption<>("SRTO_NAKREPORT", 33, Kind.BOOL, Binding.PRE);
    public static final SrtOption<Integer> PEERVERSION =
            new SrtOption<>("SRTO_PEERVERSION", 35, Kind.INT, Binding.READ_ONLY);
    /** Caller connect timeout (rendezvous: ×10). */
    public static final SrtOption<Duration> CONNTIMEO = new SrtOption<>("SRTO_CONNTIMEO", 36, Kind.MILLIS, Binding.PRE);

    public static final SrtOption<Integer> SNDKMSTATE =
            new SrtOption<>("SRTO_SNDKMSTATE", 40, Kind.INT, Binding.READ_ONLY);
    public static final SrtOption<Integer> RCVKMSTATE =
            new SrtOption<>("SRTO_RCVKMSTATE", 41, Kind.INT, Binding.READ_ONLY);
    public static final SrtOption<Duration> RCVLATENCY =
            new SrtOption<>("SRTO_RCVLATENCY", 43, Kind.MILLIS, Binding.PRE);
    public static final SrtOption<Duration> PEERLATENCY =
            new SrtOption<>("SRTO_PEERLATENCY", 44, Kind.MILLIS, Binding.PRE);
    /** Stream ID sent by a caller (up to 512 bytes); on an accepted socket, what the caller sent. */
    public static final SrtOption<String> STREAMID = new SrtOption<>("SRTO_STREAMID", 46, Kind.STRING, Binding.PRE);

    public static final SrtOption<Boolean> MESSAGEAPI = new SrtOption<>("SRTO_MESSAGEAPI", 48, Kind.BOOL, Binding.PRE);
    /** Largest payload of one packet, bytes (live default 1316 = 7 TS packets). */
    public static final SrtOption<Integer> PAYLOADSIZE = new SrtOption<>("SRTO_PAYLOADSIZE", 49, Kind.INT, Binding.PRE);
    /** {@code SRT_TRANSTYPE}: 0 = live. */
    public static final SrtOption<Integer> TRANSTYPE = new SrtOption<>("SRTO_TRANSTYPE", 50, Kind.INT, Binding.PRE);

    public static final SrtOption<Boolean> ENFORCEDENCRYPTION =
            new SrtOption<>("SRTO_ENFORCEDENCRYPTION", 53, Kind.BOOL, Binding.PRE);
    /** -1 = system default, 0 = dual stack, 1 = IPv6 only. */
    public static final SrtOption<Integer> IPV6ONLY = new SrtOption<>("SRTO_IPV6ONLY", 54, Kind.INT, Binding.PRE_BIND);
    /** Time without any packet from the peer after which the connection is declared broken. */
    public static final SrtOption<Duration> PEERIDLETIMEO =
            new SrtOption<>("SRTO_PEERIDLETIMEO", 55, Kind.MILLIS, Binding.PRE);

    private final String name;
    private final int code;
    private final Kind kind;
    private final Binding binding;

    private SrtOption(String name, int code, Kind kind, Binding binding) {
        this.name = name;
        this.code = code;
        this.kind = kind;
        this.binding = binding;
    }

    /** The C name, e.g. {@code SRTO_LATENCY}. */
    public String name() {
        return name;
    }

    /** The {@code SRT_SOCKOPT} value. */
    public int code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    public Binding binding() {
        return binding;
    }

    @Override
    public String toString() {
        return name;
    }
}
