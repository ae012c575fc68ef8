package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Any bytes, cut into any payloads at any times, never fault the analyzer or its snapshot.
 *
 * <p>In a normal {@code mvn test} Jazzer replays the committed inputs in
 * {@code src/test/resources/io/sluice/ts/TsAnalyzerFuzzTestInputs/anyBytesAnySplits/} (real TS snippets,
 * truncated and corrupted ones, and crashes found by fuzzing). To fuzz: {@code JAZZER_FUZZ=1 ./mvnw test
 * -Dtest=TsAnalyzerFuzzTest}; a finding is written to that directory and replayed from then on.
 *
 * <p>{@link #anyBytesAnySplits} reads its input as libFuzzer's data provider does: the split sizes and times
 * from its end, the stream bytes from its start — so a raw TS snippet is a good seed as it is. {@link
 * #packetsOfAKnownProgram} wraps fuzzed payloads in well-formed packet headers of a declared program, so
 * that the fuzzer spends its time in section reassembly and PES parsing rather than looking for sync.
 */
class TsAnalyzerFuzzTest {
    static final int PMT_PID = 0x1000;
    static final int[] PIDS = {0, PMT_PID, 0x100, 0x101, 0x102, TsPacket.NULL_PID};
    static final int[] STREAM_TYPES = {0x1B, 0x24, 0x02, 0x0F, 0x03, 0x81, 0x87, 0x06, 0x86, 0x15};

    @FuzzTest(maxDuration = "5m")
    void anyBytesAnySplits(FuzzedDataProvider data) {
        int[] splits = new int[1 + data.consumeInt(0, 7)];
        for (int i = 0; i < splits.length; i++) splits[i] = data.consumeInt(1, 3 * Feed.PAYLOAD);
        long now = data.consumeLong();
        int step = data.consumeInt(0, 50_000_000); // ns between payloads
        boolean direct = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();

        ByteBuffer buffer =
                direct ? ByteBuffer.allocateDirect(bytes.length).put(bytes).clear() : ByteBuffer.wrap(bytes);
        TsAnalyzer a = new TsAnalyzer();
        int k = 0;
        for (int p = 0; p < bytes.length; k++) {
            int n = Math.min(bytes.length - p, splits[k % splits.length]);
            a.acceptOrThrow(buffer, p, n, now); // throws on a fault, so Jazzer sees the stack trace
            p += n;
            now += step;
            if (k % 16 == 0) a.snapshot(now);
        }
        MediaSnapshot s = a.snapshot(now);
        assertThat(s.errors().analyzerFaults()).isZero();
        assertThat(s.packets()).isLessThanOrEqualTo(bytes.length / TsPacket.SIZE);
        assertThat(buffer.position()).isZero();
    }

    @FuzzTest(maxDuration = "5m")
    void packetsOfAKnownProgram(FuzzedDataProvider data) {
        ByteArrayOutputStream ts = new ByteArrayOutputStream();
        ts.writeBytes(TsBytes.psiPackets(0, TsBytes.pat(1, PMT_PID), 0));
        ts.writeBytes(TsBytes.psiPackets(
                PMT_PID,
                TsBytes.pmt(1, 0x100)
                        .bytes(TsBytes.es(data.pickValue(STREAM_TYPES), 0x100, new byte[0]))
                        .bytes(TsBytes.es(data.pickValue(STREAM_TYPES), 0x101, TsBytes.registration("Opus")))
                        .bytes(TsBytes.es(data.pickValue(STREAM_TYPES), 0x102, new byte[0]))
                        .build(),
                0));
        while (data.remainingBytes() > 0) {
            int pid = data.pickValue(PIDS);
            byte[] packet = new byte[TsPacket.SIZE];
            packet[0] = TsPacket.SYNC;
            packet[1] = (byte) ((data.consumeBoolean() ? 0x40 : 0) | (pid >>> 8)); // payload_unit_start_indicator, PID
            packet[2] = (byte) pid;
            packet[3] = (byte) (data.consumeInt(0, 0x3F)); // adaptation_field_control, continuity_counter
            byte[] body = data.consumeBytes(TsPacket.SIZE - 4);
            System.arraycopy(body, 0, packet, 4, body.length);
            ts.writeBytes(packet);
        }
        byte[] bytes = ts.toByteArray();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        TsAnalyzer a = new TsAnalyzer();
        long now = 0;
        for (int p = 0; p < bytes.length; p += Feed.PAYLOAD) {
            a.acceptOrThrow(buffer, p, Math.min(Feed.PAYLOAD, bytes.length - p), now);
            now += 2_105_600;
        }
        MediaSnapshot s = a.snapshot(now);
        assertThat(s.errors().analyzerFaults()).isZero();
        assertThat(s.errors().syncLosses()).isZero();
    }
}
