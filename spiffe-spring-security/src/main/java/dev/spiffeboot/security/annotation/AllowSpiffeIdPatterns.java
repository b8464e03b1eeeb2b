package dev.spiffeboot.security.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Allows only callers whose SPIFFE ID matches one of these patterns ({@code *} within a path segment, {@code **}
 * as the last segment); combines with the other {@code Allow*} annotations as {@link AllowSpiffeIds} describes.
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface AllowSpiffeIdPatterns {

    /** The patterns, e.g. {@code spiffe://example.org/ns/prod/**}. */
    String[] value();
}
