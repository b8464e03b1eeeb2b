package dev.spiffeboot.security.web.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.spiffeboot.security.authorization.Refusals;

/**
 * Answers an authenticated caller that is not allowed with 403 and an RFC 9457 problem detail naming the caller
 * and the request. Why the policy refused goes to the log only: the response does not describe the policy.
 */
public final class SpiffeAccessDeniedHandler implements AccessDeniedHandler {

    private static final Log logger = LogFactory.getLog(SpiffeAccessDeniedHandler.class);

    private final SecurityContextHolderStrategy contexts;

    /** A handler that reads the caller from the global security context. */
    public SpiffeAccessDeniedHandler() {
        this(SecurityContextHolder.getContextHolderStrategy());
    }

    /** A handler that reads the caller from the given security context strategy. */
    public SpiffeAccessDeniedHandler(SecurityContextHolderStrategy contexts) {
        this.contexts = contexts;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication authentication = this.contexts.getContext().getAuthentication();
        String caller = (authentication != null) ? authentication.getName() : Refusals.ANONYMOUS;
        String path = request.getRequestURI();
        logger.warn(Refusals.accessDeniedLog(caller, request.getMethod(), path, denied));
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Refusals.forbidden(caller, request.getMethod(), path));
    }
}
