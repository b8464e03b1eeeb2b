package dev.spiffeboot.security.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.spiffeboot.security.authentication.RequestPrincipal;

/**
 * Binds a controller parameter of type {@link dev.spiffeboot.spiffeid.SpiffeId} to the mTLS peer's SPIFFE ID;
 * {@code null} when the client presented no X509-SVID. Parameters of type {@link RequestPrincipal} are bound to the
 * request principal without an annotation.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PeerId {

}
