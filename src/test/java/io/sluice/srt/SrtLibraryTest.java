package io.sluice.srt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrtLibraryTest {
    @Test
    void versionsPrintAsMajorMinorPatch() {
        assertThat(SrtLibrary.format(0x010501)).isEqualTo("1.5.1");
        assertThat(SrtLibrary.format(0x010403)).isEqualTo("1.4.3");
        assertThat(SrtLibrary.MINIMUM_VERSION).isGreaterThan(0x010403);
    }

    @Test
    void theInstallHintNamesTheDebianPackageAndTheSetting() {
        assertThat(SrtLibrary.INSTALL_HINT)
                .contains("apt-get install libsrt1.5-openssl")
                .contains("sluice.srt.library");
    }
}
