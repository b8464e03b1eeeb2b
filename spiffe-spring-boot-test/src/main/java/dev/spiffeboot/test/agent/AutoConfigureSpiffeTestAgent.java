package dev.spiffeboot.test.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the application of a Spring test a real SPIFFE Workload API: a dev agent (with its own CA, temporary
 * directory and sockets) is started for the test's application context, the application is pointed at it
 * ({@code spiffe.workload-api.address}) and receives the identity {@link #spiffeId()}; the agent stops when the
 * context closes. Inject {@link SpiffeTestAgent} into the test for its controls and to mint SVIDs of other workloads.
 * <p>
 * Tests with the same settings share the application context and its agent (Spring's context cache); different
 * settings give different contexts, each with its own agent, so test classes can run in parallel.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureSpiffeTestAgent(spiffeId = "spiffe://example.org/billing")
 * class BillingTests {
 *
 *     @Autowired
 *     SpiffeTestAgent agent;
 * }
 * }</pre>
 *
 * {@code @WebMvcTest} and {@code @WebFluxTest} get an agent with the defaults without this annotation, also when the
 * application's {@code application.yml} names a Workload API (a slice test must not depend on the production agent);
 * only {@code spiffe.workload-api.address} in the test's own properties ({@code @WebMvcTest(properties = ...)},
 * {@code @TestPropertySource}) or {@code spiffe.enabled=false} keeps it away. Add the annotation to a slice to choose
 * the identities.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureSpiffeTestAgent {

    /** The default identity of the application under test. */
    String DEFAULT_SPIFFE_ID = "spiffe://example.org/app";

    /**
     * The SPIFFE ID of the application under test; its trust domain is the agent's. The application's socket hands
     * out only this identity.
     */
    String spiffeId() default DEFAULT_SPIFFE_ID;

    /**
     * More workloads the agent serves, each on its own socket ({@link SpiffeTestAgent#address(String)}), for clients
     * or servers the test runs next to the application. Each must be in the trust domain or the federated one.
     */
    String[] identities() default {};

    /**
     * A second trust domain the agent serves and every workload trusts (a federation), or {@code ""} for none.
     */
    String federatedTrustDomain() default "";
}
