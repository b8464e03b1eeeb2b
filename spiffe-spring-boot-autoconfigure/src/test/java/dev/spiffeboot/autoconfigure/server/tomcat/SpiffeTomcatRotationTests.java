package dev.spiffeboot.autoconfigure.server.tomcat;

import dev.spiffeboot.autoconfigure.server.AbstractSpiffeServerRotationTests;

/**
 * SVID rotation on Tomcat while clients keep calling: new connections get the new server SVID within a second of
 * the Workload API update, and no request fails, on new connections or on kept-alive ones.
 */
class SpiffeTomcatRotationTests extends AbstractSpiffeServerRotationTests {
}
