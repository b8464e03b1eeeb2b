package dev.spiffeboot.autoconfigure.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up refused by {@code spiffe.security.resource-metadata.*}: which value is wrong, and what to set. */
class ResourceMetadataFailureAnalyzer extends AbstractFailureAnalyzer<ResourceMetadataException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ResourceMetadataException cause) {
        String description = "The application refused to start: the OAuth 2.0 protected resource metadata "
                + "cannot be served as configured: " + cause.getMessage() + ".";
        String action = switch (cause.reason()) {
            case INVALID_VALUE -> "Set spiffe.security.resource-metadata.resource to an https URL with a host and a plain "
                    + "path, without query or fragment (e.g. https://orders.example.com), each "
                    + "spiffe.security.resource-metadata.authorization-servers entry to an issuer identifier (an https "
                    + "URL without query or fragment, e.g. https://auth.example.com), and each scopes-supported entry to a "
                    + "scope without spaces or quotes. Or set spiffe.security.resource-metadata.enabled=false.";
            case OUTSIDE_CONTEXT_PATH -> "Remove the context path, or leave spiffe.security.resource-metadata.resource "
                    + "unset so that the metadata is served inside the context path and its resource identifier derived "
                    + "from each request, or serve the metadata from the proxy in front of the application.";
            case NO_JSON_LIBRARY -> "Add spring-boot-starter-jackson (Spring Boot's web starters bring it), or set "
                    + "spiffe.security.resource-metadata.enabled=false.";
        };
        return new FailureAnalysis(description, action, cause);
    }
}
