package dev.spiffeboot.workloadapi.wire;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.spiffeboot.workloadapi.wire.Bytes.cat;
import static dev.spiffeboot.workloadapi.wire.Bytes.hex;
import static dev.spiffeboot.workloadapi.wire.Bytes.len;
import static dev.spiffeboot.workloadapi.wire.Bytes.tag;
import static dev.spiffeboot.workloadapi.wire.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reader through a test message: {@code string text = 1; bytes data = 2; Test inner = 3;
 * map<string, bytes> map = 4;} with a known length-delimited field 5 skipped.
 */
class ProtoReaderTests {

    @Test
    void readsStringsBytesAndEmbeddedMessages() throws Exception {
        byte[] message = cat(len(1, "héllo"), len(2, hex("00ff")), len(3, cat(len(1, "in"), len(2, hex("01")))),
                len(1, ""), len(2, new byte[0]));
        assertThat(read(message)).containsExactly("héllo", "00ff", List.of("in", "01"), "", "");
    }

    @Test
    void anEmptyMessageHasNoFields() throws Exception {
        assertThat(read(new byte[0])).isEmpty();
    }

    @Test
    void skipsUnknownFieldsOfWireTypes0125() throws Exception {
        byte[] message = cat(tag(6, 0), hex("ffffffffffffffffff01"), len(1, "a"), tag(7, 1), hex("0102030405060708"),
                len(8, "skipped"), tag(9, 5), hex("01020304"), tag(100000, 0), hex("00"), len(1, "b"),
                len(3, cat(tag(6, 5), hex("00000000"), len(1, "c"))));
        assertThat(read(message)).containsExactly("a", "b", List.of("c"));
    }

