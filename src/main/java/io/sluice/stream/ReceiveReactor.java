package io.sluice.stream;

import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtSocket;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * One named platform thread ({@code sluice-srt-N}) waiting on an {@link SrtEpoll} with {@code
 * srt_epoll_uwait} and dispatching readiness to the {@link SrtHandler} of each socket: receiving media,
 * accepting connections, learning that a connect finished or a socket broke. A fixed number of reactors
 * serves every SRT socket of the process; there is never a thread per socket.
 *
 * <p>Threads: {@link #register}/{@link #deregister} come from any thread; handlers run on the reactor
 * thread only. The handler table is an immutable map swapped on change, so dispatch takes no lock.
 *
 * <p>libsrt never reports a socket that was already broken when it was added to an epoll (its
 * {@code addEPoll} sets no flags for a socket no longer connected): a peer that connects and closes at once
 * would leave a socket that looks alive for ever. {@link #register} therefore checks the state after adding,
 * and an already broken socket gets its {@code ERR} from the reactor thread's next turn.
 */
public final class ReceiveReactor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReceiveReactor.class);
    /** Events taken per {@code srt_epoll_uwait}. */
    private static final int EVENT_CAPACITY = 256;
    /** Longest wait, ms: how quickly the thread notices {@link #close()}. */
    private static final long WAIT_MILLIS = 100;

    private final int index;
    private final int view;
    private final SrtEpoll epoll;
    private final Thread thread;
    private volatile IntHandlerMap handlers = IntHandlerMap.EMPTY;
    /** Sockets found broken as they were registered: their ERR, dispatched by the reactor thread. */
    private final ConcurrentLinkedQueue<Integer> brokenAtRegistration = new ConcurrentLinkedQueue<>();

    private volatile boolean running = true;
    private volatile long loops;

    /** @param view this thread's {@link io.sluice.stream.Chunk#view(int)} for sending directly */
    public ReceiveReactor(int index, int view) {
        this.index = index;
        this.view = view;
        this.epoll = SrtEpoll.create(EVENT_CAPACITY);
        this.thread =
                Thread.ofPlatform().name("sluice-srt-" + index).daemon(true).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public int index() {
        return index;
    }

    /** The chunk view handlers on this thread use when they send directly (see {@link OutputQueue}). */
    public int view() {
        return view;
    }

    /** Starts reporting {@code events} of {@code socket} to {@code handler}. */
    public void register(SrtSocket socket, int events, SrtHandler handler) {
        synchronized (this) {
            handlers = handlers.with(socket.id(), handler);
        }
        epoll.add(socket, events);
        if ((events & SrtEpoll.ERR) != 0 && socket.state().isGone()) brokenAtRegistration.add(socket.id());
    }

    /** Changes which events of a registered socket are reported. */
    public void update(SrtSocket socket, int events) {
        epoll.update(socket, events);
    }

    /** Stops reporting events of {@code socket}; call before closing it. */
    public void deregister(SrtSocket socket) {
        epoll.remove(socket);
        synchronized (this) {
            handlers = handlers.without(socket.id());
        }
    }

    /** Sockets registered now. */
    public int registered() {
        return handlers.size();
    }

    /** True while the thread runs: liveness of the data plane. */
    public boolean isAlive() {
        return thread.isAlive() && running;
    }

    private void run() {
        while (running) {
            int n;
            try {
                n = epoll.await(WAIT_MILLIS);
            } catch (RuntimeException e) {
                LOG.errorf(e, "sluice-srt-%d: srt_epoll_uwait failed; retrying", index);
                sleepQuietly();
                continue;
            }
            IntHandlerMap table = handlers;
            for (int i = 0; i < n; i++) {
                SrtHandler h = table.get(epoll.socket(i));
                if (h == null) continue; // deregistered meanwhile
                try {
                    h.onEvent(epoll.events(i));
                } catch (Throwable t) {
                    LOG.errorf(t, "sluice-srt-%d: handler for socket %d failed", index, epoll.socket(i));
                }
            }
            if (!brokenAtRegistration.isEmpty()) dispatchBrokenAtRegistration();
            loops = loops + 1;
        }
    }

    private void dispatchBrokenAtRegistration() {
        Integer socket;
        while ((socket = brokenAtRegistration.poll()) != null) {
            SrtHandler h = handlers.get(socket);
            if (h == null) continue; // deregistered meanwhile
            try {
                h.onEvent(SrtEpoll.ERR);
            } catch (Throwable t) {
                LOG.errorf(t, "sluice-srt-%d: handler for socket %d failed", index, socket);
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        epoll.close();
    }
}
