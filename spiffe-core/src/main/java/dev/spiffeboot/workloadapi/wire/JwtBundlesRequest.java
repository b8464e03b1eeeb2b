package dev.spiffeboot.workloadapi.wire;

/** The request of {@code FetchJWTBundles} ({@code JWTBundlesRequest}), which has no fields. */
public record JwtBundlesRequest() {

    /** The request in protobuf wire format: no bytes. */
    public byte[] toByteArray() {
        return new byte[0];
    }
}
