package dev.spiffeboot.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * A SPIFFE bundle: everything a trust domain publishes so that others can validate its SVIDs. It holds the X.509
 * authorities, the JWT authorities, and the optional sequence number and refresh hint, and reads and writes the
 * SPIFFE bundle format (a JWK Set; see the SPIFFE Trust Domain and Bundle standard, section 4).
 * <p>
 * Immutable. Entries that the standard says to ignore (unknown {@code use} or {@code kty}, empty {@code x5c}) are
 * dropped when reading.
 */
public final class SpiffeBundle implements X509BundleSource, JwtBundleSource {

    private final X509Bundle x509Bundle;

    private final JwtBundle jwtBundle;

    private final Long sequence;

    private final Duration refreshHint;

    private SpiffeBundle(X509Bundle x509Bundle, JwtBundle jwtBundle, Long sequence, Duration refreshHint) {
        this.x509Bundle = x509Bundle;
        this.jwtBundle = jwtBundle;
        this.sequence = sequence;
        this.refreshHint = refreshHint;
    }

    /**
     * A bundle from its parts.
     *
     * @param sequence the {@code spiffe_sequence}, or {@code null} for none
     * @param refreshHint the {@code spiffe_refresh_hint} (whole seconds), or {@code null} for none
     * @throws IllegalArgumentException if the two bundles belong to different trust domains
     */
    public static SpiffeBundle of(X509Bundle x509Bundle, JwtBundle jwtBundle, Long sequence, Duration refreshHint) {
        Objects.requireNonNull(x509Bundle, "X.509 bundle");
        Objects.requireNonNull(jwtBundle, "JWT bundle");
        if (!x509Bundle.trustDomain().equals(jwtBundle.trustDomain())) {
            throw new IllegalArgumentException("X.509 bundle of \"" + x509Bundle.trustDomain()
                    + "\" and JWT bundle of \"" + jwtBundle.trustDomain() + "\" belong to different trust domains");
        }
        return new SpiffeBundle(x509Bundle, jwtBundle, sequence, refreshHint);
    }

    /**
     * Reads a bundle in the SPIFFE bundle format.
     *
     * @throws InvalidBundleException if the document cannot be read
     */
    public static SpiffeBundle parse(TrustDomain trustDomain, String json) {
        Objects.requireNonNull(trustDomain, "trust domain");
        BundleDocument document = BundleDocument.parse(trustDomain, json, false);
        Duration refreshHint = document.refreshHintSeconds == null ? null
                : Duration.ofSeconds(document.refreshHintSeconds);
        return new SpiffeBundle(X509Bundle.of(trustDomain, document.x509Authorities),
                JwtBundle.of(trustDomain, document.jwtAuthorities), document.sequence, refreshHint);
    }

    /**
     * Reads a bundle file in the SPIFFE bundle format.
     *
     * @throws InvalidBundleException if the file cannot be read
     */
    public static SpiffeBundle load(TrustDomain trustDomain, Path file) {
        try {
            return parse(trustDomain, Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new InvalidBundleException("cannot read SPIFFE bundle file " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** The trust domain of the bundle. */
    public TrustDomain trustDomain() {
        return this.x509Bundle.trustDomain();
    }

    /** The X.509 authorities, as an X.509 bundle. */
    public X509Bundle x509Bundle() {
        return this.x509Bundle;
    }

    /** The JWT authorities, as a JWT bundle. */
    public JwtBundle jwtBundle() {
        return this.jwtBundle;
    }

    /** The {@code spiffe_sequence}, if set. */
    public OptionalLong sequence() {
        return this.sequence == null ? OptionalLong.empty() : OptionalLong.of(this.sequence);
    }

    /** The {@code spiffe_refresh_hint}, if set. */
    public Optional<Duration> refreshHint() {
        return Optional.ofNullable(this.refreshHint);
    }

    /**
     * The bundle in the SPIFFE bundle format.
     *
     * @throws IllegalArgumentException if an X.509 authority given to {@link #of} holds a key that has no JWK form
     * (a bundle read by {@link #parse} always has one)
     */
    public String toJson() {
        return BundleDocument.write(this.x509Bundle.authorities(), List.copyOf(this.jwtBundle.authorities()),
                this.sequence, this.refreshHint == null ? null : this.refreshHint.getSeconds());
    }

    @Override
    public Optional<X509Bundle> findX509Bundle(TrustDomain trustDomain) {
        return this.x509Bundle.findX509Bundle(trustDomain);
    }

    @Override
    public Optional<JwtBundle> findJwtBundle(TrustDomain trustDomain) {
        return this.jwtBundle.findJwtBundle(trustDomain);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SpiffeBundle)) {
            return false;
        }
        SpiffeBundle that = (SpiffeBundle) other;
        return this.x509Bundle.equals(that.x509Bundle) && this.jwtBundle.equals(that.jwtBundle)
                && Objects.equals(this.sequence, that.sequence) && Objects.equals(this.refreshHint, that.refreshHint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.x509Bundle, this.jwtBundle, this.sequence, this.refreshHint);
    }

    @Override
    public String toString() {
        return "SpiffeBundle[trustDomain=" + trustDomain() + ", x509Authorities=" + this.x509Bundle.authorities().size()
                + ", jwtAuthorities=" + this.jwtBundle.authorities().size() + ", sequence=" + this.sequence
                + ", refreshHint=" + this.refreshHint + "]";
    }
}
