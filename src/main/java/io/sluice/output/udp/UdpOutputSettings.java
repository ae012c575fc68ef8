package io.sluice.output.udp;

import io.sluice.output.OutputUrl;
import io.sluice.problem.Problem;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * What a {@code udp://} output URL asks for: {@code udp://host:port[?ttl=N][&localaddr=IP]}. Each SRT
 * payload (normally 7 TS packets) leaves as one datagram, unchanged. For multicast groups {@code ttl} sets
 * the hop limit and {@code localaddr} (alias {@code adapter}, srt-live-transmit's name) picks the sending
 * interface by its address; for unicast {@code localaddr} is the source address to bind.
 *
 * @param ttl multicast hop limit, 1-255 (default 1)
 * @param localAddress null = system choice
 */
public record UdpOutputSettings(InetAddress address, int port, int ttl, InetAddress localAddress) {
    public static final Set<String> KEYS = Set.of("ttl", "localaddr", "adapter");

    public static UdpOutputSettings parse(OutputUrl url) {
        url.requireKnownKeys(KEYS);
        if (url.host().isEmpty()) throw Problem.invalid("udp url " + url.redacted() + " needs a destination host");
        if (url.port() <= 0) throw Problem.invalid("udp url " + url.redacted() + " needs a destination port (1-65535)");
        InetAddress address = resolve(url.host(), "destination");
        int ttl = url.intParam("ttl", 1, 255, 1);
        if (url.param("ttl") != null && !address.isMulticastAddress()) {
            throw Problem.invalid("ttl applies to multicast destinations only; " + url.host() + " is unicast");
        }
        String local = url.param("localaddr") != null ? url.param("localaddr") : url.param("adapter");
        InetAddress localAddress = local == null || local.isEmpty() ? null : resolve(local, "localaddr");
        if (localAddress != null && !(localAddress.getClass().equals(address.getClass()))) {
            throw Problem.invalid(
                    "localaddr " + local + " and destination " + url.host() + " are of different IP families");
        }
        return new UdpOutputSettings(address, url.port(), ttl, localAddress);
    }

    private static InetAddress resolve(String host, String what) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw Problem.invalid(what + " host '" + host + "' does not resolve");
        }
    }
}
