package dev.spiffeboot.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A DER value as a mutable tree, so that a mutation deep inside a certificate keeps every enclosing length right and
 * the parser under test reads past it. OCTET and BIT STRINGs that hold DER (extension values) are trees too.
 * Encoding an unchanged tree gives back the bytes it was parsed from.
 */
public final class Der {

    static final int BOOLEAN = 0x01;

    static final int INTEGER = 0x02;

    static final int BIT_STRING = 0x03;

    static final int OCTET_STRING = 0x04;

    static final int OID = 0x06;

    static final int UTC_TIME = 0x17;

    static final int GENERALIZED_TIME = 0x18;

    static final int SEQUENCE = 0x30;

    int tag;

    byte[] content;

    List<Der> children;

    private Der(int tag, byte[] content, List<Der> children) {
        this.tag = tag;
        this.content = content;
        this.children = children;
    }

    static Der primitive(int tag, byte[] content) {
        return new Der(tag, content, null);
    }

    static Der constructed(int tag, List<Der> children) {
        return new Der(tag, null, new ArrayList<>(children));
    }

    /** The tree of one DER value that spans all of {@code bytes}, or {@code null} if they are not exactly that. */
    public static Der parse(byte[] bytes) {
        List<Der> values = parseAll(bytes, 0, bytes.length);
        return (values != null && values.size() == 1) ? values.get(0) : null;
    }

    /** The trees of concatenated DER values, or {@code null} if the bytes are not exactly that. */
    public static List<Der> parseAll(byte[] bytes, int from, int to) {
        List<Der> values = new ArrayList<>();
        int at = from;
        while (at < to) {
            int tag = bytes[at++] & 0xff;
            if ((tag & 0x1f) == 0x1f || at >= to) {
                return null;
            }
            int length = bytes[at++] & 0xff;
            if (length >= 0x80) {
                int octets = length & 0x7f;
                if (octets == 0 || octets > 3 || at + octets > to || bytes[at] == 0) {
                    return null;
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (bytes[at++] & 0xff);
                }
                if (length < 0x80) {
                    return null;
                }
            }
            if (length > to - at) {
                return null;
            }
            values.add(read(bytes, tag, at, at + length));
            at += length;
        }
        return values;
    }

    private static Der read(byte[] bytes, int tag, int from, int to) {
        if ((tag & 0x20) != 0) {
            List<Der> children = parseAll(bytes, from, to);
            return (children != null) ? new Der(tag, null, children) : new Der(tag, Arrays.copyOfRange(bytes, from, to), null);
        }
        if (tag == OCTET_STRING && to - from > 1 && (bytes[from] == SEQUENCE || bytes[from] == BIT_STRING)) {
            List<Der> inner = parseAll(bytes, from, to);
            if (inner != null) {
                return new Der(tag, null, inner);
            }
        }
        return new Der(tag, Arrays.copyOfRange(bytes, from, to), null);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out);
        return out.toByteArray();
    }

    private void write(ByteArrayOutputStream out) {
        byte[] body = this.content;
        if (this.children != null) {
            ByteArrayOutputStream inner = new ByteArrayOutputStream();
            for (Der child : this.children) {
                child.write(inner);
            }
            body = inner.toByteArray();
        }
        out.write(this.tag);
        writeLength(out, body.length);
        out.writeBytes(body);
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        }
        else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        }
        else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
        else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
    }

    /** This node and every node below it, depth first. */
    List<Der> nodes() {
        List<Der> nodes = new ArrayList<>();
        visit(nodes::add);
        return nodes;
    }

    private void visit(Consumer<Der> visitor) {
        visitor.accept(this);
        if (this.children != null) {
            for (Der child : this.children) {
                child.visit(visitor);
            }
        }
    }

    Der copy() {
        if (this.children == null) {
            return new Der(this.tag, this.content.clone(), null);
        }
        List<Der> copies = new ArrayList<>();
        for (Der child : this.children) {
            copies.add(child.copy());
        }
        return new Der(this.tag, null, copies);
    }
}
