package io.sluice.it;

import java.nio.file.Path;

/**
 * A real SRT receiver whose every message lands in a file without buffering: {@code srt-live-transmit
 * <srt url> udp://127.0.0.1:<port>} into a {@link UdpCapture}. (srt-live-transmit writing to a file
 * buffers its last block until it exits.)
 */
public final class SrtCapture implements AutoCloseable {
    private final Process process;
    private final UdpCapture udp;

    private SrtCapture(Process process, UdpCapture udp) {
        this.process = process;
        this.udp = udp;
    }

    /** Receives {@code srtUrl} (caller or {@code ?mode=listener}) into {@code peers.dir()/file}. */
    public static SrtCapture start(Peers peers, String file, String srtUrl) {
        int port = Support.freeUdpPort();
        UdpCapture udp = new UdpCapture(port, peers.dir().resolve(file));
        Process p = peers.srtLiveTransmit(file + ".out", srtUrl, "udp://127.0.0.1:" + port);
        return new SrtCapture(p, udp);
    }

    public Process process() {
        return process;
    }

    public long bytes() {
        return udp.bytes();
    }

    public long datagrams() {
        return udp.datagrams();
    }

    public Path file() {
        return udp.file();
    }

    /** Stops the receiver and closes the file. */
    @Override
    public void close() {
        Peers.signal(process, "CONT");
        Peers.interrupt(process);
        udp.close();
    }
}
