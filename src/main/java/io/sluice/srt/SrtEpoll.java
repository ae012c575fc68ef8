package io.sluice.srt;

import com.sun.jna.Memory;
import io.sluice.srt.jna.LibSrt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@code srt_epoll} set read with {@code srt_epoll_uwait}.
 *
 * <p>Threads: {@link #add}, {@link #update} and {@link #remove} may be called from any thread (libsrt
 * locks internally); {@link #await} and the event accessors belong to one thread, the owner of this set,
 * whose event array they reuse. Level-triggered unless {@link #ET} is in the flags. The set may be empty.
 */
public final class SrtEpoll implements AutoCloseable {
    public static final int IN = LibSrt.SRT_EPOLL_IN;
    public static final int OUT = LibSrt.SRT_EPOLL_OUT;
    public static final int ERR = LibSrt.SRT_EPOLL_ERR;
    public static final int ET = LibSrt.SRT_EPOLL_ET;

    private final int eid;
    private final Memory events;
    private final int capacity;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SrtEpoll(int eid, int capacity) {
        this.eid = eid;
        this.capacity = capacity;
        this.events = new Memory((long) capacity * LibSrt.SRT_EPOLL_EVENT_SIZE);
    }

    /** {@code srt_epoll_create} with room for {@code capacity} events per {@link #await}. */
    public static SrtEpoll create(int capacity) {
        SrtLibrary.require();
        int eid = LibSrt.srt_epoll_create();
        if (eid < 0) throw SrtException.lastError("srt_epoll_create");
        LibSrt.srt_epoll_set(eid, LibSrt.SRT_EPOLL_ENABLE_EMPTY);
        return new SrtEpoll(eid, capacity);
    }

    public void add(SrtSocket socket, int flags) {
        if (LibSrt.srt_epoll_add_usock(eid, socket.id(), new int[] {flags}) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_epoll_add_usock", "socket " + socket.id());
        }
    }

    public void update(SrtSocket socket, int flags) {
        if (LibSrt.srt_epoll_update_usock(eid, socket.id(), new int[] {flags}) == LibSrt.SRT_ERROR) {
            throw SrtException.lastError("srt_epoll_update_usock", "socket " + socket.id());
        }
    }

    /** Removes the socket; a socket already closed (and so already gone from the set) is ignored. */
    public void remove(SrtSocket socket) {
        LibSrt.srt_epoll_remove_usock(eid, socket.id());
    }

    /**
     * {@code srt_epoll_uwait}: waits up to {@code timeoutMillis} for readiness.
     *
     * @return how many events {@link #socket(int)}/{@link #events(int)} hold, 0 on timeout
     */
    public int await(long timeoutMillis) {
        int n = LibSrt.srt_epoll_uwait(eid, events, capacity, timeoutMillis);
        if (n >= 0) return Math.min(n, capacity);
        SrtError e = SrtError.of(LibSrt.srt_getlasterror(null));
        if (e == SrtError.SRT_ETIMEOUT || e == SrtError.SRT_EPOLLEMPTY) return 0;
        throw SrtException.lastError("srt_epoll_uwait", "eid " + eid);
    }

    /** The socket of event {@code i} of the last {@link #await}. */
    public int socket(int i) {
        return events.getInt((long) i * LibSrt.SRT_EPOLL_EVENT_SIZE);
    }

    /** The readiness flags ({@link #IN}, {@link #OUT}, {@link #ERR}) of event {@code i}. */
    public int events(int i) {
        return events.getInt((long) i * LibSrt.SRT_EPOLL_EVENT_SIZE + 4);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) LibSrt.srt_epoll_release(eid);
    }
}
