package dev.spiffeboot.quickstart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.xml.parsers.DocumentBuilderFactory;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.security.oauth2.client.ClientIdJwts;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.tls.Authorizer;
import dev.spiffeboot.tls.SpiffeSslContexts;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's "OAuth between services", from the README's own snippets. Each application of the chapter is compiled
 * and started on the dev Workload API with its YAML snippets as its {@code application.yml}: ServiceA publishing its
 * client ID metadata document and calling ServiceB with its client ID JWT; ServiceB with its token endpoint,
 * protected resource metadata and client ID metadata document issuers; a client of trusted authorization servers; an
 * authorization server of JWT-SVID clients, and one of client ID metadata document clients. Every property the
 * snippets set must exist ({@link KnownProperties}), the Java fragments compile as written, and the requests and
 * answers the chapter shows are made and compared. Hosts that must be reached ({@code https://service-a.example.com})
 * are replaced with loopback URLs; the rest of each snippet is the README's text. The command line adds only the
 * Workload API address, the port, and (named where it is done) what loopback needs.
 *
 * <p>
 * Tagged {@value #TAG}: surefire runs it in an execution of its own, with the authorization server starter and Apache
 * HttpClient on the class path, which the quick start does without.
 */
@Tag(ReadmeOAuthTests.TAG)
class ReadmeOAuthTests {

    static final String TAG = "readme-oauth";

    static final String SERVICE_A = "spiffe://example.org/service-a";

    static final String SERVICE_B = "spiffe://example.org/service-b";

    static final String AUTH_SERVER = "spiffe://example.org/auth-server";

    static final String ORDERS = "spiffe://example.org/orders";

    static final String CALLER = "spiffe://example.org/caller";

    /** The host of ServiceA's client ID in the README, which ServiceB and the authorization server must reach. */
    static final String SERVICE_A_HOST = "https://service-a.example.com";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder()
        .identity(SERVICE_A)
        .identity(SERVICE_B)
        .identity(AUTH_SERVER)
        .identity(ORDERS)
        .identity(CALLER)
        .build();

    @TempDir
    static Path work;

    static Map<String, Snippet> snippets;

    static final JsonMapper json = JsonMapper.builder().build();

    static String serviceAOrigin;

    static final Map<String, SnippetApplication> applications = new LinkedHashMap<>();

    static final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();

    static final List<AutoCloseable> sources = new ArrayList<>();

    static X509Source callerSvid;

    static JwtSource callerJwts;

    static X509Source ordersSvid;

    static JwtSource ordersJwts;

    @BeforeAll
    static void startTheChaptersApplications() throws Exception {
        // surefire runs in the module's directory
        snippets = ReadmeSnippets.section(Path.of("..", "README.md"), "## OAuth between services", "oauth");
        int serviceAPort = freePort();
        serviceAOrigin = "http://127.0.0.1:" + serviceAPort;

        // ServiceA: its client ID on loopback (http is allowed there), so that ServiceB and the authorization server
        // can fetch the document
        start("service-a", "com.example.servicea", List.of(toServiceA(snippet("service-a/application.yml")),
                restClientBean(snippet("service-a/ServiceBClient.java"), "com.example.servicea")),
                SERVICE_A, "--server.port=" + serviceAPort);

        // ServiceB: serves TLS so that ServiceA's mTLS client can call it; client-auth want, so that a caller without
        // a certificate gets the 401s the chapter shows; loopback issuers allowed for ServiceA's document
        start("service-b", "com.example.serviceb", List.of(toServiceA(snippet("service-b/client-metadata-issuers.yml")),
                snippet("service-b/token-endpoint.yml"), snippet("service-b/resource-metadata.yml"), whoAmI()),
                SERVICE_B, "--server.port=0", "--spiffe.server.enabled=true", "--spiffe.server.client-auth=want",
                "--spiffe.jwt.client-metadata.allow-loopback=true");

        start("client", "com.example.client", List.of(snippet("client/application.yml"),
                restClientBean(snippet("client/ServiceBClient.java"), "com.example.client")), CALLER, "--server.port=0");

        start("auth-server", "com.example.authserver", List.of(snippet("auth-server/application.yml")), AUTH_SERVER,
                "--server.port=0");
        // the same with the chapter's own authorization server chain
        start("auth-server-own-chain", "com.example.authserver",
                List.of(snippet("auth-server/application.yml"), authorizationServerChain("com.example.authserver")),
                AUTH_SERVER, "--server.port=0");

        start("cimd-auth-server", "com.example.cimdauthserver",
                List.of(toServiceA(snippet("cimd-auth-server/application.yml"))), AUTH_SERVER, "--server.port=0",
                "--spiffe.authorization-server.client-metadata.allow-loopback=true");

        callerSvid = source(X509Source.builder().address(agent.address(CALLER)).build());
        callerJwts = source(JwtSource.builder().address(agent.address(CALLER)).build());
        ordersSvid = source(X509Source.builder().address(agent.address(ORDERS)).build());
        ordersJwts = source(JwtSource.builder().address(agent.address(ORDERS)).build());
    }

    private static <T extends AutoCloseable> T source(T source) {
        sources.add(source);
        return source;
    }

    private static void start(String name, String mainPackage, List<Snippet> snippets, String identity, String... args)
            throws Exception {
        SnippetApplication application = SnippetApplication.compile(work.resolve(name), mainPackage, snippets);
        applications.put(name, application);
        List<String> arguments = new ArrayList<>(List.of("--spiffe.workload-api.address=" + agent.address(identity)));
        arguments.addAll(List.of(args));
        contexts.put(name, application.run(arguments.toArray(String[]::new)));
    }

    @AfterAll
    static void stop() throws Exception {
        for (SnippetApplication application : applications.values()) {
            application.close();
        }
        for (AutoCloseable source : sources) {
            source.close();
        }
    }

    private static Snippet snippet(String name) {
        assertThat(snippets).as("README snippets of the OAuth chapter").containsKey(name);
        return snippets.get(name);
    }

    private static Snippet toServiceA(Snippet snippet) {
        return snippet.replace(SERVICE_A_HOST, serviceAOrigin);
    }

    /** A fragment that declares {@code RestClient serviceB}, as the bean of that name. */
    private static Snippet restClientBean(Snippet fragment, String packageName) {
        return JavaFragments.wrap(fragment, packageName, List.of("org.springframework.context.annotation.Bean",
                "org.springframework.context.annotation.Configuration", "org.springframework.web.client.RestClient",
                "dev.spiffeboot.security.client.SpiffeRestClients"), """
                        @Configuration(proxyBeanMethods = false)
                        class ServiceBClient {

                            @Bean
                            RestClient serviceB(RestClient.Builder builder, SpiffeRestClients spiffeRestClients) {
                        """, """
                                return serviceB;
                            }
                        }
                        """);
    }

    /** The chapter's authorization server chain, a bean method, in a configuration class. */
    private static Snippet authorizationServerChain(String packageName) {
        return JavaFragments.wrap(snippet("auth-server/AuthorizationServerChain.java"), packageName,
                List.of("org.springframework.context.annotation.Bean", "org.springframework.context.annotation.Configuration",
                        "org.springframework.core.annotation.Order",
                        "org.springframework.security.config.annotation.web.builders.HttpSecurity",
                        "org.springframework.security.web.SecurityFilterChain"),
                """
                        @Configuration(proxyBeanMethods = false)
                        class AuthorizationServerChain {
                        """, """
                        }
                        """);
    }

    /** The test's own endpoint on ServiceB (no README snippet): who the request principal is. */
    private static Snippet whoAmI() {
        return new Snippet("service-b/WhoAmIController.java", "java", """
                package com.example.serviceb;

                import org.springframework.web.bind.annotation.GetMapping;
                import org.springframework.web.bind.annotation.RestController;

                import dev.spiffeboot.security.authentication.RequestPrincipal;

                @RestController
                class WhoAmIController {

                    @GetMapping("/whoami")
                    String whoami(RequestPrincipal principal) {
                        return (principal != null) ? principal.kind() + " " + principal.value() : "none";
                    }
                }
                """, 0);
    }

    @Test
    void everyBlockOfTheChapterIsMarked() {
        assertThat(snippets).containsOnlyKeys("service-a/application.yml", "service-a/ServiceBClient.java",
                "service-b/client-metadata-issuers.yml", "service-b/token-endpoint.yml", "service-b/resource-metadata.yml",
                "service-b/oauth-protected-resource.json", "service-b/challenges.txt", "client/application.yml",
                "client/ServiceBClient.java", "auth-server/pom.xml", "auth-server/application.yml",
                "auth-server/token-request.http", "auth-server/AuthorizationServerChain.java",
                "library/JwtSvidClientAuthentication.java", "cimd-auth-server/application.yml",
                "cimd-auth-server/token-request.http", "library/ClientMetadataClients.java");
    }

    @Test
    void everyYamlSnippetSetsOnlyPropertiesTheApplicationHas() {
        SoftAssertions.assertSoftly(softly -> snippets.values()
            .stream()
            .filter(snippet -> snippet.language().equals("yaml"))
            .forEach(yaml -> softly.assertThatCode(() -> KnownProperties.assertAllExist(yaml, contexts.get(yaml.application())))
                .as(yaml.name())
                .doesNotThrowAnyException()));
    }

    @Test
    void theJavaFragmentsWithoutSpringBootCompile() throws IOException {
        String packageName = "com.example.library";
        List<String> serverTypes = List.of("java.util.List",
                "org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository");
        Snippet jwtSvid = JavaFragments.wrap(snippet("library/JwtSvidClientAuthentication.java"), packageName,
                concat(serverTypes, "dev.spiffeboot.security.jwt.LocalJwtSvidVerifier",
                        "dev.spiffeboot.security.oauth2.server.authorization.JwtSvidClientAuthentication",
                        "dev.spiffeboot.security.oauth2.server.authorization.JwtSvidClientAuthenticationProvider",
                        "dev.spiffeboot.workloadapi.JwtSource"),
                """
                        class JwtSvidClientAuthenticationWithoutBoot {

                            void build(JwtSource jwtSource, String issuer, RegisteredClientRepository registeredClientRepository) {
                        """, """
                            }
                        }
                        """);
        Snippet clientMetadata = JavaFragments.wrap(snippet("library/ClientMetadataClients.java"), packageName,
                concat(serverTypes, "dev.spiffeboot.security.clientmetadata.AllowedIssuers",
                        "dev.spiffeboot.security.clientmetadata.ClientMetadataFetcher",
                        "org.springframework.security.config.annotation.web.builders.HttpSecurity",
                        "dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataAssertionDecoderFactory",
                        "dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataClientAuthenticationConfigurer",
                        "dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataClients",
                        "dev.spiffeboot.security.oauth2.server.authorization.ClientMetadataRegisteredClientRepository"),
                """
                        class ClientMetadataClientsWithoutBoot {

                            void build(String issuer, RegisteredClientRepository registeredClients, HttpSecurity http)
                                    throws Exception {
                        """, """
                            }
                        }
                        """);
        // compiled only: the starter makes these for an application, which the other tests run
        applications.put("library", SnippetApplication.compile(work.resolve("library"), List.of(jwtSvid, clientMetadata)));
    }

    private static List<String> concat(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void theAuthorizationServersDependenciesAreTheModules() throws Exception {
        NodeList listed = DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(("<dependencies>" + snippet("auth-server/pom.xml").text() + "</dependencies>")
                .getBytes(StandardCharsets.UTF_8)))
            .getElementsByTagName("artifactId");
        String pom = Files.readString(Path.of("pom.xml"));
        for (int i = 0; i < listed.getLength(); i++) {
            assertThat(pom).contains("<artifactId>" + listed.item(i).getTextContent().strip() + "</artifactId>");
        }
    }

    // ServiceA

    @Test
    void serviceAServesItsClientIdMetadataDocumentAndTheSvidsKeys() throws Exception {
        Map<String, Object> settings = yaml(toServiceA(snippet("service-a/application.yml")), "spiffe", "client-metadata");
        String clientId = (String) settings.get("client-id");
        HttpResponse<String> document = send(plain(), HttpRequest.newBuilder(URI.create(clientId)));
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Cache-Control")).hasValue("max-age=300");
        JsonNode metadata = json.readTree(document.body());
        assertThat(metadata.path("client_id").asString()).isEqualTo(clientId);
        assertThat(metadata.path("client_name").asString()).isEqualTo(settings.get("client-name"));
        assertThat(metadata.path("token_endpoint_auth_method").asString()).isEqualTo("private_key_jwt");
        assertThat(metadata.path("grant_types").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(send(plain(), HttpRequest.newBuilder(URI.create(clientId)).POST(HttpRequest.BodyPublishers.noBody()))
            .statusCode()).isEqualTo(405);
        String jwksUri = metadata.path("jwks_uri").asString();
        assertThat(jwksUri).isEqualTo(serviceAOrigin + "/.well-known/client-jwks.json");

        HttpResponse<String> jwks = send(plain(), HttpRequest.newBuilder(URI.create(jwksUri)));
        assertThat(jwks.statusCode()).isEqualTo(200);
        JsonNode key = json.readTree(jwks.body()).path("keys").path(0);
        assertThat(key.path("kty").asString()).isEqualTo("EC");
        assertThat(key.path("kid").asString()).isNotEmpty();
        assertThat(key.path("x5c").size()).isPositive();
    }

    @Test
    void serviceACallsServiceBWithItsClientIdJwtOverMtls() {
        String clientId = (String) yaml(toServiceA(snippet("service-a/application.yml")), "spiffe", "client-metadata")
            .get("client-id");
        // the snippet's base URL names the host service-b.example.com; here ServiceB listens on 127.0.0.1
        String who = contexts.get("service-a")
            .getBean("serviceB", RestClient.class)
            .get()
            .uri("https://127.0.0.1:{port}/whoami", port("service-b"))
            .retrieve()
            .body(String.class);
        assertThat(who).isEqualTo("CLIENT_ID " + clientId);
    }

    // ServiceB

    @Test
    void serviceBTradesAJwtSvidForAnAccessTokenItAccepts() throws Exception {
        String issuer = (String) yaml(snippet("service-b/token-endpoint.yml"), "spiffe", "security", "token-endpoint")
            .get("issuer");
        HttpResponse<String> token = post(tlsToServiceB(), serviceB("/oauth2/token"),
                Map.of("grant_type", "client_credentials", "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-spiffe", "client_assertion",
                        callerJwts.fetchJwtSvid(issuer).token()));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode answer = json.readTree(token.body());
        assertThat(answer.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(answer.path("expires_in").asInt()).isEqualTo(300);
        assertThat(claims(answer.path("access_token").asString()).path("iss").asString()).isEqualTo(issuer);

        HttpResponse<String> who = send(tlsToServiceB(), HttpRequest.newBuilder(serviceB("/whoami"))
            .header("Authorization", "Bearer " + answer.path("access_token").asString()));
        assertThat(who.statusCode()).isEqualTo(200);
        assertThat(who.body()).endsWith(" " + CALLER);

        HttpResponse<String> metadata = send(tlsToServiceB(),
                HttpRequest.newBuilder(serviceB("/.well-known/oauth-authorization-server")));
        assertThat(json.readTree(metadata.body()).path("token_endpoint_auth_methods_supported").toString())
            .contains("\"private_key_jwt\"", "\"spiffe_jwt\"");
    }

    @Test
    void serviceBPublishesTheResourceMetadataTheChapterShows() throws Exception {
        HttpResponse<String> document = send(tlsToServiceB(),
                HttpRequest.newBuilder(serviceB("/.well-known/oauth-protected-resource")));
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(json.readTree(document.body()))
            .isEqualTo(json.readTree(snippet("service-b/oauth-protected-resource.json").text()));
    }

    @Test
    void serviceBs401sNameTheResourceMetadataAsTheChapterShows() throws Exception {
        List<String> challenges = snippet("service-b/challenges.txt").text()
            .lines()
            .map(line -> line.substring("WWW-Authenticate: ".length()))
            .toList();
        assertThat(challenges).hasSize(2);

        HttpResponse<String> anonymous = send(tlsToServiceB(), HttpRequest.newBuilder(serviceB("/whoami")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue(challenges.get(0));

        // the README's second line is for an expired token; any refused token gets the same parameters
        HttpResponse<String> refused = send(tlsToServiceB(),
                HttpRequest.newBuilder(serviceB("/whoami")).header("Authorization", "Bearer not.a.token"));
        assertThat(refused.statusCode()).isEqualTo(401);
        String[] around = challenges.get(1).split("error_description=\"[^\"]*\"");
        assertThat(around).hasSize(2);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).get()
            .asString()
            .matches(Pattern.quote(around[0]) + "error_description=\"[^\"]*\"" + Pattern.quote(around[1]));
    }

    // the client of trusted authorization servers

    @Test
    void theAccessTokenClientFollowsNoChallengeOfAnotherOrigin() {
        // ServiceB's 401 names its metadata at https://service-b.example.com, not at the 127.0.0.1 origin called here:
        // the client reaches ServiceB over TLS and returns that 401 as it came, contacting no authorization server
        RestClient serviceB = contexts.get("client").getBean("serviceB", RestClient.class);
        assertThatThrownBy(() -> serviceB.get().uri("https://127.0.0.1:{port}/whoami", port("service-b")).retrieve().toBodilessEntity())
            .isInstanceOfSatisfying(HttpClientErrorException.Unauthorized.class,
                    unauthorized -> assertThat(unauthorized.getResponseHeaders().getFirst("WWW-Authenticate"))
                        .contains("resource_metadata=\"https://service-b.example.com/.well-known/oauth-protected-resource\""));
    }

    // the authorization servers

    @Test
    void theAuthorizationServerGivesAJwtSvidClientATokenForTheChaptersRequest() throws Exception {
        assertJwtSvidClientsGetTheChaptersToken("auth-server");
    }

    @Test
    void theChaptersOwnAuthorizationServerChainAuthenticatesAndAdvertisesJwtSvids() throws Exception {
        assertJwtSvidClientsGetTheChaptersToken("auth-server-own-chain");
    }

    private static JsonNode authorizationServerMetadata(HttpClient client, String scheme, String application)
            throws IOException, InterruptedException {
        HttpResponse<String> metadata = send(client, HttpRequest.newBuilder(URI.create(
                scheme + "://127.0.0.1:" + port(application) + "/.well-known/oauth-authorization-server")));
        assertThat(metadata.statusCode()).isEqualTo(200);
        return json.readTree(metadata.body());
    }

    private static SSLContext mtlsToTheAuthorizationServer() {
        return SpiffeSslContexts.mtlsClient(ordersSvid, ordersSvid, Authorizer.id(SpiffeId.parse(AUTH_SERVER)));
    }

    /** The chapter's request with a JWT-SVID of orders gets the token the chapter shows; the metadata says spiffe_jwt. */
    private static void assertJwtSvidClientsGetTheChaptersToken(String application) throws Exception {
        Snippet exchange = snippet("auth-server/token-request.http");
        String issuer = (String) yaml(snippet("auth-server/application.yml"), "spring", "security", "oauth2",
                "authorizationserver").get("issuer");
        Map<String, String> form = form(exchange);
        form.put("client_assertion", ordersJwts.fetchJwtSvid(issuer).token());
        HttpResponse<String> token = post(http(mtlsToTheAuthorizationServer()),
                URI.create("https://127.0.0.1:" + port(application) + path(exchange)), form);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

        JsonNode answer = json.readTree(token.body());
        String shown = exchange.text().substring(exchange.text().indexOf("HTTP/1.1 200")).lines().skip(1).findFirst().orElseThrow();
        JsonNode expected = json.readTree(shown);
        assertThat(fieldNames(answer)).containsExactlyInAnyOrderElementsOf(fieldNames(expected));
        assertThat(answer.path("scope")).isEqualTo(expected.path("scope"));
        assertThat(answer.path("token_type")).isEqualTo(expected.path("token_type"));
        JsonNode claims = claims(answer.path("access_token").asString());
        assertThat(claims.path("iss").asString()).isEqualTo(issuer);
        assertThat(claims.path("sub").asString()).isEqualTo(ORDERS);
        assertThat(claims.path("aud").toString()).contains("\"" + form.get("resource") + "\"");
        assertThat(authorizationServerMetadata(http(mtlsToTheAuthorizationServer()), "https", application)
            .path("token_endpoint_auth_methods_supported")
            .toString()).contains("\"spiffe_jwt\"");
    }

    @Test
    void theAuthorizationServerGivesAClientIdMetadataDocumentClientATokenForTheChaptersRequest() throws Exception {
        Snippet exchange = snippet("cimd-auth-server/token-request.http");
        String issuer = (String) yaml(snippet("cimd-auth-server/application.yml"), "spring", "security", "oauth2",
                "authorizationserver").get("issuer");
        Map<String, String> form = form(exchange);
        String clientId = form.get("client_id").replace(SERVICE_A_HOST, serviceAOrigin);
        form.put("client_id", clientId);
        form.put("client_assertion", contexts.get("service-a").getBean(ClientIdJwts.class).mint(issuer));
        HttpResponse<String> token = post(plain(),
                URI.create("http://127.0.0.1:" + port("cimd-auth-server") + path(exchange)), form);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode claims = claims(json.readTree(token.body()).path("access_token").asString());
        assertThat(claims.path("sub").asString()).isEqualTo(clientId);
        assertThat(claims.path("iss").asString()).isEqualTo(issuer);
        assertThat(authorizationServerMetadata(plain(), "http", "cimd-auth-server")
            .path("client_id_metadata_document_supported")
            .asBoolean()).isTrue();
    }

    // helpers

    /** The form of a request the README shows: the lines after the headers, each {@code [&]name=value  (comment)}. */
    private static Map<String, String> form(Snippet request) {
        List<String> lines = request.text().lines().toList();
        Map<String, String> form = new LinkedHashMap<>();
        for (String line : lines.subList(lines.indexOf("") + 1, lines.size())) {
            if (line.isBlank()) {
                break;
            }
            String parameter = line.strip().replaceFirst("^&", "").split("\\s+")[0];
            int equals = parameter.indexOf('=');
            form.put(parameter.substring(0, equals), URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    /** The path of the request line, {@code POST /oauth2/token HTTP/1.1}. */
    private static String path(Snippet request) {
        return request.text().lines().findFirst().orElseThrow().split(" ")[1];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Snippet snippet, String... path) {
        Map<String, Object> node = new Yaml().load(snippet.text());
        for (String key : path) {
            node = (Map<String, Object>) node.get(key);
        }
        return node;
    }

    private static List<String> fieldNames(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    private static JsonNode claims(String jwt) {
        return json.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int port(String application) {
        return ((WebServerApplicationContext) contexts.get(application)).getWebServer().getPort();
    }

    private static URI serviceB(String path) {
        return URI.create("https://127.0.0.1:" + port("service-b") + path);
    }

    /** TLS that authenticates ServiceB by its SPIFFE ID and presents no client certificate. */
    private static HttpClient tlsToServiceB() {
        return http(SpiffeSslContexts.tlsClient(callerSvid, Authorizer.id(SpiffeId.parse(SERVICE_B))));
    }

    private static HttpClient http(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpClient plain() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient client, URI url, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = form.entrySet()
            .stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        return send(client, HttpRequest.newBuilder(url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
