package dev.spiffeboot.autoconfigure.workloadapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when a Workload API address is configured: {@code spiffe.workload-api.address} or the
 * {@code SPIFFE_ENDPOINT_SOCKET} environment variable; and {@code spiffe.enabled} is not {@code false}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnWorkloadApiAddressCondition.class)
public @interface ConditionalOnWorkloadApiAddress {

}
