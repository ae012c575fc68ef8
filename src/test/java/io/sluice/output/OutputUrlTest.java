package io.sluice.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.problem.Problem;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "srt://10.0.0.9:9000?mode=caller&latency=200 | srt | 10.0.0.9 | 9000 | mode=caller,latency=200",
                "srt://:0?mode=listener                      | srt |          | 0    | mode=listener",
                "udp://239.1.1.1:5000?ttl=8                  | udp | 239.1.1.1 | 5000 | ttl=8",
                "SRT://[::1]:7001                            | srt | ::1      | 7001 | ''",
                "srt://host.example:1234?streamid=a%2Fb%20c  | srt | host.example | 1234 | streamid=a/b c",
            })
    void parsesTheShapesOperatorsType(String raw, String scheme, String host, int port, String params) {
        OutputUrl u = OutputUrl.parse(raw);
        assertThat(u.scheme()).isEqualTo(scheme);
        assertThat(u.host()).isEqualTo(host == null ? "" : host);
        assertThat(u.port()).isEqualTo(port);
        for (String kv : params.isEmpty() ? new String[0] : params.split(",")) {
            String[] p = kv.split("=", 2);
            assertThat(u.param(p[0])).isEqualTo(p[1]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "srt://10.0.0.9:9000?passphrase=s3cret-s3cret&latency=200 | srt://10.0.0.9:9000?passphrase=***&latency=200",
                "srt://[::1]:7001?passphrase=a%26b%3Dc%25d1234              | srt://[::1]:7001?passphrase=***",
                "udp://239.1.1.1:5000                                       | udp://239.1.1.1:5000",
            })
    void redactsSecretsAndRoundTrips(String raw, String redacted) {
        OutputUrl u = OutputUrl.parse(raw);
        assertThat(u.redacted()).isEqualTo(redacted);
        assertThat(u.toString()).isEqualTo(redacted);
        assertThat(OutputUrl.parse(u.toUrl())).isEqualTo(u);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not a url                          | is not of the form scheme://host:port",
                "srt://host:70000                   | port 70000 in url is above 65535",
                "srt://h:1?latency=1&latency=2      | url parameter 'latency' is given twice",
                "srt://h:1?passphrase=%zz-secret1   | malformed percent-escape in the value of passphrase",
            })
    void refusesMalformedUrlsWithAReason(String raw, String message) {
        assertThatThrownBy(() -> OutputUrl.parse(raw))
                .isInstanceOf(Problem.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("secret1");
    }

    @org.junit.jupiter.api.Test
    void unknownKeysAreNamedWithTheKnownOnes() {
        OutputUrl u = OutputUrl.parse("srt://h:1?lantency=5");
        assertThatThrownBy(() -> u.requireKnownKeys(java.util.Set.of("latency", "mode")))
                .hasMessage("unknown parameter 'lantency' in srt url; known: latency, mode");
        assertThat(OutputUrl.parse("srt://h:1?a=1&b=2").query())
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }
}
