package dev.spiffeboot.autoconfigure.server;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.spiffeboot.tls.ClientAuth;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spiffe.server.client-auth} takes Spring Boot's values and the starter's earlier names. */
class SpiffeServerPropertiesTests {

    @ParameterizedTest
    @CsvSource({ "need, NEED", "NEED, NEED", "want, WANT", "none, NONE", "required, NEED", "optional, WANT" })
    void clientAuthBindsBootsValuesAndTheEarlierNames(String value, ClientAuth expected) {
        SpiffeServerProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("spiffe.server.client-auth", value)))
            .bindOrCreate("spiffe.server", SpiffeServerProperties.class);
        assertThat(properties.getClientAuth().tls()).isEqualTo(expected);
    }

    @Test
    void clientsMustPresentAnSvidByDefault() {
        assertThat(new SpiffeServerProperties().getClientAuth()).isEqualTo(SpiffeServerProperties.ClientAuth.NEED);
    }
}
