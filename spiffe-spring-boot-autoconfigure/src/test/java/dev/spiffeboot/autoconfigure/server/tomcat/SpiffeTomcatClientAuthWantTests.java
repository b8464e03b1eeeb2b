package dev.spiffeboot.autoconfigure.server.tomcat;

import org.springframework.test.context.TestPropertySource;

import dev.spiffeboot.autoconfigure.server.AbstractClientAuthWantTests;

/**
 * Optional client certificates on Tomcat, set with "optional", the starter's earlier name for "want", which still
 * binds (the one server test that uses it; this property overrides the suite's "want").
 */
@TestPropertySource(properties = "spiffe.server.client-auth=optional")
class SpiffeTomcatClientAuthWantTests extends AbstractClientAuthWantTests {
}
