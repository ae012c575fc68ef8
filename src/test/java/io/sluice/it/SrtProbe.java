package io.sluice.it;

import io.sluice.srt.SrtException;
import io.sluice.srt.SrtLibrary;
import io.sluice.srt.SrtOption;
import io.sluice.srt.SrtSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * An SRT caller in the test JVM (the real libsrt through Sluice's binding), to learn exactly how a
 * connection attempt ends: connected, or rejected with which reason.
 */
public final class SrtProbe {
    private SrtProbe() {}

    private static boolean loaded;

    private static synchronized void load() {
        if (loaded) return;
        SrtLibrary.load(SrtLibrary.DEFAULT_LIBRARY);
        Runtime.getRuntime().addShutdownHook(new Thread(SrtLibrary::cleanup, "srt-cleanup"));
        loaded = true;
    }

    /**
     * Connects to 127.0.0.1:{@code port} and closes at once.
     *
     * @return 0 if the connection was accepted, else the reject reason ({@code srt_getrejectreason})
     */
    public static int connect(int port, String streamId, String passphrase) {
        load();
        try (SrtSocket s = SrtSocket.create()) {
            if (streamId != null) s.set(SrtOption.STREAMID, streamId);
            if (passphrase != null) s.set(SrtOption.PASSPHRASE, passphrase);
            s.set(SrtOption.CONNTIMEO, Duration.ofMillis(2000));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return 0;
        } catch (SrtException e) {
            return e.rejectReason();
        }
    }
}
