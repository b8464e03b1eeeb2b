package dev.spiffeboot.workloadapi.wire;

/** The request of {@code FetchX509SVID} ({@code X509SVIDRequest}), which has no fields. */
public record X509SvidRequest() {

    /** The request in protobuf wire format: no bytes. */
    public byte[] toByteArray() {
        return new byte[0];
    }
}
