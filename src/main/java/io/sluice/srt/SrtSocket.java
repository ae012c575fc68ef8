package io.sluice.srt;

import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.sluice.srt.jna.LibSrt;
import io.sluice.srt.jna.SrtListenCallback;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One libsrt socket ({@code SRTSOCKET}), closed exactly once.
 *
 * <p>Threads: option, bind, connect and close calls come from the control plane; {@link #send} and
 * {@link #receive} come from one data-plane thread at a time. libsrt sockets are identified by number,
 * so a call on a socket that another thread has just closed fails cleanly with {@code SRT_EINVSOCK}.
 *
 * <p>{@link #send} and {@link #receive} are the per-packet calls: they allocate nothing, return
 * {@link #AGAIN} when a non-blocking call found nothing to do, and throw {@link SrtException} only when
 * the connection is gone.
 */
public final class SrtSocket implements AutoCloseable {

    /** Returned by {@link #send}/{@link #receive}: non-blocking call would block (SRT_EASYNC*). */
    public static final int AGAIN = -1;

    /** Where the socket is in its life; decides which options may still be set. */
    private enum Phase {
        CREATED,
        BOUND,
        OPEN
    }

    private final int id;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Phase phase;
    /** Set once by {@link #accept} before the socket is handed out; null for sockets not accepted. */
    private InetSocketAddress acceptedFrom;
    /** Keeps the listen callback reachable while libsrt holds a pointer to it. */
    private volatile SrtListenCallback listenCallback;

    private SrtSocket(int id, Phase phase) {
        this.id = id;
        this.phase = phase;
    }

    /** {@code srt_create_socket}: a live-mode socket. */
    public static SrtSocket create() {
        SrtLibrary.require();
        int id = LibSrt.srt_create_socket();
        if (id == LibSrt.SRT_INVALID_SOCK) throw SrtException.lastError("srt_create_socket");
        return new SrtSocket(id, Phase.CREATED);
    }

    /** The {@code SRTSOCKET} number. */
    public int id() {
        return id;
    }

    public boolean isClosed() {
        return closed.get();
    }

    // ---- options ----

    /** {@code srt_setsockflag}, refusing options whose binding has passed (e.g. LATENCY after connect). */
    public <T> void set(SrtOption<T> option, T value) {
        checkBinding(option);
        setFlag(id, option, value);
    }

    private void checkBinding(SrtOption<?> option) {
        Phase p = phase;
        boolean late = switch (option.binding()) {
            case PRE_BIND -> p != Phase.CREATED;
            case PRE -> p == Phase.OPEN;
            case POST -> false;
            case READ_ONLY -> true;
        };
        if (late) {
            String when = switch (option.binding()) {
                case PRE_BIND -> "before srt_bind";
                case PRE -> "before srt_connect/srt_listen";
                default -> "never (read only)";
            };
            throw new IllegalStateException(option.name() + " can only be set " + when + " (socket " + id + ")");
        }
    }

    /**
     * Sets an option on a socket number without binding checks: for sockets libsrt hands to a listen
     * callback mid-handshake, where PRE options (passphrase, latency) still apply.
     */
    public static <T> void setFlag(int socket, SrtOption<T> option, T value) {
        Memory m;
        int len;
        switch (option.kind()) {
            case INT -> {
                m = new Memory(4);
                m.setInt(0, (Integer) value);
                len = 4;
            }
            case INT64 -> {
                m = new Memory(8);
                m.setLong(0, (Long) value);
                len = 8;
            }
            case BOOL -> {
                m = new Memory(1);
                m.setByte(0, (byte) (((Boolean) value) ? 1 : 0));
                len = 1;
            }
            case MILLIS -> {
                m = new Memory(4);
                m.setInt(0, Math.toIntExact(((Duration) value).toMillis()));
                len = 4;
            }
            case STRING -> {
                byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
                m = new Memory(Math.max(1, bytes.length));
                m.write(0, bytes, 0, bytes.length);
                len = bytes.length;
            }
            default -> throw new AssertionError(option.kind());
        }
        if (LibSrt.srt_setsockflag(socket, option.code(), m, len) == LibSrt.SRT_ERROR) {
            // The value is deliberately not in the message: it may be a passphrase.
            throw SrtException.lastError("srt_setsockflag", option.name());
        }
    }

    /** {@code srt_getsockflag}. */
    @SuppressWarnings("unchecked")
    public <T> T get(SrtOption<T> option) {
        Memory m = new Memory(512);
        int[] len = {512};
        if (LibSrt.srt_getsockflag(id, option.code(), m, len) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_getsockflag", option.name());
        }
        Object v = switch (option.kind()) {
            case INT -> m.getInt(0);
            case INT64 -> m.getLong(0);
            case BOOL -> len[0] == 4 ? m.getInt(0) != 0 : m.getByte(0) != 0;
            case MILLIS -> Duration.ofMillis(m.getInt(0));
            case STRING -> new String(m.getByteArray(0, len[0]), StandardCharsets.UTF_8);
        };
        return (T) v;
    }

    // ---- connection ----

    /** {@code srt_bind}. */
    public void bind(InetSocketAddress local) {
        Memory sa = SockAddr.encode(local);
        if (LibSrt.srt_bind(id, sa, (int) sa.size()) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_bind", describe(local));
        }
        phase = Phase.BOUND;
    }

    /** {@code srt_listen}. */
    public void listen(int backlog) {
        if (LibSrt.srt_listen(id, backlog) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_listen", "socket " + id);
        }
        phase = Phase.OPEN;
    }

    /**
     * Installs the admission hook ({@code srt_listen_callback}); call before {@link #listen}. The callback
     * must catch everything and reject on failure (see {@link SrtListenCallback}).
     */
    public void listenCallback(SrtListenCallback callback) {
        this.listenCallback = callback;
        // libsrt calls from its own threads: keep them attached to the JVM instead of attaching and
        // detaching on every handshake.
        Native.setCallbackThreadInitializer(
                callback, new CallbackThreadInitializer(true, false, "sluice-srt-admission"));
        if (LibSrt.srt_listen_callback(id, callback, null) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_listen_callback", "socket " + id);
        }
    }

    /**
     * {@code srt_accept}: the next pending connection, or null when there is none (non-blocking listener).
     * The accepted socket inherits the listener's options.
     */
    public SrtSocket accept() {
        Memory sa = new Memory(SockAddr.STORAGE_SIZE);
        int[] len = {SockAddr.STORAGE_SIZE};
        int s = LibSrt.srt_accept(id, sa, len);
        if (s == LibSrt.SRT_INVALID_SOCK) {
            int code = LibSrt.srt_getlasterror(null);
            if (SrtError.of(code).isAgain()) return null;
            throw SrtException.lastError("srt_accept", "listener " + id);
        }
        SrtSocket accepted = new SrtSocket(s, Phase.OPEN);
        accepted.acceptedFrom = SockAddr.decode(sa);
        return accepted;
    }

    /** The peer {@code srt_accept} reported (known even once the connection is gone), or null if not accepted. */
    public InetSocketAddress acceptedFrom() {
        return acceptedFrom;
    }

    /** The peer: as {@code srt_accept} reported it for an accepted socket, else {@link #peer()}. */
    public InetSocketAddress remote() {
        return acceptedFrom != null ? acceptedFrom : peer();
    }

    /**
     * {@code srt_connect}. Blocking sockets return when connected (or throw with the reject reason);
     * a socket with {@code RCVSYN=false} returns at once and reports the outcome through epoll
     * ({@code OUT} = connected, {@code ERR} = failed, see {@link #rejectReason()}).
     */
    public void connect(InetSocketAddress remote) {
        Memory sa = SockAddr.encode(remote);
        phase = Phase.OPEN;
        if (LibSrt.srt_connect(id, sa, (int) sa.size()) == LibSrt.SRT_ERROR) {
            throw SrtException.connectFailed("srt_connect", id, describe(remote));
        }
    }

    /** {@code srt_rendezvous}: both sides bind and connect to each other. */
    public void rendezvous(InetSocketAddress local, InetSocketAddress remote) {
        Memory l = SockAddr.encode(local);
        Memory r = SockAddr.encode(remote);
        phase = Phase.OPEN;
        if (LibSrt.srt_rendezvous(id, l, (int) l.size(), r, (int) r.size()) == LibSrt.SRT_ERROR) {
            throw SrtException.connectFailed("srt_rendezvous", id, describe(local) + " <-> " + describe(remote));
        }
    }

    /**
     * For a listen callback: sets {@code reason} ({@link SrtReject}) on the pending socket and returns the
     * callback's "reject" value, -1. Never throws.
     */
    public static int reject(int pendingSocket, int reason) {
        try {
            LibSrt.srt_setrejectreason(pendingSocket, reason);
        } catch (Throwable ignored) {
            // rejecting without a reason still rejects
        }
        return -1;
    }

    /** Decodes the {@code const struct sockaddr*} a listen callback receives; null if unknown. */
    public static InetSocketAddress address(Pointer sockaddr) {
        return SockAddr.decode(sockaddr);
    }

    /** {@code srt_getpeername}, or null when not connected. */
    public InetSocketAddress peer() {
        Memory sa = new Memory(SockAddr.STORAGE_SIZE);
        int[] len = {SockAddr.STORAGE_SIZE};
        if (LibSrt.srt_getpeername(id, sa, len) == LibSrt.SRT_ERROR) return null;
        return SockAddr.decode(sa);
    }

    /** {@code srt_getsockname}: the bound local address (the port chosen when bound to 0). */
    public InetSocketAddress local() {
        Memory sa = new Memory(SockAddr.STORAGE_SIZE);
        int[] len = {SockAddr.STORAGE_SIZE};
        if (LibSrt.srt_getsockname(id, sa, len) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_getsockname", "socket " + id);
        }
        return SockAddr.decode(sa);
    }

    /** {@code srt_getsockstate}. */
    public SrtSocketState state() {
        return SrtSocketState.of(LibSrt.srt_getsockstate(id));
    }

    /** {@code srt_getrejectreason}: why a connect failed (see {@link SrtReject#describe}). */
    public int rejectReason() {
        return LibSrt.srt_getrejectreason(id);
    }

    // ---- data (per packet: no allocation) ----

    /**
     * {@code srt_sendmsg2}: one message of {@code length} bytes from native memory {@code buf}.
     *
     * @return bytes accepted, or {@link #AGAIN} if the (non-blocking) send buffer is full
     * @throws SrtException when the connection is gone
     */
    public int send(Pointer buf, int length) {
        int n = LibSrt.srt_sendmsg2(id, buf, length, null);
        if (n != LibSrt.SRT_ERROR) return n;
        if (SrtError.of(LibSrt.srt_getlasterror(null)).isAgain()) return AGAIN;
        throw SrtException.lastError("srt_sendmsg2", "socket " + id);
    }

    /**
     * {@code srt_recvmsg2}: one message into native memory {@code buf} of {@code capacity} bytes.
     *
     * @return bytes received, or {@link #AGAIN} if nothing is ready (non-blocking socket)
     * @throws SrtException when the connection is gone
     */
    public int receive(Pointer buf, int capacity) {
        int n = LibSrt.srt_recvmsg2(id, buf, capacity, null);
        if (n != LibSrt.SRT_ERROR) return n;
        if (SrtError.of(LibSrt.srt_getlasterror(null)).isAgain()) return AGAIN;
        throw SrtException.lastError("srt_recvmsg2", "socket " + id);
    }

    /**
     * {@code srt_bistats} into {@code scratch} (at least {@link SrtStats#STRUCT_SIZE} bytes, owned by the
     * calling thread), without clearing the interval counters.
     */
    public SrtStats stats(Memory scratch) {
        if (LibSrt.srt_bistats(id, scratch, 0, 1) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_bistats", "socket " + id);
        }
        return SrtStats.read(scratch);
    }

    /**
     * Data packets received so far ({@code pktRecvTotal} of {@code srt_bistats}, retransmissions included),
     * counted as they arrive, before the receiver's TSBPD delay; {@code scratch} as for {@link #stats}.
     * Allocates nothing.
     */
    public long packetsReceived(Memory scratch) {
        if (LibSrt.srt_bistats(id, scratch, 0, 1) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_bistats", "socket " + id);
        }
        return scratch.getLong(SrtStats.PKT_RECV_TOTAL);
    }

    /** {@code srt_close}, once; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) LibSrt.srt_close(id);
    }

    @Override
    public String toString() {
        return "SrtSocket[" + id + "]";
    }

    private static String describe(InetSocketAddress a) {
        String host =
                a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
