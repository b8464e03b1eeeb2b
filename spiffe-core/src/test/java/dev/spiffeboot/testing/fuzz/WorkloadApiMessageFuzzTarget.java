package dev.spiffeboot.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.spiffeboot.workloadapi.wire.InvalidMessageException;
import dev.spiffeboot.workloadapi.wire.JwtBundlesResponse;
import dev.spiffeboot.workloadapi.wire.JwtSvidEntry;
import dev.spiffeboot.workloadapi.wire.JwtSvidResponse;
import dev.spiffeboot.workloadapi.wire.ValidateJwtSvidResponse;
import dev.spiffeboot.workloadapi.wire.X509BundlesResponse;
import dev.spiffeboot.workloadapi.wire.X509SvidEntry;
import dev.spiffeboot.workloadapi.wire.X509SvidResponse;

import static dev.spiffeboot.testing.fuzz.Checks.check;

/**
 * The Workload API's response messages in protobuf wire format: the five {@code *Response.parse} methods of
 * {@code dev.spiffeboot.workloadapi.wire} refuse with {@link InvalidMessageException} only, and every input goes
 * through all five. Inputs are valid messages of each type built here by hand (repeated and embedded messages, map
 * entries with keys repeated, missing or after their values, fields out of order or sent twice, unknown fields of
 * every wire type, varints longer than they need be, strings of one- to four-byte UTF-8 and, now and then, not
 * UTF-8), then mutated byte by byte or in a field's tag or length, and random bytes. Each parse is checked against a
 * reference parser written here from the protobuf encoding and the schema: same decision to accept or refuse, same
 * content. What is accepted also parses the same from inside a larger array, has no more content than the input has
 * bytes, holds only well-formed strings, and parses equal again from its canonical encoding.
 */
public final class WorkloadApiMessageFuzzTarget implements FuzzTarget<byte[]> {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private static final List<String> IDS = List.of("spiffe://example.org/workload", "spiffe://example.org",
            "spiffe://other.test", "spiffe://example.org/caf\u00e9/\u20ac/\ud83d\ude00", "", "not an ID");

    private static final List<String> HINTS = List.of("", "internal", "external", "\u00e9\u20ac\ud83d\ude00", "a".repeat(300));

