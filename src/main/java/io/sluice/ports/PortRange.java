package io.sluice.ports;

/**
 * An inclusive range of UDP ports, written {@code first-last} (e.g. {@code 10000-10999}) or as one port.
 */
public record PortRange(int first, int last) {
    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last
                    + " is not valid: ports are 1-65535 and the first must not exceed the last");
        }
    }

    /** Parses {@code 10000-10999} or {@code 10000}; the message names the setting for the operator. */
    public static PortRange parse(String text) {
        String t = text == null ? "" : text.strip();
        try {
            int dash = t.indexOf('-');
            if (dash < 0) {
                int p = Integer.parseInt(t);
                return new PortRange(p, p);
            }
            return new PortRange(
                    Integer.parseInt(t.substring(0, dash).strip()),
                    Integer.parseInt(t.substring(dash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "sluice.ports.range '" + text + "' is not of the form first-last, e.g. 10000-10999");
        }
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    public boolean overlaps(PortRange other) {
        return first <= other.last && other.first <= last;
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
