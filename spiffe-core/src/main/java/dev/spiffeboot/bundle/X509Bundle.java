package dev.spiffeboot.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertificateException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.spiffeboot.internal.Certificates;
import dev.spiffeboot.spiffeid.TrustDomain;

/**
 * The X.509 authorities (CA certificates) that issue X509-SVIDs in one trust domain.
 * <p>
 * Immutable. A bundle only vouches for SVIDs of its own trust domain: verifiers look the bundle up by the trust
 * domain of the certificate being checked, so a CA trusted for one domain cannot issue IDs of another.
 */
public final class X509Bundle extends TrustDomainBundle<List<X509Certificate>> implements X509BundleSource {

    private final Set<TrustAnchor> trustAnchors;

    /** PKIX parameters with the anchors and no revocation checks; cloned per validation (a clone shares the anchors). */
    private final PKIXParameters pkixTemplate;

    private X509Bundle(TrustDomain trustDomain, List<X509Certificate> authorities) {
        super(trustDomain, authorities);
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate authority : authorities) {
            anchors.add(new TrustAnchor(authority, null));
        }
        this.trustAnchors = Set.copyOf(anchors);
        this.pkixTemplate = anchors.isEmpty() ? null : pkixTemplate(this.trustAnchors);
    }

    private static PKIXParameters pkixTemplate(Set<TrustAnchor> anchors) {
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            return parameters;
        }
        catch (InvalidAlgorithmParameterException ex) {
            throw new IllegalStateException("cannot use the authorities as PKIX trust anchors", ex);
        }
    }

    /**
     * Parameters for validating a certificate path to this bundle's authorities at the given time, without
     * revocation checks (SPIFFE relies on short-lived SVIDs).
     *
     * @throws IllegalStateException if the bundle has no authorities
     */
    public PKIXParameters pkixParameters(Instant at) {
        if (this.pkixTemplate == null) {
            throw new IllegalStateException("the X.509 bundle of " + trustDomain() + " has no authorities");
        }
        PKIXParameters parameters = (PKIXParameters) this.pkixTemplate.clone();
        parameters.setDate(Date.from(at));
        return parameters;
    }

    /** A bundle of the given authorities (duplicates are dropped, order is kept). */
    public static X509Bundle of(TrustDomain trustDomain, Collection<X509Certificate> authorities) {
        Objects.requireNonNull(trustDomain, "trust domain");
        return new X509Bundle(trustDomain, List.copyOf(new LinkedHashSet<>(authorities)));
    }

    /**
     * Reads a bundle from concatenated DER certificates (the Workload API encoding) or PEM.
     *
     * @throws InvalidBundleException if the data is not certificates
     */
    public static X509Bundle parse(TrustDomain trustDomain, byte[] derOrPem) {
        try {
            return of(trustDomain, Certificates.parse(derOrPem));
        }
        catch (CertificateException ex) {
            throw new InvalidBundleException(
                    "cannot read X.509 bundle of trust domain \"" + trustDomain + "\": " + ex.getMessage(), ex);
        }
    }

    /**
     * Reads a bundle from a PEM file.
     *
     * @throws InvalidBundleException if the file cannot be read or holds no certificates
     */
    public static X509Bundle load(TrustDomain trustDomain, Path pemFile) {
        try {
            return parse(trustDomain, Files.readAllBytes(pemFile));
        }
        catch (IOException ex) {
            throw new InvalidBundleException("cannot read X.509 bundle file " + pemFile + ": " + ex.getMessage(), ex);
        }
    }

    /** The CA certificates. */
    public List<X509Certificate> authorities() {
        return authorityHolder();
    }

    /** Whether the bundle holds no authority: every SVID of its trust domain is then untrusted. */
    public boolean isEmpty() {
        return authorityHolder().isEmpty();
    }

    /** The authorities as PKIX trust anchors, built once per bundle. */
    public Set<TrustAnchor> trustAnchors() {
        return this.trustAnchors;
    }

    /** Whether the certificate is one of this bundle's authorities. */
    public boolean hasAuthority(X509Certificate certificate) {
        return authorityHolder().contains(certificate);
    }

    /** The authorities as concatenated DER, as the Workload API carries them. */
    public byte[] toDer() {
        return Certificates.toDer(authorityHolder());
    }

    /** The authorities as PEM text. */
    public String toPem() {
        return Certificates.toPem(authorityHolder());
    }

    /** This bundle when asked for its own trust domain. */
    @Override
    public Optional<X509Bundle> findX509Bundle(TrustDomain trustDomain) {
        return ifFor(trustDomain, this);
    }

    @Override
    String describeAuthorities() {
        return "authorities=" + authorityHolder().size();
    }
}
