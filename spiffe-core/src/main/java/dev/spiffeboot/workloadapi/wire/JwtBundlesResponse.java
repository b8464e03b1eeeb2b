package dev.spiffeboot.workloadapi.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message of the {@code FetchJWTBundles} stream ({@code JWTBundlesResponse}). The map is unmodifiable; the
 * arrays are those of the parsed message, not copies: do not modify them.
 *
 * @param bundles JWK Sets by trust domain ID, in the order each key was first received ({@code bundles}, field 1)
 */
public record JwtBundlesResponse(Map<String, byte[]> bundles) {

    /**
     * Copies the map.
     *
     * @throws NullPointerException if the map, or one of its keys or values, is {@code null}
     */
    public JwtBundlesResponse {
        bundles = Copies.of(bundles);
    }

    /**
     * Parses a message.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code JWTBundlesResponse}
     */
    public static JwtBundlesResponse parse(byte[] message) throws InvalidMessageException {
        return parse(message, 0, message.length);
    }

    /**
     * Parses a message from {@code length} bytes of {@code buffer} from {@code offset}. As in protobuf-java, a map
     * key seen twice keeps its last value and unknown fields are skipped.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code JWTBundlesResponse}
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    public static JwtBundlesResponse parse(byte[] buffer, int offset, int length) throws InvalidMessageException {
        ProtoReader reader = ProtoReader.of(buffer, offset, length, "JWTBundlesResponse");
        Map<String, byte[]> bundles = new LinkedHashMap<>();
        while (reader.nextField()) {
            if (reader.fieldNumber() == 1) {
                reader.readMapEntry("bundles", "JWTBundlesResponse.BundlesEntry", bundles);
            }
            else {
                reader.skipField();
            }
        }
        return new JwtBundlesResponse(bundles);
    }
}
