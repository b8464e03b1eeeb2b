package dev.spiffeboot.autoconfigure.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.util.StringUtils;
import org.springframework.web.context.WebApplicationContext;

import dev.spiffeboot.autoconfigure.security.reactive.SpiffeReactiveSecurityAutoConfiguration;
import dev.spiffeboot.autoconfigure.security.servlet.SpiffeServletSecurityAutoConfiguration;
import dev.spiffeboot.security.resource.ProtectedResource;
import dev.spiffeboot.security.web.ResourceMetadataFilter;

/**
 * The service as an OAuth 2.0 protected resource (RFC 9728), from {@code spiffe.security.resource-metadata.*}: the
 * {@link ProtectedResource} bean that the servlet and WebFlux SPIFFE filter chains serve the metadata document of,
 * and point their 401 challenges to. On when {@code spiffe.security.resource-metadata.enabled=true}, or when
 * authorization servers are listed. A value RFC 9728 or RFC 8414 does not allow stops the start-up, and so does a
 * servlet application without a JSON library for Spring Security's metadata filter. The bean backs off for one of
 * yours.
 */
@AutoConfiguration(before = { SpiffeServletSecurityAutoConfiguration.class, SpiffeReactiveSecurityAutoConfiguration.class })
@ConditionalOnClass({ ProtectedResource.class, OAuth2ProtectedResourceMetadata.class })
@ConditionalOnBooleanProperty(name = "spiffe.security.enabled", matchIfMissing = true)
@Conditional(OnResourceMetadataCondition.class)
@EnableConfigurationProperties(SpiffeResourceMetadataProperties.class)
public final class SpiffeResourceMetadataAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProtectedResource spiffeProtectedResource(SpiffeResourceMetadataProperties properties, ApplicationContext context) {
        ProtectedResource resource = properties.toProtectedResource();
        if (context instanceof WebApplicationContext && !ResourceMetadataFilter.canWriteJson()) {
            throw ResourceMetadataException.noJsonLibrary();
        }
        String contextProperty = (context instanceof ReactiveWebApplicationContext) ? "spring.webflux.base-path"
                : (context instanceof WebApplicationContext) ? "server.servlet.context-path" : null;
        String contextPath = (contextProperty != null) ? context.getEnvironment().getProperty(contextProperty) : null;
        if (resource.resource().isPresent() && StringUtils.hasText(contextPath) && !"/".equals(contextPath)) {
            throw ResourceMetadataException.outsideContextPath(resource.metadataUrl(resource.resource().get(), ""),
                    contextProperty, contextPath);
        }
        return resource;
    }
}
