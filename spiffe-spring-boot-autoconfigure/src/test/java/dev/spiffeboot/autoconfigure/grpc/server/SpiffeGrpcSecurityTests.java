package dev.spiffeboot.autoconfigure.grpc.server;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;

import dev.spiffeboot.autoconfigure.testing.TokenAttacks;
import dev.spiffeboot.autoconfigure.testing.TokenForge;

import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.SERVER;
import static dev.spiffeboot.autoconfigure.grpc.server.GrpcProbe.mtlsAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-call authentication and authorization on the SPIFFE gRPC server, over real TLS on 127.0.0.1: the mTLS peer and
 * the JWT-SVID of the {@code authorization} metadata, the declarative policy on full method names, the annotations on
 * a service's methods, the caller as the service sees it, and every bearer-token attack of the HTTP suite, each
 * ending with {@code UNAUTHENTICATED} naming the reason (never {@code INTERNAL} or {@code UNKNOWN}).
 */
@SpringBootTest(classes = GrpcSecurityApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = { "spring.grpc.server.port=0", "spiffe.grpc.server.client-auth=want",
                "spiffe.jwt.audiences=" + SERVER,
                "spiffe.security.policy.rules[0].name=no-intruder",
                "spiffe.security.policy.rules[0].action=DENY",
                "spiffe.security.policy.rules[0].from[0].principals=" + AbstractGrpcServerTests.INTRUDER,
                "spiffe.security.policy.rules[0].to[0].paths=/spiffe.test.Caller/Who",
                "spiffe.security.policy.rules[1].name=peer-for-anyone",
                "spiffe.security.policy.rules[1].to[0].paths=/spiffe.test.Peer/Get",
                "spiffe.security.policy.rules[2].name=caller-for-workloads",
                "spiffe.security.policy.rules[2].from[0].principals=*",
                "spiffe.security.policy.rules[2].from[1].request-principals=*",
                "spiffe.security.policy.rules[2].to[0].paths=/spiffe.test.Caller/*" })
class SpiffeGrpcSecurityTests extends AbstractGrpcServerTests {

    private static TokenForge forge;

    private static final TokenAttacks ATTACKS = new TokenAttacks(() -> forge, CLIENT, SERVER, INTRUDER);

    @BeforeAll
    static void forge() throws Exception {
        forge = TokenForge.ofDevAgent(agent.directory().resolve("ca"), "example.org");
    }

    static Stream<Arguments> attacks() {
        return ATTACKS.all();
    }

    @Test
    void startsWithoutWarnings(CapturedOutput output) {
        assertStartedWithoutWarnings(output);
    }

    @Test
    void theMtlsPeerIsTheCaller() throws Exception {
        assertThat(call(CallerService.WHO, mtlsAs(client))).isEqualTo("caller=" + CLIENT + " peer=" + CLIENT + " token=none");
    }

    @Test
    void aJwtSvidInTheMetadataIsTheCaller() throws Exception {
        assertThat(call(CallerService.WHO, GrpcProbe.tlsWithoutCertificate(client), ATTACKS.validToken()))
            .isEqualTo("caller=" + CLIENT + " peer=none token=JWT_SVID");
    }

    @Test
    void theJwtSvidSpeaksForTheCallNextToThePeer() throws Exception {
        assertThat(call(CallerService.WHO, mtlsAs(admin), ATTACKS.validToken()))
            .isEqualTo("caller=" + CLIENT + " peer=" + ADMIN + " token=JWT_SVID");
    }

    @Test
    void aCallerThePolicyDeniesGetsPermissionDeniedAndTheRuleIsLogged(CapturedOutput output) {
        assertStatus(() -> call(CallerService.WHO, mtlsAs(intruder)), Status.Code.PERMISSION_DENIED,
                INTRUDER + " may not call /spiffe.test.Caller/Who");
        assertThat(output).contains("Access denied: \"" + INTRUDER + "\" may not POST \"/spiffe.test.Caller/Who\""
                + " (denied by spiffe.security.policy.rules[0] (no-intruder))");
    }

