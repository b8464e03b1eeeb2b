package dev.spiffeboot.security.oauth2.server.authorization;

import java.util.Objects;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The application's registered clients, then the clients of client ID metadata documents: a registered client of
 * the same ID wins (it is looked up first, and its configuration, not the document, describes it). The clients of
 * documents are never saved; their registered ID is their client ID, so that an authorization stored with it (as
 * Spring's JDBC authorization service does) finds the client again.
 */
public final class ClientMetadataRegisteredClientRepository implements RegisteredClientRepository {

    private final RegisteredClientRepository registered;

    private final ClientMetadataClients documents;

    /**
     * A repository.
     *
     * @param registered the application's registered clients
     * @param documents the clients of client ID metadata documents
     */
    public ClientMetadataRegisteredClientRepository(RegisteredClientRepository registered, ClientMetadataClients documents) {
        this.registered = Objects.requireNonNull(registered, "registered clients");
        this.documents = Objects.requireNonNull(documents, "client ID metadata document clients");
    }

    /**
     * Saves a client in the application's repository.
     *
     * @throws IllegalArgumentException for a client of a client ID metadata document, which is read from its
     * document, never registered
     */
    @Override
    public void save(RegisteredClient registeredClient) {
        if (ClientMetadataClients.isClientMetadataClient(registeredClient)) {
            throw new IllegalArgumentException("client " + registeredClient.getClientId() + " is described by its client ID "
                    + "metadata document, which is read while it is fresh: it is not registered");
        }
        this.registered.save(registeredClient);
    }

    @Override
    public RegisteredClient findById(String id) {
        RegisteredClient client = this.registered.findById(id);
        return (client != null) ? client : this.documents.findByClientId(id);
    }

    /**
     * The registered client, else the client of the client ID metadata document at the client ID when the allow-list
     * accepts it.
     *
     * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException when that document cannot be
     * had or does not describe a client of this server (see {@link ClientMetadataClients#findByClientId})
     */
    @Override
    public RegisteredClient findByClientId(String clientId) {
        RegisteredClient client = this.registered.findByClientId(clientId);
        return (client != null) ? client : this.documents.findByClientId(clientId);
    }

    /**
     * A repository of the clients of client ID metadata documents only, for an authorization server that registers
     * no client: it saves none.
     */
    public static ClientMetadataRegisteredClientRepository withoutRegisteredClients(ClientMetadataClients documents) {
        return new ClientMetadataRegisteredClientRepository(new NoRegisteredClients(), documents);
    }

    /** The application's registered clients, which this repository consults first. */
    public RegisteredClientRepository registered() {
        return this.registered;
    }

    /** No registered client, and no way to register one. */
    private static final class NoRegisteredClients implements RegisteredClientRepository {

        @Override
        public void save(RegisteredClient registeredClient) {
            throw new UnsupportedOperationException("this authorization server registers no client; declare a "
                    + "RegisteredClientRepository to register " + registeredClient.getClientId());
        }

        @Override
        public RegisteredClient findById(String id) {
            return null;
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            return null;
        }
    }
}
