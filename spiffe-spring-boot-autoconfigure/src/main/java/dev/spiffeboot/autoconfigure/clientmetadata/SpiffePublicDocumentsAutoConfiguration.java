package dev.spiffeboot.autoconfigure.clientmetadata;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.spiffeboot.security.oauth2.PublicDocuments;
import dev.spiffeboot.security.web.oauth2.PublicDocumentsFilter;
import dev.spiffeboot.security.web.server.oauth2.PublicDocumentsWebFilter;

/**
 * Serves every {@link PublicDocuments} bean (the client ID metadata document and its JWK Set, the token endpoint's
 * authorization server metadata) before the security filters, on the servlet and WebFlux stacks: they are public,
 * fetched by verifiers that have no credentials yet.
 */
@AutoConfiguration(after = SpiffeClientMetadataAutoConfiguration.class)
@ConditionalOnClass(PublicDocuments.class)
@ConditionalOnBean(PublicDocuments.class)
public final class SpiffePublicDocumentsAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    static class ServletConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "spiffePublicDocumentsFilter")
        FilterRegistrationBean<PublicDocumentsFilter> spiffePublicDocumentsFilter(ObjectProvider<PublicDocuments> documents) {
            FilterRegistrationBean<PublicDocumentsFilter> registration = new FilterRegistrationBean<>(
                    new PublicDocumentsFilter(documents.orderedStream().toList()));
            // before Spring Security's filter (order -100): the documents are public
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PublicDocumentsWebFilter spiffePublicDocumentsWebFilter(ObjectProvider<PublicDocuments> documents) {
            return new PublicDocumentsWebFilter(documents.orderedStream().toList());
        }
    }
}
