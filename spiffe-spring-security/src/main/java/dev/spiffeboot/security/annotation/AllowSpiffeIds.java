package dev.spiffeboot.security.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Allows only callers with one of these SPIFFE IDs (the caller is the JWT-SVID's subject when the request carries
 * one, else the mTLS peer). On a method it replaces the {@code Allow*} annotations of its class; several
 * {@code Allow*} annotations on one element allow what any of them allows. Works as a meta-annotation.
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface AllowSpiffeIds {

    /** The SPIFFE IDs, e.g. {@code spiffe://example.org/client}. */
    String[] value();
}
