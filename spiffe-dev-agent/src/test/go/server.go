package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spiffe/go-spiffe/v2/bundle/x509bundle"
	"github.com/spiffe/go-spiffe/v2/proto/spiffe/workload"
	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/svid/jwtsvid"
	"github.com/spiffe/go-spiffe/v2/svid/x509svid"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// The files a Workload API server serves from its directory. Federated bundles are federated/<trust domain>.pem.
// Creating the file "rotate" makes the server read them all again and push the new material to every open stream.
const (
	svidFile      = "svid.pem"
	keyFile       = "svid.key"
	bundleFile    = "bundle.pem"
	federatedDir  = "federated"
	jwtBundleFile = "jwt-bundle.json"
	tokenFile     = "jwt-svid.token"
	rotateFile    = "rotate"
)

// rejection is what ValidateJWTSVID answers for any other token than the one served: non-ASCII and '%' make gRPC
// percent-encode the grpc-message trailer.
const rejection = "jeton refusé: 100% invalide"

// padding is long and the same in every response, so that grpc-go's HPACK encoder indexes it once and then refers
// to its dynamic table entry.
var padding = strings.Repeat("spiffe-interop-padding-", 40)

// material is one generation of what the server hands out, read from the directory.
type material struct {
	id        spiffeid.ID
	certs     []byte
	key       []byte
	bundle    []byte
	federated map[string][]byte
	jwtBundle []byte
	token     string
}

func loadMaterial(dir string) (*material, error) {
	svid, err := x509svid.Load(filepath.Join(dir, svidFile), filepath.Join(dir, keyFile))
	if err != nil {
		return nil, err
	}
	certs, key, err := svid.MarshalRaw()
	if err != nil {
		return nil, err
	}
	own, err := bundleDER(svid.ID.TrustDomain(), filepath.Join(dir, bundleFile))
	if err != nil {
		return nil, err
	}
	federated, err := federatedBundles(filepath.Join(dir, federatedDir))
	if err != nil {
		return nil, err
	}
	jwtBundle, err := os.ReadFile(filepath.Join(dir, jwtBundleFile))
	if err != nil {
		return nil, err
	}
	token, err := os.ReadFile(filepath.Join(dir, tokenFile))
	if err != nil {
		return nil, err
	}
	return &material{id: svid.ID, certs: certs, key: key, bundle: own, federated: federated, jwtBundle: jwtBundle,
		token: strings.TrimSpace(string(token))}, nil
}

func federatedBundles(dir string) (map[string][]byte, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.pem"))
	if err != nil {
		return nil, err
	}
	bundles := map[string][]byte{}
	for _, file := range files {
		trustDomain, err := spiffeid.TrustDomainFromString(strings.TrimSuffix(filepath.Base(file), ".pem"))
		if err != nil {
			return nil, err
		}
		der, err := bundleDER(trustDomain, file)
		if err != nil {
			return nil, err
		}
		bundles[trustDomain.IDString()] = der
	}
	return bundles, nil
}

// bundleDER reads a PEM bundle into the concatenated DER certificates the Workload API sends.
func bundleDER(trustDomain spiffeid.TrustDomain, file string) ([]byte, error) {
	bundle, err := x509bundle.Load(trustDomain, file)
	if err != nil {
		return nil, err
	}
	var der bytes.Buffer
	for _, authority := range bundle.X509Authorities() {
		der.Write(authority.Raw)
	}
	return der.Bytes(), nil
}

func (m *material) x509BundleMap() map[string][]byte {
	bundles := map[string][]byte{m.id.TrustDomain().IDString(): m.bundle}
	for trustDomain, der := range m.federated {
		bundles[trustDomain] = der
	}
	return bundles
}

// state holds the current material; changed is closed and replaced at each rotation to wake the streams.
type state struct {
	mu         sync.Mutex
	current    *material
	changed    chan struct{}
	generation int
}

func (s *state) get() (*material, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current, s.changed
}

func (s *state) set(m *material) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.current = m
	s.generation++
	close(s.changed)
	s.changed = make(chan struct{})
	return s.generation
}

// workloadAPIServer is a Workload API implementation with the generated go-spiffe service, for testing clients
// against grpc-go.
type workloadAPIServer struct {
	workload.UnimplementedSpiffeWorkloadAPIServer
	state *state
	calls atomic.Int64
}

func serveWorkloadAPI(socket, dir string) {
	initial, err := loadMaterial(dir)
	check("load "+dir, err)
	server := &workloadAPIServer{state: &state{current: initial, changed: make(chan struct{})}}
	// a previous server killed on this path leaves its socket file behind
	_ = os.Remove(socket)
	listener, err := net.Listen("unix", socket)
	check("listen", err)
	grpcServer := grpc.NewServer(grpc.UnaryInterceptor(server.unary), grpc.StreamInterceptor(server.stream))
	workload.RegisterSpiffeWorkloadAPIServer(grpcServer, server)
	go server.watchRotation(dir)
	fmt.Printf("listening: %s\n", socket)
	check("serve", grpcServer.Serve(listener))
}

// watchRotation polls for the rotate file rather than a signal, so that the Java test can trigger it portably and
// knows the new files are complete when it appears.
func (s *workloadAPIServer) watchRotation(dir string) {
	trigger := filepath.Join(dir, rotateFile)
	for range time.Tick(50 * time.Millisecond) {
		if _, err := os.Stat(trigger); err != nil {
			continue
		}
		_ = os.Remove(trigger)
		next, err := loadMaterial(dir)
		if err != nil {
			fmt.Printf("rotation failed: %v\n", err)
			continue
		}
		fmt.Printf("rotated: %d\n", s.state.set(next))
	}
}

