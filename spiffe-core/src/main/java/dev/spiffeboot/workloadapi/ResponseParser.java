package dev.spiffeboot.workloadapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.spiffeboot.bundle.InvalidBundleException;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.bundle.JwtBundleSet;
import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.bundle.X509BundleSet;
import dev.spiffeboot.spiffeid.InvalidSpiffeIdException;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.text.LogSafe;
import dev.spiffeboot.workloadapi.wire.InvalidMessageException;
import dev.spiffeboot.workloadapi.wire.JwtBundlesResponse;
import dev.spiffeboot.workloadapi.wire.JwtSvidEntry;
import dev.spiffeboot.workloadapi.wire.JwtSvidResponse;
import dev.spiffeboot.workloadapi.wire.ValidateJwtSvidResponse;
import dev.spiffeboot.workloadapi.wire.X509BundlesResponse;
import dev.spiffeboot.workloadapi.wire.X509SvidEntry;
import dev.spiffeboot.workloadapi.wire.X509SvidResponse;

/**
 * Turns Workload API messages (their protobuf bytes) into validated SPIFFE types. A message that is not valid
 * protobuf, whose mandatory field is empty, or whose material does not parse, is refused as a whole (SPIFFE Workload API standard, section 4.5: report an error and
 * discard the message); certificate revocation lists are not used.
 */
final class ResponseParser {

    private ResponseParser() {
    }

    static X509Context x509Context(byte[] message) {
        X509SvidResponse response = decode(() -> X509SvidResponse.parse(message));
        if (response.svids().isEmpty()) {
            throw invalid("X509SVIDResponse has no SVIDs");
        }
        List<X509Svid> svids = new ArrayList<>();
        Map<TrustDomain, X509Bundle> bundles = new LinkedHashMap<>();
        for (X509SvidEntry entry : response.svids()) {
            X509Svid svid = x509Svid(entry);
            svids.add(svid);
            bundles.putIfAbsent(svid.id().trustDomain(), x509Bundle(svid.id().trustDomain(), entry.bundle(), "bundle"));
        }
        for (Map.Entry<String, byte[]> federated : response.federatedBundles().entrySet()) {
            TrustDomain trustDomain = trustDomain(federated.getKey());
            if (!bundles.containsKey(trustDomain)) {
                bundles.put(trustDomain, x509Bundle(trustDomain, federated.getValue(), "federated_bundles"));
            }
        }
        return new X509Context(svids, X509BundleSet.of(bundles.values()));
    }

    private static X509Svid x509Svid(X509SvidEntry entry) {
        requireNonEmpty(entry.spiffeId().isEmpty(), "X509SVID.spiffe_id");
        requireNonEmpty(entry.x509Svid().length == 0, "X509SVID.x509_svid");
        requireNonEmpty(entry.x509SvidKey().length == 0, "X509SVID.x509_svid_key");
        requireNonEmpty(entry.bundle().length == 0, "X509SVID.bundle");
        X509Svid svid;
        try {
            svid = X509Svid.parse(entry.x509Svid(), entry.x509SvidKey()).withHint(entry.hint());
        }
        catch (InvalidX509SvidException ex) {
            throw invalid("X509-SVID " + LogSafe.quote(entry.spiffeId()) + " is invalid: " + ex.getMessage());
        }
        if (!svid.id().toString().equals(entry.spiffeId())) {
            throw invalid("X509SVID.spiffe_id " + LogSafe.quote(entry.spiffeId())
                    + " does not match the certificate's ID " + LogSafe.quote(svid.id().toString()));
        }
        return svid;
    }

