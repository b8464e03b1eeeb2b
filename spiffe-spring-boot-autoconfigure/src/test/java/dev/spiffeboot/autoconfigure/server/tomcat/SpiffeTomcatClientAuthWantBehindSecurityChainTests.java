package dev.spiffeboot.autoconfigure.server.tomcat;

import dev.spiffeboot.autoconfigure.server.AbstractClientAuthWantBehindSecurityChainTests;

/** Optional client certificates on Tomcat behind the SPIFFE security chain. */
class SpiffeTomcatClientAuthWantBehindSecurityChainTests extends AbstractClientAuthWantBehindSecurityChainTests {
}
