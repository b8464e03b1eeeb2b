package dev.spiffeboot.security.oauth2.server.authorization;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Which SPIFFE IDs a registered client stands for (draft-ietf-oauth-spiffe-client-auth-02, section 5.1): the one in
 * its client setting {@value JwtSvidClientAuthentication#SPIFFE_ID_SETTING} (exact, or a path-segment prefix when it
 * ends with {@code /*}), else its client ID when that is a SPIFFE ID.
 */
final class ClientSpiffeIds {

    private ClientSpiffeIds() {
    }

    /**
     * The SPIFFE ID (or {@code /*} pattern) the client is bound to.
     *
     * @return the binding, or {@code null} for a client bound to none
     */
    static String of(RegisteredClient client) {
        Object setting = client.getClientSettings().getSetting(JwtSvidClientAuthentication.SPIFFE_ID_SETTING);
        if (setting instanceof String binding) {
            return binding;
        }
        try {
            return SpiffeId.parse(client.getClientId()).toString();
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /**
     * Whether the SPIFFE ID matches the binding: equal to it, or, for a binding ending with {@code /*}, starting
     * with it up to and including its last {@code /}, which makes the prefix whole path segments.
     */
    static boolean matches(String binding, SpiffeId id) {
        String value = id.toString();
        if (binding.endsWith("/*")) {
            String prefix = binding.substring(0, binding.length() - 1);
            return value.length() > prefix.length() && value.startsWith(prefix);
        }
        return value.equals(binding);
    }
}
