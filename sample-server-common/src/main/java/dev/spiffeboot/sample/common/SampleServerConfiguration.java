package dev.spiffeboot.sample.common;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.spiffeboot.workloadapi.WorkloadApiClient;
import dev.spiffeboot.workloadapi.X509Source;

/**
 * The parts both sample servers (servlet and WebFlux) share, for their applications to {@code @Import}: the raw mTLS
 * socket of scenario 3 ({@code sample.socket.*}), the Workload API validation of scenario 2, and the gRPC greeter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HelloSocketProperties.class)
public class SampleServerConfiguration {

    @Bean
    HelloSocketServer helloSocketServer(X509Source source, HelloSocketProperties properties) {
        return new HelloSocketServer(source, properties);
    }

    @Bean
    GreeterService greeterService() {
        return new GreeterService();
    }

    @Bean
    AgentValidation agentValidation(WorkloadApiClient workloadApi, X509Source x509Source) {
        return new AgentValidation(workloadApi, x509Source);
    }
}
