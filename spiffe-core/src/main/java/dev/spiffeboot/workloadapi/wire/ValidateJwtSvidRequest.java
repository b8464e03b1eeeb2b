package dev.spiffeboot.workloadapi.wire;

import java.util.Objects;

/**
 * The request of {@code ValidateJWTSVID} ({@code ValidateJWTSVIDRequest}). Empty strings are not written (proto3).
 *
 * @param audience the audience the token must carry ({@code audience}, field 1)
 * @param svid the token to validate, in JWS compact serialization ({@code svid}, field 2)
 */
public record ValidateJwtSvidRequest(String audience, String svid) {

    /**
     * Checks the fields are present.
     *
     * @throws NullPointerException if a field is {@code null}
     */
    public ValidateJwtSvidRequest {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(svid, "svid");
    }

    /** The request in protobuf wire format. */
    public byte[] toByteArray() {
        ProtoWriter writer = new ProtoWriter();
        if (!this.audience.isEmpty()) {
            writer.writeString(1, this.audience);
        }
        if (!this.svid.isEmpty()) {
            writer.writeString(2, this.svid);
        }
        return writer.toByteArray();
    }

    /** The audience and the token's length, not the token, which is a bearer credential. */
    @Override
    public String toString() {
        return "ValidateJwtSvidRequest[audience=" + this.audience + ", svid=(" + this.svid.length() + " chars)]";
    }
}
