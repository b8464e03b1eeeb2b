package dev.spiffeboot.autoconfigure.client;

import javax.net.ssl.HostnameVerifier;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;

import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

import dev.spiffeboot.autoconfigure.ssl.SpiffeSslBundle;

/**
 * Apache HttpClient's TLS for the SPIFFE bundle of a RestClient: the SPIFFE trust manager authenticates the server
 * by its SPIFFE ID during the handshake, and an SVID has no DNS or IP name to match, so the host name check Spring
 * Boot adds after the handshake is left out for SPIFFE bundles (and only for them: other bundles keep it).
 */
final class SpiffeHttpComponentsTls implements ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> {

    @Override
    public HttpComponentsClientHttpRequestFactoryBuilder customize(HttpComponentsClientHttpRequestFactoryBuilder builder) {
        return builder.withTlsSocketStrategyFactory(SpiffeHttpComponentsTls::strategy);
    }

    static TlsSocketStrategy strategy(SslBundle bundle) {
        if (bundle == null) {
            return null;
        }
        SslOptions options = bundle.getOptions();
        HostnameVerifier hostnames = (bundle instanceof SpiffeSslBundle) ? NoopHostnameVerifier.INSTANCE : new DefaultHostnameVerifier();
        return new DefaultClientTlsStrategy(bundle.createSslContext(), options.getEnabledProtocols(), options.getCiphers(), null, hostnames);
    }
}
