package dev.spiffeboot.workloadapi.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message of the {@code FetchX509SVID} stream ({@code X509SVIDResponse}). The collections are unmodifiable; the
 * arrays are those of the parsed message, not copies: do not modify them.
 *
 * @param svids the SVIDs, in the order received ({@code svids}, field 1)
 * @param crl DER certificate revocation lists ({@code crl}, field 2)
 * @param federatedBundles DER X.509 bundles of foreign trust domains by trust domain ID, in the order each key was
 * first received ({@code federated_bundles}, field 3)
 */
public record X509SvidResponse(List<X509SvidEntry> svids, List<byte[]> crl, Map<String, byte[]> federatedBundles) {

    /**
     * Copies the collections.
     *
     * @throws NullPointerException if a collection, or one of its elements, keys or values, is {@code null}
     */
    public X509SvidResponse {
        svids = List.copyOf(svids);
        crl = List.copyOf(crl);
        federatedBundles = Copies.of(federatedBundles);
    }

    /**
     * Parses a message.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code X509SVIDResponse}
     */
    public static X509SvidResponse parse(byte[] message) throws InvalidMessageException {
        return parse(message, 0, message.length);
    }

    /**
     * Parses a message from {@code length} bytes of {@code buffer} from {@code offset}. As in protobuf-java, repeated
     * fields accumulate, a map key seen twice keeps its last value and unknown fields are skipped.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code X509SVIDResponse}
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    public static X509SvidResponse parse(byte[] buffer, int offset, int length) throws InvalidMessageException {
        ProtoReader reader = ProtoReader.of(buffer, offset, length, "X509SVIDResponse");
        List<X509SvidEntry> svids = new ArrayList<>();
        List<byte[]> crl = new ArrayList<>();
        Map<String, byte[]> federatedBundles = new LinkedHashMap<>();
        while (reader.nextField()) {
            switch (reader.fieldNumber()) {
                case 1 -> svids.add(X509SvidEntry.read(reader.readMessage("svids", "X509SVID")));
                case 2 -> crl.add(reader.readBytes("crl"));
                case 3 -> reader.readMapEntry("federated_bundles", "X509SVIDResponse.FederatedBundlesEntry", federatedBundles);
                default -> reader.skipField();
            }
        }
        return new X509SvidResponse(svids, crl, federatedBundles);
    }
}
