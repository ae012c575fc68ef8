package io.sluice.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortRangeTest {
    @Test
    void parsesRangesAndSinglePorts() {
        assertThat(PortRange.parse("10000-10999")).isEqualTo(new PortRange(10000, 10999));
        assertThat(PortRange.parse(" 10000 - 10001 ").size()).isEqualTo(2);
        assertThat(PortRange.parse("8890")).isEqualTo(new PortRange(8890, 8890));
        assertThat(PortRange.parse("10000-10999").toString()).isEqualTo("10000-10999");
    }

    @Test
    void refusesNonsenseNamingTheSetting() {
        assertThatThrownBy(() -> PortRange.parse("ten-twenty")).hasMessageContaining("sluice.ports.range 'ten-twenty'");
        assertThatThrownBy(() -> PortRange.parse("20-10")).hasMessageContaining("the first must not exceed the last");
        assertThatThrownBy(() -> PortRange.parse("0-10")).hasMessageContaining("ports are 1-65535");
    }

    @Test
    void overlapIsSymmetricAndInclusive() {
        PortRange a = new PortRange(10000, 10099);
        assertThat(a.overlaps(new PortRange(10099, 10200))).isTrue();
        assertThat(new PortRange(10099, 10200).overlaps(a)).isTrue();
        assertThat(a.overlaps(new PortRange(10100, 10200))).isFalse();
        assertThat(a.contains(10000)).isTrue();
        assertThat(a.contains(10100)).isFalse();
    }
}
