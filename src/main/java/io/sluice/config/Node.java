package io.sluice.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/** Who this process is in a fleet ({@code sluice.node-id}) and the host it advertises in URLs. */
@ApplicationScoped
public class Node {
    private final String id;
    private final String publicHost;

    @Inject
    public Node(SluiceConfig config) {
        this.id = config.nodeId().filter(s -> !s.isBlank()).orElseGet(Node::hostName);
        this.publicHost = config.publicHost().filter(s -> !s.isBlank()).orElseGet(Node::firstAddress);
    }

    /** {@code sluice.node-id}, default the host name. */
    public String id() {
        return id;
    }

    /** {@code sluice.public-host}, default this machine's first non-loopback IPv4 address. */
    public String publicHost() {
        return publicHost;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String firstAddress() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback() || nif.isVirtual()) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through
        }
        return "127.0.0.1";
    }
}
