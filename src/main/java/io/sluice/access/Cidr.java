package io.sluice.access;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network such as {@code 198.51.100.0/24} or {@code 2001:db8::/32} (a bare address is a
 * /32 or /128). An IPv4 peer that reaches a dual-stack socket as {@code ::ffff:a.b.c.d} matches IPv4
 * networks.
 */
public record Cidr(byte[] network, int prefix, String text) {

    /** Parses {@code address[/prefix]}; IllegalArgumentException with the reason otherwise. */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty network");
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 network such as 198.51.100.0/24");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prefix of '" + text + "' is not a number");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix /" + prefix + " of '" + text + "' is not 0-" + max);
        }
        return new Cidr(mask(bytes, prefix), prefix, t);
    }

    /** True if {@code address} is inside this network. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
            byte[] v4 = new byte[4];
            System.arraycopy(a, 12, v4, 0, 4);
            a = v4;
        }
        if (a.length != network.length) return false;
        byte[] masked = mask(a, prefix);
        for (int i = 0; i < masked.length; i++) if (masked[i] != network[i]) return false;
        return true;
    }

    /** True if any network of {@code allowlist} contains {@code address}; an empty list allows everyone. */
    public static boolean allows(java.util.List<Cidr> allowlist, InetAddress address) {
        if (allowlist.isEmpty()) return true;
        for (Cidr c : allowlist) if (c.contains(address)) return true;
        return false;
    }

    public boolean isV4() {
        return network.length == 4;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }
}
