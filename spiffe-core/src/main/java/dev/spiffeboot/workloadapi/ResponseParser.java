package dev.spiffeboot.workloadapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.google.protobuf.ByteString;

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
import dev.spiffeboot.workloadapi.grpc.JWTBundlesResponse;
import dev.spiffeboot.workloadapi.grpc.JWTSVID;
import dev.spiffeboot.workloadapi.grpc.JWTSVIDResponse;
import dev.spiffeboot.workloadapi.grpc.X509BundlesResponse;
import dev.spiffeboot.workloadapi.grpc.X509SVID;
import dev.spiffeboot.workloadapi.grpc.X509SVIDResponse;

/**
 * Turns Workload API messages into validated SPIFFE types. A message whose mandatory field is empty, or whose
 * material does not parse, is refused as a whole (SPIFFE Workload API standard, section 4.5: report an error and
 * discard the message); certificate revocation lists are not used.
 */
final class ResponseParser {

    private ResponseParser() {
    }

    static X509Context x509Context(X509SVIDResponse response) {
        if (response.getSvidsCount() == 0) {
            throw invalid("X509SVIDResponse has no SVIDs");
        }
        List<X509Svid> svids = new ArrayList<>();
        Map<TrustDomain, X509Bundle> bundles = new LinkedHashMap<>();
        for (X509SVID entry : response.getSvidsList()) {
            X509Svid svid = x509Svid(entry);
            svids.add(svid);
            bundles.putIfAbsent(svid.id().trustDomain(), x509Bundle(svid.id().trustDomain(), entry.getBundle(), "bundle"));
        }
        for (Map.Entry<String, ByteString> federated : response.getFederatedBundlesMap().entrySet()) {
            TrustDomain trustDomain = trustDomain(federated.getKey());
            if (!bundles.containsKey(trustDomain)) {
                bundles.put(trustDomain, x509Bundle(trustDomain, federated.getValue(), "federated_bundles"));
            }
        }
        return new X509Context(svids, X509BundleSet.of(bundles.values()));
    }

    private static X509Svid x509Svid(X509SVID entry) {
        requireNonEmpty(entry.getSpiffeId().isEmpty(), "X509SVID.spiffe_id");
        requireNonEmpty(entry.getX509Svid().isEmpty(), "X509SVID.x509_svid");
        requireNonEmpty(entry.getX509SvidKey().isEmpty(), "X509SVID.x509_svid_key");
        requireNonEmpty(entry.getBundle().isEmpty(), "X509SVID.bundle");
        X509Svid svid;
        try {
            svid = X509Svid.parse(entry.getX509Svid().toByteArray(), entry.getX509SvidKey().toByteArray())
                .withHint(entry.getHint());
        }
        catch (InvalidX509SvidException ex) {
            throw invalid("X509-SVID " + LogSafe.quote(entry.getSpiffeId()) + " is invalid: " + ex.getMessage());
        }
        if (!svid.id().toString().equals(entry.getSpiffeId())) {
            throw invalid("X509SVID.spiffe_id " + LogSafe.quote(entry.getSpiffeId())
                    + " does not match the certificate's ID " + LogSafe.quote(svid.id().toString()));
        }
        return svid;
    }

    static X509BundleSet x509Bundles(X509BundlesResponse response) {
        if (response.getBundlesCount() == 0) {
            throw invalid("X509BundlesResponse has no bundles");
        }
        List<X509Bundle> bundles = new ArrayList<>();
        for (Map.Entry<String, ByteString> entry : response.getBundlesMap().entrySet()) {
            TrustDomain trustDomain = trustDomain(entry.getKey());
            bundles.add(x509Bundle(trustDomain, entry.getValue(), "bundles"));
        }
        return bundleSet(X509BundleSet::of, bundles);
    }

    static JwtBundleSet jwtBundles(JWTBundlesResponse response) {
        if (response.getBundlesCount() == 0) {
            throw invalid("JWTBundlesResponse has no bundles");
        }
        List<JwtBundle> bundles = new ArrayList<>();
        for (Map.Entry<String, ByteString> entry : response.getBundlesMap().entrySet()) {
            TrustDomain trustDomain = trustDomain(entry.getKey());
            try {
                bundles.add(JwtBundle.parse(trustDomain, entry.getValue().toByteArray()));
            }
            catch (InvalidBundleException ex) {
                throw invalid(ex.getMessage());
            }
        }
        return bundleSet(JwtBundleSet::of, bundles);
    }

    static List<JwtSvid> jwtSvids(JWTSVIDResponse response) {
        if (response.getSvidsCount() == 0) {
            throw invalid("JWTSVIDResponse has no SVIDs");
        }
        List<JwtSvid> svids = new ArrayList<>();
        for (JWTSVID entry : response.getSvidsList()) {
            requireNonEmpty(entry.getSpiffeId().isEmpty(), "JWTSVID.spiffe_id");
            requireNonEmpty(entry.getSvid().isEmpty(), "JWTSVID.svid");
            JwtSvid svid;
            try {
                svid = JwtSvid.parseUnverified(entry.getSvid(), entry.getHint());
            }
            catch (InvalidJwtSvidException ex) {
                throw invalid("JWT-SVID of " + LogSafe.quote(entry.getSpiffeId()) + " is invalid: " + ex.getMessage());
            }
            if (!svid.id().toString().equals(entry.getSpiffeId())) {
                throw invalid("JWTSVID.spiffe_id " + LogSafe.quote(entry.getSpiffeId()) + " does not match the token's subject");
            }
            svids.add(svid);
        }
        return svids;
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

    private static X509Bundle x509Bundle(TrustDomain trustDomain, ByteString der, String field) {
        try {
            return X509Bundle.parse(trustDomain, der.toByteArray());
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
