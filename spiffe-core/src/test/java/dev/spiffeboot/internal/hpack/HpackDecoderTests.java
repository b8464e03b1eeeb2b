package dev.spiffeboot.internal.hpack;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.spiffeboot.internal.hpack.HpackTesting.concat;
import static dev.spiffeboot.internal.hpack.HpackTesting.decode;
import static dev.spiffeboot.internal.hpack.HpackTesting.entries;
import static dev.spiffeboot.internal.hpack.HpackTesting.field;
import static dev.spiffeboot.internal.hpack.HpackTesting.hex;
import static dev.spiffeboot.internal.hpack.HpackTesting.huffman;
import static dev.spiffeboot.internal.hpack.HpackTesting.integer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HpackDecoderTests {

    private static final byte[] CUSTOM_KEY_WITH_INDEXING =
            hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "80                   | index 0, at offset 0",
        "82 80                | index 0, at offset 1",
        "be                   | index 62 is past the tables (61 static and 0 dynamic entries), at offset 0",
        "ff 80 80 80 80 00    | index 127 is past the tables",
        "7e 01 61             | index 62 is past the tables",
        "0f 2f 01 61          | index 62 is past the tables",
        "1f 2f 01 61          | index 62 is past the tables",
        "ff                   | truncated integer, at offset 0",
        "82 ff 80             | truncated integer, at offset 1",
        "ff 80 80 80 80 80 00 | integer longer than 5 continuation octets, at offset 0",
        "ff ff ff ff ff 0f    | integer exceeds 2^31 - 1, at offset 0",
        "ff 81 80 80 80 08    | integer exceeds 2^31 - 1, at offset 0",
        "00                   | truncated block: string literal expected at offset 1",
        "04                   | truncated block: string literal expected at offset 1",
        "00 01 61             | truncated block: string literal expected at offset 3",
        "00 05 61 62          | truncated string literal of 5 octets, at offset 1",
        "04 7f 81 80 80 08    | truncated string literal of 16777344 octets, at offset 1",
        "04 ff 01 61          | truncated string literal of 128 octets, at offset 1",
        "00 7f                | truncated integer, at offset 1",
        "82 20                | dynamic table size update after a header field, at offset 1",
        "3f e2 1f             | dynamic table size update to 4097 exceeds the limit of 4096, at offset 0",
        "20 3f e2 1f          | dynamic table size update to 4097 exceeds the limit of 4096, at offset 1",
        "00 81 ff 01 61       | Huffman-coded string ends with padding longer than 7 bits, at offset 1",
        "04 81 18             | Huffman-coded string ends with padding that is not all ones, at offset 1",
        "04 84 ff ff ff ff    | Huffman-coded string holds the EOS symbol, at offset 1",
    })
    void refusesMalformedBlocks(String block, String message) {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> decode(decoder, hex(block)))
                .withMessageContaining(message);
    }

    @Test
    void acceptsTheLargestInteger() {
        byte[] block = concat(0x04, integer(0x00, 7, Integer.MAX_VALUE));
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> decode(new HpackDecoder(4096, 8192), block))
                .withMessage("truncated string literal of 2147483647 octets, at offset 1");
        byte[] tooLarge = concat(0x04, integer(0x00, 7, Integer.MAX_VALUE + 1L));
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> decode(new HpackDecoder(4096, 8192), tooLarge))
                .withMessage("integer exceeds 2^31 - 1, at offset 1");
    }

    @Test
    void refusesAnIndexPastTheDynamicTable() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        decode(decoder, CUSTOM_KEY_WITH_INDEXING);
        assertThat(decode(decoder, hex("be"))).containsExactly(field("custom-key", "custom-header"));
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> decode(decoder, hex("bf")))
                .withMessage("index 63 is past the tables (61 static and 1 dynamic entries), at offset 0");
    }

    @Test
    void decodesEveryKindOfLiteralWithADynamicTableName() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        decode(decoder, CUSTOM_KEY_WITH_INDEXING);
        // with indexing, without indexing, never indexed: name index 62, value "v"
        assertThat(decode(decoder, hex("7e 01 76 0f 2f 01 77 1f 2f 01 78"))).containsExactly(
                field("custom-key", "v"), field("custom-key", "w"), field("custom-key", "x"));
        assertThat(entries(decoder)).containsExactly("custom-key: v", "custom-key: custom-header");
    }

    @Test
    void decodesLiteralNamesAndValuesRawAndHuffmanCoded() throws HpackException {
        byte[] huffmanName = huffman("x-request-id");
        byte[] huffmanValue = huffman("42");
        byte[] block = concat(0x00, 0x80 | huffmanName.length, huffmanName, 0x80 | huffmanValue.length, huffmanValue,
                0x10, 0x01, "a", 0x00, 0x40, 0x01, "b", 0x01, "c");
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThat(decode(decoder, block)).containsExactly(field("x-request-id", "42"), field("a", ""),
                field("b", "c"));
        assertThat(entries(decoder)).containsExactly("b: c");
    }

    @Test
    void acceptsSeveralTableSizeUpdatesAtTheStartOfABlock() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        decode(decoder, CUSTOM_KEY_WITH_INDEXING);
        // to 0 (evicting everything), then back to 4096, then a field
        assertThat(decode(decoder, hex("20 3f e1 1f 82"))).containsExactly(field(":method", "GET"));
        assertThat(entries(decoder)).isEmpty();
        assertThat(decoder.dynamicTable().capacity()).isEqualTo(4096);
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> decode(decoder, hex("be")))
                .withMessageContaining("index 62 is past the tables");
    }

    @Test
    void tableSizeUpdateEvictsTheOldestEntries() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        decode(decoder, hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        decode(decoder, hex("8286 84be 5808 6e6f 2d63 6163 6865"));
        assertThat(decoder.dynamicTable().size()).isEqualTo(110);
        // 60 keeps cache-control: no-cache (53) only; a block may hold nothing but updates
        assertThat(decode(decoder, concat(integer(0x20, 5, 60)))).isEmpty();
        assertThat(entries(decoder)).containsExactly("cache-control: no-cache");
        assertThat(decoder.dynamicTable().capacity()).isEqualTo(60);
        // an entry that does not fit (57 + 53 > 60) evicts
        decode(decoder, hex("41 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        assertThat(entries(decoder)).containsExactly(":authority: www.example.com");
    }

    @Test
    void anEntryLargerThanTheTableEmptiesItAndIsStillPassedOn() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(64, 8192);
        decode(decoder, CUSTOM_KEY_WITH_INDEXING);
        assertThat(entries(decoder)).containsExactly("custom-key: custom-header");
        // 10 + 23 + 32 = 65 octets
        assertThat(decode(decoder, concat(0x40, 0x0a, "custom-key", 0x17, "a value of 23 octets...")))
                .containsExactly(field("custom-key", "a value of 23 octets..."));
        assertThat(entries(decoder)).isEmpty();
        assertThat(decoder.dynamicTable().size()).isZero();
    }

    @Test
    void aZeroSizeTableIndexesNothing() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(0, 8192);
        assertThat(decode(decoder, CUSTOM_KEY_WITH_INDEXING)).containsExactly(field("custom-key", "custom-header"));
        assertThat(entries(decoder)).isEmpty();
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> decode(decoder, hex("21")))
                .withMessage("dynamic table size update to 1 exceeds the limit of 0, at offset 0");
    }

    @Test
    void refusesAHeaderListOverTheLimitWithoutShowingValues() throws HpackException {
        // each field: 10 + 13 + 32 = 55 octets
        byte[] twice = concat(CUSTOM_KEY_WITH_INDEXING, hex("be"));
        assertThat(decode(new HpackDecoder(4096, 110), twice)).hasSize(2);
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> decode(new HpackDecoder(4096, 109), twice))
                .withMessage("header list size exceeds the limit of 109 octets, at offset 26")
                .withMessageNotContaining("custom-header");
        assertThatExceptionOfType(HpackException.class).isThrownBy(() -> decode(new HpackDecoder(4096, 54), twice))
                .withMessage("header list size exceeds the limit of 54 octets, at offset 0");
    }

    @Test
    void theListLimitIsPerBlock() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 55);
        assertThat(decode(decoder, CUSTOM_KEY_WITH_INDEXING)).hasSize(1);
        assertThat(decode(decoder, hex("be"))).hasSize(1);
        assertThat(decode(decoder, hex("be"))).hasSize(1);
    }

    @Test
    void decodesAnyOctetAsIso88591AndLeavesNamesToTheCaller() throws HpackException {
        byte[] block = concat(0x00, 0x03, "ABC", 0x03, 0x00, 0xe9, 0xff, 0x00, 0x01, 0x80, 0x00);
        assertThat(decode(new HpackDecoder(4096, 8192), block))
                .containsExactly(field("ABC", "\u0000\u00e9\u00ff"), field("\u0080", ""));
    }

    @Test
    void decodesABlockWithinALargerArray() throws HpackException {
        byte[] array = new byte[CUSTOM_KEY_WITH_INDEXING.length + 10];
        Arrays.fill(array, (byte) 0x80);
        System.arraycopy(CUSTOM_KEY_WITH_INDEXING, 0, array, 5, CUSTOM_KEY_WITH_INDEXING.length);
        HpackTesting.Recorder recorder = new HpackTesting.Recorder();
        new HpackDecoder(4096, 8192).decode(array, 5, CUSTOM_KEY_WITH_INDEXING.length, recorder);
        assertThat(recorder.fields).containsExactly(field("custom-key", "custom-header"));
    }

    @Test
    void theOffsetsOfErrorsAreWithinTheBlock() {
        byte[] array = hex("ffff 82 80");
        assertThatExceptionOfType(HpackException.class)
                .isThrownBy(() -> new HpackDecoder(4096, 8192).decode(array, 2, 2, (name, value) -> { }))
                .withMessage("index 0, at offset 1");
    }

    @Test
    void anEmptyBlockHasNoFields() throws HpackException {
        assertThat(decode(new HpackDecoder(4096, 8192), new byte[0])).isEmpty();
    }

    @Test
    void refusesBadArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HpackDecoder(-1, 8192));
        assertThatIllegalArgumentException().isThrownBy(() -> new HpackDecoder(4096, -1));
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThatExceptionOfType(IndexOutOfBoundsException.class)
                .isThrownBy(() -> decoder.decode(new byte[4], 2, 3, (name, value) -> { }));
    }
}
