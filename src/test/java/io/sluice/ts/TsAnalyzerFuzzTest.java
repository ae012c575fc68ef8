package io.sluice.ts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Any bytes, cut into any payloads at any times, never fault the analyzer or its snapshot.
 *
 * <p>In a normal {@code mvn test} Jazzer replays the committed inputs in
 * {@code src/test/resources/io/sluice/ts/TsAnalyzerFuzzTestInputs/anyBytesAnySplits/} (real TS snippets,
 * truncated and corrupted ones, and crashes found by fuzzing). To fuzz: {@code JAZZER_FUZZ=1 ./mvnw test
 * -Dtest=TsAnalyzerFuzzTest}; a finding is written to that directory and replayed from then on.
 *
 * <p>The input is read as libFuzzer's data provider reads it: the split sizes and times from its end, the
 * stream bytes from its start — so a raw TS snippet is a good seed as it is.
 */
class TsAnalyzerFuzzTest {

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
}
