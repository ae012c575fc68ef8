package io.sluice.output.udp;

import io.sluice.output.Output;
import io.sluice.output.OutputLink;
import io.sluice.stream.Chunk;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * Sends each chunk as one datagram through a non-blocking NIO channel (unicast or multicast). A full
 * socket buffer drops the chunk; the channel is unconnected, so an ICMP "port unreachable" from a closed
 * destination never turns into per-packet exceptions.
 */
public final class UdpOutput implements Output {
    private final UdpOutputSettings settings;
    private final InetSocketAddress target;
    private volatile DatagramChannel channel;

    public UdpOutput(UdpOutputSettings settings) {
        this.settings = settings;
        this.target = new InetSocketAddress(settings.address(), settings.port());
    }

    @Override
    public void open(OutputLink link) throws IOException {
        boolean v6 = settings.address() instanceof Inet6Address;
        DatagramChannel ch = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
            if (settings.address().isMulticastAddress()) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, settings.ttl());
                if (settings.localAddress() != null) {
                    NetworkInterface nif = NetworkInterface.getByInetAddress(settings.localAddress());
                    if (nif == null) {
                        throw new IOException("no network interface has address "
                                + settings.localAddress().getHostAddress() + " (localaddr)");
                    }
                    ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                }
            } else if (settings.localAddress() != null) {
                ch.bind(new InetSocketAddress(settings.localAddress(), 0));
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        channel = ch;
        link.connected();
    }

    @Override
    public boolean send(Chunk chunk, int lane) throws IOException {
        DatagramChannel ch = channel;
        if (ch == null) return false;
        return ch.send(chunk.view(lane), target) > 0;
    }

    @Override
    public void close() {
        DatagramChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a datagram channel cannot lose data
            }
        }
    }
}
