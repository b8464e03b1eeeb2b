package dev.spiffeboot.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Mutates DER trees where X.509 parsers and validators decide: object identifiers, integers, times, booleans, URI
 * names (with the SPIFFE ID mutator), tags, and whole values removed, repeated, swapped, taken from another
 * certificate or buried under deep nesting.
 */
public final class DerMutator {

    private static final int URI_NAME = 0x86;

    private static final List<byte[]> OIDS = hex("551d11", "551d13", "551d0f", "551d25", "551d1e", "551d24", "551d20",
            "551d23", "551d0e", "551d36", "2a8648ce3d0201", "2a8648ce3d030107", "2b81040022", "2b81040023",
            "2b8104000a", "2a864886f70d010101", "2a864886f70d01010b", "2a864886f70d01010a", "2a8648ce3d040302",
            "2a8648ce3d040304", "2b6570", "2a8648ce380401", "2b0601050507030201", "8fffffffffffffffff7f", "", "80",
            "2a");

    private static final List<byte[]> INTEGERS = hex("", "00", "ff", "7f", "80", "0080", "00ff", "ffffffff",
            "7fffffffffffffffffffffffffffffffffff", "8000000000000000", "0000000001", "01");

    private static final List<String> TIMES = List.of("", "000101000000Z", "491231235959Z", "500101000000Z",
            "991231235959Z", "19700101000000Z", "99991231235959Z", "00000101000000Z", "20260101000000+0100",
            "2026010100Z", "20261301000000Z", "20260132000000Z", "260101000000", "2026-01-01T00:00:00Z",
            "20260101000000.123Z", "\u0000");

    private static final int[] TAGS = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x13, 0x16, 0x17, 0x18, 0x1e, 0x30,
            0x31, 0x80, 0x81, 0x82, 0x86, 0x87, 0x88, 0xa0, 0xa1, 0xa3 };

    /** The most nodes a tree may have before a mutation nests it deeper. */
    private static final int MAX_NODES = 1500;

    private final StringMutator uriMutator;

    /** A mutator that mutates URI names (such as URI SANs) with {@code uriMutator}. */
    public DerMutator(StringMutator uriMutator) {
        this.uriMutator = uriMutator;
    }

    /** One to a few stacked mutations somewhere in {@code root}; {@code donors} lend values to splice in. */
    public void mutate(FuzzRandom random, Der root, List<Der> donors) {
        int rounds = 1 + random.size(3);
        for (int i = 0; i < rounds; i++) {
            mutateOnce(random, root, donors);
        }
    }

    private void mutateOnce(FuzzRandom random, Der root, List<Der> donors) {
        List<Der> nodes = root.nodes();
        Der node = random.pick(nodes);
        if (node.children != null && !node.children.isEmpty() && random.nextBoolean()) {
            mutateChildren(random, node, donors);
            return;
        }
        if (node.children == null) {
            mutateContent(random, node);
            return;
        }
        switch (random.below(3)) {
            case 0:
                node.tag = TAGS[random.below(TAGS.length)];
                break;
            case 1:
                node.children.clear();
                break;
            default: {
                if (nodes.size() > MAX_NODES) {
                    // deep enough already: the generator (which recurses) must not overflow its own stack
                    node.tag = TAGS[random.below(TAGS.length)];
                    break;
                }
                Der inner = node.copy();
                Der wrapped = inner;
                for (int depth = random.pick(2, 50, 1000); depth > 0; depth--) {
                    wrapped = Der.constructed(Der.SEQUENCE, List.of(wrapped));
                }
                node.children = new ArrayList<>(List.of(wrapped));
            }
        }
    }

    private void mutateChildren(FuzzRandom random, Der node, List<Der> donors) {
        List<Der> children = node.children;
        int at = random.below(children.size());
        switch (random.below(4)) {
            case 0:
                children.remove(at);
                break;
            case 1:
                children.add(at, children.get(at).copy());
                break;
            case 2:
                children.add(at, children.remove(random.below(children.size())));
                break;
            default: {
                if (donors.isEmpty()) {
                    children.remove(at);
                    break;
                }
                Der donor = random.pick(random.pick(donors).nodes());
                children.set(at, donor.copy());
            }
        }
    }

    private void mutateContent(FuzzRandom random, Der node) {
        if (random.oneIn(6)) {
            node.tag = TAGS[random.below(TAGS.length)];
            return;
        }
        switch (node.tag) {
            case Der.OID:
                node.content = random.pick(OIDS).clone();
                return;
            case Der.INTEGER:
                node.content = random.pick(INTEGERS).clone();
                return;
            case Der.BOOLEAN:
                node.content = new byte[][] { { 0 }, { (byte) 0xff }, { 1 }, {}, { 0, 0 } }[random.below(5)];
                return;
            case Der.UTC_TIME:
            case Der.GENERALIZED_TIME:
                node.content = random.pick(TIMES).getBytes(StandardCharsets.ISO_8859_1);
                return;
            case URI_NAME:
                String uri = new String(node.content, StandardCharsets.ISO_8859_1);
                node.content = this.uriMutator.mutate(random, uri, List.of()).getBytes(
                        random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
                return;
            default:
                node.content = ByteMutator.mutate(random, node.content, List.of());
        }
    }

    private static List<byte[]> hex(String... values) {
        return Arrays.stream(values).map(HexFormat.of()::parseHex).toList();
    }
}
