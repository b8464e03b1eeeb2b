package dev.spiffeboot.workloadapi.wire;

import java.util.List;

/**
 * The request of {@code FetchJWTSVID} ({@code JWTSVIDRequest}).
 *
 * @param audiences the audiences to put in the tokens ({@code audience}, field 1), each written even when empty
 * @param spiffeId only the JWT-SVID of this SPIFFE ID ({@code spiffe_id}, field 2); empty, or {@code null} which
 * becomes empty, asks for all of the caller's identities and is not written
 */
public record JwtSvidRequest(List<String> audiences, String spiffeId) {

    /**
     * Copies the audiences.
     *
     * @throws NullPointerException if {@code audiences} or one of them is {@code null}
     */
    public JwtSvidRequest {
        audiences = List.copyOf(audiences);
        spiffeId = (spiffeId != null) ? spiffeId : "";
    }

    /** The request in protobuf wire format. */
    public byte[] toByteArray() {
        ProtoWriter writer = new ProtoWriter();
        for (String audience : this.audiences) {
            writer.writeString(1, audience);
        }
        if (!this.spiffeId.isEmpty()) {
            writer.writeString(2, this.spiffeId);
        }
        return writer.toByteArray();
    }
}