    static X509BundleSet x509Bundles(byte[] message) {
        X509BundlesResponse response = decode(() -> X509BundlesResponse.parse(message));
        if (response.bundles().isEmpty()) {
            throw invalid("X509BundlesResponse has no bundles");
        }
        List<X509Bundle> bundles = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : response.bundles().entrySet()) {
            TrustDomain trustDomain = trustDomain(entry.getKey());
            bundles.add(x509Bundle(trustDomain, entry.getValue(), "bundles"));
        }
        return bundleSet(X509BundleSet::of, bundles);
    }

    static JwtBundleSet jwtBundles(byte[] message) {
        JwtBundlesResponse response = decode(() -> JwtBundlesResponse.parse(message));
        if (response.bundles().isEmpty()) {
            throw invalid("JWTBundlesResponse has no bundles");
        }
        List<JwtBundle> bundles = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : response.bundles().entrySet()) {
            TrustDomain trustDomain = trustDomain(entry.getKey());
            try {
                bundles.add(JwtBundle.parse(trustDomain, entry.getValue()));
            }
            catch (InvalidBundleException ex) {
                throw invalid(ex.getMessage());
            }
        }
        return bundleSet(JwtBundleSet::of, bundles);
    }

    static List<JwtSvid> jwtSvids(byte[] message) {
        JwtSvidResponse response = decode(() -> JwtSvidResponse.parse(message));
        if (response.svids().isEmpty()) {
            throw invalid("JWTSVIDResponse has no SVIDs");
        }
        List<JwtSvid> svids = new ArrayList<>();
        for (JwtSvidEntry entry : response.svids()) {
            requireNonEmpty(entry.spiffeId().isEmpty(), "JWTSVID.spiffe_id");
            requireNonEmpty(entry.svid().isEmpty(), "JWTSVID.svid");
            JwtSvid svid;
            try {
                svid = JwtSvid.parseUnverified(entry.svid(), entry.hint());
            }
            catch (InvalidJwtSvidException ex) {
                throw invalid("JWT-SVID of " + LogSafe.quote(entry.spiffeId()) + " is invalid: " + ex.getMessage());
            }
            if (!svid.id().toString().equals(entry.spiffeId())) {
                throw invalid("JWTSVID.spiffe_id " + LogSafe.quote(entry.spiffeId()) + " does not match the token's subject");
            }
            svids.add(svid);
        }
        return svids;
    }

    /** The SPIFFE ID a {@code ValidateJWTSVIDResponse} names. */
    static String validatedSpiffeId(byte[] message) {
        return decode(() -> ValidateJwtSvidResponse.parse(message)).spiffeId();
    }

    /** A message of the wire; one that is not valid protobuf is an invalid response. */
    private static <M> M decode(MessageDecoder<M> decoder) {
        try {
            return decoder.decode();
        }
        catch (InvalidMessageException ex) {
            throw invalid(ex.getMessage());
        }
    }

    private interface MessageDecoder<M> {

        M decode() throws InvalidMessageException;
    }

    /** A set of the bundles of a response; a trust domain twice refuses the response. */
    private static <B, S> S bundleSet(Function<List<B>, S> set, List<B> bundles) {
        try {
            return set.apply(bundles);
        }
        catch (IllegalArgumentException ex) {
            throw invalid(ex.getMessage());
        }
    }

    private static X509Bundle x509Bundle(TrustDomain trustDomain, byte[] der, String field) {
        try {
            return X509Bundle.parse(trustDomain, der);
        }
        catch (InvalidBundleException ex) {
            throw invalid(field + " of trust domain " + LogSafe.quote(trustDomain.name()) + " is invalid: " + ex.getMessage());
        }
    }

    /** Bundle maps are keyed by trust domain ID ({@code spiffe://example.org}); bare names are accepted too. */
    private static TrustDomain trustDomain(String key) {
        try {
            return TrustDomain.parse(key);
        }
        catch (InvalidSpiffeIdException ex) {
            throw invalid("bundle key is not a trust domain: " + ex.getMessage());
        }
    }

    private static void requireNonEmpty(boolean empty, String field) {
        if (empty) {
            throw invalid("mandatory field " + field + " is empty");
        }
    }

    static WorkloadApiException invalid(String message) {
        return new WorkloadApiException("invalid Workload API response: " + message, WorkloadApiStatus.INVALID_RESPONSE, true);
    }
}
