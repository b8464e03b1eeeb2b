package dev.spiffeboot.bench.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The caller of {@code bench/run oauth} (ServiceA): an application with its own SPIFFE identity whose
 * {@code spiffe.client-metadata.client-id} makes the starter serve its client ID metadata document and JWK Set (the
 * X509-SVID's key) and give the {@code ClientIdJwts} the benchmark mints with. It counts the requests it is sent by
 * path, so that the report can show the server fetched the document and the keys, and how often.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ClientMetadataCallerApplication {

    /** The path of the client ID metadata document. */
    static final String DOCUMENT_PATH = "/clients/bench-caller.json";

    /** The path of the JWK Set, the starter's default. */
    static final String JWKS_PATH = "/.well-known/client-jwks.json";

    /** The requests served, by path. */
    static final class Requests {

        private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();

        void count(String path) {
            this.byPath.computeIfAbsent(path, key -> new AtomicLong()).incrementAndGet();
        }

        long to(String path) {
            AtomicLong count = this.byPath.get(path);
            return (count != null) ? count.get() : 0;
        }
    }

    @Bean
    Requests requests() {
        return new Requests();
    }

    @Bean
    FilterRegistrationBean<Filter> requestCounter(Requests requests) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            requests.count(((HttpServletRequest) request).getRequestURI());
            chain.doFilter(request, response);
        });
        // before the filter that serves the documents
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
