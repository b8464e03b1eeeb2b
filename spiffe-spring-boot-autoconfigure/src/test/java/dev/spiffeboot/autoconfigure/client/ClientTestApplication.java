package dev.spiffeboot.autoconfigure.client;

import java.security.cert.X509Certificate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.svid.jwt.InvalidJwtSvidException;
import dev.spiffeboot.svid.jwt.JwtSvid;
import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidProfile;

/** A test application that tells a caller what it presented: its certificate and its bearer token. */
@SpringBootConfiguration
@EnableAutoConfiguration
@RestController
class ClientTestApplication {

    @GetMapping("/peer")
    String peer(HttpServletRequest request) throws InvalidX509SvidException {
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        return (chain == null) ? "none" : X509SvidProfile.idOf(chain[0]) + " " + chain[0].getSerialNumber();
    }

    @GetMapping("/bearer")
    String bearer(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization)
            throws InvalidJwtSvidException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "no bearer: " + authorization;
        }
        JwtSvid svid = JwtSvid.parseUnverified(authorization.substring(7), "");
        return svid.id() + " " + svid.audience() + " " + Integer.toHexString(svid.token().hashCode());
    }
}
