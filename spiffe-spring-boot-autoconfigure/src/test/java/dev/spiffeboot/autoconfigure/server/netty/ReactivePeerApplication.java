package dev.spiffeboot.autoconfigure.server.netty;

import java.security.cert.X509Certificate;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidProfile;

/**
 * A WebFlux test application on Reactor Netty (the reactive Tomcat and Jetty on the test classpath are left out):
 * {@code /peer} answers with the SPIFFE ID of the exchange's TLS peer chain, or "none"; {@code /caller} with the
 * caller the SPIFFE security found, to {@code spiffe://example.org/client} only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
        "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration" })
@RestController
public class ReactivePeerApplication {

    /** The properties that make the test a reactive one although Spring MVC is on the classpath too. */
    public static final String REACTIVE = "spring.main.web-application-type=reactive";

    @GetMapping("/peer")
    public Mono<String> peer(ServerHttpRequest request) throws InvalidX509SvidException {
        SslInfo ssl = request.getSslInfo();
        X509Certificate[] chain = (ssl != null) ? ssl.getPeerCertificates() : null;
        return Mono.just((chain == null || chain.length == 0) ? "none" : X509SvidProfile.idOf(chain[0]).toString());
    }

    @GetMapping("/caller")
    @AllowSpiffeIds("spiffe://example.org/client")
    public Mono<String> caller(@CallerId SpiffeId caller) {
        return Mono.just(caller.toString());
    }
}
