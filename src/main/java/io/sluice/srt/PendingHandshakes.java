package io.sluice.srt;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Handshakes a listen callback let in, until their connection is accepted. libsrt checks the passphrase
 * (and a few settings) only after the callback, and tells the listener nothing when it then refuses the
 * caller; a handshake still pending {@link #GRACE_MILLIS} after admission was refused, most likely over the
 * passphrase, and {@code onRefused} hears of it.
 *
 * <p>Threads: {@link #admitted} runs on libsrt's handshake thread, {@link #accepted} on the accepting
 * thread, {@code onRefused} on {@code scheduler}. Keyed by the peer's address and port: a caller retrying
 * uses a new source port, so every attempt counts once.
 *
 * @param <T> what the caller wants back about an attempt (how it arrived, for example)
 */
public final class PendingHandshakes<T> {
    /**
     * How long an admitted handshake may take to show up as an accepted connection, ms. Loopback takes about
     * a millisecond; this leaves room for a busy reactor.
     */
    public static final long GRACE_MILLIS = 3000;

    private record Attempt<T>(long admittedNanos, T tag) {}

    private final ConcurrentHashMap<InetSocketAddress, Attempt<T>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final long graceMillis;
    private final BiConsumer<InetSocketAddress, T> onRefused;

    public PendingHandshakes(ScheduledExecutorService scheduler, BiConsumer<InetSocketAddress, T> onRefused) {
        this(scheduler, GRACE_MILLIS, onRefused);
    }

    /** @param graceMillis {@link #GRACE_MILLIS} but in tests */
    public PendingHandshakes(
            ScheduledExecutorService scheduler, long graceMillis, BiConsumer<InetSocketAddress, T> onRefused) {
        this.scheduler = scheduler;
        this.graceMillis = graceMillis;
        this.onRefused = onRefused;
    }

    /** The listen callback let a caller from {@code peer} in (null: unknown, not watched). */
    public void admitted(InetSocketAddress peer, T tag) {
        if (peer == null) return;
        Attempt<T> attempt = new Attempt<>(System.nanoTime(), tag);
        pending.put(peer, attempt);
        scheduler.schedule(() -> expire(peer, attempt), graceMillis, TimeUnit.MILLISECONDS);
    }

    /** A connection from {@code peer} was accepted: its handshake succeeded, whatever happens next. */
    public void accepted(InetSocketAddress peer) {
        if (peer != null) pending.remove(peer);
    }

    /**
     * What most likely made libsrt refuse an admitted {@code who} ("publisher", "reader"): libsrt does not
     * say, but a passphrase mismatch is the refusal it makes after the callback.
     *
     * @param encrypted whether the stream it asked for is encrypted
     */
    public static String likelyCause(String who, boolean encrypted) {
        return "libsrt refused the " + who + " after admission: "
                + (encrypted
                        ? "its passphrase is wrong or missing (the stream is encrypted)"
                        : "it set a passphrase but the stream is not encrypted, or its SRT settings do not match");
    }

    /** Handshakes admitted and neither accepted nor expired. */
    public int size() {
        return pending.size();
    }

    private void expire(InetSocketAddress peer, Attempt<T> attempt) {
        if (pending.remove(peer, attempt)) onRefused.accept(peer, attempt.tag());
    }
}
