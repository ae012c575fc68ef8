package io.sluice.srt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link SrtStats} reads {@code struct CBytePerfMon} by offset. This compiles {@code offsetof} against the
 * installed {@code srt/srt.h} (package libsrt-openssl-dev) and compares, so that a libsrt whose layout
 * differs is caught here and not as wrong statistics in production.
 */
class SrtStatsLayoutTest {

    @Test
    void offsetsMatchTheInstalledHeader() throws Exception {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("msTimeStamp", SrtStats.MS_TIMESTAMP);
        expected.put("pktSentTotal", SrtStats.PKT_SENT_TOTAL);
        expected.put("pktRecvTotal", SrtStats.PKT_RECV_TOTAL);
        expected.put("pktSndLossTotal", SrtStats.PKT_SND_LOSS_TOTAL);
        expected.put("pktRcvLossTotal", SrtStats.PKT_RCV_LOSS_TOTAL);
        expected.put("pktRetransTotal", SrtStats.PKT_RETRANS_TOTAL);
        expected.put("pktSndDropTotal", SrtStats.PKT_SND_DROP_TOTAL);
        expected.put("pktRcvDropTotal", SrtStats.PKT_RCV_DROP_TOTAL);
        expected.put("pktRcvUndecryptTotal", SrtStats.PKT_RCV_UNDECRYPT_TOTAL);
        expected.put("byteSentTotal", SrtStats.BYTE_SENT_TOTAL);
        expected.put("byteRecvTotal", SrtStats.BYTE_RECV_TOTAL);
        expected.put("pktRcvRetrans", SrtStats.PKT_RCV_RETRANS);
        expected.put("mbpsSendRate", SrtStats.MBPS_SEND_RATE);
        expected.put("mbpsRecvRate", SrtStats.MBPS_RECV_RATE);
        expected.put("pktFlightSize", SrtStats.PKT_FLIGHT_SIZE);
        expected.put("msRTT", SrtStats.MS_RTT);
        expected.put("mbpsBandwidth", SrtStats.MBPS_BANDWIDTH);
        expected.put("byteAvailSndBuf", SrtStats.BYTE_AVAIL_SND_BUF);
        expected.put("msSndBuf", SrtStats.MS_SND_BUF);
        expected.put("msSndTsbPdDelay", SrtStats.MS_SND_TSBPD_DELAY);
        expected.put("msRcvBuf", SrtStats.MS_RCV_BUF);
        expected.put("msRcvTsbPdDelay", SrtStats.MS_RCV_TSBPD_DELAY);

        Path dir = Files.createDirectories(Path.of("target", "layout"));
        StringBuilder c =
                new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <srt/srt.h>\nint main(void){\n");
        c.append("printf(\"sizeof %zu\\n\", sizeof(SRT_TRACEBSTATS));\n");
        for (String f : expected.keySet()) {
            c.append("printf(\"")
                    .append(f)
                    .append(" %zu\\n\", offsetof(SRT_TRACEBSTATS, ")
                    .append(f)
                    .append("));\n");
        }
        c.append("return 0;}\n");
        Files.writeString(dir.resolve("layout.c"), c);
        run(dir, "gcc", "-o", "layout", "layout.c");
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (String line : run(dir, "./layout").split("\n")) {
            String[] kv = line.strip().split(" ");
            actual.put(kv[0], Integer.parseInt(kv[1]));
        }
        assertThat(actual.remove("sizeof")).isEqualTo(SrtStats.STRUCT_SIZE);
        assertThat(actual).isEqualTo(expected);
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }
}
