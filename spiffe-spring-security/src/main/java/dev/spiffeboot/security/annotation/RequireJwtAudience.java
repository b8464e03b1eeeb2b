package dev.spiffeboot.security.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires a validated JWT-SVID whose audience holds one of these values, on top of any {@code Allow*} rule. A
 * method's annotation replaces its class's. Works as a meta-annotation.
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface RequireJwtAudience {

    /** The audiences, e.g. {@code spiffe://example.org/service-b}. */
    String[] value();
}
