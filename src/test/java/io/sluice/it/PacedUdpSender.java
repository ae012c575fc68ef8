package io.sluice.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a file as 1316-byte datagrams (7 TS packets; the last one shorter) to a UDP port, paced at a
 * bit rate, as an encoder would: the input of {@code srt-live-transmit udp://:A srt://gateway}.
 */
public final class PacedUdpSender {
    public static final int DATAGRAM = 1316;

    private PacedUdpSender() {}

    /** Sends {@code file} to 127.0.0.1:{@code port} at {@code bitsPerSecond}; returns datagrams sent. */
    public static int send(Path file, int port, long bitsPerSecond) {
        try (DatagramChannel ch = DatagramChannel.open()) {
            byte[] data = Files.readAllBytes(file);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            long intervalNanos = DATAGRAM * 8L * 1_000_000_000L / bitsPerSecond;
            long start = System.nanoTime();
            int i = 0;
            for (int off = 0; off < data.length; off += DATAGRAM, i++) {
                if (Thread.currentThread().isInterrupted()) break;
                long due = start + i * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                ch.send(ByteBuffer.wrap(data, off, Math.min(DATAGRAM, data.length - off)), target);
            }
            return i;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends in a background thread; interrupt it to stop early. */
    public static Thread sendInBackground(Path file, int port, long bitsPerSecond) {
        Thread t = Thread.ofPlatform().name("paced-sender").start(() -> send(file, port, bitsPerSecond));
        return t;
    }
}
