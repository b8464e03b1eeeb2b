package dev.spiffeboot.sample.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.spiffeboot.security.client.SpiffeRestClients;
import dev.spiffeboot.security.client.SpiffeWebClients;
import dev.spiffeboot.security.oauth2.PublicDocuments;
import dev.spiffeboot.security.oauth2.client.PublishedClientMetadata;

/**
 * The client side of the classic SPIFFE scenarios: runs each against sample-server (or sample-server-reactive),
 * prints one line per scenario, and exits 0 only if every one behaved as expected. {@code sample.http-client}
 * picks RestClient or WebClient for the HTTP scenarios. With the {@code oauth} profile it also serves its client ID
 * metadata document, for the OAuth scenarios.
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

    /**
     * With the {@code oauth} profile, next to this client's client ID metadata document: a copy of it at another URL,
     * so a document whose {@code client_id} is not its own URL (the server must refuse tokens naming it).
     */
    @Bean
    @ConditionalOnProperty("spiffe.client-metadata.client-id")
    PublicDocuments copiedClientMetadataDocument(ObjectProvider<PublishedClientMetadata> published) {
        return path -> {
            if (!OAuthScenarios.COPIED_DOCUMENT_PATH.equals(path)) {
                return null;
            }
            PublishedClientMetadata metadata = published.getObject();
            return new PublicDocuments.Document(metadata.documentJson(), metadata.maxAge());
        };
    }
}
