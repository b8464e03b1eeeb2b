package dev.spiffeboot.security.oauth2.server.authorization;

import java.util.Objects;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The decoders of {@code private_key_jwt} client assertions for Spring's
 * {@link JwtClientAssertionAuthenticationProvider}: for a client of a client ID metadata document,
 * {@link ClientMetadataClients#verifyAssertion}, whose keys come from the document (inline {@code jwks}, or its
 * {@code jwks_uri}) through the SSRF-safe fetcher and its cache, never through a URL in the client's settings; for
 * every other client, the decoders of another factory, Spring's {@link JwtClientAssertionDecoderFactory} by
 * default. A failure of a document client is an {@code invalid_client} (or {@code temporarily_unavailable}) that
 * says what failed.
 */
public final class ClientMetadataAssertionDecoderFactory implements JwtDecoderFactory<RegisteredClient> {

    private final ClientMetadataClients documents;

    private final JwtDecoderFactory<RegisteredClient> others;

    /** The decoders of the document clients, and Spring's for the others. */
    public ClientMetadataAssertionDecoderFactory(ClientMetadataClients documents) {
        this(documents, new JwtClientAssertionDecoderFactory());
    }

    /** The decoders of the document clients, and those of {@code others} for the others. */
    public ClientMetadataAssertionDecoderFactory(ClientMetadataClients documents, JwtDecoderFactory<RegisteredClient> others) {
        this.documents = Objects.requireNonNull(documents, "client ID metadata document clients");
        this.others = Objects.requireNonNull(others, "decoders of the other clients");
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        if (ClientMetadataClients.isClientMetadataClient(client)) {
            return assertion -> this.documents.verifyAssertion(client, assertion);
        }
        return this.others.createDecoder(client);
    }
}
