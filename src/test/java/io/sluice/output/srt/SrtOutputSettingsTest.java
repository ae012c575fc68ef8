package io.sluice.output.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.output.OutputUrl;
import io.sluice.problem.Problem;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SrtOutputSettingsTest {
    static final Duration DEFAULT = Duration.ofMillis(120);

    static SrtOutputSettings parse(String url) {
        return SrtOutputSettings.parse(OutputUrl.parse(url), DEFAULT);
    }

    @Test
    void aHostMeansCallerAndNoHostMeansListenerAsInSrtLiveTransmit() {
        SrtOutputSettings caller =
                parse("srt://10.0.0.9:9000?latency=200&streamid=x&passphrase=0123456789&pbkeylen=24");
        assertThat(caller.caller()).isTrue();
        assertThat(caller.latency()).isEqualTo(Duration.ofMillis(200));
        assertThat(caller.streamId()).isEqualTo("x");
        assertThat(caller.pbKeyLen()).isEqualTo(24);
        assertThat(caller.toString()).doesNotContain("0123456789");

        SrtOutputSettings listener = parse("srt://:0");
        assertThat(listener.caller()).isFalse();
        assertThat(listener.port()).isZero();
        assertThat(listener.latency()).isEqualTo(DEFAULT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "srt://h:1?mode=rendezvousx                 | srt output mode 'rendezvousx' is not supported",
                "srt://h                                     | has no port",
                "srt://:9?mode=caller                        | needs a host to connect to",
                "srt://h:1?latency=99999                     | latency=99999 must be an integer from 0 to 60000",
                "srt://h:1?passphrase=short                  | passphrase must be 10 to 79 bytes long",
                "srt://h:1?pbkeylen=16                       | pbkeylen needs a passphrase",
                "srt://h:1?passphrase=0123456789&pbkeylen=8  | pbkeylen must be 16, 24 or 32",
                "srt://:0?mode=listener&streamid=a           | streamid applies to caller outputs only",
                "srt://h:1?conntimeo=1                       | conntimeo=1 must be an integer from 100 to 120000",
            })
    void refusesWhatLibsrtWouldRefuseOrIgnore(String url, String message) {
        assertThatThrownBy(() -> parse(url)).isInstanceOf(Problem.class).hasMessageContaining(message);
    }
}
