package dev.spiffeboot.workloadapi.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import org.junit.jupiter.api.Test;

import dev.spiffeboot.devagent.grpc.JWTBundlesRequest;
import dev.spiffeboot.devagent.grpc.JWTBundlesResponse;
import dev.spiffeboot.devagent.grpc.JWTSVID;
import dev.spiffeboot.devagent.grpc.JWTSVIDRequest;
import dev.spiffeboot.devagent.grpc.JWTSVIDResponse;
import dev.spiffeboot.devagent.grpc.ValidateJWTSVIDRequest;
import dev.spiffeboot.devagent.grpc.ValidateJWTSVIDResponse;
import dev.spiffeboot.devagent.grpc.X509SVID;
import dev.spiffeboot.devagent.grpc.X509SVIDRequest;
import dev.spiffeboot.devagent.grpc.X509SVIDResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The hand-written messages against protobuf-java's generated ones, from a fixed seed: random messages serialized by
 * protobuf-java and parsed by both, requests written by ours and parsed by protobuf-java, and mutated bytes, which
 * both must refuse or both accept with the same content.
 * <p>
 * Where they differ, on purpose:
 * <ul>
 * <li>Groups (wire types 3 and 4) as unknown fields: protobuf-java skips a well-formed group; ours refuses any
 * (proto3 never writes groups).</li>
 * <li>A known field number with the wrong wire type (say {@code spiffe_id} as a varint): protobuf-java keeps it as
 * an unknown field and leaves the field at its default; ours refuses the message.</li>
 * <li>The value of an unknown varint field whose tenth byte has the continuation bit: protobuf-java's fast path
 * often takes it as a ten-byte varint (it tests the continuation bit of the tenth byte only for some values);
 * ours refuses any varint longer than ten bytes. Its tags and lengths are checked strictly, like ours.</li>
 * <li>{@code ValidateJWTSVIDResponse.claims}: protobuf-java parses the {@code google.protobuf.Struct} and refuses
 * one that is malformed; ours only checks that the field is length-delimited and within the message, since the
 * client does not read the claims. Here protobuf-java is the stricter one; the oracle for that message is
 * protobuf-java with {@code claims} declared as {@code bytes}.</li>
 * </ul>
 */
class ProtobufJavaDifferentialTests {

    private static final int MESSAGES = 2_000;

    private static final int MUTATIONS = 12_000;

    private static final Descriptor VALIDATE_RESPONSE_WITH_OPAQUE_CLAIMS = validateResponseWithOpaqueClaims();

    private final Random random = new Random(0xD1FF_5EEDL);

    // round trips of valid messages

    @Test
    void parsesWhatProtobufJavaWrites() throws Exception {
        for (int type = 0; type < 5; type++) {
            for (int i = 0; i < MESSAGES; i++) {
                byte[] bytes = serialize(randomMessage(type));
                if (this.random.nextInt(4) == 0) {
                    // a message followed by another is their merge: repeated fields accumulate, the last scalar wins
                    bytes = concat(bytes, serialize(randomMessage(type)));
                }
                assertAgree(type, bytes);
            }
        }
    }

    @Test
    void protobufJavaParsesTheRequestsWeWrite() throws Exception {
        assertThat(new X509SvidRequest().toByteArray()).isEqualTo(X509SVIDRequest.getDefaultInstance().toByteArray());
        assertThat(new X509BundlesRequest().toByteArray())
            .isEqualTo(dev.spiffeboot.devagent.grpc.X509BundlesRequest.getDefaultInstance().toByteArray());
        assertThat(new JwtBundlesRequest().toByteArray()).isEqualTo(JWTBundlesRequest.getDefaultInstance().toByteArray());
        for (int i = 0; i < MESSAGES; i++) {
            List<String> audiences = new ArrayList<>();
            int count = this.random.nextInt(4);
            for (int a = 0; a < count; a++) {
                audiences.add(randomString());
            }
            String spiffeId = switch (this.random.nextInt(4)) {
                case 0 -> null;
                case 1 -> "";
                default -> randomString();
            };
            byte[] ours = new JwtSvidRequest(audiences, spiffeId).toByteArray();
            JWTSVIDRequest parsed = JWTSVIDRequest.parseFrom(ours);
            assertThat(parsed.getAudienceList())
                .containsExactlyElementsOf(audiences.stream().map(ProtobufJavaDifferentialTests::utf8RoundTrip).toList());
            assertThat(parsed.getSpiffeId()).isEqualTo(utf8RoundTrip(spiffeId == null ? "" : spiffeId));
            JWTSVIDRequest.Builder theirs = JWTSVIDRequest.newBuilder().addAllAudience(audiences);
            if (spiffeId != null) {
                theirs.setSpiffeId(spiffeId);
            }
            assertThat(ours).isEqualTo(theirs.build().toByteArray());

            String audience = this.random.nextBoolean() ? randomString() : "";
            String svid = this.random.nextBoolean() ? randomString() : "";
            byte[] validate = new ValidateJwtSvidRequest(audience, svid).toByteArray();
            ValidateJWTSVIDRequest parsedValidate = ValidateJWTSVIDRequest.parseFrom(validate);
            assertThat(parsedValidate.getAudience()).isEqualTo(utf8RoundTrip(audience));
            assertThat(parsedValidate.getSvid()).isEqualTo(utf8RoundTrip(svid));
            assertThat(validate).isEqualTo(ValidateJWTSVIDRequest.newBuilder().setAudience(audience).setSvid(svid).build().toByteArray());
        }
    }

