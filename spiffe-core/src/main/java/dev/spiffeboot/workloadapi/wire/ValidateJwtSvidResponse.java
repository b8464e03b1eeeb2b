package dev.spiffeboot.workloadapi.wire;

import java.util.Objects;

/**
 * The response of {@code ValidateJWTSVID} ({@code ValidateJWTSVIDResponse}), without the token's claims, which
 * the caller reads from the token itself.
 *
 * @param spiffeId the SPIFFE ID from the token's subject ({@code spiffe_id}, field 1), empty if not sent
 */
public record ValidateJwtSvidResponse(String spiffeId) {

    /**
     * Checks the field is present.
     *
     * @throws NullPointerException if {@code spiffeId} is {@code null}
     */
    public ValidateJwtSvidResponse {
        Objects.requireNonNull(spiffeId, "spiffeId");
    }

    /**
     * Parses a message.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code ValidateJWTSVIDResponse}
     */
    public static ValidateJwtSvidResponse parse(byte[] message) throws InvalidMessageException {
        return parse(message, 0, message.length);
    }

    /**
     * Parses a message from {@code length} bytes of {@code buffer} from {@code offset}. The {@code claims} field (2)
     * must be length-delimited and within the message, but its content, a {@code google.protobuf.Struct}, is not
     * read, so unlike protobuf-java a malformed {@code Struct} there is not refused. Unknown fields are skipped.
     *
     * @throws InvalidMessageException if the bytes are not a valid {@code ValidateJWTSVIDResponse}
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    public static ValidateJwtSvidResponse parse(byte[] buffer, int offset, int length) throws InvalidMessageException {
        ProtoReader reader = ProtoReader.of(buffer, offset, length, "ValidateJWTSVIDResponse");
        String spiffeId = "";
        while (reader.nextField()) {
            switch (reader.fieldNumber()) {
                case 1 -> spiffeId = reader.readString("spiffe_id");
                case 2 -> reader.skipLengthDelimited("claims");
                default -> reader.skipField();
            }
        }
        return new ValidateJwtSvidResponse(spiffeId);
    }
}
