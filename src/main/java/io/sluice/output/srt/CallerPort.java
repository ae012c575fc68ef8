package io.sluice.output.srt;

import io.sluice.srt.SrtException;
import io.sluice.srt.SrtSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The local UDP port that the SRT caller outputs of one ingest share.
 *
 * <p>Why: libsrt gives every bound UDP port its own multiplexer — a sending thread ({@code SRT:SndQ}) and a
 * receiving thread ({@code SRT:RcvQ}). Unbound callers each get an ephemeral port, so an ingest fanned out
 * to K destinations woke K sending threads for every packet: the fan-out benchmark measured 4.5% of a core
 * per extra 10 Mbit/s output, against ~1% for ffmpeg's tee. Bound to one port, the K connections share one
 * multiplexer: one wake-up sends the packet to all of them, and one thread takes all their ACKs. The far ends
 * see every output of the ingest come from the same address and port, which SRT allows (connections are
 * told apart by socket ID).
 *
 * <p>The port is ephemeral (chosen by the first bind, not from {@code sluice.ports.range}). When the last
 * output using it closes, libsrt releases it; the next bind that finds it gone (or taken, or refused because
 * the socket's UDP options differ) takes a new one. IPv4 only; other callers stay unbound.
 *
 * <p>Threads: {@link #bind} is called by whichever control thread opens an output; synchronized.
 */
public final class CallerPort {
    private int port; // 0 = none yet

    /** Binds {@code socket} (created, options set, not yet connected) to the shared port for {@code remote}. */
    public synchronized void bind(SrtSocket socket, InetSocketAddress remote) {
        if (!(remote.getAddress() instanceof Inet4Address)) return;
        InetAddress any = wildcard();
        if (port != 0) {
            try {
                socket.bind(new InetSocketAddress(any, port));
                return;
            } catch (SrtException e) {
                port = 0; // gone with its last socket, taken, or incompatible options: take a new one below
            }
        }
        socket.bind(new InetSocketAddress(any, 0));
        port = socket.local().getPort();
    }

    /** The shared port now, 0 if none. */
    public synchronized int port() {
        return port;
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
