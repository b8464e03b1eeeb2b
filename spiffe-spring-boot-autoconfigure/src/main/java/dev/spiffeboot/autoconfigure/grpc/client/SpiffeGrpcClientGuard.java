package dev.spiffeboot.autoconfigure.grpc.client;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.grpc.client.CompositeGrpcChannelFactory;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.client.InProcessGrpcChannelFactory;

/**
 * Refuses every SPIFFE channel ({@code spiffe.grpc.client.channels}) that would be created without the SPIFFE TLS:
 * its settings are checked when the starter's channel factory customizer is made (before any channel) and again once
 * every singleton exists, when also every channel factory that would create a SPIFFE channel must have been
 * customized by the starter.
 */
final class SpiffeGrpcClientGuard implements SmartInitializingSingleton {

    private final ListableBeanFactory beanFactory;

    private final Environment environment;

    private final Set<String> channels;

    private final boolean hasWorkloadApi;

    private final Set<GrpcChannelFactory> secured = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));

    private volatile boolean starterCustomizer;

    /**
     * @param channels the names of the SPIFFE channels
     * @param hasWorkloadApi whether there are an X509-SVID source and a JWT source
     */
    SpiffeGrpcClientGuard(ListableBeanFactory beanFactory, Environment environment, Set<String> channels, boolean hasWorkloadApi) {
        this.beanFactory = beanFactory;
        this.environment = environment;
        this.channels = Set.copyOf(channels);
        this.hasWorkloadApi = hasWorkloadApi;
    }

    /** Checks the settings of every SPIFFE channel. */
    void checkSettings() {
        for (String channel : this.channels) {
            if (!this.hasWorkloadApi) {
                throw SpiffeGrpcClientException.noWorkloadApi(channel);
            }
            String prefix = "spring.grpc.client.channel." + channel + ".";
            if ("false".equalsIgnoreCase(this.environment.getProperty(prefix + "ssl.enabled"))) {
                throw SpiffeGrpcClientException.plaintext(channel);
            }
            for (String conflicting : new String[] { "ssl.bundle", "bypass-certificate-validation" }) {
                if (this.environment.getProperty(prefix + conflicting) != null) {
                    throw SpiffeGrpcClientException.conflictingSetting(channel, prefix + conflicting);
                }
            }
            String target = this.environment.getProperty(prefix + "target", "");
            if (target.startsWith("in-process:")) {
                throw SpiffeGrpcClientException.unsecuredChannel(channel, "the in-process transport (target " + target + ")");
            }
        }
    }

    /** The starter's customizer exists: channel factories it has not customized are refused. */
    void starterCustomizerCreated() {
        this.starterCustomizer = true;
    }

    /** The starter gave the factory the SPIFFE channel credentials. */
    void secured(GrpcChannelFactory factory) {
        this.secured.add(factory);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.channels.isEmpty()) {
            return;
        }
        checkSettings();
        if (!this.beanFactory.containsBean(SpiffeGrpcClientAutoConfiguration.CHANNEL_FACTORY_CUSTOMIZER)) {
            throw SpiffeGrpcClientException.unsecuredChannel(this.channels.iterator().next(), "nothing gives it the SPIFFE "
                    + "TLS (io.grpc:grpc-netty or dev.spiffeboot:spiffe-spring-security is missing), so Spring gRPC");
        }
        this.beanFactory.getBean(SpiffeGrpcClientAutoConfiguration.CHANNEL_FACTORY_CUSTOMIZER);
        if (!this.starterCustomizer) {
            return; // the application replaced the customizer and secures its channel factories itself
        }
        for (Map.Entry<String, GrpcChannelFactory> factory : this.beanFactory.getBeansOfType(GrpcChannelFactory.class).entrySet()) {
            if (factory.getValue() instanceof CompositeGrpcChannelFactory || this.secured.contains(factory.getValue())) {
                continue;
            }
            for (String channel : this.channels) {
                if (factory.getValue().supports(channel)) {
                    throw SpiffeGrpcClientException.unsecuredChannel(channel, describe(factory.getKey(), factory.getValue()));
                }
            }
        }
    }

    private static String describe(String beanName, GrpcChannelFactory factory) {
        String type = factory.getClass().getSimpleName();
        if (factory instanceof InProcessGrpcChannelFactory) {
            return "the in-process channel factory (" + type + ")";
        }
        return "the channel factory bean '" + beanName + "' (" + type + ")";
    }
}
