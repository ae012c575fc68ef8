package io.sluice.output;

import io.sluice.problem.Problem;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An output URL in srt-live-transmit's syntax: {@code scheme://[host][:port][/path][?key=value&...]}, e.g.
 * {@code srt://10.0.0.9:9000?mode=caller&latency=200}, {@code srt://:0?mode=listener},
 * {@code udp://239.1.1.1:5000?ttl=8}. The host may be empty (listen on all addresses) or an IPv6 literal in
 * brackets. Query values are percent-decoded.
 *
 * @param scheme lower case
 * @param host host name or address without brackets; empty when absent
 * @param port -1 when absent
 * @param path empty when absent
 * @param query decoded parameters in URL order
 */
public record OutputUrl(String scheme, String host, int port, String path, Map<String, String> query) {
    /** Query keys whose values are secrets: never shown in answers or logs. */
    public static final Set<String> SECRET_KEYS = Set.of("passphrase");

    private static final Pattern SHAPE = Pattern.compile(
            "^([A-Za-z][A-Za-z0-9+.-]*)://(\\[[0-9A-Fa-f:.]+\\]|[^:/?#\\[\\]@]*)(?::(\\d{1,5}))?(/[^?#]*)?(?:\\?([^#]*))?$");

    public OutputUrl {
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** Parses {@code raw}, or throws a 400 {@link Problem} that shows the expected shape. */
    public static OutputUrl parse(String raw) {
        if (raw == null || raw.isBlank()) throw Problem.invalid("url is required, e.g. srt://10.0.0.9:9000");
        Matcher m = SHAPE.matcher(raw.strip());
        if (!m.matches()) {
            throw Problem.invalid("url '" + redact(raw) + "' is not of the form scheme://host:port?key=value"
                    + " (e.g. srt://10.0.0.9:9000?latency=200, srt://:0?mode=listener, udp://239.1.1.1:5000)");
        }
        String host = m.group(2);
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        int port = -1;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port > 65535) throw Problem.invalid("port " + port + " in url is above 65535");
        }
        Map<String, String> query = new LinkedHashMap<>();
        String q = m.group(5);
        if (q != null && !q.isEmpty()) {
            for (String pair : q.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq), "a parameter name")
                        .toLowerCase(java.util.Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "the value of " + key);
                if (query.put(key, value) != null) {
                    throw Problem.invalid("url parameter '" + key + "' is given twice");
                }
            }
        }
        return new OutputUrl(
                m.group(1).toLowerCase(java.util.Locale.ROOT), host, port, m.group(4) == null ? "" : m.group(4), query);
    }

    /** Refuses parameters outside {@code allowed}, naming the unknown one and listing the known. */
    public void requireKnownKeys(Set<String> allowed) {
        for (String key : query.keySet()) {
            if (!allowed.contains(key)) {
                throw Problem.invalid("unknown parameter '" + key + "' in " + scheme + " url; known: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /** The value of {@code key}, or null. */
    public String param(String key) {
        return query.get(key);
    }

    /** An integer parameter within bounds, or {@code fallback} when absent; 400 otherwise. */
    public int intParam(String key, int min, int max, int fallback) {
        String v = query.get(key);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw Problem.invalid("url parameter " + key + "=" + v + " must be an integer from " + min + " to " + max);
        }
    }

    /** The same URL with another port (a listener on port 0 shows the port it bound). */
    public OutputUrl withPort(int newPort) {
        return new OutputUrl(scheme, host, newPort, path, query);
    }

    /** The full URL, secrets included: for storage only. */
    public String toUrl() {
        return render(false);
    }

    /** The URL with secret values replaced by {@code ***}: for answers and logs. */
    public String redacted() {
        return render(true);
    }

    @Override
    public String toString() {
        return redacted();
    }

    private String render(boolean redact) {
        StringBuilder sb = new StringBuilder(scheme).append("://");
        sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        if (port >= 0) sb.append(':').append(port);
        sb.append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            sb.append(sep).append(encode(e.getKey()));
            sep = '&';
            String v = redact && SECRET_KEYS.contains(e.getKey()) ? "***" : encode(e.getValue());
            if (!e.getValue().isEmpty() || redact && SECRET_KEYS.contains(e.getKey()))
                sb.append('=').append(v);
        }
        return sb.toString();
    }

    /** Best-effort redaction of a string that did not parse. */
    static String redact(String raw) {
        return raw.replaceAll("(?i)(passphrase=)[^&#]*", "$1***");
    }

    /** Percent-decodes; the message names where, never the (possibly secret) text. */
    private static String decode(String s, String where) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problem.invalid("url has a malformed percent-escape in " + where + " (write % as %25)");
        }
    }

    private static String encode(String s) {
        // Keep the characters srt-live-transmit users type as they are; escape the rest.
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%2F", "/")
                .replace("%3A", ":");
    }
}
