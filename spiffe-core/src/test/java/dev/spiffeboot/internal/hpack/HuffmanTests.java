package dev.spiffeboot.internal.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.spiffeboot.internal.hpack.HpackTesting.hex;
import static dev.spiffeboot.internal.hpack.HpackTesting.huffman;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

class HuffmanTests {

    @Test
    void codeTableIsTheCanonicalCompleteCodeOfTheRfc() {
        // RFC 7541's code is canonical: ordered by length then symbol, each code is the previous one plus one,
        // shifted left by the change in length; so a mistyped code or length breaks this
        Integer[] symbols = new Integer[257];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = i;
        }
        Arrays.sort(symbols, (a, b) -> Huffman.length(a) != Huffman.length(b)
                ? Integer.compare(Huffman.length(a), Huffman.length(b)) : Integer.compare(a, b));
        long expected = 0;
        int previousLength = Huffman.length(symbols[0]);
        long kraft = 0;
        for (int i = 0; i < symbols.length; i++) {
            int symbol = symbols[i];
            int length = Huffman.length(symbol);
            if (i > 0) {
                expected = (expected + 1) << (length - previousLength);
                previousLength = length;
            }
            assertThat(Huffman.code(symbol)).as("code of %d", symbol).isEqualTo(expected);
            kraft += 1L << (30 - length);
        }
        assertThat(kraft).as("complete code").isEqualTo(1L << 30);
    }

    @ParameterizedTest(name = "symbol {0}")
    @CsvSource({
        "0, 1ff8, 13",
        "10, 3ffffffc, 30",
        "32, 14, 6",
        "48, 0, 5",
        "58, 5c, 7",
        "92, 7fff0, 19",
        "97, 3, 5",
        "116, 9, 5",
        "126, 1ffd, 13",
        "127, ffffffc, 28",
        "199, 1ffffec, 25",
        "255, 3ffffee, 26",
        "256, 3fffffff, 30",
    })
    void codeTableMatchesRowsOfAppendixB(int symbol, String code, int length) {
        assertThat(Huffman.code(symbol)).isEqualTo(Integer.parseInt(code, 16));
        assertThat(Huffman.length(symbol)).isEqualTo(length);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "f1e3 c2e5 f23a 6ba0 ab90 f4ff                          | www.example.com",
        "a8eb 1064 9cbf                                         | no-cache",
        "25a8 49e9 5ba9 7d7f                                    | custom-key",
        "25a8 49e9 5bb8 e8b4 bf                                 | custom-value",
        "6402                                                   | 302",
        "aec3 771a 4b                                           | private",
        "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff | Mon, 21 Oct 2013 20:13:21 GMT",
        "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3             | https://www.example.com",
        "640e ff                                                | 307",
        "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff | Mon, 21 Oct 2013 20:13:22 GMT",
        "9bd9 ab                                                | gzip",
        "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106"
                + " 3d50 07 | foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
    })
    void decodesTheStringsOfAppendixC(String coded, String decoded) throws HpackException {
        byte[] octets = hex(coded);
        assertThat(Huffman.decode(octets, 0, octets.length)).isEqualTo(decoded);
        assertThat(huffman(decoded)).isEqualTo(octets);
    }

    @Test
    void decodesEachOfThe256OctetsAloneAndAllTogether() throws HpackException {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
            byte[] coded = huffman(new byte[] {(byte) i});
            assertThat(Huffman.decode(coded, 0, coded.length)).as("octet %d", i).isEqualTo(String.valueOf((char) i));
        }
        byte[] coded = huffman(all);
        assertThat(Huffman.decode(coded, 0, coded.length).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(all);
    }

    @Test
    void decodesRandomStringsWithinALargerArray() throws HpackException {
        Random random = new Random(7541);
        for (int n = 0; n < 20_000; n++) {
            byte[] octets = new byte[random.nextInt(80)];
            random.nextBytes(octets);
            byte[] coded = huffman(octets);
            byte[] array = new byte[coded.length + 6];
            random.nextBytes(array);
            System.arraycopy(coded, 0, array, 3, coded.length);
            assertThat(Huffman.decode(array, 3, coded.length).getBytes(StandardCharsets.ISO_8859_1))
                    .isEqualTo(octets);
        }
    }

    @Test
    void emptyStringDecodesToEmpty() throws HpackException {
        assertThat(Huffman.decode(new byte[] {1, 2}, 1, 0)).isEmpty();
    }

    @Test
    void acceptsExactlyTheEncodingsOfStringsAmongAllOneAndTwoOctetInputs() {
        // padding of at most seven ones makes every string's encoding unique, so what is accepted is what encodes
        int accepted = 0;
        for (int n = 0; n < 256 + 65536; n++) {
            byte[] input = n < 256 ? new byte[] {(byte) n} : new byte[] {(byte) (n >> 8), (byte) n};
            String decoded;
            try {
                decoded = Huffman.decode(input, 0, input.length);
            }
            catch (HpackException ex) {
                continue;
            }
            catch (RuntimeException ex) {
                fail("input %s threw %s", HexFormat.of().formatHex(input), ex);
                return;
            }
            accepted++;
            assertThat(huffman(decoded)).isEqualTo(input);
        }
        assertThat(accepted).isPositive();
    }

    @Test
    void refusesTheEosSymbol() {
        assertHuffmanError("ffff ffff", "holds the EOS symbol");
        // 'a' (00011), EOS, then five ones
        assertHuffmanError("1fff ffff ff", "holds the EOS symbol");
    }

    @Test
    void refusesPaddingLongerThanSevenBits() {
        assertHuffmanError("ff", "padding longer than 7 bits");
        // 'a' (00011) then eleven ones
        assertHuffmanError("1fff", "padding longer than 7 bits");
        assertHuffmanError("ffff ff", "padding longer than 7 bits");
    }

    @Test
    void refusesPaddingThatIsNotAllOnes() {
        // 'a' (00011) then 000
        assertHuffmanError("18", "padding that is not all ones");
        // 'a' then 101
        assertHuffmanError("1d", "padding that is not all ones");
        // the code of octet 0 (11111111 11000), then 000
        assertHuffmanError("ffc0", "padding that is not all ones");
        // the first eight bits of a ten-bit code
        assertHuffmanError("fe", "padding that is not all ones");
        // a code cut short: the first 16 bits of a 28-bit code
        assertHuffmanError("ffff fe", "padding that is not all ones");
    }

    private static void assertHuffmanError(String coded, String message) {
        byte[] octets = hex(coded);
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> Huffman.decode(octets, 0, octets.length))
                .withMessageContaining(message);
    }
}
