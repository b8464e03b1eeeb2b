package dev.spiffeboot.workloadapi.wire;

import java.util.Objects;

/**
 * One X509-SVID of an {@link X509SvidResponse} ({@code X509SVID}). A field the server did not send is empty. The
 * arrays are those of the parsed message, not copies: do not modify them ({@code equals} compares them by
 * identity, as records do).
 *
 * @param spiffeId the SPIFFE ID of this SVID ({@code spiffe_id}, field 1)
 * @param x509Svid DER certificates, leaf first, then any intermediates ({@code x509_svid}, field 2)
 * @param x509SvidKey DER PKCS#8 private key ({@code x509_svid_key}, field 3)
 * @param bundle DER X.509 bundle of the SVID's trust domain ({@code bundle}, field 4)
 * @param hint the operator's guidance on which SVID to use for what ({@code hint}, field 5)
 */
public record X509SvidEntry(String spiffeId, byte[] x509Svid, byte[] x509SvidKey, byte[] bundle, String hint) {

    /**
     * Checks the fields are present.
     *
     * @throws NullPointerException if a field is {@code null}
     */
    public X509SvidEntry {
        Objects.requireNonNull(spiffeId, "spiffeId");
        Objects.requireNonNull(x509Svid, "x509Svid");
        Objects.requireNonNull(x509SvidKey, "x509SvidKey");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(hint, "hint");
    }

    /** Reads an embedded {@code X509SVID}; as in protobuf-java, a field seen twice keeps its last value. */
    static X509SvidEntry read(ProtoReader reader) throws InvalidMessageException {
        String spiffeId = "";
        byte[] x509Svid = ProtoReader.EMPTY;
        byte[] x509SvidKey = ProtoReader.EMPTY;
        byte[] bundle = ProtoReader.EMPTY;
        String hint = "";
        while (reader.nextField()) {
            switch (reader.fieldNumber()) {
                case 1 -> spiffeId = reader.readString("spiffe_id");
                case 2 -> x509Svid = reader.readBytes("x509_svid");
                case 3 -> x509SvidKey = reader.readBytes("x509_svid_key");
                case 4 -> bundle = reader.readBytes("bundle");
                case 5 -> hint = reader.readString("hint");
                default -> reader.skipField();
            }
        }
        return new X509SvidEntry(spiffeId, x509Svid, x509SvidKey, bundle, hint);
    }

    /** The SPIFFE ID, the hint and the sizes of the rest, never the private key. */
    @Override
    public String toString() {
        return "X509SvidEntry[spiffeId=" + this.spiffeId + ", x509Svid=(" + this.x509Svid.length + " bytes), x509SvidKey=("
                + this.x509SvidKey.length + " bytes), bundle=(" + this.bundle.length + " bytes), hint=" + this.hint + "]";
    }
}
