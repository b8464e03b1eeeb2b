package dev.spiffeboot.autoconfigure.server.tomcat;

import dev.spiffeboot.autoconfigure.server.AbstractClientAuthNoneTests;

/** TLS only on Tomcat. */
class SpiffeTomcatClientAuthNoneTests extends AbstractClientAuthNoneTests {
}
