package dev.spiffeboot.autoconfigure.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Client ID metadata documents served over TLS with a workload's X509-SVID on 127.0.0.1, as a calling workload
 * serves its own: what a service that trusts the SPIFFE bundle for documents ({@code trust=spiffe}) fetches.
 */
public final class SpiffeServedDocuments implements AutoCloseable {

    private final Supplier<WorkloadApiAddress> workload;

    private final List<String> clients;

    private X509Source source;

    private TestClientMetadataServer server;

    private SpiffeServedDocuments(Supplier<WorkloadApiAddress> workload, List<String> clients) {
        this.workload = workload;
        this.clients = clients;
    }

    /**
     * Documents served as the workload of that Workload API address, started when first asked for (a test's dev
     * agent runs by then), with a valid document at each client path.
     */
    public static SpiffeServedDocuments as(Supplier<WorkloadApiAddress> workload, String... clientPaths) {
        return new SpiffeServedDocuments(workload, List.of(clientPaths));
    }

    /** The server, started on first use. */
    public synchronized TestClientMetadataServer server() {
        if (this.server == null) {
            this.source = X509Source.builder().address(this.workload.get()).build();
            try {
                this.server = TestClientMetadataServer.https(SpiffeSslContexts.tlsServer(this.source), "127.0.0.1");
            }
            catch (IOException ex) {
                this.source.close();
                throw new UncheckedIOException(ex);
            }
            this.clients.forEach(this.server::client);
        }
        return this.server;
    }

    @Override
    public synchronized void close() {
        if (this.server != null) {
            this.server.close();
            this.source.close();
        }
    }
}
