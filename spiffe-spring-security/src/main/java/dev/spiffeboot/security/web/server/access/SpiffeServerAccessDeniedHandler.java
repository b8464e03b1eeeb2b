package dev.spiffeboot.security.web.server.access;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import dev.spiffeboot.security.authorization.ReasonedDecision;
import dev.spiffeboot.security.authorization.Refusals;

/**
 * Answers an authenticated caller that is not allowed with 403 and an RFC 9457 problem detail naming the caller
 * and the request, as the servlet {@link dev.spiffeboot.security.web.access.SpiffeAccessDeniedHandler} does. Why
 * the policy refused goes to the log only: the response does not describe the policy.
 */
public final class SpiffeServerAccessDeniedHandler implements ServerAccessDeniedHandler {

    private static final Log logger = LogFactory.getLog(SpiffeServerAccessDeniedHandler.class);

    /** Where {@link SpiffeServerRequestPolicy} keeps a refusing decision, for the log line. */
    static final String DECISION_ATTRIBUTE = SpiffeServerAccessDeniedHandler.class.getName() + ".decision";

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return ReactiveSecurityContextHolder.getContext()
            .mapNotNull(SecurityContext::getAuthentication)
            .map(Authentication::getName)
            .defaultIfEmpty(Refusals.ANONYMOUS)
            .flatMap(caller -> respond(exchange, caller, denied));
    }

    /** The refusal with the policy's decision, which Spring's reactive authorization filter leaves out. */
    private static AccessDeniedException withDecision(ServerWebExchange exchange, AccessDeniedException denied) {
        if (!(denied instanceof AuthorizationDeniedException)
                && exchange.getAttribute(DECISION_ATTRIBUTE) instanceof ReasonedDecision decision) {
            return new AuthorizationDeniedException(denied.getMessage(), decision);
        }
        return denied;
    }

    private static Mono<Void> respond(ServerWebExchange exchange, String caller, AccessDeniedException denied) {
        ServerHttpRequest request = exchange.getRequest();
        String method = request.getMethod().name();
        String path = request.getPath().value();
        logger.warn(Refusals.accessDeniedLog(caller, method, path, withDecision(exchange, denied)));
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] body = Refusals.forbidden(caller, method, path).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
