// Package simtenant is a simulated Entra tenant: an in-process HTTP server on
// loopback that answers the Microsoft Graph v1.0 sign-in endpoints well
// enough for the unmodified msgraph-sdk-go to run against it over real HTTP.
//
// It serves --demo, the tests and the benchmarks. It generates a
// deterministic tenant, pages like the service ($top, @odata.nextLink with an
// opaque $skiptoken), applies the three risk actions, records every request
// it receives, and can be told to be slow or to fail.
package simtenant

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"
)

// Server is a running simulated tenant.
type Server struct {
	opts     Options
	listener net.Listener
	tls      *httptest.Server // set with Options.TLS
	http     *http.Server

	mu       sync.Mutex
	signIns  []SignIn // newest first
	index    map[string]int
	requests []Request
	faults   []*Fault
	holds    map[int]chan struct{}
	seq      int
	orgReads int // GET /organization answered
	// late are accepted verdicts not applied yet (Options.VerdictDelay).
	late []lateVerdict
	// listed are when the listing requests within ListWindow came.
	listed []time.Time
	// userRisk is each user's risk as a user action left it; revoked,
	// when each user's sessions were revoked (users.go).
	userRisk map[string]userRiskSet
	revoked  map[string]time.Time
}

// Start generates a tenant and serves it on a loopback port.
func Start(opts Options) (*Server, error) {
	if opts.SignIns == 0 {
		opts.SignIns = 250
	}
	if opts.SignIns < 0 {
		return nil, fmt.Errorf("simtenant: sign-in count %d is negative", opts.SignIns)
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Domain == "" {
		opts.Domain = "contoso.com"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("simtenant: listening on loopback: %w", err)
	}
	s := &Server{
		opts:     opts,
		listener: ln,
		holds:    map[int]chan struct{}{},
		userRisk: map[string]userRiskSet{},
		revoked:  map[string]time.Time{},
	}
	signIns := generate(opts.SignIns, opts.NonInteractive, opts.Seed, opts.Now, opts.Domain)
	if opts.Practice && opts.Seed != 1 {
		signIns = practice(opts.SignIns, opts.NonInteractive, opts.Seed, opts.Now, opts.Domain)
	}
	if opts.UniqueIPs {
		for i := range signIns {
			signIns[i].IPAddress = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		}
	}
	if n := opts.LongID; n > 0 && len(signIns) > 0 && n > len(signIns[0].ID) {
		signIns[0].ID += strings.Repeat("0", n-len(signIns[0].ID))
	}
	s.setSignIns(signIns)
	mux := http.NewServeMux()
	for _, version := range []string{"v1.0", "beta"} {
		mux.HandleFunc("GET /"+version+"/auditLogs/signIns", s.handleList)
		mux.HandleFunc("POST /"+version+"/auditLogs/signIns/{action}", s.handleAction)
	}
	for _, version := range []string{"v1.0", "beta"} {
		mux.HandleFunc("GET /"+version+"/identityProtection/riskDetections", s.handleDetections)
		mux.HandleFunc("GET /"+version+"/identityProtection/riskyUsers/{id}", s.handleRiskyUser)
		mux.HandleFunc("GET /"+version+"/identityProtection/riskyUsers", s.handleRiskyUsers)
		mux.HandleFunc("POST /"+version+"/identityProtection/riskyUsers/{action}", s.handleUserAction)
		mux.HandleFunc("POST /"+version+"/users/{id}/revokeSignInSessions", s.handleRevoke)
		mux.HandleFunc("GET /"+version+"/users/{id}", s.handleUser)
		mux.HandleFunc("GET /"+version+"/organization", s.handleOrganization)
		mux.HandleFunc("GET /"+version+"/identity/conditionalAccess/namedLocations", s.handleNamedLocations)
	}
	mux.HandleFunc("/", s.handleUnknown)
	if opts.TLS {
		s.tls = &httptest.Server{Listener: ln, Config: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}}
		s.tls.StartTLS()
		s.http = s.tls.Config
	} else {
		s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go s.http.Serve(ln) //nolint:errcheck // Serve returns ErrServerClosed on Close
	}
	return s, nil
}

// URL is the Graph v1.0 root to give the SDK, e.g. http://127.0.0.1:40123/v1.0.
func (s *Server) URL() string { return s.URLFor("v1.0") }

// URLFor is the Graph root for an API version: v1.0 or beta.
func (s *Server) URLFor(version string) string {
	scheme := "http://"
	if s.tls != nil {
		scheme = "https://"
	}
	return scheme + s.listener.Addr().String() + "/" + version
}

