package dev.spiffeboot.autoconfigure.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.spiffeboot.testing.TestClientMetadataServer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * Client ID metadata documents served over TLS with a workload's X509-SVID on 127.0.0.1, as a calling workload
 * serves its own: what a service that trusts the SPIFFE bundle for documents ({@code trust=spiffe}) fetches.
 */
public final class SpiffeServedDocuments implements AutoCloseable {

    private final X509Source source;

    private final TestClientMetadataServer server;

    private SpiffeServedDocuments(X509Source source, TestClientMetadataServer server) {
        this.source = source;
        this.server = server;
    }

    /** Serves documents as the workload of that Workload API address. */
    public static SpiffeServedDocuments as(WorkloadApiAddress workload) {
        X509Source source = X509Source.builder().address(workload).build();
        try {
            return new SpiffeServedDocuments(source, TestClientMetadataServer.https(SpiffeSslContexts.tlsServer(source), "127.0.0.1"));
        }
        catch (IOException ex) {
            source.close();
            throw new UncheckedIOException(ex);
        }
    }

    public TestClientMetadataServer server() {
        return this.server;
    }

    @Override
    public void close() {
        this.server.close();
        this.source.close();
    }
}
