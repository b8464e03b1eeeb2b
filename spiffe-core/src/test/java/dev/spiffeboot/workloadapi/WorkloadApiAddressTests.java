package dev.spiffeboot.workloadapi;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkloadApiAddressTests {

    @Test
    void readsUnixAddressesInBothForms() {
        assertThat(WorkloadApiAddress.parse("unix:///tmp/agent.sock").socketPath()).contains(Path.of("/tmp/agent.sock"));
        assertThat(WorkloadApiAddress.parse("unix:/tmp/agent.sock").socketPath()).contains(Path.of("/tmp/agent.sock"));
        assertThat(WorkloadApiAddress.parse("unix:///tmp/agent.sock").isUnix()).isTrue();
        assertThat(WorkloadApiAddress.parse("unix:///tmp/agent.sock")).hasToString("unix:///tmp/agent.sock");
    }

    @Test
    void readsTcpAddressesWithIpLiterals() {
        assertThat(WorkloadApiAddress.parse("tcp://127.0.0.1:8000").tcpAddress())
            .contains(new InetSocketAddress("127.0.0.1", 8000));
        assertThat(WorkloadApiAddress.parse("tcp://[::1]:8000").tcpAddress().orElseThrow().getPort()).isEqualTo(8000);
        assertThat(WorkloadApiAddress.parse("tcp://127.0.0.1:8000").isUnix()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "''|it is empty",
            "/tmp/agent.sock|the scheme must be \"unix\" or \"tcp\"",
            "http://127.0.0.1:80|the scheme must be \"unix\" or \"tcp\"",
            "UNIX:///tmp/agent.sock|the scheme must be \"unix\" or \"tcp\"",
            "unix:tmp/agent.sock|a unix address needs an absolute path",
            "unix://host/tmp/agent.sock|a unix address must not have an authority",
            "unix://user@/tmp/agent.sock|a unix address must not have an authority",
            "unix:///tmp/agent.sock?x=1|the address must not have a query",
            "unix:///tmp/agent.sock#f|the address must not have a fragment",
            "unix://|it is not a valid URI",
            "unix:///|a unix address needs the path of the socket",
            "tcp://localhost:8000|the host of a tcp address must be an IP address, not a name",
            "tcp://example.org:8000|the host of a tcp address must be an IP address, not a name",
            "tcp://127.0.0.1|a tcp address needs a port",
            "tcp://127.0.0.1:8000/api|a tcp address must not have a path",
            "tcp://user@127.0.0.1:8000|a tcp address must not have userinfo",
            "tcp://127.0.0.1:8000?x|the address must not have a query",
            "tcp://127.0.0.1:8000#x|the address must not have a fragment",
            "tcp:127.0.0.1:8000|a tcp address must be tcp://IP:port",
            "tcp://999.0.0.1:8000|the host of a tcp address must be an IP address",
            // found by fuzzing: the JDK's "port out of range:5146222" and "Nul character not allowed" escaped
            "tcp://55.90.217.2:5146222|the port of a tcp address must be at most 65535",
            "unix:///tmp/a%00b.sock|the socket path is not a file path",
            "unix:///tmp/a b.sock|it is not a valid URI" })
    void refusesOtherFormsNamingTheRule(String address, String rule) {
        assertThatThrownBy(() -> WorkloadApiAddress.parse(address)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("invalid Workload API address \"" + address + "\": ")
            .hasMessageContaining(rule);
    }

    @Test
    void buildsUnixAddressesFromPathsWithAnyCharacters() {
        WorkloadApiAddress address = WorkloadApiAddress.unix(Path.of("/tmp/with space/agent.sock"));
        assertThat(address.socketPath()).contains(Path.of("/tmp/with space/agent.sock"));
        assertThat(WorkloadApiAddress.parse(address.toString())).isEqualTo(address);
    }

    @Test
    void prefersTheConfiguredAddress() {
        assertThat(WorkloadApiAddress.resolve("unix:///tmp/configured.sock").socketPath())
            .contains(Path.of("/tmp/configured.sock"));
    }
}
