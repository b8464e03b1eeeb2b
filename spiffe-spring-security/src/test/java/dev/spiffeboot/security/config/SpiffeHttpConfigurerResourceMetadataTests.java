package dev.spiffeboot.security.config;

import java.util.List;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.junit.jupiter.web.SpringJUnitWebConfig;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import dev.spiffeboot.security.resource.ProtectedResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The DSL with a protected resource in a plain Spring application, no Spring Boot: it serves the RFC 9728 document
 * with Spring Security's filter before authentication, and its default entry point names the document in 401s.
 */
@SpringJUnitWebConfig(SpiffeHttpConfigurerResourceMetadataTests.Application.class)
class SpiffeHttpConfigurerResourceMetadataTests {

    static final String METADATA_URL = "https://orders.example.com/.well-known/oauth-protected-resource/api";

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    static class Application {

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            http.with(SpiffeHttpConfigurerTests.testDsl().protectedResource(ProtectedResource.builder()
                .resource("https://orders.example.com/api").authorizationServer("https://auth.example.com").build()),
                    Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }

        @Bean
        SpiffeHttpConfigurerTests.Echo echo() {
            return new SpiffeHttpConfigurerTests.Echo();
        }
    }

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;

    @BeforeEach
    void mvc() {
        this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
    }

    @Test
    void servesTheDocumentWithoutAuthentication() throws Exception {
        String document = this.mvc.perform(get("/.well-known/oauth-protected-resource/api").header("Authorization", "Bearer YmFk.YmFk.YmFk"))
            .andExpect(status().isOk())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
            .andReturn().getResponse().getContentAsString();
        assertThat(JSONObjectUtils.parse(document)).containsEntry("resource", "https://orders.example.com/api")
            .containsEntry("authorization_servers", List.of("https://auth.example.com"))
            .containsEntry("tls_client_certificate_bound_access_tokens", false);
        this.mvc.perform(get("/.well-known/oauth-protected-resource")).andExpect(status().isUnauthorized());
    }

    @Test
    void theDefaultEntryPointNamesTheDocumentIn401s() throws Exception {
        this.mvc.perform(get("/whoami")).andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", "Bearer resource_metadata=\"" + METADATA_URL + "\""));
        this.mvc.perform(get("/whoami").header("Authorization", "Bearer YmFk.YmFk.YmFk")).andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"not a test token\", "
                    + "resource_metadata=\"" + METADATA_URL + "\""));
        this.mvc.perform(get("/whoami").header("X-Test-Peer", "yes")).andExpect(status().isOk());
    }
}