    @Test
    void theRulesSeeThePeerAsThePrincipalWhateverTheToken() {
        // as in Istio: principals are the mTLS peer's, request principals the token's
        assertStatus(() -> call(CallerService.WHO, mtlsAs(intruder), ATTACKS.validToken()), Status.Code.PERMISSION_DENIED,
                CLIENT + " may not call /spiffe.test.Caller/Who");
    }

    @Test
    void aCallWithoutIdentityGetsUnauthenticated() {
        assertStatus(() -> call(CallerService.WHO, GrpcProbe.tlsWithoutCertificate(client)), Status.Code.UNAUTHENTICATED,
                "authentication required");
    }

    @Test
    void aRuleCanAllowCallsWithoutIdentity() throws Exception {
        assertThat(call(PeerService.GET, GrpcProbe.tlsWithoutCertificate(client))).isEqualTo("none");
    }

    @Test
    void anAnnotatedMethodServesTheCallerItAllows() throws Exception {
        assertThat(call(CallerService.ADMIN, mtlsAs(admin))).isEqualTo("caller=" + ADMIN + " peer=" + ADMIN + " token=none");
    }

    @Test
    void anAnnotatedMethodRefusesOtherCallersWithPermissionDenied(CapturedOutput output) {
        assertStatus(() -> call(CallerService.ADMIN, mtlsAs(client)), Status.Code.PERMISSION_DENIED,
                CLIENT + " may not call /spiffe.test.Caller/Admin");
        assertThat(output).contains("Access denied: \"" + CLIENT + "\" may not POST \"/spiffe.test.Caller/Admin\" (");
    }

    @Test
    void aRefusalInsideTheCallGetsPermissionDeniedNamingTheCall(CapturedOutput output) throws Exception {
        assertThat(call(CallerService.DELEGATE, mtlsAs(admin))).isEqualTo("hello admin");
        assertStatus(() -> call(CallerService.DELEGATE, mtlsAs(client)), Status.Code.PERMISSION_DENIED,
                CLIENT + " may not call /spiffe.test.Caller/Delegate");
        assertThat(output).contains("Access denied: \"" + CLIENT + "\" may not POST \"/spiffe.test.Caller/Delegate\" (");
    }

    @Test
    void aRefusedTokenIsLoggedWithItsReasonButNotItself(CapturedOutput output) {
        String expired = forge.sign(TokenForge.claims(CLIENT, List.of(SERVER), java.time.Duration.ofHours(-2)).build());
        assertStatus(() -> call(CallerService.WHO, GrpcProbe.tlsWithoutCertificate(client), expired), Status.Code.UNAUTHENTICATED,
                "invalid_token: token expired at ");
        assertThat(output).contains("Invalid token: token expired at ").doesNotContain(expired);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aBadTokenGetsUnauthenticatedNamingTheReason(String name, Supplier<List<String>> tokens, String reason) {
        assertStatus(() -> call(CallerService.WHO, GrpcProbe.tlsWithoutCertificate(client), tokens.get().toArray(String[]::new)),
                Status.Code.UNAUTHENTICATED, "invalid_token: ", reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aBadTokenGetsUnauthenticatedAlongsideAnAuthorizedClientCertificate(String name, Supplier<List<String>> tokens,
            String reason) {
        assertStatus(() -> call(CallerService.WHO, mtlsAs(client), tokens.get().toArray(String[]::new)),
                Status.Code.UNAUTHENTICATED, "invalid_token: ", reason);
    }

    private static void assertStatus(ThrowingCall call, Status.Code code, String... descriptionParts) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
            assertThat(refused.getStatus().getCode()).isEqualTo(code);
            assertThat(refused.getStatus().getDescription()).contains(descriptionParts);
        });
    }

    private String call(MethodDescriptor<String, String> method, SslContext tls, String... tokens) throws InterruptedException {
        return GrpcProbe.call(tls, port(), method, tokens);
    }

    @FunctionalInterface
    private interface ThrowingCall {

        void run() throws Exception;
    }
}
