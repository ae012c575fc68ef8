package io.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "198.51.100.0/24, 198.51.100.7, true",
        "198.51.100.0/24, 198.51.101.7, false",
        "198.51.100.7, 198.51.100.7, true",
        "198.51.100.7, 198.51.100.8, false",
        "0.0.0.0/0, 203.0.113.9, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "198.51.100.128/25, 198.51.100.127, false",
        "2001:db8::/32, 2001:db8:1::5, true",
        "2001:db8::/32, 2001:db9::5, false",
        "::1/128, ::1, true",
        "198.51.100.0/24, ::ffff:198.51.100.7, true",
        "198.51.100.0/24, 2001:db8::1, false",
        "2001:db8::/32, 198.51.100.7, false",
    })
    void matchesAddressesOfItsFamily(String cidr, String address, boolean inside) throws Exception {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(inside);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "example.com/24 | is not an IPv4 or IPv6 network",
                "198.51.100.0/33 | prefix /33 of '198.51.100.0/33' is not 0-32",
                "2001:db8::/129 | is not 0-128",
                "198.51.100.0/x | is not a number",
                "' '           | empty network",
            })
    void refusesWhatIsNotANetwork(String text, String reason) {
        assertThatThrownBy(() -> Cidr.parse(text)).hasMessageContaining(reason);
    }

    @org.junit.jupiter.api.Test
    void anEmptyAllowlistAllowsEveryone() throws Exception {
        InetAddress a = InetAddress.getByName("203.0.113.9");
        assertThat(Cidr.allows(List.of(), a)).isTrue();
        assertThat(Cidr.allows(List.of(Cidr.parse("10.0.0.0/8")), a)).isFalse();
        assertThat(Cidr.allows(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("203.0.113.0/24")), a))
                .isTrue();
    }
}
