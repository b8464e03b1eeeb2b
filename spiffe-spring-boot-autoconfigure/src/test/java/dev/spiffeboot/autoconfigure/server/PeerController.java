package dev.spiffeboot.autoconfigure.server;

import java.security.cert.X509Certificate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.spiffeboot.svid.x509.InvalidX509SvidException;
import dev.spiffeboot.svid.x509.X509SvidProfile;

/** A test application whose one endpoint answers with the client's SPIFFE ID, or "none". */
@SpringBootConfiguration
@EnableAutoConfiguration
@RestController
public class PeerController {

    @GetMapping("/peer")
    public String peer(HttpServletRequest request) throws InvalidX509SvidException {
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        return (chain == null) ? "none" : X509SvidProfile.idOf(chain[0]).toString();
    }
}
