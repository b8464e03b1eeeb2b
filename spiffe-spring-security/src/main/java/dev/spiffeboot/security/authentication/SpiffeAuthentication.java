package dev.spiffeboot.security.authentication;

import java.util.List;
import java.util.Optional;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.spiffeboot.spiffeid.SpiffeId;

/**
 * Who is calling: the transport peer's SPIFFE ID (verified mTLS client certificate), the request principal (a
 * validated bearer token), or both. Authorities: {@code SPIFFE_PEER} with a peer, {@code SPIFFE_JWT_SVID} with a
 * JWT-SVID, {@code JWT} with a token from another issuer (a configured one, or a client ID metadata document).
 */
public final class SpiffeAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final SpiffeId peerId;

    private final RequestPrincipal requestPrincipal;

    private final SpiffeId callerId;

    /** Not serialized: a stored authentication does not carry a usable token. */
    private final transient String bearerToken;

    /**
     * An authentication by the mTLS peer, the bearer token, or both.
     *
     * @param peerId the verified peer's SPIFFE ID, or {@code null}
     * @param requestPrincipal the validated token's principal, or {@code null}
     * @throws IllegalArgumentException if both are {@code null}
     */
    public SpiffeAuthentication(SpiffeId peerId, RequestPrincipal requestPrincipal) {
        this(peerId, requestPrincipal, null);
    }

    /**
     * An authentication by the mTLS peer, the bearer token, or both, keeping the validated token itself.
     *
     * @param peerId the verified peer's SPIFFE ID, or {@code null}
     * @param requestPrincipal the validated token's principal, or {@code null}
     * @param bearerToken the token the principal was validated from, or {@code null}
     * @throws IllegalArgumentException if both the peer and the principal are {@code null}, or a token is given
     * without a principal
     */
    public SpiffeAuthentication(SpiffeId peerId, RequestPrincipal requestPrincipal, String bearerToken) {
        super(authorities(peerId, requestPrincipal));
        if (peerId == null && requestPrincipal == null) {
            throw new IllegalArgumentException("a SPIFFE authentication needs a peer or a request principal");
        }
        if (bearerToken != null && requestPrincipal == null) {
            throw new IllegalArgumentException("a bearer token comes with the request principal validated from it");
        }
        this.peerId = peerId;
        this.requestPrincipal = requestPrincipal;
        this.bearerToken = bearerToken;
        this.callerId = (requestPrincipal != null && requestPrincipal.spiffeId() != null) ? requestPrincipal.spiffeId() : peerId;
        setAuthenticated(true);
    }

    private static final GrantedAuthority PEER = new SimpleGrantedAuthority("SPIFFE_PEER");

    private static final GrantedAuthority JWT_SVID = new SimpleGrantedAuthority("SPIFFE_JWT_SVID");

    private static final GrantedAuthority JWT = new SimpleGrantedAuthority("JWT");

    private static List<GrantedAuthority> authorities(SpiffeId peerId, RequestPrincipal requestPrincipal) {
        GrantedAuthority token = (requestPrincipal == null) ? null
                : (requestPrincipal.kind() == RequestPrincipal.Kind.JWT_SVID) ? JWT_SVID : JWT;
        if (peerId == null) {
            return List.of(token);
        }
        return (token == null) ? List.of(PEER) : List.of(PEER, token);
    }

    /** The SPIFFE ID of the mTLS peer, when the client presented a verified X509-SVID. */
    public Optional<SpiffeId> peerId() {
        return Optional.ofNullable(this.peerId);
    }

    /** The identity of the bearer token, when one was presented and validated. */
    public Optional<RequestPrincipal> requestPrincipal() {
        return Optional.ofNullable(this.requestPrincipal);
    }

    /**
     * The calling workload's SPIFFE ID: the JWT-SVID's when one was presented (it speaks for this request), else
     * the mTLS peer's.
     */
    public Optional<SpiffeId> callerId() {
        return Optional.ofNullable(this.callerId);
    }

    /** The audiences of the JWT-SVID, or none. */
    public List<String> jwtSvidAudience() {
        return (this.requestPrincipal != null && this.requestPrincipal.spiffeId() != null)
                ? this.requestPrincipal.audience() : List.of();
    }

    /**
     * The validated bearer token exactly as the client sent it (without the {@code Bearer} prefix), e.g. to hand it
     * to the Workload API's {@code ValidateJWTSVID}; empty without a token. Never parse the {@code Authorization}
     * header again: RFC 6750 allows spellings a hand-written parser gets wrong.
     */
    public Optional<String> bearerToken() {
        return Optional.ofNullable(this.bearerToken);
    }

    /** The validated bearer token, or an empty string without one. */
    @Override
    public Object getCredentials() {
        return (this.bearerToken != null) ? this.bearerToken : "";
    }

    /** The caller's SPIFFE ID, or the request principal when there is none. */
    @Override
    public Object getPrincipal() {
        return getName();
    }

    @Override
    public String getName() {
        return callerId().map(SpiffeId::toString).orElseGet(() -> this.requestPrincipal.value());
    }

    @Override
    public String toString() {
        return "SpiffeAuthentication[peer=" + this.peerId + ", requestPrincipal=" + this.requestPrincipal + "]";
    }
}
