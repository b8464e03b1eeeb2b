package dev.spiffeboot.workloadapi.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message of the {@code FetchX509Bundles} stream ({@code X509BundlesResponse}). The collections are
 * unmodifiable; the arrays are those of the parsed message, not copies: do not modify them.
 *
 * @param crl DER certificate revocation lists ({@code crl}, field 1)
 * @param bundles DER X.509 bundles by trust domain ID, in the order each key was first received ({@code bundles},
 * field 2)
 */
public record X509BundlesResponse(List<byte[]> crl, Map<String, byte[]> bundles) {

    /**
     * Copies the collections.
     *
     * @throws NullPointerException if a collection, or one of its elements, keys or values, is {@code null}
     */
    public X509BundlesResponse {
        crl = List.copyOf(crl);
        bundles = Copies.of(bundles);
    }

    /**
     * Parses a message.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code X509BundlesResponse}
     */
    public static X509BundlesResponse parse(byte[] message) throws InvalidMessageException {
        return parse(message, 0, message.length);
    }

    /**
     * Parses a message from {@code length} bytes of {@code buffer} from {@code offset}. As in protobuf-java, repeated
     * fields accumulate, a map key seen twice keeps its last value and unknown fields are skipped.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code X509BundlesResponse}
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    public static X509BundlesResponse parse(byte[] buffer, int offset, int length) throws InvalidMessageException {
        ProtoReader reader = ProtoReader.of(buffer, offset, length, "X509BundlesResponse");
        List<byte[]> crl = new ArrayList<>();
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        while (reader.nextField()) {
            switch (reader.fieldNumber()) {
                case 1 -> crl.add(reader.readBytes("crl"));
                case 2 -> reader.readMapEntry("bundles", "X509BundlesResponse.BundlesEntry", bundles);
                default -> reader.skipField();
            }
        }
        return new X509BundlesResponse(crl, bundles);
    }
}
