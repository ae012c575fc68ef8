package io.sluice.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An impaired network in user space (TESTING.md: tc netem is missing here): relays UDP between one client
 * and a target on loopback, dropping a share of the client's datagrams at random (seeded, so runs compare),
 * and, when asked, of the target's answers too (SRT's ACKs and NAKs). The loss can change while it runs.
 */
public final class LossyUdpRelay implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final InetSocketAddress target;
    /** Share of datagrams dropped, 0-1, each way that is impaired. */
    private volatile double loss;

    private volatile boolean bothWays;
    private final Random random;
    private final Thread thread;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile SocketAddress client;
    private volatile boolean running = true;

    /**
     * @param targetPort where datagrams go (127.0.0.1)
     * @param lossPercent share of client datagrams to drop, 0-100
     */
    public LossyUdpRelay(int targetPort, double lossPercent, long seed) {
        try {
            front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            front.configureBlocking(false);
            back.configureBlocking(false);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        this.target = new InetSocketAddress("127.0.0.1", targetPort);
        this.loss = lossPercent / 100.0;
        this.random = new Random(seed);
        this.thread = Thread.ofPlatform().name("lossy-relay").daemon(true).start(this::run);
    }

    /** Changes the loss from now on; {@code bothWays} impairs the target's answers as well. */
    public void loss(double lossPercent, boolean bothWays) {
        this.loss = lossPercent / 100.0;
        this.bothWays = bothWays;
    }

    /** The port clients send to. */
    public int port() {
        try {
            return ((InetSocketAddress) front.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long forwarded() {
        return forwarded.get();
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try (Selector selector = Selector.open()) {
            front.register(selector, SelectionKey.OP_READ);
            back.register(selector, SelectionKey.OP_READ);
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    SocketAddress from;
                    while (true) {
                        buf.clear();
                        from = ch.receive(buf);
                        if (from == null) break;
                        buf.flip();
                        if (ch == front) {
                            client = from;
                            if (random.nextDouble() < loss) {
                                dropped.incrementAndGet();
                                continue;
                            }
                            forwarded.incrementAndGet();
                            back.send(buf, target);
                        } else if (client != null) {
                            if (bothWays && random.nextDouble() < loss) {
                                dropped.incrementAndGet();
                                continue;
                            }
                            front.send(buf, client);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
            front.close();
            back.close();
        } catch (IOException | InterruptedException e) {
            // closing
        }
    }
}
