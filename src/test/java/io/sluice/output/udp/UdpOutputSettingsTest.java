package io.sluice.output.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.output.OutputUrl;
import org.junit.jupiter.api.Test;

class UdpOutputSettingsTest {
    @Test
    void multicastTakesTtlAndAnInterfaceAddress() {
        UdpOutputSettings s =
                UdpOutputSettings.parse(OutputUrl.parse("udp://239.1.1.1:5000?ttl=8&localaddr=127.0.0.1"));
        assertThat(s.address().isMulticastAddress()).isTrue();
        assertThat(s.ttl()).isEqualTo(8);
        assertThat(s.localAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(UdpOutputSettings.parse(OutputUrl.parse("udp://239.1.1.1:5000?adapter=127.0.0.1"))
                        .localAddress())
                .isNotNull();
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> UdpOutputSettings.parse(OutputUrl.parse("udp://:5000")))
                .hasMessageContaining("needs a destination host");
        assertThatThrownBy(() -> UdpOutputSettings.parse(OutputUrl.parse("udp://127.0.0.1")))
                .hasMessageContaining("needs a destination port");
        assertThatThrownBy(() -> UdpOutputSettings.parse(OutputUrl.parse("udp://239.1.1.1:5000?ttl=0")))
                .hasMessageContaining("ttl=0 must be an integer from 1 to 255");
        assertThatThrownBy(() -> UdpOutputSettings.parse(OutputUrl.parse("udp://239.1.1.1:5000?localaddr=::1")))
                .hasMessageContaining("different IP families");
    }
}
