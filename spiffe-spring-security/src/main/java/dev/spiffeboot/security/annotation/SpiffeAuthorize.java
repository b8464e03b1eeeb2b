package dev.spiffeboot.security.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Authorizes with a SpEL expression, for combinations the other annotations cannot say, on top of them:
 *
 * <pre>{@code
 * @SpiffeAuthorize("peerIs('spiffe://example.org/gateway') and requestPrincipalIs('https://idp.example.org/alice')")
 * @SpiffeAuthorize("callerIn('example.org') or hasAudience('spiffe://example.org/admin')")
 * }</pre>
 * The expression's root offers {@code peer}, {@code caller}, {@code requestPrincipal}, {@code audience} and the
 * functions {@code peerIs(...)}, {@code callerIs(...)}, {@code callerIn(trustDomain)},
 * {@code callerMatches(pattern)}, {@code hasAudience(...)} and {@code requestPrincipalIs(...)}. A method's
 * annotation replaces its class's.
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface SpiffeAuthorize {

    /** The expression; it must evaluate to {@code true} for the call to proceed. */
    String value();
}
