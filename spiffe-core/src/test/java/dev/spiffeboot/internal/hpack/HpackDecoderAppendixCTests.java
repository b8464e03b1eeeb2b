package dev.spiffeboot.internal.hpack;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.spiffeboot.internal.hpack.HpackTesting.decode;
import static dev.spiffeboot.internal.hpack.HpackTesting.entries;
import static dev.spiffeboot.internal.hpack.HpackTesting.field;
import static dev.spiffeboot.internal.hpack.HpackTesting.fields;
import static dev.spiffeboot.internal.hpack.HpackTesting.hex;
import static org.assertj.core.api.Assertions.assertThat;

/** The examples of RFC 7541 Appendix C.2 to C.6: the blocks, the header lists and the dynamic tables after each. */
class HpackDecoderAppendixCTests {

    private static final List<Map.Entry<String, String>> REQUEST_1 = fields(
            field(":method", "GET"), field(":scheme", "http"), field(":path", "/"),
            field(":authority", "www.example.com"));

    private static final List<Map.Entry<String, String>> REQUEST_2 = fields(
            field(":method", "GET"), field(":scheme", "http"), field(":path", "/"),
            field(":authority", "www.example.com"), field("cache-control", "no-cache"));

    private static final List<Map.Entry<String, String>> REQUEST_3 = fields(
            field(":method", "GET"), field(":scheme", "https"), field(":path", "/index.html"),
            field(":authority", "www.example.com"), field("custom-key", "custom-value"));

    private static final List<Map.Entry<String, String>> RESPONSE_1 = fields(
            field(":status", "302"), field("cache-control", "private"),
            field("date", "Mon, 21 Oct 2013 20:13:21 GMT"), field("location", "https://www.example.com"));

    private static final List<Map.Entry<String, String>> RESPONSE_2 = fields(
            field(":status", "307"), field("cache-control", "private"),
            field("date", "Mon, 21 Oct 2013 20:13:21 GMT"), field("location", "https://www.example.com"));

    private static final List<Map.Entry<String, String>> RESPONSE_3 = fields(
            field(":status", "200"), field("cache-control", "private"),
            field("date", "Mon, 21 Oct 2013 20:13:22 GMT"), field("location", "https://www.example.com"),
            field("content-encoding", "gzip"),
            field("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"));

    @Test
    void c21LiteralHeaderFieldWithIndexing() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThat(decode(decoder, hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")))
                .containsExactly(field("custom-key", "custom-header"));
        assertThat(entries(decoder)).containsExactly("custom-key: custom-header");
        assertThat(decoder.dynamicTable().size()).isEqualTo(55);
    }

    @Test
    void c22LiteralHeaderFieldWithoutIndexing() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThat(decode(decoder, hex("040c 2f73 616d 706c 652f 7061 7468")))
                .containsExactly(field(":path", "/sample/path"));
        assertThat(entries(decoder)).isEmpty();
        assertThat(decoder.dynamicTable().size()).isZero();
    }

    @Test
    void c23LiteralHeaderFieldNeverIndexed() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThat(decode(decoder, hex("1008 7061 7373 776f 7264 0673 6563 7265 74")))
                .containsExactly(field("password", "secret"));
        assertThat(entries(decoder)).isEmpty();
    }

    @Test
    void c24IndexedHeaderField() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        assertThat(decode(decoder, hex("82"))).containsExactly(field(":method", "GET"));
        assertThat(entries(decoder)).isEmpty();
    }

    @Test
    void c3RequestsWithoutHuffmanCoding() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);

        assertThat(decode(decoder, hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d")))
                .isEqualTo(REQUEST_1);
        assertThat(entries(decoder)).containsExactly(":authority: www.example.com");
        assertThat(decoder.dynamicTable().size()).isEqualTo(57);

        assertThat(decode(decoder, hex("8286 84be 5808 6e6f 2d63 6163 6865"))).isEqualTo(REQUEST_2);
        assertThat(entries(decoder)).containsExactly("cache-control: no-cache", ":authority: www.example.com");
        assertThat(decoder.dynamicTable().size()).isEqualTo(110);

        assertThat(decode(decoder, hex("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65")))
                .isEqualTo(REQUEST_3);
        assertThat(entries(decoder)).containsExactly("custom-key: custom-value", "cache-control: no-cache",
                ":authority: www.example.com");
        assertThat(decoder.dynamicTable().size()).isEqualTo(164);
    }

    @Test
    void c4RequestsWithHuffmanCoding() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);

        assertThat(decode(decoder, hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"))).isEqualTo(REQUEST_1);
        assertThat(entries(decoder)).containsExactly(":authority: www.example.com");
        assertThat(decoder.dynamicTable().size()).isEqualTo(57);

        assertThat(decode(decoder, hex("8286 84be 5886 a8eb 1064 9cbf"))).isEqualTo(REQUEST_2);
        assertThat(entries(decoder)).containsExactly("cache-control: no-cache", ":authority: www.example.com");
        assertThat(decoder.dynamicTable().size()).isEqualTo(110);

        assertThat(decode(decoder, hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf")))
                .isEqualTo(REQUEST_3);
        assertThat(entries(decoder)).containsExactly("custom-key: custom-value", "cache-control: no-cache",
                ":authority: www.example.com");
        assertThat(decoder.dynamicTable().size()).isEqualTo(164);
    }

    @Test
    void c5ResponsesWithoutHuffmanCodingAndEvictions() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(256, 8192);

        assertThat(decode(decoder, hex("4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230"
                + "3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63"
                + "6f6d"))).isEqualTo(RESPONSE_1);
        assertResponse1Table(decoder);

        assertThat(decode(decoder, hex("4803 3330 37c1 c0bf"))).isEqualTo(RESPONSE_2);
        assertResponse2Table(decoder);

        assertThat(decode(decoder, hex("88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220"
                + "474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851"
                + "5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31")))
                .isEqualTo(RESPONSE_3);
        assertResponse3Table(decoder);
    }

    @Test
    void c6ResponsesWithHuffmanCodingAndEvictions() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(256, 8192);

        assertThat(decode(decoder, hex("4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0"
                + "82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3"))).isEqualTo(RESPONSE_1);
        assertResponse1Table(decoder);

        assertThat(decode(decoder, hex("4883 640e ffc1 c0bf"))).isEqualTo(RESPONSE_2);
        assertResponse2Table(decoder);

        assertThat(decode(decoder, hex("88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b"
                + "d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160"
                + "65c0 03ed 4ee5 b106 3d50 07"))).isEqualTo(RESPONSE_3);
        assertResponse3Table(decoder);
    }

    private static void assertResponse1Table(HpackDecoder decoder) {
        assertThat(entries(decoder)).containsExactly("location: https://www.example.com",
                "date: Mon, 21 Oct 2013 20:13:21 GMT", "cache-control: private", ":status: 302");
        assertThat(decoder.dynamicTable().size()).isEqualTo(222);
    }

    private static void assertResponse2Table(HpackDecoder decoder) {
        assertThat(entries(decoder)).containsExactly(":status: 307", "location: https://www.example.com",
                "date: Mon, 21 Oct 2013 20:13:21 GMT", "cache-control: private");
        assertThat(decoder.dynamicTable().size()).isEqualTo(222);
    }

    private static void assertResponse3Table(HpackDecoder decoder) {
        assertThat(entries(decoder)).containsExactly(
                "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1", "content-encoding: gzip",
                "date: Mon, 21 Oct 2013 20:13:22 GMT");
        assertThat(decoder.dynamicTable().size()).isEqualTo(215);
    }
}