    @Test
    void skipsAKnownFieldWhoseValueIsNotWanted() throws Exception {
        assertThat(read(cat(len(5, hex("ff")), len(1, "a")))).containsExactly("a");
        assertThatThrownBy(() -> read(cat(tag(5, 0), hex("00")))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.skipped: wire type 0 where 2 (length-delimited) is expected");
    }

    @ParameterizedTest
    @ValueSource(ints = { 3, 4, 6, 7 })
    void refusesWireTypes3467(int wireType) {
        assertThatThrownBy(() -> read(cat(tag(6, wireType), hex("0000000000000000"))))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test field 6: unsupported wire type " + wireType);
        // a group with its end, which protobuf-java would skip as an unknown field
        assertThatThrownBy(() -> read(cat(tag(6, 3), tag(6, 4)))).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void refusesFieldNumber0() {
        assertThatThrownBy(() -> read(hex("00")))
            .isInstanceOf(InvalidMessageException.class).hasMessage("Test: field number 0");
        assertThatThrownBy(() -> read(hex("0200")))
            .isInstanceOf(InvalidMessageException.class).hasMessage("Test: field number 0");
        assertThatThrownBy(() -> read(cat(len(3, hex("0500000000")))))
            .isInstanceOf(InvalidMessageException.class).hasMessage("Inner: field number 0");
    }

    @Test
    void refusesAKnownFieldOfTheWrongWireType() {
        assertThatThrownBy(() -> read(hex("0800"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.text: wire type 0 where 2 (length-delimited) is expected");
        assertThatThrownBy(() -> read(hex("1101020304050607 08"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.data: wire type 1 where 2 (length-delimited) is expected");
        assertThatThrownBy(() -> read(hex("1d01020304"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.inner: wire type 5 where 2 (length-delimited) is expected");
        assertThatThrownBy(() -> read(len(4, hex("0800")))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Entry.key: wire type 0 where 2 (length-delimited) is expected");
    }

    @Test
    void refusesTruncatedInput() {
        assertThatThrownBy(() -> read(hex("80")))
            .isInstanceOf(InvalidMessageException.class).hasMessage("Test: truncated tag");
        assertThatThrownBy(() -> read(hex("0a")))
            .isInstanceOf(InvalidMessageException.class).hasMessage("Test.text: truncated length");
        assertThatThrownBy(() -> read(hex("0a8001"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.text: length past the end of the message");
        assertThatThrownBy(() -> read(hex("0a0261"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.text: length past the end of the message");
        assertThatThrownBy(() -> read(hex("30ff"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test field 6: truncated value");
        assertThatThrownBy(() -> read(hex("3101020304050607"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test field 6: truncated");
        assertThatThrownBy(() -> read(hex("35010203"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test field 6: truncated");
        assertThatThrownBy(() -> read(hex("3205 0102"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test field 6: length past the end of the message");
    }

    @Test
    void anEmbeddedMessageEndsAtItsLength() {
        // the inner string's length fits the outer message but not the inner one
        assertThatThrownBy(() -> read(cat(hex("1a02 0a03"), utf8("abc")))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Inner.text: length past the end of the message");
        assertThatThrownBy(() -> read(cat(hex("1a02 3101"), hex("0203040506070809"))))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("Inner field 6: truncated");
        assertThatThrownBy(() -> read(cat(hex("1a01 30"), hex("00")))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Inner field 6: truncated value");
    }

    @Test
    void refusesNegativeLengths() {
        assertThatThrownBy(() -> read(hex("0affffffff0f"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.text: negative length");
        assertThatThrownBy(() -> read(hex("32 8080808008"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test field 6: negative length");
    }

    @Test
    void acceptsVarintsOfTenBytesAndRefusesLongerOnes() throws Exception {
        assertThat(read(cat(hex("30 ffffffffffffffffff7f"), len(1, "a")))).containsExactly("a");
        assertThatThrownBy(() -> read(hex("30 ffffffffffffffffff8001"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test field 6: value is a varint longer than 10 bytes");
        assertThatThrownBy(() -> read(hex("8a808080808080808080 00"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test: tag is a varint longer than 10 bytes");
        assertThatThrownBy(() -> read(hex("0a 8080808080808080808000"))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.text: length is a varint longer than 10 bytes");
    }

    @Test
    void keepsTheLow32BitsOfLongTagsAndLengthsAsProtobufJavaDoes() throws Exception {
        // tag 0x0a padded to ten bytes with bits above the 32nd set; length 1 likewise
        assertThat(read(cat(hex("8a808080f0 8080808000"), hex("8180808090 8080808000"), utf8("a")))).containsExactly("a");
    }

    @Test
    void readsMapEntriesWithDefaultsAndTheLastValueOfAKey() throws Exception {
        byte[] message = cat(len(4, cat(len(1, "b"), len(2, hex("01")))), len(4, cat(len(2, hex("02")))), len(4, cat(len(1, "a"))),
                len(4, cat(len(2, hex("03")), len(1, "b"), tag(6, 5), hex("00000000"))), len(4, new byte[0]),
                len(4, cat(len(1, "c"), len(1, "d"), len(2, hex("04")), len(2, hex("05")))));
        assertThat(read(message)).containsExactly(Map.of("b", "01"), Map.of("", "02"), Map.of("a", ""), Map.of("b", "03"),
                Map.of("", ""), Map.of("d", "05"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "80", "bf", "c0 80", "c1 bf", "e0 80 80", "ed a0 80", "ed bf bf", "f0 80 80 80", "f4 90 80 80",
        "f5 80 80 80", "f8 88 80 80 80", "fe", "ff", "e2 82", "c3", "f0 9f 98", "61 c3 28", "ed a0 bd ed b8 80" })
    void refusesStringsThatAreNotUtf8(String bytes) {
        byte[] value = cat(utf8("SECRET"), hex(bytes));
        assertThatThrownBy(() -> read(len(1, value))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Test.text: not UTF-8");
        assertThatThrownBy(() -> read(len(4, len(1, value)))).isInstanceOf(InvalidMessageException.class)
            .hasMessage("Entry.key: not UTF-8");
    }

    @Test
    void readsEveryValidUtf8Length() throws Exception {
        assertThat(read(len(1, hex("7f c280 dfbf e0a080 ed9fbf ee8080 efbfbf f0908080 f48fbfbf"))))
            .containsExactly("\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff");
    }

    @Test
    void messagesNeverCarryFieldContents() {
        assertThatThrownBy(() -> read(cat(len(1, "SECRET"), len(2, utf8("SECRET")), hex("0a05"), utf8("SECR"))))
            .isInstanceOf(InvalidMessageException.class)
            .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("SEC"));
    }

    @Test
    void readsWithinTheGivenRange() throws Exception {
        byte[] buffer = cat(hex("ffff"), len(1, "a"), hex("ffff"));
        ProtoReader reader = ProtoReader.of(buffer, 2, 3, "Test");
        assertThat(read(reader)).containsExactly("a");
        assertThatThrownBy(() -> ProtoReader.of(buffer, 5, 3, "Test")).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ProtoReader.of(buffer, -1, 3, "Test")).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ProtoReader.of(buffer, 0, -1, "Test")).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static List<Object> read(byte[] message) throws InvalidMessageException {
        return read(ProtoReader.of(message, 0, message.length, "Test"));
    }

    private static List<Object> read(ProtoReader reader) throws InvalidMessageException {
        List<Object> values = new ArrayList<>();
        while (reader.nextField()) {
            switch (reader.fieldNumber()) {
                case 1 -> values.add(reader.readString("text"));
                case 2 -> values.add(HexFormat.of().formatHex(reader.readBytes("data")));
                case 3 -> values.add(read(reader.readMessage("inner", "Inner")));
                case 4 -> {
                    Map<String, byte[]> entry = new LinkedHashMap<>();
                    reader.readMapEntry("map", "Entry", entry);
                    Map<String, String> hex = new LinkedHashMap<>();
                    entry.forEach((key, value) -> hex.put(key, HexFormat.of().formatHex(value)));
                    values.add(hex);
                }
                case 5 -> reader.skipLengthDelimited("skipped");
                default -> reader.skipField();
            }
        }
        return values;
    }
}
