package dev.spiffeboot.autoconfigure.workloadapi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.spiffeboot.devagent.junit.DevAgentExtension;
import dev.spiffeboot.spiffeid.SpiffeId;
import dev.spiffeboot.workloadapi.JwtSource;
import dev.spiffeboot.workloadapi.WorkloadApiAddress;
import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.WorkloadApiException;
import dev.spiffeboot.workloadapi.X509Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Workload API started before the context and adopted by the auto-configuration, in real application starts. */
class WorkloadApiPrestartTests {

    private static final String SERVER = "spiffe://example.org/server";

    @RegisterExtension
    static DevAgentExtension agent = DevAgentExtension.builder().identity(SERVER).build();

    private static ConfigurableApplicationContext run(Class<?> application, String... arguments) {
        SpringApplication spring = new SpringApplication(application);
        spring.setWebApplicationType(WebApplicationType.NONE);
        return spring.run(arguments);
    }

    @Test
    void nothingIsStartedWhileSpringAotProcessesTheApplication() {
        // AOT processing creates no bean, and could not generate code for the prestart's instance supplier
        GenericApplicationContext context = new GenericApplicationContext();
        context.getEnvironment().getPropertySources()
            .addFirst(new MapPropertySource("test", Map.of("spiffe.workload-api.address", agent.address(SERVER).toString())));
        String before = System.getProperty(AbstractAotProcessor.AOT_PROCESSING);
        System.setProperty(AbstractAotProcessor.AOT_PROCESSING, "true");
        try {
            new WorkloadApiPrestartInitializer().initialize(context);
        }
        finally {
            if (before == null) {
                System.clearProperty(AbstractAotProcessor.AOT_PROCESSING);
            }
            else {
                System.setProperty(AbstractAotProcessor.AOT_PROCESSING, before);
            }
        }
        assertThat(context.containsBeanDefinition(WorkloadApiPrestart.BEAN_NAME)).isFalse();
        new WorkloadApiPrestartInitializer().initialize(context);
        assertThat(context.containsBeanDefinition(WorkloadApiPrestart.BEAN_NAME)).as("outside AOT processing").isTrue();
        context.getDefaultListableBeanFactory().getBean(WorkloadApiPrestart.class).close();
    }

    @Test
    void theAutoConfigurationAdoptsTheClientAndSourcesStartedBeforeTheContext() {
        try (ConfigurableApplicationContext context = run(App.class, "--spiffe.workload-api.address=" + agent.address(SERVER))) {
            WorkloadApiPrestart prestart = context.getBean(WorkloadApiPrestart.class);
            assertThat(prestart.isAdopted(context.getBean(WorkloadApiClient.class))).isTrue();
            assertThat(prestart.isAdopted(context.getBean(X509Source.class))).isTrue();
            assertThat(prestart.isAdopted(context.getBean(JwtSource.class))).isTrue();
            assertThat(context.getBean(X509Source.class).x509Svid().id()).isEqualTo(SpiffeId.parse(SERVER));
        }
    }

    @Test
    void whatTheApplicationReplacesIsClosedOnceTheSingletonsExist() {
        try (ConfigurableApplicationContext context = run(UserSourceApp.class,
                "--spiffe.workload-api.address=" + agent.address(SERVER))) {
            WorkloadApiPrestart prestart = context.getBean(WorkloadApiPrestart.class);
            X509Source source = context.getBean(X509Source.class);
            assertThat(source).isSameAs(context.getBean("mySource"));
            assertThat(prestart.isAdopted(source)).isFalse();
            // claimed by the close: no later bean gets it either
            assertThat(prestart.adoptX509Source(context.getBean(WorkloadApiClient.class),
                    WorkloadApiSettings.of(context.getBean(SpiffeWorkloadApiProperties.class), context.getEnvironment())))
                .isNull();
        }
    }

    @Test
    void otherSettingsAreNotAdopted() {
        WorkloadApiSettings settings = settings(agent.address(SERVER).toString(), Duration.ofSeconds(10));
        WorkloadApiPrestart prestart = WorkloadApiPrestart.start(settings);
        try {
            assertThat(prestart.adoptClient(settings(agent.address(SERVER).toString(), Duration.ofSeconds(11)))).isNull();
        }
        finally {
            prestart.close();
        }
    }

    @Test
    void aSourceThatGetsNoFirstUpdateFailsTheStartWithTheWorkloadApiException(@TempDir Path directory) {
        WorkloadApiAddress nowhere = WorkloadApiAddress.unix(directory.resolve("absent.sock"));
        WorkloadApiSettings settings = settings(nowhere.toString(), Duration.ofSeconds(1));
        WorkloadApiPrestart prestart = WorkloadApiPrestart.start(settings);
        try {
            WorkloadApiClient client = prestart.adoptClient(settings);
            assertThat(client).isNotNull();
            assertThatThrownBy(() -> prestart.adoptX509Source(client, settings)).isInstanceOf(WorkloadApiException.class)
                .hasMessageContaining("no X509-SVID from the Workload API at " + nowhere + " within PT1S");
            client.close();
        }
        finally {
            prestart.close();
        }
    }

    private static WorkloadApiSettings settings(String address, Duration startupTimeout) {
        return new WorkloadApiSettings(address, WorkloadApiSettings.ADDRESS_PROPERTY, startupTimeout, Duration.ofSeconds(10),
                true, "", Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class UserSourceApp {

        @Bean
        X509Source mySource() {
            return X509Source.builder().address(agent.address(SERVER)).startupTimeout(Duration.ofSeconds(10)).build();
        }
    }
}
