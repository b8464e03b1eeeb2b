package dev.spiffeboot.bench.mtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import dev.spiffeboot.bench.http.HttpLoad;
import dev.spiffeboot.bundle.X509Bundle;
import dev.spiffeboot.devagent.DevAgent;
import dev.spiffeboot.devagent.DevAgentConfig;
import dev.spiffeboot.devagent.Endpoint;
import dev.spiffeboot.devagent.Identity;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.spiffeid.TrustDomain;
import dev.spiffeboot.svid.x509.X509Svid;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * What both mTLS benchmarks need: a dev agent serving the application's and the client's identities, the
 * application's SVID and trust bundle written as PEM files for the static-PEM variant, the command lines that start
 * either variant, and the client's TLS (its SVID as a plain JDK key manager, the bundle as a plain PKIX trust store).
 */
final class MtlsFixture implements AutoCloseable {

    /** Long enough that no SVID rotates during a run. */
    private static final Duration SVID_TTL = Duration.ofHours(12);

    private static final String[] COMMON_ARGUMENTS = { "--spring.main.banner-mode=off", "--logging.level.root=warn",
            "--server.address=127.0.0.1" };

    /** One application variant. */
    enum Variant {

        STATIC_PEM("static-PEM"), SPIFFE("SPIFFE");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        String label() {
            return this.label;
        }
    }

    private final Path directory;

    private final DevAgent agent;

    /**
     * The client's TLS, one context per load thread: a context keeps the sessions (TLS 1.3 tickets) its connections
     * received, and each thread empties its own before it connects, with no other thread adding one in between.
     */
    private final ThreadLocal<SSLContext> clientTls;

    private final List<String> jvmOptions;

    private MtlsFixture(Path directory, DevAgent agent, X509Svid client, X509Bundle bundle, List<String> jvmOptions) {
        this.directory = directory;
        this.agent = agent;
        this.clientTls = ThreadLocal.withInitial(() -> clientTls(client, bundle));
        this.jvmOptions = jvmOptions;
    }

    /**
     * Starts the agent and writes the files.
     *
     * @param jvmOptions the options every application JVM gets, the same for both variants
     */
    static MtlsFixture start(List<String> jvmOptions) throws IOException {
        Path directory = Files.createTempDirectory("spiffe-bench-mtls");
        DevAgentConfig config = DevAgentConfig.builder(TrustDomain.parse("example.org"), directory.resolve("ca"))
            .x509SvidTtl(SVID_TTL)
            .endpoint(Endpoint.unix(directory.resolve("server.sock"), Identity.of(MtlsApplication.SERVER)))
            .endpoint(Endpoint.unix(directory.resolve("client.sock"), Identity.of(MtlsApplication.CLIENT)))
            .build();
        DevAgent agent = DevAgent.start(config);
        try {
            X509Svid server = agent.currentX509Svid(SpiffeId.parse(MtlsApplication.SERVER));
            X509Svid client;
            X509Bundle bundle;
            try (X509Source source = X509Source.builder().address(agent.address(1)).build()) {
                client = source.x509Svid();
                bundle = source.findX509Bundle(config.trustDomain()).orElseThrow();
            }
            Files.writeString(directory.resolve("server.crt"), server.chainPem());
            Files.writeString(directory.resolve("server.key"), server.privateKeyPem());
            Files.writeString(directory.resolve("bundle.crt"), bundle.toPem());
            return new MtlsFixture(directory, agent, client, bundle, List.copyOf(jvmOptions));
        }
        catch (IOException | RuntimeException ex) {
            agent.close();
            throw ex;
        }
    }

    private static SSLContext clientTls(X509Svid svid, X509Bundle bundle) {
        try {
            return newClientTls(svid, bundle);
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalStateException("cannot set up the client's TLS", ex);
        }
    }

    private static SSLContext newClientTls(X509Svid svid, X509Bundle bundle) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", svid.privateKey(), new char[0], svid.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (int i = 0; i < bundle.authorities().size(); i++) {
            trusted.setCertificateEntry("ca-" + i, bundle.authorities().get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /**
     * A new TLS connection with the client's SVID, handshake done. The client forgets every session it was given
     * first, so each connection runs a full handshake with either variant: the static-PEM one would resume sessions
     * (TLS 1.3 tickets arrive after the handshake), the SPIFFE one never does.
     */
    SSLSocket connect(int port) throws IOException {
        SSLContext context = this.clientTls.get();
        SSLSessionContext sessions = context.getClientSessionContext();
        for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements();) {
            SSLSession session = sessions.getSession(ids.nextElement());
            if (session != null) {
                session.invalidate();
            }
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        HttpLoad.connect(socket, port);
        socket.startHandshake();
        return socket;
    }

    /** The command line that starts the variant on the port, in a JVM with the fixture's options. */
    List<String> command(Variant variant, int port) {
        List<String> command = java(MtlsApplication.class);
        command.add("--server.port=" + port);
        command.addAll(List.of(COMMON_ARGUMENTS));
        if (variant == Variant.SPIFFE) {
            command.add("--spiffe.workload-api.address=" + serverWorkloadApi());
            command.add("--spiffe.server.enabled=true");
            command.add("--spiffe.server.client-auth=need");
            command.add("--spiffe.server.authorized-ids=" + MtlsApplication.CLIENT);
        }
        else {
            command.add("--bench.static-pem=true");
            command.addAll(staticPemBundle());
            command.add("--server.ssl.bundle=svid");
            command.add("--server.ssl.client-auth=need");
        }
        return command;
    }

    /** The start of a command line that runs the main class in a JVM with the fixture's options and this class path. */
    List<String> java(Class<?> mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(this.jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        return command;
    }

    /**
     * The Spring SSL bundle {@code svid} of the static-PEM variant: the server's SVID and the trust bundle as PEM
     * files, as command-line arguments.
     */
    List<String> staticPemBundle() {
        return List.of("--spring.ssl.bundle.pem.svid.keystore.certificate=" + file("server.crt"),
                "--spring.ssl.bundle.pem.svid.keystore.private-key=" + file("server.key"),
                "--spring.ssl.bundle.pem.svid.truststore.certificate=" + file("bundle.crt"));
    }

    /** The Workload API socket that hands out the server's SVID. */
    WorkloadApiAddress serverWorkloadApi() {
        return this.agent.address(0);
    }

    /** The Workload API socket that hands out the client's SVID. */
    WorkloadApiAddress clientWorkloadApi() {
        return this.agent.address(1);
    }

    private String file(String name) {
        return "file:" + this.directory.resolve(name);
    }

    /** Where the application processes write their output. */
    Path log(Variant variant) {
        return this.directory.resolve(variant.name().toLowerCase(Locale.ROOT) + ".log");
    }

    @Override
    public void close() {
        this.agent.close();
        try (Stream<Path> files = Files.walk(this.directory)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
