package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeTest {
    @Test
    void readsSizesWithBinaryUnits() {
        assertThat(ByteSize.parse("1048576")).isEqualTo(1_048_576);
        assertThat(ByteSize.parse("500B")).isEqualTo(500);
        assertThat(ByteSize.parse("500M")).isEqualTo(500L * 1024 * 1024);
        assertThat(ByteSize.parse("2g")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("2GB")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("10K")).isEqualTo(10_240);
        assertThat(ByteSize.parse("1T")).isEqualTo(1L << 40);
    }

    @Test
    void zeroAndNoneMeanNoLimit() {
        assertThat(ByteSize.parse("0")).isZero();
        assertThat(ByteSize.parse("none")).isZero();
        assertThat(ByteSize.parse("Unlimited")).isZero();
    }

    @Test
    void refusesWhatIsNotASize() {
        for (var bad : new String[] {"", "M", "lots", "-5M", "1.5G", "5X", "B", "KiB", "99999999999999999T"}) {
            assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }

    @Test
    void formatsShort() {
        assertThat(ByteSize.format(0)).isEqualTo("0");
        assertThat(ByteSize.format(1023)).isEqualTo("1023");
        assertThat(ByteSize.format(1536)).isEqualTo("1.5K");
        assertThat(ByteSize.format(500L << 20)).isEqualTo("500M");
        assertThat(ByteSize.format(2L << 30)).isEqualTo("2G");
    }
}
