// Command interop drives go-spiffe v2 against spiffe-spring-boot in the Java interop tests: it fetches SVIDs from
// a Workload API (SPIFFE_ENDPOINT_SOCKET), runs mTLS clients and servers with go-spiffe's spiffetls, and serves the
// Workload API itself with grpc-go, as a peer for the Java client.
//
//	interop fetch-x509
//	interop fetch-jwt -audience A
//	interop validate-jwt -audience A -token T
//	interop mtls-server -listen 127.0.0.1:0 -authorize spiffe://example.org/client
//	interop mtls-client -connect 127.0.0.1:8443 -authorize spiffe://example.org/server
//	interop workload-api-server -socket /tmp/agent.sock -dir DIR   (runs until killed; see server.go for DIR)
//	interop call-without-header -socket /tmp/agent.sock
//
// Results go to stdout as "key: value" lines; failures go to stderr with exit status 1.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/spiffetls"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"
	"github.com/spiffe/go-spiffe/v2/svid/jwtsvid"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"
	"github.com/spiffe/go-spiffe/v2/workloadapi"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: interop fetch-x509|fetch-jwt|validate-jwt|mtls-server|mtls-client|workload-api-server|call-without-header [flags]")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	flags := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	audience := flags.String("audience", "", "JWT audience")
	token := flags.String("token", "", "JWT-SVID to validate")
	listen := flags.String("listen", "127.0.0.1:0", "address to listen on")
	connect := flags.String("connect", "", "address to connect to")
	authorize := flags.String("authorize", "", "SPIFFE ID the peer must have")
	socket := flags.String("socket", "", "Unix socket of the Workload API to serve or call")
	dir := flags.String("dir", "", "directory of the material the Workload API server hands out")
	_ = flags.Parse(os.Args[2:])

	switch os.Args[1] {
	case "fetch-x509":
		fetchX509(ctx)
	case "fetch-jwt":
		fetchJWT(ctx, *audience)
	case "validate-jwt":
		validateJWT(ctx, *audience, *token)
	case "mtls-server":
		mtlsServer(ctx, *listen, mustID(*authorize))
	case "mtls-client":
		mtlsClient(ctx, *connect, mustID(*authorize))
	case "workload-api-server":
		serveWorkloadAPI(*socket, *dir)
	case "call-without-header":
		callWithoutHeader(ctx, *socket)
	default:
		fail("unknown command " + os.Args[1])
	}
}

func fetchX509(ctx context.Context) {
	x509Context, err := workloadapi.FetchX509Context(ctx)
	check("fetch X.509 context", err)
	svid := x509Context.DefaultSVID()
	// verify the chain the agent issued with go-spiffe's own verifier
	id, _, err := x509svid.Verify(svid.Certificates, x509Context.Bundles)
	check("verify X509-SVID", err)
	fmt.Printf("x509-svid: %s\n", id)
	fmt.Printf("expires: %s\n", svid.Certificates[0].NotAfter.UTC().Format(time.RFC3339))
	for _, bundle := range x509Context.Bundles.Bundles() {
		fmt.Printf("bundle: %s\n", bundle.TrustDomain())
	}
}

func fetchJWT(ctx context.Context, audience string) {
	client, err := workloadapi.New(ctx)
	check("connect", err)
	defer client.Close()
	svid, err := client.FetchJWTSVID(ctx, jwtsvid.Params{Audience: audience})
	check("fetch JWT-SVID", err)
	bundles, err := client.FetchJWTBundles(ctx)
	check("fetch JWT bundles", err)
	validated, err := jwtsvid.ParseAndValidate(svid.Marshal(), bundles, []string{audience})
	check("validate JWT-SVID locally", err)
	fmt.Printf("jwt-svid: %s\n", validated.ID)
	fmt.Printf("token: %s\n", svid.Marshal())
}

func validateJWT(ctx context.Context, audience, token string) {
	client, err := workloadapi.New(ctx)
	check("connect", err)
	defer client.Close()
	bundles, err := client.FetchJWTBundles(ctx)
	check("fetch JWT bundles", err)
	local, err := jwtsvid.ParseAndValidate(token, bundles, []string{audience})
	check("validate locally", err)
	remote, err := client.ValidateJWTSVID(ctx, token, audience)
	check("validate through the Workload API", err)
	fmt.Printf("valid: %s %s\n", local.ID, remote.ID)
}

func mtlsServer(ctx context.Context, address string, allowed spiffeid.ID) {
	source, err := workloadapi.NewX509Source(ctx)
	check("X.509 source", err)
	defer source.Close()
	listener, err := spiffetls.ListenWithMode(ctx, "tcp", address,
		spiffetls.MTLSServerWithSource(tlsconfig.AuthorizeID(allowed), source))
	check("listen", err)
	defer listener.Close()
	fmt.Printf("listening: %s\n", listener.Addr())
	for {
		conn, err := listener.Accept()
		if err != nil {
			fail("accept: " + err.Error())
		}
		go serve(conn)
	}
}

func serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		fmt.Printf("rejected: %v\n", err)
		return
	}
	peer, _ := spiffetls.PeerIDFromConn(conn)
	fmt.Printf("received: %s from %s\n", strings.TrimSpace(line), peer)
	_, _ = conn.Write([]byte("Hello client\n"))
}

func mtlsClient(ctx context.Context, address string, allowed spiffeid.ID) {
	source, err := workloadapi.NewX509Source(ctx)
	check("X.509 source", err)
	defer source.Close()
	conn, err := spiffetls.DialWithMode(ctx, "tcp", address,
		spiffetls.MTLSClientWithSource(tlsconfig.AuthorizeID(allowed), source))
	check("dial", err)
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	_, err = conn.Write([]byte("Hello server\n"))
	check("write", err)
	reply, err := bufio.NewReader(conn).ReadString('\n')
	check("read", err)
	peer, _ := spiffetls.PeerIDFromConn(conn)
	fmt.Printf("reply: %s from %s\n", strings.TrimSpace(reply), peer)
}

func mustID(value string) spiffeid.ID {
	id, err := spiffeid.FromString(value)
	check("authorize", err)
	return id
}

func check(step string, err error) {
	if err != nil {
		fail(step + ": " + err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, message)
	os.Exit(1)
}
