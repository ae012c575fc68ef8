package io.sluice.srt;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code struct sockaddr_in} / {@code sockaddr_in6} as Linux lays them out (netinet/in.h): the family
 * is a host-order {@code uint16}, the port is network order.
 *
 * <pre>
 * sockaddr_in  (16): u16 family=2   | u16 port (BE) | u8[4] addr  | u8[8] zero
 * sockaddr_in6 (28): u16 family=10  | u16 port (BE) | u32 flowinfo | u8[16] addr | u32 scope_id
 * </pre>
 */
final class SockAddr {
    private SockAddr() {}

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN6_SIZE = 28;
    /** {@code sizeof(struct sockaddr_storage)}. */
    static final int STORAGE_SIZE = 128;

    /** A new native {@code sockaddr} for {@code address}; its size is {@link Memory#size()}. */
    static Memory encode(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + address.getHostString());
        }
        InetAddress ip = address.getAddress();
        byte[] raw = ip.getAddress();
        int port = address.getPort();
        Memory m;
        if (ip instanceof Inet4Address) {
            m = new Memory(SOCKADDR_IN_SIZE);
            m.clear();
            m.setShort(0, (short) AF_INET);
            m.write(4, raw, 0, 4);
        } else {
            m = new Memory(SOCKADDR_IN6_SIZE);
            m.clear();
            m.setShort(0, (short) AF_INET6);
            m.write(8, raw, 0, 16);
            if (ip instanceof Inet6Address v6) m.setInt(24, v6.getScopeId());
        }
        m.setByte(2, (byte) (port >>> 8));
        m.setByte(3, (byte) port);
        return m;
    }

    /** Decodes a native {@code sockaddr}; null for a null pointer or an unknown family. */
    static InetSocketAddress decode(Pointer p) {
        if (p == null) return null;
        int family = p.getShort(0) & 0xffff;
        int port = ((p.getByte(2) & 0xff) << 8) | (p.getByte(3) & 0xff);
        try {
            if (family == AF_INET) {
                return new InetSocketAddress(InetAddress.getByAddress(p.getByteArray(4, 4)), port);
            }
            if (family == AF_INET6) {
                byte[] raw = p.getByteArray(8, 16);
                InetAddress ip = InetAddress.getByAddress(raw);
                // A v4-mapped peer on a dual-stack socket: report it as the IPv4 address it is.
                return new InetSocketAddress(ip, port);
            }
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4- and 16-byte arrays
        }
        return null;
    }
}
