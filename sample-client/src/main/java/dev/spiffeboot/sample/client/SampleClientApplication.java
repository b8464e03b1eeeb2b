package dev.spiffeboot.sample.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.client.SpiffeWebClients;

/**
 * The client side of the classic SPIFFE scenarios: runs each against sample-server (or sample-server-reactive),
 * prints one line per scenario, and exits 0 only if every one behaved as expected. {@code sample.http-client}
 * picks RestClient or WebClient for the HTTP scenarios.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleClientProperties.class)
public class SampleClientApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(SampleClientApplication.class, args)));
    }

    @Bean
    HttpStack<?> httpStack(SampleClientProperties properties, ObjectProvider<RestClient.Builder> restClients,
            ObjectProvider<SpiffeRestClients> spiffeRestClients, ObjectProvider<WebClient.Builder> webClients,
            ObjectProvider<SpiffeWebClients> spiffeWebClients) {
        String serverUrl = properties.serverUrl();
        return switch (properties.httpClient()) {
            case REST_CLIENT -> HttpStack.restClient(restClients.getObject(), spiffeRestClients.getObject(), serverUrl);
            case WEB_CLIENT -> HttpStack.webClient(webClients.getObject(), spiffeWebClients.getObject(), serverUrl);
        };
    }
}
