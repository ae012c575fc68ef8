package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gateway refuses to start without a usable libsrt, and says what to install. */
class StartupIT {

    @Test
    void refusesToStartWithoutLibsrtAndSaysWhatToInstall() throws Exception {
        try (Gateway gateway =
                new Gateway("no-libsrt", "21050-21051").with("sluice.srt.library", "/nonexistent/libsrt.so.1.5")) {
            Process p = gateway.startProcess();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
            assertThat(p.exitValue()).isNotZero();
            assertThat(gateway.logText())
                    .contains("Sluice cannot start: libsrt could not be loaded from '/nonexistent/libsrt.so.1.5'")
                    .contains("apt-get install libsrt1.5-openssl");
        }
    }

    @Test
    void logsTheLibsrtVersionAtStart() {
        try (Gateway gateway = new Gateway("libsrt-version", "21052-21053").start()) {
            assertThat(gateway.logText()).containsPattern("libsrt 1\\.5\\.\\d+ loaded \\(libsrt\\.so\\.1\\.5\\)");
        }
    }
}
