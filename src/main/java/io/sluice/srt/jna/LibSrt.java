package io.sluice.srt.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct mapping of the libsrt 1.5 C API ({@code srt/srt.h}): C names, C types, no policy.
 *
 * <p>{@code SRTSOCKET} is {@code int}. Out-parameters ({@code int*}) are {@code int[]} of length 1.
 * Per-packet calls ({@code srt_recvmsg2}, {@code srt_sendmsg2}, {@code srt_epoll_uwait}) take
 * {@link Pointer}s to memory that the caller owns and reuses, so that they allocate nothing.
 *
 * <p>Nothing here may be called before {@link #register(NativeLibrary)}; {@code io.sluice.srt.SrtLibrary}
 * does that once, after checking the library's version. {@code srt_getlasterror} is thread-local: read
 * it on the thread whose call failed, before any other libsrt call.
 */
public final class LibSrt {
    private LibSrt() {}

    /** Binds the native methods below to {@code library}. Called once, by {@code SrtLibrary}. */
    public static void register(NativeLibrary library) {
        Native.register(LibSrt.class, library);
    }

    // ---- constants from srt.h (1.5.1) ----

    public static final int SRT_INVALID_SOCK = -1;
    public static final int SRT_ERROR = -1;

    // SRT_SOCKSTATUS
    public static final int SRTS_INIT = 1;
    public static final int SRTS_OPENED = 2;
    public static final int SRTS_LISTENING = 3;
    public static final int SRTS_CONNECTING = 4;
    public static final int SRTS_CONNECTED = 5;
    public static final int SRTS_BROKEN = 6;
    public static final int SRTS_CLOSING = 7;
    public static final int SRTS_CLOSED = 8;
    public static final int SRTS_NONEXIST = 9;

    // SRT_EPOLL_OPT
    public static final int SRT_EPOLL_IN = 0x1;
    public static final int SRT_EPOLL_OUT = 0x4;
    public static final int SRT_EPOLL_ERR = 0x8;
    public static final int SRT_EPOLL_ET = 1 << 31;
    // SRT_EPOLL_FLAGS
    public static final int SRT_EPOLL_ENABLE_EMPTY = 1;

    /** {@code sizeof(SRT_EPOLL_EVENT)}: {@code {SRTSOCKET fd; int events;}}. */
    public static final int SRT_EPOLL_EVENT_SIZE = 8;

    // SRT_TRANSTYPE
    public static final int SRTT_LIVE = 0;

    public static final int SRT_LIVE_DEF_PLSIZE = 1316;
    public static final int SRT_LIVE_MAX_PLSIZE = 1456;

    // logging_api.h / syslog levels
    public static final int LOG_ERR = 3;
    public static final int LOG_WARNING = 4;
    public static final int LOG_NOTICE = 5;

    // ---- library ----

    public static native int srt_startup();

    public static native int srt_cleanup();

    public static native int srt_getversion();

    public static native void srt_setloglevel(int ll);

    // ---- sockets ----

    public static native int srt_create_socket();

    public static native int srt_bind(int u, Pointer name, int namelen);

    public static native int srt_listen(int u, int backlog);

    public static native int srt_accept(int u, Pointer addr, int[] addrlen);

    public static native int srt_listen_callback(int lsn, SrtListenCallback hook_fn, Pointer hook_opaque);

    public static native int srt_connect(int u, Pointer name, int namelen);

    public static native int srt_rendezvous(
            int u, Pointer local_name, int local_namelen, Pointer remote_name, int remote_namelen);

    public static native int srt_close(int u);

    public static native int srt_getpeername(int u, Pointer name, int[] namelen);

    public static native int srt_getsockname(int u, Pointer name, int[] namelen);

    public static native int srt_getsockflag(int u, int opt, Pointer optval, int[] optlen);

    public static native int srt_setsockflag(int u, int opt, Pointer optval, int optlen);

    public static native int srt_getsockstate(int u);

    // ---- data ----

    /** {@code mctrl} may be null (defaults). Returns bytes sent or {@link #SRT_ERROR}. */
    public static native int srt_sendmsg2(int u, Pointer buf, int len, Pointer mctrl);

    /** {@code mctrl} may be null. Returns bytes received or {@link #SRT_ERROR}. */
    public static native int srt_recvmsg2(int u, Pointer buf, int len, Pointer mctrl);

    // ---- errors ----

    public static native int srt_getlasterror(Pointer errno_loc);

    public static native String srt_getlasterror_str();

    public static native String srt_strerror(int code, int errnoval);

    public static native void srt_clearlasterror();

    public static native int srt_getrejectreason(int sock);

    public static native int srt_setrejectreason(int sock, int value);

    public static native String srt_rejectreason_str(int id);

    // ---- statistics ----

    /** Fills {@code perf} ({@code SRT_TRACEBSTATS}, see {@code io.sluice.srt.SrtStats} for the layout). */
    public static native int srt_bistats(int u, Pointer perf, int clear, int instantaneous);

    // ---- epoll ----

    public static native int srt_epoll_create();

    public static native int srt_epoll_add_usock(int eid, int u, int[] events);

    public static native int srt_epoll_update_usock(int eid, int u, int[] events);

    public static native int srt_epoll_remove_usock(int eid, int u);

    /** {@code fdsSet} holds {@code fdsSize} {@code SRT_EPOLL_EVENT}s; returns how many are filled, or -1. */
    public static native int srt_epoll_uwait(int eid, Pointer fdsSet, int fdsSize, long msTimeOut);

    public static native int srt_epoll_set(int eid, int flags);

    public static native int srt_epoll_release(int eid);
}
