package io.sluice.ports;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/** Asks the host whether a UDP port is free, by binding it for a moment on the wildcard address. */
public final class PortProbe {
    private PortProbe() {}

    /** True if no socket of any process holds UDP {@code port} on the wildcard address. */
    public static boolean isFree(int port) {
        try (DatagramSocket s = new DatagramSocket(null)) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
