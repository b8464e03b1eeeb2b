package dev.spiffeboot.autoconfigure.ssl;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.autoconfigure.client.SpiffeClientProperties;
import dev.spiffeboot.autoconfigure.workloadapi.SpiffeWorkloadApiAutoConfiguration;
import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.devagent.junit.Eventually;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SpiffeSslAutoConfigurationTests {

    private static final String SERVER = "spiffe://example.org/server";

    @RegisterExtension
    DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).federatedTrustDomain("partner.org").build();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpiffeWorkloadApiAutoConfiguration.class,
                    SpiffeSslAutoConfiguration.class, SslAutoConfiguration.class))
            .withPropertyValues("spiffe.workload-api.address=" + this.agent.address(SERVER));
    }

    @Test
    void registersTheSpiffeBundleWithTheCurrentSvidAndTrustBundles() {
        runner().run(context -> {
            SslBundle bundle = context.getBean(SslBundles.class).getBundle(SpiffeSslBundle.NAME);
            X509Source source = context.getBean(X509Source.class);
            KeyStore keyStore = bundle.getStores().getKeyStore();
            assertThat(keyStore.getCertificate(SpiffeSslBundle.KEY_ALIAS)).isEqualTo(source.x509Svid().leaf());
            assertThat(bundle.getStores().getTrustStore().size()).isEqualTo(2);
            assertThat(bundle.getOptions().getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(bundle.createSslContext().getDefaultSSLParameters().getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        });
    }

    @Test
    void updatesTheBundleAtEveryRotation() {
        runner().run(context -> {
            SslBundles bundles = context.getBean(SslBundles.class);
            AtomicInteger updates = new AtomicInteger();
            bundles.addBundleUpdateHandler(SpiffeSslBundle.NAME, updated -> updates.incrementAndGet());
            X509Certificate before = (X509Certificate) bundles.getBundle(SpiffeSslBundle.NAME).getStores().getKeyStore()
                .getCertificate(SpiffeSslBundle.KEY_ALIAS);
            this.agent.agent().rotateX509Svids();
            Eventually.within(Duration.ofSeconds(5), "an update of the spiffe bundle", () -> updates.get() > 0);
            assertThat(updates.get()).isEqualTo(1);
            X509Certificate after = (X509Certificate) bundles.getBundle(SpiffeSslBundle.NAME).getStores().getKeyStore()
                .getCertificate(SpiffeSslBundle.KEY_ALIAS);
            assertThat(after).isNotEqualTo(before).isEqualTo(context.getBean(X509Source.class).x509Svid().leaf());
        });
    }

    @Test
    void aRotationLogsNoWarningWhenNothingElseWatchesTheBundle(CapturedOutput output) {
        runner().run(context -> {
            SslBundles bundles = context.getBean(SslBundles.class);
            X509Certificate before = certificate(bundles);
            this.agent.agent().rotateX509Svids();
            Eventually.within(Duration.ofSeconds(5), "an update of the spiffe bundle", () -> !before.equals(certificate(bundles)));
            assertThat(output).doesNotContain("has been updated but may be in use");
        });
    }

    @Test
    void providesAnSslContextByNameThatNeverTakesThePlaceOfTheUsersOwn() {
        runner().run(context -> assertThat(context).hasSingleBean(SSLContext.class)
            .hasBean(SpiffeSslAutoConfiguration.SSL_CONTEXT_BEAN));
        runner().withUserConfiguration(UserSslContext.class, Injected.class).run(context -> {
            Injected injected = context.getBean(Injected.class);
            assertThat(injected.plain).isSameAs(UserSslContext.CONTEXT);
            assertThat(injected.spiffe).isNotSameAs(UserSslContext.CONTEXT)
                .isSameAs(context.getBean(SpiffeSslAutoConfiguration.SSL_CONTEXT_BEAN));
        });
    }

    private static X509Certificate certificate(SslBundles bundles) {
        try {
            return (X509Certificate) bundles.getBundle(SpiffeSslBundle.NAME).getStores().getKeyStore()
                .getCertificate(SpiffeSslBundle.KEY_ALIAS);
        }
        catch (KeyStoreException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An application bean with a plain and a qualified SSLContext injection point. */
    static class Injected {

        final SSLContext plain;

        final SSLContext spiffe;

        Injected(SSLContext plain, @Qualifier(SpiffeSslAutoConfiguration.SSL_CONTEXT_BEAN) SSLContext spiffe) {
            this.plain = plain;
            this.spiffe = spiffe;
        }
    }

    @Test
    void refusesMalformedAuthorizedIdsNamingTheProperty() {
        runner().withPropertyValues("spiffe.client.authorized-ids=spiffe://example.org/a//b").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContaining("spiffe.client")
                .rootCause()
                .hasMessageContaining("invalid SPIFFE ID \"spiffe://example.org/a//b\": path cannot contain empty segments");
        });
    }

    @Test
    void defaultsToTheOwnTrustDomainAndCombinesTheConfiguredForms() {
        SpiffeClientProperties properties = new SpiffeClientProperties();
        assertThat(properties.matcher(SpiffeId.parse(SERVER).trustDomain()).matches(SpiffeId.parse("spiffe://example.org/x"))).isTrue();
        assertThat(properties.matcher(SpiffeId.parse(SERVER).trustDomain()).matches(SpiffeId.parse("spiffe://other.org/x"))).isFalse();
        properties.setAuthorizedIds(java.util.List.of("spiffe://other.org/a"));
        properties.setAuthorizedPatterns(java.util.List.of("spiffe://example.org/ns/*/sa/web"));
        properties.setAuthorizedTrustDomains(java.util.List.of("partner.org"));
        var matcher = properties.matcher(SpiffeId.parse(SERVER).trustDomain());
        assertThat(matcher.matches(SpiffeId.parse("spiffe://other.org/a"))).isTrue();
        assertThat(matcher.matches(SpiffeId.parse("spiffe://example.org/ns/prod/sa/web"))).isTrue();
        assertThat(matcher.matches(SpiffeId.parse("spiffe://partner.org/anything"))).isTrue();
        assertThat(matcher.matches(SpiffeId.parse("spiffe://example.org/x"))).isFalse();
    }

    @Configuration(proxyBeanMethods = false)
    static class UserSslContext {

        static final SSLContext CONTEXT;

        static {
            try {
                CONTEXT = SSLContext.getInstance("TLS");
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }

        @Bean
        SSLContext mySslContext() {
            return CONTEXT;
        }
    }
}