    // mutated bytes

    @Test
    void refusesAndAcceptsTheMutationsProtobufJavaDoes() throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < MUTATIONS; i++) {
            int type = i % 5;
            byte[] bytes = mutate(serialize(randomMessage(type)));
            outcomes.merge(compare(type, bytes), 1, Integer::sum);
        }
        assertThat(outcomes.getOrDefault("both accept", 0)).as("%s", outcomes).isGreaterThan(MUTATIONS / 10);
        assertThat(outcomes.getOrDefault("both refuse", 0)).as("%s", outcomes).isGreaterThan(MUTATIONS / 10);
    }

    /** How the parsers agreed on {@code bytes}, failing if they differ other than as documented above. */
    private String compare(int type, byte[] bytes) throws Exception {
        Message theirs;
        try {
            theirs = parseTheirs(type, bytes);
        }
        catch (InvalidProtocolBufferException ex) {
            theirs = null;
        }
        Object ours;
        InvalidMessageException refusal = null;
        try {
            ours = parseOurs(type, bytes);
        }
        catch (InvalidMessageException ex) {
            ours = null;
            refusal = ex;
        }
        if (theirs != null && ours != null) {
            assertSame(type, theirs, ours, bytes);
            return "both accept";
        }
        if (theirs == null && ours == null) {
            return "both refuse";
        }
        if (theirs != null) {
            String reason = refusal.getMessage();
            if (reason.endsWith("unsupported wire type 3")) {
                return "ours refuses a group";
            }
            if (reason.contains("where 2 (length-delimited) is expected")) {
                return "ours refuses a known field of the wrong wire type";
            }
            if (reason.endsWith("value is a varint longer than 10 bytes")) {
                return "ours refuses an unknown varint longer than 10 bytes";
            }
            return fail("protobuf-java accepts what ours refuses (" + reason + "): " + hex(bytes));
        }
        if (type == 4) {
            DynamicMessage opaque;
            try {
                opaque = DynamicMessage.parseFrom(VALIDATE_RESPONSE_WITH_OPAQUE_CLAIMS, bytes);
            }
            catch (InvalidProtocolBufferException ex) {
                return fail("ours accepts what protobuf-java refuses even with opaque claims: " + hex(bytes));
            }
            assertThat(((ValidateJwtSvidResponse) ours).spiffeId())
                .isEqualTo(opaque.getField(VALIDATE_RESPONSE_WITH_OPAQUE_CLAIMS.findFieldByNumber(1)));
            return "ours accepts malformed claims";
        }
        return fail("ours accepts what protobuf-java refuses: " + hex(bytes));
    }

    // the documented differences, and edge cases where both agree

    @Test
    void protobufJavaSkipsAGroupThatOursRefuses() throws Exception {
        byte[] group = bytes(0x0a, 0x01, 'a', 0x3b, 0x08, 0x01, 0x3c);
        assertThat(ValidateJWTSVIDResponse.parseFrom(group).getSpiffeId()).isEqualTo("a");
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(group)).isInstanceOf(InvalidMessageException.class)
            .hasMessage("ValidateJWTSVIDResponse field 7: unsupported wire type 3");
    }

    @Test
    void protobufJavaTakesSomeElevenByteVarintsOfUnknownFieldsForTenByteOnesWhereOursRefusesThem() throws Exception {
        // its fast path stops after ten bytes without always checking the tenth for a continuation bit
        byte[] elevenBytes = bytes(0x0a, 0x01, 'a', 0x48, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x81, 0x00);
        assertThatThrownBy(() -> ValidateJWTSVIDResponse.parseFrom(elevenBytes))
            .isInstanceOf(InvalidProtocolBufferException.class);
        byte[] tenBytesThenMore = Arrays.copyOf(elevenBytes, elevenBytes.length - 1);
        assertThat(ValidateJWTSVIDResponse.parseFrom(tenBytesThenMore).getSpiffeId()).isEqualTo("a");
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(tenBytesThenMore))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("ValidateJWTSVIDResponse field 9: value is a varint longer than 10 bytes");
        // with a tenth byte of 0x80 it does check, and refuses
        byte[] refused = bytes(0x48, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80);
        assertThatThrownBy(() -> ValidateJWTSVIDResponse.parseFrom(refused))
            .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(refused)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void protobufJavaKeepsAKnownFieldOfTheWrongWireTypeAsUnknownWhereOursRefusesIt() throws Exception {
        byte[] varintSpiffeId = bytes(0x08, 0x01);
        ValidateJWTSVIDResponse theirs = ValidateJWTSVIDResponse.parseFrom(varintSpiffeId);
        assertThat(theirs.getSpiffeId()).isEmpty();
        assertThat(theirs.getUnknownFields().hasField(1)).isTrue();
        assertThatThrownBy(() -> ValidateJwtSvidResponse.parse(varintSpiffeId))
            .isInstanceOf(InvalidMessageException.class)
            .hasMessage("ValidateJWTSVIDResponse.spiffe_id: wire type 0 where 2 (length-delimited) is expected");
    }

    @Test
    void protobufJavaRefusesMalformedClaimsThatOursSkips() throws Exception {
        byte[] truncatedStruct = bytes(0x0a, 0x01, 'a', 0x12, 0x02, 0x0a, 0x05);
        assertThatThrownBy(() -> ValidateJWTSVIDResponse.parseFrom(truncatedStruct))
            .isInstanceOf(InvalidProtocolBufferException.class);
        assertThat(ValidateJwtSvidResponse.parse(truncatedStruct).spiffeId()).isEqualTo("a");
        byte[] notUtf8Key = bytes(0x12, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0xff);
        assertThatThrownBy(() -> ValidateJWTSVIDResponse.parseFrom(notUtf8Key))
            .isInstanceOf(InvalidProtocolBufferException.class);
        assertThat(ValidateJwtSvidResponse.parse(notUtf8Key).spiffeId()).isEmpty();
    }

    @Test
    void bothRefuseWhatIsMalformedForBoth() {
        List<byte[]> malformed = List.of(bytes(0x00), bytes(0x02, 0x00), bytes(0x0e), bytes(0x0f), bytes(0x0c), bytes(0x80),
                bytes(0x0a, 0x02, 'a'), bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f),
                bytes(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80, 0x01), bytes(0x09, 1, 2, 3),
                bytes(0x0d, 1, 2, 3), bytes(0x3b));
        for (int type = 0; type < 5; type++) {
            for (byte[] bytes : malformed) {
                assertThat(parseOrNull(type, bytes)).as("protobuf-java, type %d: %s", type, hex(bytes)).isNull();
                int t = type;
                assertThatThrownBy(() -> parseOurs(t, bytes)).as("ours, type %d: %s", type, hex(bytes))
                    .isInstanceOf(InvalidMessageException.class);
            }
        }
        // invalid UTF-8 in strings and in map keys, which protobuf-java checks in every map<string, _>
        Map<Integer, List<byte[]>> notUtf8 = Map.of(
                0, List.of(bytes(0x0a, 0x03, 0x0a, 0x01, 0xc0), bytes(0x1a, 0x03, 0x0a, 0x01, 0xed)),
                1, List.of(bytes(0x12, 0x03, 0x0a, 0x01, 0xf8)),
                2, List.of(bytes(0x0a, 0x04, 0x1a, 0x02, 0xe2, 0x82)),
                3, List.of(bytes(0x0a, 0x03, 0x0a, 0x01, 0xff)),
                4, List.of(bytes(0x0a, 0x03, 0xed, 0xa0, 0x80)));
        notUtf8.forEach((type, messages) -> {
            for (byte[] bytes : messages) {
                assertThat(parseOrNull(type, bytes)).as("protobuf-java, type %d: %s", type, hex(bytes)).isNull();
                assertThatThrownBy(() -> parseOurs(type, bytes)).as("ours, type %d: %s", type, hex(bytes))
                    .isInstanceOf(InvalidMessageException.class).hasMessageEndingWith("not UTF-8");
            }
        });
    }

    @Test
    void bothKeepTheLastValueOfAMapKeyInThePlaceOfItsFirst() throws Exception {
        byte[] bytes = concat(entry(2, "x", 1), entry(2, "y", 2), entry(2, "x", 3), bytes(0x12, 0x00));
        assertAgree(1, bytes);
        assertThat(X509BundlesResponse.parse(bytes).bundles().keySet()).containsExactly("x", "y", "");
    }

    // parsing and comparing

    private void assertAgree(int type, byte[] bytes) throws Exception {
        assertSame(type, parseTheirs(type, bytes), parseOurs(type, bytes), bytes);
    }

    private static Message parseOrNull(int type, byte[] bytes) {
        try {
            return parseTheirs(type, bytes);
        }
        catch (InvalidProtocolBufferException ex) {
            return null;
        }
    }

    private static Message parseTheirs(int type, byte[] bytes) throws InvalidProtocolBufferException {
        return switch (type) {
            case 0 -> X509SVIDResponse.parseFrom(bytes);
            case 1 -> dev.spiffeboot.devagent.grpc.X509BundlesResponse.parseFrom(bytes);
            case 2 -> JWTSVIDResponse.parseFrom(bytes);
            case 3 -> JWTBundlesResponse.parseFrom(bytes);
            default -> ValidateJWTSVIDResponse.parseFrom(bytes);
        };
    }

    private static Object parseOurs(int type, byte[] bytes) throws InvalidMessageException {
        return switch (type) {
            case 0 -> X509SvidResponse.parse(bytes);
            case 1 -> X509BundlesResponse.parse(bytes);
            case 2 -> JwtSvidResponse.parse(bytes);
            case 3 -> JwtBundlesResponse.parse(bytes);
            default -> ValidateJwtSvidResponse.parse(bytes);
        };
    }

    private static void assertSame(int type, Message theirs, Object ours, byte[] bytes) {
        String input = hex(bytes);
        switch (type) {
            case 0 -> {
                X509SVIDResponse expected = (X509SVIDResponse) theirs;
                X509SvidResponse actual = (X509SvidResponse) ours;
                assertThat(actual.svids()).as(input).hasSameSizeAs(expected.getSvidsList());
                for (int i = 0; i < actual.svids().size(); i++) {
                    X509SVID e = expected.getSvids(i);
                    X509SvidEntry a = actual.svids().get(i);
                    assertThat(a.spiffeId()).as(input).isEqualTo(e.getSpiffeId());
                    assertThat(a.x509Svid()).as(input).isEqualTo(e.getX509Svid().toByteArray());
                    assertThat(a.x509SvidKey()).as(input).isEqualTo(e.getX509SvidKey().toByteArray());
                    assertThat(a.bundle()).as(input).isEqualTo(e.getBundle().toByteArray());
                    assertThat(a.hint()).as(input).isEqualTo(e.getHint());
                }
                assertSameList(expected.getCrlList(), actual.crl(), input);
                assertSameMap(expected.getFederatedBundlesMap(), actual.federatedBundles(), input);
            }
            case 1 -> {
                dev.spiffeboot.devagent.grpc.X509BundlesResponse expected = (dev.spiffeboot.devagent.grpc.X509BundlesResponse) theirs;
                X509BundlesResponse actual = (X509BundlesResponse) ours;
                assertSameList(expected.getCrlList(), actual.crl(), input);
                assertSameMap(expected.getBundlesMap(), actual.bundles(), input);
            }
            case 2 -> {
                JWTSVIDResponse expected = (JWTSVIDResponse) theirs;
                List<JwtSvidEntry> expectedSvids = expected.getSvidsList().stream()
                    .map(s -> new JwtSvidEntry(s.getSpiffeId(), s.getSvid(), s.getHint())).toList();
                assertThat(((JwtSvidResponse) ours).svids()).as(input).isEqualTo(expectedSvids);
            }
            case 3 -> assertSameMap(((JWTBundlesResponse) theirs).getBundlesMap(), ((JwtBundlesResponse) ours).bundles(), input);
            default -> assertThat(((ValidateJwtSvidResponse) ours).spiffeId()).as(input)
                .isEqualTo(((ValidateJWTSVIDResponse) theirs).getSpiffeId());
        }
    }

    private static void assertSameList(List<ByteString> expected, List<byte[]> actual, String input) {
        assertThat(actual.stream().map(ByteString::copyFrom).toList()).as(input).isEqualTo(expected);
    }

    /** The same entries in the same order. */
    private static void assertSameMap(Map<String, ByteString> expected, Map<String, byte[]> actual, String input) {
        List<Map.Entry<String, ByteString>> actualEntries = new ArrayList<>();
        actual.forEach((key, value) -> actualEntries.add(Map.entry(key, ByteString.copyFrom(value))));
        List<Map.Entry<String, ByteString>> expectedEntries = expected.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        assertThat(actualEntries).as(input).isEqualTo(expectedEntries);
    }

    // random messages

    private Message randomMessage(int type) {
        Message.Builder builder = switch (type) {
            case 0 -> {
                X509SVIDResponse.Builder response = X509SVIDResponse.newBuilder();
                int svids = this.random.nextInt(4);
                for (int i = 0; i < svids; i++) {
                    X509SVID.Builder svid = X509SVID.newBuilder().setSpiffeId(randomString()).setX509Svid(randomBytes())
                        .setX509SvidKey(randomBytes()).setBundle(randomBytes()).setHint(randomString());
                    svid.setUnknownFields(randomUnknownFields(5));
                    response.addSvids(svid);
                }
                int crls = this.random.nextInt(3);
                for (int i = 0; i < crls; i++) {
                    response.addCrl(randomBytes());
                }
                response.putAllFederatedBundles(randomMap());
                yield response;
            }
            case 1 -> dev.spiffeboot.devagent.grpc.X509BundlesResponse.newBuilder()
                .addAllCrl(this.random.nextBoolean() ? List.of(randomBytes()) : List.of())
                .putAllBundles(randomMap());
            case 2 -> {
                JWTSVIDResponse.Builder response = JWTSVIDResponse.newBuilder();
                int svids = this.random.nextInt(4);
                for (int i = 0; i < svids; i++) {
                    response.addSvids(JWTSVID.newBuilder().setSpiffeId(randomString()).setSvid(randomString()).setHint(randomString())
                        .setUnknownFields(randomUnknownFields(3)));
                }
                yield response;
            }
            case 3 -> JWTBundlesResponse.newBuilder().putAllBundles(randomMap());
            default -> {
                ValidateJWTSVIDResponse.Builder response = ValidateJWTSVIDResponse.newBuilder().setSpiffeId(randomString());
                if (this.random.nextBoolean()) {
                    response.setClaims(randomStruct(2));
                }
                yield response;
            }
        };
        builder.setUnknownFields(randomUnknownFields(3));
        return builder.build();
    }

    private Map<String, ByteString> randomMap() {
        Map<String, ByteString> map = new LinkedHashMap<>();
        int entries = this.random.nextInt(4);
        for (int i = 0; i < entries; i++) {
            map.put(randomString(), randomBytes());
        }
        return map;
    }

    private Struct randomStruct(int depth) {
        Struct.Builder struct = Struct.newBuilder();
        int fields = this.random.nextInt(3);
        for (int i = 0; i < fields; i++) {
            struct.putFields(randomString(), randomValue(depth));
        }
        return struct.build();
    }

    private Value randomValue(int depth) {
        return switch (this.random.nextInt(depth > 0 ? 6 : 4)) {
            case 0 -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
            case 1 -> Value.newBuilder().setNumberValue(this.random.nextDouble()).build();
            case 2 -> Value.newBuilder().setStringValue(randomString()).build();
            case 3 -> Value.newBuilder().setBoolValue(this.random.nextBoolean()).build();
            case 4 -> Value.newBuilder().setStructValue(randomStruct(depth - 1)).build();
            default -> Value.newBuilder().setListValue(ListValue.newBuilder().addValues(randomValue(depth - 1))).build();
        };
    }

    /** Unknown fields of every wire type protobuf-java writes but groups, numbered above {@code known}. */
    private UnknownFieldSet randomUnknownFields(int known) {
        if (this.random.nextInt(3) != 0) {
            return UnknownFieldSet.getDefaultInstance();
        }
        UnknownFieldSet.Field.Builder field = UnknownFieldSet.Field.newBuilder();
        switch (this.random.nextInt(4)) {
            case 0 -> field.addVarint(this.random.nextLong());
            case 1 -> field.addFixed32(this.random.nextInt());
            case 2 -> field.addFixed64(this.random.nextLong());
            default -> field.addLengthDelimited(randomBytes());
        }
        int number = known + 1 + (this.random.nextBoolean() ? this.random.nextInt(10) : this.random.nextInt((1 << 29) - 1 - known));
        return UnknownFieldSet.newBuilder().addField(number, field.build()).build();
    }

    /** ASCII, two-, three- and four-byte UTF-8, and now and then an unpaired surrogate (which protobuf-java writes as ?). */
    private String randomString() {
        int length = this.random.nextInt(6);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (this.random.nextInt(12)) {
                case 0 -> text.appendCodePoint(0x80 + this.random.nextInt(0x780));
                case 1 -> text.appendCodePoint(0x800 + this.random.nextInt(0xd800 - 0x800));
                case 2 -> text.appendCodePoint(0xe000 + this.random.nextInt(0x2000));
                case 3 -> text.appendCodePoint(0x10000 + this.random.nextInt(0x100000));
                case 4 -> text.append(this.random.nextInt(40) == 0 ? (char) (0xd800 + this.random.nextInt(0x800)) : 'z');
                default -> text.append((char) this.random.nextInt(0x80));
            }
        }
        return text.toString();
    }

    private ByteString randomBytes() {
        byte[] bytes = new byte[this.random.nextInt(this.random.nextInt(20) == 0 ? 300 : 8)];
        this.random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private byte[] mutate(byte[] message) {
        if (message.length == 0) {
            byte[] bytes = new byte[1 + this.random.nextInt(4)];
            this.random.nextBytes(bytes);
            return bytes;
        }
        byte[] mutated = message.clone();
        int at = this.random.nextInt(message.length);
        int mutations = 1 + (this.random.nextInt(4) == 0 ? this.random.nextInt(3) : 0);
        for (int m = 0; m < mutations && at < mutated.length; m++) {
            switch (this.random.nextInt(6)) {
                case 0 -> mutated[at] ^= (byte) (1 << this.random.nextInt(8));
                case 1 -> mutated[at] = (byte) this.random.nextInt(256);
                case 2 -> mutated = concat(Arrays.copyOf(mutated, at), new byte[] { (byte) this.random.nextInt(256) },
                        Arrays.copyOfRange(mutated, at, mutated.length));
                case 3 -> mutated = concat(Arrays.copyOf(mutated, at), Arrays.copyOfRange(mutated, at + 1, mutated.length));
                case 4 -> mutated = Arrays.copyOf(mutated, at);
                default -> mutated[at] = (byte) new int[] { 0x80, 0xff, 0x7f, 0x00, 0x0b, 0x0c, 0x0e, 0x0f, 0xc0, 0xed }[this.random.nextInt(10)];
            }
            at = this.random.nextInt(Math.max(1, mutated.length));
        }
        return mutated;
    }

    // helpers

    private static Descriptor validateResponseWithOpaqueClaims() {
        FieldDescriptorProto.Label optional = FieldDescriptorProto.Label.LABEL_OPTIONAL;
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("opaque_claims.proto").setSyntax("proto3")
            .addMessageType(DescriptorProto.newBuilder().setName("ValidateJWTSVIDResponse")
                .addField(FieldDescriptorProto.newBuilder().setName("spiffe_id").setNumber(1).setLabel(optional)
                    .setType(FieldDescriptorProto.Type.TYPE_STRING))
                .addField(FieldDescriptorProto.newBuilder().setName("claims").setNumber(2).setLabel(optional)
                    .setType(FieldDescriptorProto.Type.TYPE_BYTES)))
            .build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("ValidateJWTSVIDResponse");
        }
        catch (DescriptorValidationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] serialize(Message message) {
        return message.toByteArray();
    }

    private static String utf8RoundTrip(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static byte[] entry(int number, String key, int value) {
        byte[] entry = concat(bytes(0x0a, key.length()), key.getBytes(StandardCharsets.UTF_8), bytes(0x12, 0x01, value));
        return concat(bytes(number << 3 | 2, entry.length), entry);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
