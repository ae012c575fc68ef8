package io.sluice.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Receives datagrams on a loopback port and appends each to a file: the test's end of a UDP output. */
public final class UdpCapture implements AutoCloseable {
    private final DatagramChannel channel;
    private final Path file;
    private final Thread thread;
    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /** Longest time between two datagrams, ns. */
    private volatile long maxGapNanos;

    private volatile long lastNanos;
    private volatile long firstNanos;
    private volatile boolean running = true;

    public UdpCapture(int port, Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            channel = DatagramChannel.open();
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        thread = Thread.ofPlatform().name("udp-capture-" + port).start(this::run);
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try (OutputStream out = Files.newOutputStream(file)) {
            while (running) {
                buf.clear();
                if (channel.receive(buf) == null) continue; // blocking; close() ends it
                long now = System.nanoTime();
                if (lastNanos != 0) maxGapNanos = Math.max(maxGapNanos, now - lastNanos);
                else firstNanos = now;
                lastNanos = now;
                buf.flip();
                out.write(buf.array(), 0, buf.limit());
                datagrams.incrementAndGet();
                bytes.addAndGet(buf.limit());
            }
        } catch (IOException e) {
            if (running) throw new AssertionError(e);
        }
    }

    public long datagrams() {
        return datagrams.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Longest silence between two datagrams so far, ms. */
    public double maxGapMillis() {
        return maxGapNanos / 1e6;
    }

    /** Time from the first datagram to the last, ms. */
    public double spanMillis() {
        return lastNanos == 0 ? 0 : (lastNanos - firstNanos) / 1e6;
    }

    /** Starts measuring the largest gap afresh (say, once the stream is steady). */
    public void resetGap() {
        maxGapNanos = 0;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        running = false;
        try {
            channel.close();
            thread.join(2000);
        } catch (IOException | InterruptedException e) {
            // closing
        }
    }
}
