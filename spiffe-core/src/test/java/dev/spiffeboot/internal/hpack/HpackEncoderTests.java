package dev.spiffeboot.internal.hpack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.spiffeboot.internal.hpack.HpackTesting.concat;
import static dev.spiffeboot.internal.hpack.HpackTesting.decode;
import static dev.spiffeboot.internal.hpack.HpackTesting.field;
import static dev.spiffeboot.internal.hpack.HpackTesting.fields;
import static dev.spiffeboot.internal.hpack.HpackTesting.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class HpackEncoderTests {

    @Test
    void encodesAStaticTableNameAsAnIndexAsInAppendixC22() {
        assertThat(HpackEncoder.encode(fields(field(":path", "/sample/path"))))
                .isEqualTo(hex("040c 2f73 616d 706c 652f 7061 7468"));
    }

    @Test
    void encodesOtherNamesAsLiterals() {
        assertThat(HpackEncoder.encode(fields(field("custom-key", "custom-header"))))
                .isEqualTo(hex("000a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
    }

    @Test
    void encodesTheFirstIndexOfANameAndIndexesFromFifteenWithAContinuationOctet() {
        assertThat(HpackEncoder.encode(fields(field(":method", "POST"), field("content-type", "application/grpc"),
                field("www-authenticate", ""))))
                .isEqualTo(concat(0x02, 0x04, "POST", 0x0f, 31 - 15, 0x10, "application/grpc", 0x0f, 61 - 15, 0x00));
    }

    @Test
    void encodesLongStringLengthsWithContinuationOctets() {
        String value = "v".repeat(127 + 128 + 3);
        byte[] block = HpackEncoder.encode(fields(field("x", value)));
        // 127 + 131: 0x7f, then 131 - 128 = 3 with the continuation bit, then 1
        assertThat(block).startsWith(0x00, 0x01, 'x', 0x7f, 0x83, 0x01);
        assertThat(block).hasSize(6 + value.length());
    }

    @Test
    void encodesNothingAsAnEmptyBlock() {
        assertThat(HpackEncoder.encode(List.of())).isEmpty();
    }

    @Test
    void roundTripsThroughTheDecoderWithoutTouchingItsTable() throws HpackException {
        List<Map.Entry<String, String>> headers = fields(field(":method", "POST"), field(":scheme", "http"),
                field(":path", "/SpiffeWorkloadAPI/FetchX509SVID"), field(":authority", "localhost"),
                field("content-type", "application/grpc"), field("te", "trailers"),
                field("workload.spiffe.io", "true"), field("grpc-timeout", "5S"), field("empty", ""),
                field("latin-1", "caf\u00e9 \u00ff\u0001\t"));
        HpackDecoder decoder = new HpackDecoder(0, 8192);
        assertThat(decode(decoder, HpackEncoder.encode(headers))).isEqualTo(headers);
        assertThat(decoder.dynamicTable().length()).isZero();
    }

    @Test
    void roundTripsRandomHeaderLists() throws HpackException {
        Random random = new Random(7541);
        String nameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        for (int n = 0; n < 2_000; n++) {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = random.nextInt(8); i > 0; i--) {
                String name = random.nextInt(4) == 0 ? StaticTable.name(1 + random.nextInt(StaticTable.LENGTH))
                        : randomString(random, 1 + random.nextInt(20), nameCharacters);
                StringBuilder value = new StringBuilder();
                for (int j = random.nextInt(300); j > 0; j--) {
                    char c = (char) (1 + random.nextInt(255));
                    value.append(c == '\r' || c == '\n' ? ' ' : c);
                }
                headers.add(field(name, value.toString()));
            }
            assertThat(decode(decoder, HpackEncoder.encode(headers))).isEqualTo(headers);
        }
        assertThat(decoder.dynamicTable().length()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Content-Type", "x y", "a:b", ":", "x\u00e9", "x\u0000", "x\r", "x\"", "x/y"})
    void refusesNamesThatAreNotLowercaseTokens(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> HpackEncoder.encode(fields(field(name, "v"))));
    }

    @Test
    void acceptsPseudoHeaderAndTokenNames() {
        assertThat(HpackEncoder.encode(fields(field(":x", ""), field("a0!#$%&'*+-.^_`|~z", "")))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret\r\nx-injected: 1", "secret\n", "secret\u0000", "secret\u0100", "secret\u20ac"})
    void refusesValuesThatCannotBeSentWithoutShowingThem(String value) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HpackEncoder.encode(fields(field("authorization", "ok"), field("x-token", value))))
                .withMessageContaining("x-token")
                .withMessageContaining("at index 6")
                .withMessageNotContaining("secret");
    }

    @Test
    void refusesNulls() {
        assertThatNullPointerException().isThrownBy(() -> HpackEncoder.encode(null));
        List<Map.Entry<String, String>> nullEntry = new ArrayList<>();
        nullEntry.add(null);
        assertThatNullPointerException().isThrownBy(() -> HpackEncoder.encode(nullEntry));
        assertThatNullPointerException()
                .isThrownBy(() -> HpackEncoder.encode(List.of(new java.util.AbstractMap.SimpleEntry<>("x", null))));
    }

    private static String randomString(Random random, int length, String characters) {
        StringBuilder string = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            string.append(characters.charAt(random.nextInt(characters.length())));
        }
        return string.toString();
    }
}
