package dev.spiffeboot.workloadapi.wire;

/** The request of {@code FetchX509Bundles} ({@code X509BundlesRequest}), which has no fields. */
public record X509BundlesRequest() {

    /** The request in protobuf wire format: no bytes. */
    public byte[] toByteArray() {
        return new byte[0];
    }
}