    /** Bytes that are not UTF-8: a lone continuation, overlong forms, an encoded surrogate, past U+10FFFF, cut sequences. */
    private static final List<byte[]> NOT_UTF8 = List.of(new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xc0, (byte) 0x80 },
            new byte[] { (byte) 0xc1, (byte) 0xbf }, new byte[] { (byte) 0xe0, (byte) 0x80, (byte) 0xaf },
            new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, new byte[] { (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
            new byte[] { (byte) 0xf0, (byte) 0x8f, (byte) 0xbf, (byte) 0xbf }, new byte[] { (byte) 0xe2, (byte) 0x82 },
            new byte[] { (byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, new byte[] { (byte) 0xff });

    /** Placed around an input to parse it from inside an array: bytes that would change the result if read. */
    private static final byte[] BEFORE = { 0x0a, 0x7f, (byte) 0xff };

    private static final byte[][] AFTER = { { (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { 0x0a, 0x01, 0x41, 0x12, 0x00 } };

    private static final int DESCRIBED_BYTES = 300;

    private final List<byte[]> seeds = new ArrayList<>();

    public WorkloadApiMessageFuzzTarget() {
        FuzzRandom random = new FuzzRandom(7);
        for (int i = 0; i < 20; i++) {
            this.seeds.add(validMessage(random, i % 5));
        }
    }

    @Override
    public String name() {
        return "workload-api-messages";
    }

    @Override
    public byte[] generate(FuzzRandom random) {
        byte[] message = validMessage(random, random.below(5));
        switch (random.below(10)) {
            case 0:
            case 1:
            case 2:
                return message;
            case 3:
            case 4:
            case 5:
            case 6:
                return ByteMutator.mutate(random, message, this.seeds);
            case 7:
                return mutateField(random, message);
            case 8:
                return ByteMutator.splice(message, random.below(message.length + 1), message.length, random.pick(this.seeds));
            default:
                return random.bytes(random.size(48));
        }
    }

    /** Changes the first tag or length found from a random offset: its wire type, its field number or its value. */
    private static byte[] mutateField(FuzzRandom random, byte[] message) {
        if (message.length == 0) {
            return tag(random.below(1 << 29), random.below(8));
        }
        int at = random.below(message.length);
        byte[] replacement = switch (random.below(4)) {
            case 0 -> tag(1 + random.below(5), random.below(8));
            case 1 -> tag(random.pick(0, 1 << 28, (1 << 29) - 1, 19000, 16), random.pick(VARINT, LENGTH_DELIMITED));
            case 2 -> varint(random.pick(0L, 1L, 127L, 128L, 0x7fffffffL, 0x80000000L, 0xffffffffL, -1L, 1L << 32));
            default -> varint(Math.max(0, (message[at] & 0x7f) + random.between(-2, 2)));
        };
        // the varint at that offset is replaced whole
        int end = at;
        while (end < message.length && message[end] < 0) {
            end++;
        }
        return ByteMutator.splice(message, at, Math.min(message.length, end + 1), replacement);
    }

    // ---- valid messages, written by hand

    private byte[] validMessage(FuzzRandom random, int type) {
        List<byte[]> fields = new ArrayList<>();
        for (int count = random.size(6); count > 0; count--) {
            fields.add(switch (type) {
                case 0 -> switch (random.below(4)) {
                    case 0, 1 -> field(random, 1, x509Svid(random));
                    case 2 -> field(random, 2, der(random));
                    default -> mapEntry(random, 3);
                };
                case 1 -> random.oneIn(3) ? field(random, 1, der(random)) : mapEntry(random, 2);
                case 2 -> field(random, 1, jwtSvid(random));
                case 3 -> mapEntry(random, 1);
                default -> random.nextBoolean() ? field(random, 1, utf8(random, IDS)) : field(random, 2, struct(random));
            });
            if (random.oneIn(5)) {
                fields.add(unknownField(random));
            }
        }
        if (random.oneIn(5) && fields.size() > 1) {
            fields.add(fields.remove(random.below(fields.size())));
        }
        return cat(fields);
    }

    private byte[] x509Svid(FuzzRandom random) {
        List<byte[]> fields = new ArrayList<>();
        fields.add(field(random, 1, utf8(random, IDS)));
        fields.add(field(random, 2, der(random)));
        fields.add(field(random, 3, der(random)));
        fields.add(field(random, 4, der(random)));
        fields.add(field(random, 5, utf8(random, HINTS)));
        return message(random, fields);
    }

    private byte[] jwtSvid(FuzzRandom random) {
        List<byte[]> fields = new ArrayList<>();
        fields.add(field(random, 1, utf8(random, IDS)));
        fields.add(field(random, 2, utf8(random, List.of("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzcGlmZmUifQ.c2ln", "", "a.b.c"))));
        fields.add(field(random, 3, utf8(random, HINTS)));
        return message(random, fields);
    }

    /** A {@code google.protobuf.Struct}, as ValidateJWTSVIDResponse.claims: entries of string keys to {@code Value}s. */
    private static byte[] struct(FuzzRandom random) {
        List<byte[]> entries = new ArrayList<>();
        for (int count = random.size(3); count > 0; count--) {
            byte[] value = random.nextBoolean() ? cat(List.of(tag(3, LENGTH_DELIMITED), varint(3), "sub".getBytes(StandardCharsets.US_ASCII)))
                    : cat(List.of(tag(2, FIXED64), random.bytes(8)));
            entries.add(lengthDelimited(1, cat(List.of(lengthDelimited(1, "aud".getBytes(StandardCharsets.US_ASCII)),
                    lengthDelimited(2, value)))));
        }
        return cat(entries);
    }

    /** The fields of an embedded message, now and then some left out, one sent twice, or out of order. */
    private static byte[] message(FuzzRandom random, List<byte[]> fields) {
        if (random.oneIn(4)) {
            fields.remove(random.below(fields.size()));
        }
        if (random.oneIn(6)) {
            fields.add(fields.get(random.below(fields.size())));
        }
        if (random.oneIn(6)) {
            fields.add(0, fields.remove(fields.size() - 1));
        }
        if (random.oneIn(5)) {
            fields.add(random.below(fields.size() + 1), unknownField(random));
        }
        return cat(fields);
    }

    /** An entry of a {@code map<string, bytes>}: key then value, or either missing, repeated or first. */
    private byte[] mapEntry(FuzzRandom random, int number) {
        List<byte[]> fields = new ArrayList<>();
        fields.add(field(random, 1, utf8(random, IDS)));
        fields.add(field(random, 2, random.nextBoolean() ? der(random) : "{\"keys\":[]}".getBytes(StandardCharsets.US_ASCII)));
        return field(random, number, message(random, fields));
    }

    /** A string: one of {@code values} in UTF-8, random text, or now and then bytes that are not UTF-8. */
    private static byte[] utf8(FuzzRandom random, List<String> values) {
        if (random.oneIn(12)) {
            byte[] bad = random.pick(NOT_UTF8);
            return cat(List.of("ab".getBytes(StandardCharsets.US_ASCII), bad, random.pick(values).getBytes(StandardCharsets.UTF_8)));
        }
        if (random.oneIn(5)) {
            StringBuilder text = new StringBuilder();
            for (int i = random.size(12); i > 0; i--) {
                text.appendCodePoint(random.pick(0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xffff, 0x10000, 0x10ffff,
                        random.below(0xd800)));
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        return random.pick(values).getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes standing for DER, sometimes empty, sometimes long. */
    private static byte[] der(FuzzRandom random) {
        if (random.oneIn(8)) {
            return new byte[0];
        }
        byte[] der = random.bytes(random.size(random.oneIn(10) ? 3000 : 40));
        if (der.length > 0) {
            der[0] = 0x30;
        }
        return der;
    }

    private static byte[] unknownField(FuzzRandom random) {
        int number = random.pick(6, 15, 16, 100, 2047, 19000, (1 << 29) - 1, 4 + random.below(20));
        return switch (random.below(4)) {
            case 0 -> cat(List.of(tag(number, VARINT), varint(random.nextLong())));
            case 1 -> cat(List.of(tag(number, FIXED64), random.bytes(8)));
            case 2 -> cat(List.of(tag(number, FIXED32), random.bytes(4)));
            default -> lengthDelimited(number, random.bytes(random.size(20)));
        };
    }

    /** A length-delimited field, its length now and then a longer varint than it need be (at most ten bytes). */
    private static byte[] field(FuzzRandom random, int number, byte[] value) {
        byte[] length = varint(value.length);
        if (random.oneIn(20)) {
            byte[] padded = Arrays.copyOf(length, Math.min(10, length.length + 1 + random.size(4)));
            for (int i = 0; i < padded.length - 1; i++) {
                padded[i] |= (byte) 0x80;
            }
            length = padded;
        }
        return cat(List.of(tag(number, LENGTH_DELIMITED), length, value));
    }

    private static byte[] lengthDelimited(int number, byte[] value) {
        return cat(List.of(tag(number, LENGTH_DELIMITED), varint(value.length), value));
    }

    private static byte[] tag(int number, int wireType) {
        return varint(((long) number << 3 | wireType) & 0xffffffffL);
    }

    private static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return out.toByteArray();
    }

    private static byte[] cat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    // ---- running the parsers

    @Override
    public void run(byte[] input) throws InvalidMessageException {
        InvalidMessageException refusal = null;
        boolean accepted = false;
        for (Schema schema : Schema.values()) {
            Object content = parse(schema, input, 0, input.length);
            Object expected = Reference.parse(schema, input);
            if (content instanceof InvalidMessageException) {
                if (!(expected instanceof String)) {
                    fail(schema, "refused what the reference parser accepts: ", content, expected);
                }
            }
            else if (expected instanceof String) {
                fail(schema, "accepted what the reference parser refuses: ", content, expected);
            }
            else if (!content.equals(expected)) {
                fail(schema, "parsed otherwise than the reference parser: ", content, expected);
            }
            for (byte[] after : AFTER) {
                byte[] buffer = cat(List.of(BEFORE, input, after));
                Object inside = parse(schema, buffer, BEFORE.length, input.length);
                if (!(inside.equals(content) || inside instanceof InvalidMessageException && content instanceof InvalidMessageException)) {
                    fail(schema, "parsed otherwise from inside an array: ", inside, content);
                }
            }
            if (content instanceof InvalidMessageException refused) {
                check(refused.getMessage() != null && !refused.getMessage().isBlank(), "a refusal without a message");
                refusal = refused;
                continue;
            }
            accepted = true;
            check(contentBytes(schema.fields, content) <= input.length, schema.protoName + " has more content than the input has bytes");
            byte[] canonical = Reference.write(schema.fields, content);
            Object again = parse(schema, canonical, 0, canonical.length);
            if (!again.equals(content)) {
                fail(schema, "parsed otherwise from its canonical encoding: ", again, content);
            }
        }
        if (!accepted) {
            throw refusal;
        }
    }

    private static void fail(Schema schema, String problem, Object outcome, Object expected) {
        throw new AssertionError(schema.protoName + " " + problem + describeOutcome(outcome) + " instead of " + describeOutcome(expected));
    }

    /** The content the parser of {@code schema} gives, in the reference's form, or the exception that refused it. */
    private static Object parse(Schema schema, byte[] buffer, int offset, int length) {
        try {
            return switch (schema) {
                case X509_SVID_RESPONSE -> {
                    X509SvidResponse response = X509SvidResponse.parse(buffer, offset, length);
                    yield List.of(response.svids().stream().map(WorkloadApiMessageFuzzTarget::content).toList(),
                            bytesList(response.crl()), map(response.federatedBundles()));
                }
                case X509_BUNDLES_RESPONSE -> {
                    X509BundlesResponse response = X509BundlesResponse.parse(buffer, offset, length);
                    yield List.of(bytesList(response.crl()), map(response.bundles()));
                }
                case JWT_SVID_RESPONSE -> List.of(JwtSvidResponse.parse(buffer, offset, length).svids().stream()
                    .map(WorkloadApiMessageFuzzTarget::content).toList());
                case JWT_BUNDLES_RESPONSE -> List.of(map(JwtBundlesResponse.parse(buffer, offset, length).bundles()));
                case VALIDATE_JWT_SVID_RESPONSE -> List.of(checked(ValidateJwtSvidResponse.parse(buffer, offset, length).spiffeId()));
            };
        }
        catch (InvalidMessageException ex) {
            return ex;
        }
    }

    private static List<Object> content(X509SvidEntry svid) {
        return List.of(checked(svid.spiffeId()), hex(svid.x509Svid()), hex(svid.x509SvidKey()), hex(svid.bundle()), checked(svid.hint()));
    }

    private static List<Object> content(JwtSvidEntry svid) {
        return List.of(checked(svid.spiffeId()), checked(svid.svid()), checked(svid.hint()));
    }

    private static List<Object> bytesList(List<byte[]> values) {
        return values.stream().map(value -> (Object) hex(value)).toList();
    }

    /** A map as its entries in iteration order (the order each key was first received), keys and hex values. */
    private static List<Object> map(Map<String, byte[]> map) {
        List<Object> entries = new ArrayList<>();
        map.forEach((key, value) -> entries.add(List.of(checked(key), hex(value))));
        return entries;
    }

    /** A parsed string, checked to be well-formed UTF-16 (no unpaired surrogate), which any decoded UTF-8 is. */
    private static String checked(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            else {
                check(!Character.isSurrogate(c), "a parsed string holds an unpaired surrogate");
            }
        }
        return value;
    }

    private static String hex(byte[] value) {
        return "0x" + HexFormat.of().formatHex(value);
    }

    /** The bytes of content: strings in UTF-8, byte fields as they are. */
    private static long contentBytes(List<Field> fields, Object content) {
        List<?> values = (List<?>) content;
        long bytes = 0;
        int i = 0;
        for (Field field : fields) {
            if (field.kind() == Kind.SKIPPED) {
                continue;
            }
            Object value = values.get(i++);
            for (Object one : field.repeated() ? (List<?>) value : List.of(value)) {
                bytes += switch (field.kind()) {
                    case STRING -> ((String) one).getBytes(StandardCharsets.UTF_8).length;
                    case BYTES -> (((String) one).length() - 2) / 2;
                    case X509_SVID -> contentBytes(X509_SVID, one);
                    case JWT_SVID -> contentBytes(JWT_SVID, one);
                    case MAP -> contentBytes(MAP_ENTRY, one);
                    case SKIPPED -> 0;
                };
            }
        }
        return bytes;
    }

    private static String describeOutcome(Object outcome) {
        String text = outcome instanceof Throwable thrown ? thrown.getMessage() : String.valueOf(outcome);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Override
    public boolean isDocumented(Throwable thrown) {
        return thrown instanceof InvalidMessageException;
    }

    @Override
    public byte[] encode(byte[] input) {
        return input;
    }

    @Override
    public byte[] decode(byte[] encoded) {
        return encoded;
    }

    @Override
    public String describe(byte[] input) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, DESCRIBED_BYTES));
        return input.length + " bytes: " + hex + (input.length > DESCRIBED_BYTES ? "..." : "");
    }

    // ---- the reference parser

    /** The type of a field of the schema. */
    private enum Kind {
        STRING, BYTES, MAP, SKIPPED, X509_SVID, JWT_SVID
    }

    /**
     * A field of the schema: its number, its type, and whether it is repeated. The field list of a message is in
     * field-number order, which is also the order of the content.
     */
    private record Field(int number, Kind kind, boolean repeated) {
    }

    private static final List<Field> X509_SVID = List.of(new Field(1, Kind.STRING, false), new Field(2, Kind.BYTES, false),
            new Field(3, Kind.BYTES, false), new Field(4, Kind.BYTES, false), new Field(5, Kind.STRING, false));

    private static final List<Field> MAP_ENTRY = List.of(new Field(1, Kind.STRING, false), new Field(2, Kind.BYTES, false));

    private static final List<Field> JWT_SVID = List.of(new Field(1, Kind.STRING, false), new Field(2, Kind.STRING, false),
            new Field(3, Kind.STRING, false));

    /** The five responses of the Workload API's {@code workload.proto}, without what this client does not read. */
    private enum Schema {
        X509_SVID_RESPONSE("X509SVIDResponse", new Field(1, Kind.X509_SVID, true), new Field(2, Kind.BYTES, true),
                new Field(3, Kind.MAP, true)),
        X509_BUNDLES_RESPONSE("X509BundlesResponse", new Field(1, Kind.BYTES, true), new Field(2, Kind.MAP, true)),
        JWT_SVID_RESPONSE("JWTSVIDResponse", new Field(1, Kind.JWT_SVID, true)),
        JWT_BUNDLES_RESPONSE("JWTBundlesResponse", new Field(1, Kind.MAP, true)),
        VALIDATE_JWT_SVID_RESPONSE("ValidateJWTSVIDResponse", new Field(1, Kind.STRING, false), new Field(2, Kind.SKIPPED, false));

        final String protoName;

        final List<Field> fields;

        Schema(String protoName, Field... fields) {
            this.protoName = protoName;
            this.fields = List.of(fields);
        }
    }

    /** A message the reference parser refuses; no stack trace, as refusals are common. */
    private static final class Refused extends Exception {

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * A parser written from the protobuf encoding guide and the package's documented differences from protobuf-java:
     * varints of at most ten bytes (tags and lengths keep their low 32 bits), field number 0 and wire types 3, 4, 6
     * and 7 refused, a known field of another wire type than 2 refused, the last of a singular field kept, map
     * entries with their key's last value in the order keys first came, strings checked against the UTF-8 grammar of
     * RFC 3629 octet by octet, and the {@code claims} Struct skipped unread. Its content is lists, strings, and
     * {@code 0x}-prefixed hex for bytes.
     */
    private static final class Reference {

        private final byte[] bytes;

        private int position;

        private final int limit;

        private Reference(byte[] bytes, int position, int limit) {
            this.bytes = bytes;
            this.position = position;
            this.limit = limit;
        }

        /** The content, or the reason the message is refused (a String). */
        static Object parse(Schema schema, byte[] input) {
            try {
                return new Reference(input, 0, input.length).message(schema.fields);
            }
            catch (Refused refused) {
                return refused.getMessage();
            }
        }

        private List<Object> message(List<Field> fields) throws Refused {
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                Field field = fields.get(i);
                values[i] = field.repeated() ? new ArrayList<>() : field.kind() == Kind.STRING ? "" : field.kind() == Kind.BYTES ? "0x" : null;
            }
            Map<String, String> map = new LinkedHashMap<>();
            while (this.position < this.limit) {
                long tag = varint() & 0xffffffffL;
                int number = (int) (tag >>> 3);
                int wireType = (int) (tag & 7);
                if (number == 0) {
                    throw new Refused("field number 0");
                }
                if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
                    throw new Refused("wire type " + wireType);
                }
                int known = -1;
                for (int i = 0; i < values.length; i++) {
                    if (fields.get(i).number() == number) {
                        known = i;
                    }
                }
                if (known < 0) {
                    skip(wireType);
                    continue;
                }
                if (wireType != LENGTH_DELIMITED) {
                    throw new Refused("known field of wire type " + wireType);
                }
                Field field = fields.get(known);
                int length = length();
                Reference value = new Reference(this.bytes, this.position, this.position + length);
                this.position += length;
                Object read = switch (field.kind()) {
                    case STRING -> value.string();
                    case BYTES -> hex(Arrays.copyOfRange(this.bytes, value.position, value.limit));
                    case X509_SVID -> value.message(X509_SVID);
                    case JWT_SVID -> value.message(JWT_SVID);
                    case MAP -> value.mapEntry(map);
                    case SKIPPED -> null;
                };
                if (field.kind() == Kind.MAP) {
                    continue;
                }
                if (field.repeated()) {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) values[known];
                    list.add(read);
                }
                else {
                    values[known] = read;
                }
            }
            List<Object> content = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                Field field = fields.get(i);
                if (field.kind() == Kind.MAP) {
                    List<Object> entries = new ArrayList<>();
                    map.forEach((key, value) -> entries.add(List.of(key, value)));
                    content.add(entries);
                }
                else if (field.kind() != Kind.SKIPPED) {
                    content.add(values[i]);
                }
            }
            return content;
        }

        /** Reads a {@code map<string, bytes>} entry into {@code map}; a missing key or value is empty. */
        private Object mapEntry(Map<String, String> map) throws Refused {
            List<Object> keyAndValue = message(MAP_ENTRY);
            map.put((String) keyAndValue.get(0), (String) keyAndValue.get(1));
            return null;
        }

        private void skip(int wireType) throws Refused {
            switch (wireType) {
                case VARINT -> varint();
                case FIXED64 -> fixed(8);
                case FIXED32 -> fixed(4);
                default -> {
                    // not "position += length()", which would add to the position before the length was read
                    int length = length();
                    this.position += length;
                }
            }
        }

        private void fixed(int size) throws Refused {
            if (this.limit - this.position < size) {
                throw new Refused("truncated fixed-size value");
            }
            this.position += size;
        }

        private int length() throws Refused {
            int length = (int) varint();
            if (length < 0 || length > this.limit - this.position) {
                throw new Refused("length out of the message");
            }
            return length;
        }

        private long varint() throws Refused {
            long value = 0;
            for (int i = 0; i < 10; i++) {
                if (this.position == this.limit) {
                    throw new Refused("truncated varint");
                }
                int octet = this.bytes[this.position++] & 0xff;
                value |= (long) (octet & 0x7f) << (7 * i);
                if (octet < 0x80) {
                    return value;
                }
            }
            throw new Refused("varint over ten bytes");
        }

        /** The rest of this reader's range as a string, checked against RFC 3629's grammar first. */
        private String string() throws Refused {
            int at = this.position;
            while (at < this.limit) {
                int lead = this.bytes[at] & 0xff;
                int continuations;
                int min = 0x80;
                int max = 0xbf;
                if (lead < 0x80) {
                    continuations = 0;
                }
                else if (lead >= 0xc2 && lead <= 0xdf) {
                    continuations = 1;
                }
                else if (lead >= 0xe0 && lead <= 0xef) {
                    continuations = 2;
                    min = lead == 0xe0 ? 0xa0 : 0x80;
                    max = lead == 0xed ? 0x9f : 0xbf;
                }
                else if (lead >= 0xf0 && lead <= 0xf4) {
                    continuations = 3;
                    min = lead == 0xf0 ? 0x90 : 0x80;
                    max = lead == 0xf4 ? 0x8f : 0xbf;
                }
                else {
                    throw new Refused("not UTF-8");
                }
                at++;
                for (int i = 0; i < continuations; i++, at++) {
                    if (at == this.limit) {
                        throw new Refused("not UTF-8");
                    }
                    int octet = this.bytes[at] & 0xff;
                    if (octet < (i == 0 ? min : 0x80) || octet > (i == 0 ? max : 0xbf)) {
                        throw new Refused("not UTF-8");
                    }
                }
            }
            return new String(this.bytes, this.position, this.limit - this.position, StandardCharsets.UTF_8);
        }

        /** The canonical encoding of content: known fields in number order, singular ones always written. */
        static byte[] write(List<Field> fields, Object content) {
            List<?> values = (List<?>) content;
            List<byte[]> out = new ArrayList<>();
            int i = 0;
            for (Field field : fields) {
                if (field.kind() == Kind.SKIPPED) {
                    continue;
                }
                Object value = values.get(i++);
                List<?> repeated = field.repeated() ? (List<?>) value : List.of(value);
                for (Object one : repeated) {
                    out.add(lengthDelimited(field.number(), switch (field.kind()) {
                        case STRING -> ((String) one).getBytes(StandardCharsets.UTF_8);
                        case BYTES -> HexFormat.of().parseHex(((String) one).substring(2));
                        case X509_SVID -> write(X509_SVID, one);
                        case JWT_SVID -> write(JWT_SVID, one);
                        case MAP -> write(MAP_ENTRY, one);
                        case SKIPPED -> throw new IllegalStateException();
                    }));
                }
            }
            return cat(out);
        }
    }
}
