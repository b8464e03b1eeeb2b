package dev.spiffeboot.security.clientmetadata;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The rules of client ID URLs, of the allow-list's patterns, and of the addresses documents may be fetched from. */
class ClientIdRulesTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            http://service-a.example.com/client.json           | must use the https scheme (http only for a loopback host
            ftp://service-a.example.com/client.json            | must use the https scheme
            https://user:pw@service-a.example.com/client.json  | must not contain user info
            https://service-a.example.com                      | must contain a path
            https://service-a.example.com/a/../admin           | must not contain . or .. path segments
            https://service-a.example.com/a/./b                | must not contain . or .. path segments
            https://service-a.example.com/a/%2E%2e/admin       | must not contain . or .. path segments
            https://service-a.example.com/a%2Fb                | must not contain an encoded slash or backslash
            https://service-a.example.com/client.json#x        | must not contain a fragment
            https://service-a.example.com/client.json?v=1      | must not contain a query
            https://service-a.example.com/a b                  | is not a URL
            """)
    void aClientIdUrlBreakingARuleIsRefusedSayingWhich(String url, String problem) {
        assertThat(ClientIdUrl.problem(url, true)).startsWith(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://service-a.example.com/.well-known/cimd-workload-1.json", "https://service-a.example.com:8443/c",
            "https://service-a.example.com/", "http://127.0.0.1:8080/client.json", "http://localhost/c", "http://[::1]:1/c" })
    void validClientIdUrls(String url) {
        assertThat(ClientIdUrl.problem(url, true)).isNull();
    }

    @Test
    void httpOnLoopbackOnlyWhenLoopbackIsAllowed() {
        assertThat(ClientIdUrl.problem("http://127.0.0.1:8080/client.json", false)).startsWith("must use the https scheme");
    }

    @Test
    void patternsMatchExactlyOrByAPathPrefix() {
        AllowedIssuers allowed = AllowedIssuers.of(List.of("https://service-a.example.com/.well-known/*",
                "https://service-c.example.com/client.json"), false);
        assertThat(allowed.matches("https://service-a.example.com/.well-known/cimd-workload-1.json")).isTrue();
        assertThat(allowed.matches("https://service-a.example.com/.well-known/a/b.json")).isTrue();
        assertThat(allowed.matches("https://service-a.example.com/.well-known/")).isFalse();
        assertThat(allowed.matches("https://service-a.example.com/.well-knownx/a")).isFalse();
        assertThat(allowed.matches("https://service-a.example.com:443/.well-known/a")).isFalse();
        assertThat(allowed.matches("https://SERVICE-A.example.com/.well-known/a")).isFalse();
        assertThat(allowed.matches("https://service-c.example.com/client.json")).isTrue();
        assertThat(allowed.matches("https://service-c.example.com/client.jsonx")).isFalse();
        assertThat(allowed.matches(null)).isFalse();
        assertThat(AllowedIssuers.of(List.of(), false).matches("https://service-a.example.com/c")).isFalse();
    }

    @Test
    void aBadPatternIsRefusedNamingItsIndex() {
        assertThatIllegalArgumentException().isThrownBy(() -> AllowedIssuers.of(List.of("https://a.example/c", "https://*.example.com/c"), false))
            .withMessage("[1] \"https://*.example.com/c\": may have one '*' only, as its last path segment ('/*')");
        assertThatIllegalArgumentException().isThrownBy(() -> AllowedIssuers.of(List.of("https://a.example/x*"), false))
            .withMessageContaining("may have one '*' only");
        assertThatIllegalArgumentException().isThrownBy(() -> AllowedIssuers.of(List.of("http://a.example/*"), false))
            .withMessage("[0] \"http://a.example/*\": must use the https scheme (http only for a loopback host, when loopback is allowed)");
        assertThatIllegalArgumentException().isThrownBy(() -> AllowedIssuers.of(List.of("https://a.example"), false))
            .withMessage("[0] \"https://a.example\": must contain a path");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            169.254.169.254  | a link-local address
            fe80::1          | a link-local address
            127.0.0.1        | a loopback address
            ::1              | a loopback address
            10.1.2.3         | a private address
            172.16.0.1       | a private address
            192.168.1.1      | a private address
            100.64.0.1       | a private address
            fd00::1          | a private address
            0.0.0.0          | the unspecified address
            ::               | the unspecified address
            224.0.0.1        | a multicast address
            ff02::1          | a multicast address
            255.255.255.255  | a special-use address
            192.0.2.1        | a special-use address
            2001:db8::1      | a special-use address
            64:ff9b::a9fe:a9fe | a link-local address
            2002:a9fe:a9fe::1 | a link-local address
            ::ffff:169.254.169.254 | a link-local address
            """)
    void addressesThatAreRefusedByDefault(String address, String refusal) throws Exception {
        assertThat(new RemoteAddressPolicy(false, false).refusal(InetAddress.getByName(address))).isEqualTo(refusal);
    }

    @Test
    void loopbackAndPrivateAddressesWhenAllowedButNeverLinkLocal() throws Exception {
        RemoteAddressPolicy permissive = new RemoteAddressPolicy(true, true);
        assertThat(permissive.refusal(InetAddress.getByName("127.0.0.1"))).isNull();
        assertThat(permissive.refusal(InetAddress.getByName("10.1.2.3"))).isNull();
        assertThat(permissive.refusal(InetAddress.getByName("fd00::1"))).isNull();
        assertThat(permissive.refusal(InetAddress.getByName("169.254.169.254"))).isEqualTo("a link-local address");
        assertThat(new RemoteAddressPolicy(false, false).refusal(InetAddress.getByName("93.184.216.34"))).isNull();
        assertThat(new RemoteAddressPolicy(false, false).refusal(InetAddress.getByName("2606:2800:220:1::1"))).isNull();
    }

    @Test
    void cacheControlGivesTheLifetime() {
        assertThat(CacheControl.lifetime(List.of("public, max-age=600"))).hasSeconds(600);
        assertThat(CacheControl.lifetime(List.of("no-store"))).isZero();
        assertThat(CacheControl.lifetime(List.of("max-age=600", "no-cache"))).isZero();
        assertThat(CacheControl.lifetime(List.of("max-age=abc"))).isNull();
        assertThat(CacheControl.lifetime(List.of())).isNull();
    }
}
