package dev.spiffeboot.autoconfigure.server.tomcat;

import dev.spiffeboot.autoconfigure.server.AbstractDerivedResourceMetadataTests;

/** The protected resource metadata derived from each request, on the servlet SPIFFE security chain on Tomcat. */
class SpiffeTomcatDerivedResourceMetadataTests extends AbstractDerivedResourceMetadataTests {

}