func (s *workloadAPIServer) unary(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if err := requireSecurityHeader(ctx); err != nil {
		return nil, err
	}
	_ = grpc.SetHeader(ctx, s.responseHeader())
	_ = grpc.SetTrailer(ctx, s.responseTrailer())
	return handler(ctx, req)
}

func (s *workloadAPIServer) stream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	if err := requireSecurityHeader(ss.Context()); err != nil {
		return err
	}
	_ = ss.SetHeader(s.responseHeader())
	ss.SetTrailer(s.responseTrailer())
	return handler(srv, ss)
}

// requireSecurityHeader refuses calls without the header, with SPIRE's status and message.
func requireSecurityHeader(ctx context.Context) error {
	md, _ := metadata.FromIncomingContext(ctx)
	if values := md.Get("workload.spiffe.io"); len(values) != 1 || values[0] != "true" {
		return status.Error(codes.InvalidArgument, "security header missing from request")
	}
	return nil
}

// responseHeader repeats the same long value in every call, and a binary value that gRPC sends in base64.
func (s *workloadAPIServer) responseHeader() metadata.MD {
	return metadata.Pairs("x-interop-padding", padding, "x-interop-bin", string([]byte{0, 0xff, 'h', 0xc3, 0xa9}))
}

// responseTrailer differs in every call, so that new dynamic table entries keep evicting older ones.
func (s *workloadAPIServer) responseTrailer() metadata.MD {
	return metadata.Pairs("x-interop-call", fmt.Sprintf("%d-%s", s.calls.Add(1), padding))
}

func (s *workloadAPIServer) FetchX509SVID(_ *workload.X509SVIDRequest, stream grpc.ServerStreamingServer[workload.X509SVIDResponse]) error {
	return s.follow(stream.Context(), func(m *material) error {
		return stream.Send(&workload.X509SVIDResponse{
			Svids:            []*workload.X509SVID{{SpiffeId: m.id.String(), X509Svid: m.certs, X509SvidKey: m.key, Bundle: m.bundle}},
			FederatedBundles: m.federated,
		})
	})
}

func (s *workloadAPIServer) FetchX509Bundles(_ *workload.X509BundlesRequest, stream grpc.ServerStreamingServer[workload.X509BundlesResponse]) error {
	return s.follow(stream.Context(), func(m *material) error {
		return stream.Send(&workload.X509BundlesResponse{Bundles: m.x509BundleMap()})
	})
}

func (s *workloadAPIServer) FetchJWTBundles(_ *workload.JWTBundlesRequest, stream grpc.ServerStreamingServer[workload.JWTBundlesResponse]) error {
	return s.follow(stream.Context(), func(m *material) error {
		return stream.Send(&workload.JWTBundlesResponse{Bundles: map[string][]byte{m.id.TrustDomain().IDString(): m.jwtBundle}})
	})
}

// follow sends the current material, then each rotation, until the client goes.
func (s *workloadAPIServer) follow(ctx context.Context, send func(*material) error) error {
	for {
		current, changed := s.state.get()
		if err := send(current); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-changed:
		}
	}
}

// FetchJWTSVID hands out the token from the directory, whatever the audience: it is a test peer, not an issuer.
func (s *workloadAPIServer) FetchJWTSVID(_ context.Context, req *workload.JWTSVIDRequest) (*workload.JWTSVIDResponse, error) {
	if len(req.Audience) == 0 {
		return nil, status.Error(codes.InvalidArgument, "audience must be specified")
	}
	current, _ := s.state.get()
	svid, err := jwtsvid.ParseInsecure(current.token, nil)
	if err != nil {
		return nil, status.Error(codes.Internal, "the token file holds no JWT-SVID: "+err.Error())
	}
	return &workload.JWTSVIDResponse{Svids: []*workload.JWTSVID{{SpiffeId: svid.ID.String(), Svid: current.token}}}, nil
}

// ValidateJWTSVID accepts only the token it hands out, for one of its audiences; the signature is not checked.
func (s *workloadAPIServer) ValidateJWTSVID(_ context.Context, req *workload.ValidateJWTSVIDRequest) (*workload.ValidateJWTSVIDResponse, error) {
	current, _ := s.state.get()
	if req.Svid != current.token {
		return nil, status.Error(codes.InvalidArgument, rejection)
	}
	svid, err := jwtsvid.ParseInsecure(req.Svid, []string{req.Audience})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, rejection+": "+err.Error())
	}
	claims, err := structpb.NewStruct(svid.Claims)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &workload.ValidateJWTSVIDResponse{SpiffeId: svid.ID.String(), Claims: claims}, nil
}

// callWithoutHeader makes a raw grpc-go call without the security header and prints the status it ends with.
func callWithoutHeader(ctx context.Context, socket string) {
	conn, err := grpc.NewClient("unix://"+socket, grpc.WithTransportCredentials(insecure.NewCredentials()))
	check("connect", err)
	defer conn.Close()
	_, err = workload.NewSpiffeWorkloadAPIClient(conn).FetchJWTSVID(ctx, &workload.JWTSVIDRequest{Audience: []string{"spiffe://example.org/x"}})
	fmt.Printf("status: %s %s\n", status.Code(err), status.Convert(err).Message())
}
