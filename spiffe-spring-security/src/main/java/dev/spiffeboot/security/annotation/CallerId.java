package dev.spiffeboot.security.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a controller parameter of type {@link dev.spiffeboot.spiffeid.SpiffeId} to the caller's SPIFFE ID (the
 * JWT-SVID's subject, else the mTLS peer); {@code null} for callers without one.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CallerId {

}