// Transport is an HTTP transport that trusts the tenant's certificate
// (Options.TLS); nil when it serves plain http.
func (s *Server) Transport() http.RoundTripper {
	if s.tls == nil {
		return nil
	}
	return s.tls.Client().Transport
}

// Close stops the server and releases any held pages.
func (s *Server) Close() error {
	s.mu.Lock()
	for p, ch := range s.holds {
		close(ch)
		delete(s.holds, p)
	}
	s.mu.Unlock()
	if s.tls != nil {
		s.tls.Close()
		return nil
	}
	return s.http.Close()
}

// lateVerdict is a verdict Graph accepted and applies at a later time.
type lateVerdict struct {
	ids    []string
	effect effect
	at     time.Time
}

// applyDue applies the late verdicts whose time has come. The caller
// holds s.mu.
func (s *Server) applyDue() {
	now := s.now()
	kept := s.late[:0]
	for _, l := range s.late {
		if now.Before(l.at) {
			kept = append(kept, l)
			continue
		}
		s.apply(l.ids, l.effect)
	}
	s.late = kept
}

// apply gives the sign-ins a verdict's effect. The caller holds s.mu.
func (s *Server) apply(ids []string, e effect) {
	for _, id := range ids {
		if i, ok := s.index[id]; ok {
			si := &s.signIns[i]
			si.RiskState, si.RiskDetail, si.RiskLevelAggregated = e.state, e.detail, e.level
			si.RiskUpdated = s.now()
		}
	}
}

// SignIns returns a copy of the tenant's sign-ins, newest first, with their
// current risk state.
func (s *Server) SignIns() []SignIn {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applyDue()
	return slices.Clone(s.signIns)
}

// SignIn returns one sign-in by ID.
func (s *Server) SignIn(id string) (SignIn, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applyDue()
	i, ok := s.index[id]
	if !ok {
		return SignIn{}, false
	}
	return s.signIns[i], true
}

// Add puts extra sign-ins in the tenant (hostile ones, for tests).
func (s *Server) Add(signIns ...SignIn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setSignIns(append(s.signIns, signIns...))
}

func (s *Server) setSignIns(all []SignIn) {
	slices.SortStableFunc(all, func(a, b SignIn) int {
		if c := b.CreatedDateTime.Compare(a.CreatedDateTime); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	s.signIns = all
	s.index = make(map[string]int, len(all))
	for i, si := range all {
		s.index[si.ID] = i
	}
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// ActionRequests returns the action POSTs received so far, in order.
func (s *Server) ActionRequests() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && r.Action != "" {
			out = append(out, r)
		}
	}
	return out
}

// InjectFault adds a fault; faults are tried in the order they were added.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// HoldPage makes listing requests for the 1-based page wait until release is
// called (or the server closes), so a test can look at the UI while a
// listing is half done. Page 0 holds the action requests.
func (s *Server) HoldPage(page int) (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.holds[page] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			if s.holds[page] == ch {
				delete(s.holds, page)
				close(ch)
			}
			s.mu.Unlock()
		})
	}
}

// begin records a request as it arrives, so tests can see a request that
// is still being answered (held or slow); finish records the reply.
func (s *Server) begin(r Request) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	return len(s.requests) - 1
}

func (s *Server) finish(i int, r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[i] = r
}

// fault returns the first fault that matches and uses up one of its times.
func (s *Server) fault(action string, page int, ids []string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Action != "" && f.Action != action {
			continue
		}
		if f.Page != 0 && f.Page != page {
			continue
		}
		if len(f.IDs) > 0 && !slices.ContainsFunc(ids, func(id string) bool { return slices.Contains(f.IDs, id) }) {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = slices.Delete(s.faults, i, i+1)
			}
		}
		copied := *f
		return &copied
	}
	return nil
}

// overListLimit reports a listing request beyond Options.ListLimit, and
// counts it otherwise.
func (s *Server) overListLimit() bool {
	if s.opts.ListLimit == 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	kept := s.listed[:0]
	for _, t := range s.listed {
		if now.Sub(t) < s.opts.ListWindow {
			kept = append(kept, t)
		}
	}
	s.listed = kept
	if len(s.listed) >= s.opts.ListLimit {
		return true
	}
	s.listed = append(s.listed, now)
	return false
}

func (s *Server) requestID() string {
	if s.opts.RequestID != "" {
		return s.opts.RequestID
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("5e1a0000-0000-4000-8000-%012d", s.seq)
}
