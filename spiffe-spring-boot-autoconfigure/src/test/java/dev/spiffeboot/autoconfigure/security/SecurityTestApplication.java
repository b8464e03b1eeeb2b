package dev.spiffeboot.autoconfigure.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.security.annotation.AllowSpiffeIdPatterns;
import dev.spiffeboot.security.annotation.AllowSpiffeIds;
import dev.spiffeboot.security.annotation.AllowTrustDomains;
import dev.spiffeboot.security.annotation.CallerId;
import dev.spiffeboot.security.annotation.PeerId;
import dev.spiffeboot.security.annotation.RequireJwtAudience;
import dev.spiffeboot.security.annotation.SpiffeAuthorize;
import dev.spiffeboot.security.authentication.RequestPrincipal;
import dev.spiffeboot.spiffeid.SpiffeId;

/** Controllers authorized by every form of SPIFFE annotation, and one that echoes the caller's identities. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ SecurityTestApplication.Identities.class, SecurityTestApplication.Orders.class, SecurityTestApplication.Team.class,
        SecurityTestApplication.Partners.class, SecurityTestApplication.BackOffice.class, SecurityTestApplication.Payments.class,
        SecurityTestApplication.Combined.class, SecurityTestApplication.Open.class })
class SecurityTestApplication {

    static final String SERVER = "spiffe://example.org/server";

    static final String CLIENT = "spiffe://example.org/client";

    static final String GATEWAY = "spiffe://example.org/gateway";

    static final String AUDITOR = "spiffe://example.org/ops/auditor";

    static final String PAYMENTS = "spiffe://example.org/payments";

    @RestController
    static class Identities {

        @GetMapping("/whoami")
        String whoami(@CallerId SpiffeId caller, @PeerId String peer, RequestPrincipal principal) {
            return "caller=" + caller + " peer=" + peer + " principal=" + principal;
        }
    }

    @RestController
    @RequestMapping("/orders")
    @AllowSpiffeIds(CLIENT)
    static class Orders {

        @GetMapping
        String list() {
            return "orders";
        }

        @GetMapping("/audit")
        @AllowSpiffeIdPatterns("spiffe://example.org/ops/*")
        String audit() {
            return "audit";
        }
    }

    @RestController
    @AllowTrustDomains("example.org")
    static class Team {

        @GetMapping("/team")
        String team() {
            return "team";
        }
    }

    @RestController
    @AllowTrustDomains("partner.example")
    static class Partners {

        @GetMapping("/partners")
        String partners() {
            return "partners";
        }
    }

    @Target({ ElementType.TYPE, ElementType.METHOD })
    @Retention(RetentionPolicy.RUNTIME)
    @AllowSpiffeIdPatterns("spiffe://example.org/ops/**")
    @interface OperatorsOnly {
    }

    @RestController
    static class BackOffice {

        @GetMapping("/back-office")
        @OperatorsOnly
        String backOffice() {
            return "back office";
        }
    }

    @RestController
    static class Payments {

        @GetMapping("/payments")
        @RequireJwtAudience(PAYMENTS)
        String payments() {
            return "payments";
        }
    }

    @RestController
    static class Combined {

        @GetMapping("/via-gateway")
        @SpiffeAuthorize("peerIs('spiffe://example.org/gateway') and callerIs('spiffe://example.org/client')")
        String viaGateway() {
            return "via gateway";
        }
    }

    /** Endpoints without annotations, for the declarative rules. */
    @RestController
    static class Open {

        @RequestMapping("/public/ping")
        String ping() {
            return "pong";
        }

        @GetMapping("/reports")
        String reports(RequestPrincipal user, @PeerId SpiffeId peer) {
            return user + " via " + peer;
        }
    }
}
