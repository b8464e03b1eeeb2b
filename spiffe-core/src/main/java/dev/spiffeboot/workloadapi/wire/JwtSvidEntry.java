package dev.spiffeboot.workloadapi.wire;

import java.util.Objects;

/**
 * One JWT-SVID of a {@link JwtSvidResponse} ({@code JWTSVID}). A field the server did not send is empty.
 *
 * @param spiffeId the SPIFFE ID of the token's subject ({@code spiffe_id}, field 1)
 * @param svid the token, in JWS compact serialization ({@code svid}, field 2)
 * @param hint the operator's guidance on which SVID to use for what ({@code hint}, field 3)
 */
public record JwtSvidEntry(String spiffeId, String svid, String hint) {

    /**
     * Checks the fields are present.
     *
     * @throws NullPointerException if a field is {@code null}
     */
    public JwtSvidEntry {
        Objects.requireNonNull(spiffeId, "spiffeId");
        Objects.requireNonNull(svid, "svid");
        Objects.requireNonNull(hint, "hint");
    }

    /** Reads an embedded {@code JWTSVID}; as in protobuf-java, a field seen twice keeps its last value. */
    static JwtSvidEntry read(ProtoReader reader) throws InvalidMessageException {
        String spiffeId = "";
        String svid = "";
        String hint = "";
        while (reader.nextField()) {
            switch (reader.fieldNumber()) {
                case 1 -> spiffeId = reader.readString("spiffe_id");
                case 2 -> svid = reader.readString("svid");
                case 3 -> hint = reader.readString("hint");
                default -> reader.skipField();
            }
        }
        return new JwtSvidEntry(spiffeId, svid, hint);
    }

    /** The SPIFFE ID, the hint and the token's length, not the token, which is a bearer credential. */
    @Override
    public String toString() {
        return "JwtSvidEntry[spiffeId=" + this.spiffeId + ", svid=(" + this.svid.length() + " chars), hint=" + this.hint + "]";
    }
}
