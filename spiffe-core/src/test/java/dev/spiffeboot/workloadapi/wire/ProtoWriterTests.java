package dev.spiffeboot.workloadapi.wire;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static dev.spiffeboot.workloadapi.wire.Bytes.cat;
import static dev.spiffeboot.workloadapi.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

class ProtoWriterTests {

    @Test
    void writesVarint32AsUnsigned() {
        assertThat(written(w -> w.writeVarint32(0))).isEqualTo(hex("00"));
        assertThat(written(w -> w.writeVarint32(1))).isEqualTo(hex("01"));
        assertThat(written(w -> w.writeVarint32(127))).isEqualTo(hex("7f"));
        assertThat(written(w -> w.writeVarint32(128))).isEqualTo(hex("8001"));
        assertThat(written(w -> w.writeVarint32(300))).isEqualTo(hex("ac02"));
        assertThat(written(w -> w.writeVarint32(Integer.MAX_VALUE))).isEqualTo(hex("ffffffff07"));
        assertThat(written(w -> w.writeVarint32(-1))).isEqualTo(hex("ffffffff0f"));
        assertThat(written(w -> w.writeVarint32(Integer.MIN_VALUE))).isEqualTo(hex("8080808008"));
    }

    @Test
    void writesVarint64UpToTenBytes() {
        assertThat(written(w -> w.writeVarint64(0))).isEqualTo(hex("00"));
        assertThat(written(w -> w.writeVarint64(1L << 35))).isEqualTo(hex("8080808080 01"));
        assertThat(written(w -> w.writeVarint64(Long.MAX_VALUE))).isEqualTo(hex("ffffffffffffffff7f"));
        assertThat(written(w -> w.writeVarint64(-1))).isEqualTo(hex("ffffffffffffffffff01"));
    }

    @Test
    void writesTags() {
        assertThat(written(w -> w.writeTag(1, 2))).isEqualTo(hex("0a"));
        assertThat(written(w -> w.writeTag(16, 0))).isEqualTo(hex("8001"));
        assertThat(written(w -> w.writeTag((1 << 29) - 1, 5))).isEqualTo(hex("fdffffff0f"));
    }

    @Test
    void writesLengthDelimitedFieldsEvenWhenEmpty() {
        assertThat(written(w -> w.writeBytes(2, new byte[0]))).isEqualTo(hex("1200"));
        assertThat(written(w -> w.writeString(3, ""))).isEqualTo(hex("1a00"));
        byte[] large = new byte[300];
        large[299] = 7;
        assertThat(written(w -> {
            w.writeBytes(1, new byte[] { 1 });
            w.writeBytes(2, large);
        })).isEqualTo(cat(hex("0a0101 12ac02"), large));
    }

    @Test
    void writesStringsInUtf8AndUnpairedSurrogatesAsQuestionMarks() {
        assertThat(written(w -> w.writeString(1, "é€\uD83D\uDE00"))).isEqualTo(hex("0a09 c3a9 e282ac f09f9880"));
        assertThat(written(w -> w.writeString(1, "a\uD800b"))).isEqualTo(hex("0a03 613f62"));
    }

    @Test
    void anEmptyWriterWritesNothing() {
        assertThat(new ProtoWriter().toByteArray()).isEmpty();
    }

    private static byte[] written(Consumer<ProtoWriter> writes) {
        ProtoWriter writer = new ProtoWriter();
        writes.accept(writer);
        return writer.toByteArray();
    }
}
