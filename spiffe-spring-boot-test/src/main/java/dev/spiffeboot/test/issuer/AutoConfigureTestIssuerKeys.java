package dev.spiffeboot.test.issuer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the token issuers of {@code spiffe.jwt.issuers} publish a test key: each issuer's {@code jwk-set-uri} is
 * replaced by a loopback JWK Set of a key that {@link TestIssuerKeys} signs with, so tokens minted by the test (the
 * {@code issuerToken(...)} request helpers) are verified by the application for real: signature, issuer, audience,
 * expiry, policy and annotations. Tokens of the real issuers are refused in such a test, and a wrong
 * {@code jwk-set-uri} goes unnoticed: test the keys' location separately.
 *
 * <pre>{@code
 * @WebMvcTest(properties = { "spiffe.jwt.issuers[0].issuer=https://idp.example.org",
 *         "spiffe.jwt.issuers[0].audiences=orders", "spiffe.jwt.issuers[0].jwk-set-uri=https://idp.example.org/jwks" })
 * @AutoConfigureTestIssuerKeys
 * class OrdersControllerTests { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureTestIssuerKeys {

}
