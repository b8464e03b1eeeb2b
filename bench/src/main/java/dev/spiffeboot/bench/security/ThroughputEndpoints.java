package dev.spiffeboot.bench.security;

import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.bundle.JwtAuthority;
import dev.spiffeboot.bundle.JwtBundle;
import dev.spiffeboot.workloadapi.BundleSource;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The one trivial endpoint of the throughput applications, on Spring MVC and on WebFlux alike, under the three paths
 * the benchmark compares; and the static keys their stock resource servers are given.
 */
@RestController
class ThroughputEndpoints {

    @GetMapping({ "/open", "/spiffe", "/stock" })
    String ok() {
        return "ok";
    }

    /**
     * The JWT authorities of the server's trust domain as JWKs for Spring's stock decoders: without
     * {@code use: jwt-svid}, which Nimbus's key selector would not pick for a signature.
     */
    static List<JWK> staticKeys(BundleSource bundles, X509Source x509) {
        JwtBundle bundle = bundles.findJwtBundle(x509.x509Svid().id().trustDomain()).orElseThrow();
        List<JWK> keys = new ArrayList<>();
        for (JwtAuthority authority : bundle.authorities()) {
            keys.add(new ECKey.Builder((ECKey) authority.toJwk()).keyUse(null).build());
        }
        return keys;
    }
}
