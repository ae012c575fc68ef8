package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
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

    /**
     * A start that fails late (after libsrt's threads have run the admission callback) still exits: the
     * process used to hang for ever at exit when the shared port was taken.
     */
    @Test
    void refusesToStartWhenTheSharedPortIsTakenAndExits() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(0));
                Gateway gateway = new Gateway("shared-taken", "21054-21055")
                        .with("sluice.srt.shared-port", Integer.toString(taken.getLocalPort()))) {
            Process p = gateway.startProcess();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
            assertThat(p.exitValue()).isNotZero();
            assertThat(gateway.logText())
                    .contains("Sluice cannot start: the shared SRT port " + taken.getLocalPort() + " cannot be bound")
                    .contains("set sluice.srt.shared-port to a free port, or 0 to turn it off");
        }
    }

    @Test
    void logsTheLibsrtVersionAtStart() {
        try (Gateway gateway = new Gateway("libsrt-version", "21052-21053").start()) {
            assertThat(gateway.logText()).containsPattern("libsrt 1\\.5\\.\\d+ loaded \\(libsrt\\.so\\.1\\.5\\)");
        }
    }
}
