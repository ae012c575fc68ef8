package io.sluice.output.srt;

import io.sluice.output.Output;
import io.sluice.output.OutputLink;
import io.sluice.srt.SrtEpoll;
import io.sluice.srt.SrtReject;
import io.sluice.srt.SrtSocket;
import io.sluice.stream.Chunk;
import io.sluice.stream.DataPlane;
import io.sluice.stream.ReceiveReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Pushes the stream to a remote SRT listener. Connects without blocking: the socket is registered with a
 * receive reactor, whose {@code OUT} event means connected and {@code ERR} means failed or broken.
 */
public final class SrtCallerOutput implements Output {
    private final SrtOutputSettings settings;
    private final DataPlane plane;
    private final CallerPort localPort;

    /** The current connection; replaced on every attempt. */
    private volatile Attempt current;

    /** @param localPort the port this output shares with the ingest's other caller outputs */
    public SrtCallerOutput(SrtOutputSettings settings, DataPlane plane, CallerPort localPort) {
        if (!settings.caller()) throw new IllegalArgumentException("not a caller: " + settings);
        this.settings = settings;
        this.plane = plane;
        this.localPort = localPort;
    }

    @Override
    public void open(OutputLink link) throws Exception {
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port());
        SrtSocket socket = SrtSocket.create();
        Attempt attempt = new Attempt(socket, plane.reactor(), link, remote);
        attempt.owner = this;
        try {
            settings.applyTo(socket);
            localPort.bind(socket, remote);
            current = attempt;
            attempt.reactor.register(socket, SrtEpoll.OUT | SrtEpoll.ERR, attempt::onEvent);
            socket.connect(remote);
        } catch (RuntimeException e) {
            attempt.close();
            throw e;
        }
    }

    @Override
    public boolean send(Chunk chunk, int lane) {
        Attempt a = current;
        if (a == null) return false;
        return a.socket.send(chunk.pointer(), chunk.length()) != SrtSocket.AGAIN;
    }

    @Override
    public void close() {
        Attempt a = current;
        current = null;
        if (a != null) a.close();
    }

    @Override
    public SrtSocket srtSocket() {
        Attempt a = current;
        return a != null && a.connected ? a.socket : null;
    }

    /** One connection attempt and, if it succeeds, the connection. */
    private static final class Attempt {
        final SrtSocket socket;
        final ReceiveReactor reactor;
        final OutputLink link;
        final InetSocketAddress remote;
        /** Reactor thread only. */
        volatile boolean connected;

        SrtCallerOutput owner;

        Attempt(SrtSocket socket, ReceiveReactor reactor, OutputLink link, InetSocketAddress remote) {
            this.socket = socket;
            this.reactor = reactor;
            this.link = link;
            this.remote = remote;
        }

        /** Reactor thread. */
        void onEvent(int events) {
            if (owner.current != this) return; // a late event of an attempt already given up
            if ((events & SrtEpoll.ERR) != 0 || socket.state().isGone()) {
                if (connected) {
                    link.failed("connection to " + describe(remote) + " lost ("
                            + socket.state().name().toLowerCase() + ")");
                } else {
                    int reason = socket.rejectReason();
                    link.failed("cannot connect to " + describe(remote) + ": " + SrtReject.describe(reason));
                }
                return;
            }
            if ((events & SrtEpoll.OUT) != 0 && !connected) {
                connected = true;
                // From now on only breakage is interesting; OUT would fire on every free buffer slot.
                reactor.update(socket, SrtEpoll.ERR);
                link.connected();
            }
        }

        void close() {
            reactor.deregister(socket);
            socket.close();
        }
    }

    private static String describe(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
