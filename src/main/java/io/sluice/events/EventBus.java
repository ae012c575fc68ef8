package io.sluice.events;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Decouples publishers from subscribers: {@link #publish} only offers to a bounded queue (a full queue
 * drops and counts); one thread, {@code sluice-events}, hands each event to every subscriber in order.
 */
public final class EventBus implements EventSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventBus.class);
    private static final int CAPACITY = 8192;

    private final ArrayBlockingQueue<Event> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread dispatcher;
    private volatile boolean running = true;

    public EventBus() {
        dispatcher = Thread.ofPlatform().name("sluice-events").daemon(true).start(this::run);
    }

    @Override
    public void publish(Event event) {
        if (!queue.offer(event)) dropped.incrementAndGet();
    }

    /** Delivers every later event to {@code subscriber} (on the dispatcher thread); run the result to stop. */
    public Runnable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Events lost because subscribers could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (running) {
            Event e;
            try {
                e = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                return;
            }
            if (e == null) continue;
            for (Consumer<Event> s : subscribers) {
                try {
                    s.accept(e);
                } catch (RuntimeException ex) {
                    LOG.debugf(ex, "event subscriber failed on %s", e.type());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
    }
}
