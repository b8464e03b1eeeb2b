package dev.spiffeboot.workloadapi.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The response of {@code FetchJWTSVID} ({@code JWTSVIDResponse}).
 *
 * @param svids the JWT-SVIDs, in the order received, unmodifiable ({@code svids}, field 1)
 */
public record JwtSvidResponse(List<JwtSvidEntry> svids) {

    /**
     * Copies the list.
     *
     * @throws NullPointerException if the list or one of its elements is {@code null}
     */
    public JwtSvidResponse {
        svids = List.copyOf(svids);
    }

    /**
     * Parses a message.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code JWTSVIDResponse}
     */
    public static JwtSvidResponse parse(byte[] message) throws InvalidMessageException {
        return parse(message, 0, message.length);
    }

    /**
     * Parses a message from {@code length} bytes of {@code buffer} from {@code offset}. As in protobuf-java, the
     * SVIDs accumulate and unknown fields are skipped.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code JWTSVIDResponse}
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    public static JwtSvidResponse parse(byte[] buffer, int offset, int length) throws InvalidMessageException {
        ProtoReader reader = ProtoReader.of(buffer, offset, length, "JWTSVIDResponse");
        List<JwtSvidEntry> svids = new ArrayList<>();
        while (reader.nextField()) {
            if (reader.fieldNumber() == 1) {
                svids.add(JwtSvidEntry.read(reader.readMessage("svids", "JWTSVID")));
            }
            else {
                reader.skipField();
            }
        }
        return new JwtSvidResponse(svids);
    }
}
