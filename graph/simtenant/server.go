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
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configures a simulated tenant.
type Options struct {
	// SignIns is how many sign-ins to generate; zero means 250.
	SignIns int
	// Seed picks the tenant; the same seed gives the same sign-ins.
	Seed uint64
	// Now anchors the generated times (the newest is just before it); zero
	// means time.Now().
	Now time.Time
	// Domain is the tenant's UPN domain; empty means contoso.com.
	Domain string
	// Latency delays every reply.
	Latency time.Duration
	// NonInteractive adds that many non-interactive sign-ins, which only
	// the beta endpoint lists, and only when asked for through
	// signInEventTypes (as the service does).
	NonInteractive int
}

// Request is one request the tenant received, as the tests see it.
type Request struct {
	Method   string
	Path     string // e.g. /v1.0/auditLogs/signIns/confirmSafe
	RawQuery string
	// Action is confirmSafe, confirmCompromised or dismiss for an action
	// POST, "list" for a listing GET, "" for anything else.
	Action string
	// Page is the 1-based page number of a listing request.
	Page int
	// Filter and Top are the listing's query options as received.
	Filter string
	Top    string
	// IDs are an action's requestIds as decoded from the body.
	IDs []string
	// ContentEncoding is the body's encoding (the SDK gzips bodies).
	ContentEncoding string
	// Authorized reports whether an Authorization header came with it.
	Authorized bool
	// Status is what the tenant answered; 0 while it is still answering,
	// -1 when it applied an action and dropped the reply (Fault.LoseReply).
	Status int
}

// Fault makes the tenant answer matching requests with an error.
type Fault struct {
	// Action limits the fault to "list" or one action name; "" matches any.
	Action string
	// Page limits a listing fault to one 1-based page; 0 matches any page.
	Page int
	// IDs limits an action fault to requests that carry one of these IDs.
	IDs []string
	// Times is how many matching requests it answers; 0 means all of them.
	Times int
	// Status is the HTTP status to answer.
	Status int
	// Code and Message fill Graph's error envelope.
	Code, Message string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Body, when set, replaces the error envelope (for malformed replies).
	Body string
	// LoseReply applies an action and then closes the connection without
	// answering, as when a reply is lost on the way back. Status is unused.
	LoseReply bool
}

// Server is a running simulated tenant.
type Server struct {
	opts     Options
	listener net.Listener
	http     *http.Server

	mu       sync.Mutex
	signIns  []SignIn // newest first
	index    map[string]int
	requests []Request
	faults   []*Fault
	holds    map[int]chan struct{}
	seq      int
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
	}
	s.setSignIns(generate(opts.SignIns, opts.NonInteractive, opts.Seed, opts.Now, opts.Domain))
	mux := http.NewServeMux()
	for _, version := range []string{"v1.0", "beta"} {
		mux.HandleFunc("GET /"+version+"/auditLogs/signIns", s.handleList)
		mux.HandleFunc("POST /"+version+"/auditLogs/signIns/{action}", s.handleAction)
	}
	mux.HandleFunc("/", s.handleUnknown)
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go s.http.Serve(ln) //nolint:errcheck // Serve returns ErrServerClosed on Close
	return s, nil
}

// URL is the Graph v1.0 root to give the SDK, e.g. http://127.0.0.1:40123/v1.0.
func (s *Server) URL() string { return s.URLFor("v1.0") }

// URLFor is the Graph root for an API version: v1.0 or beta.
func (s *Server) URLFor(version string) string {
	return "http://" + s.listener.Addr().String() + "/" + version
}

// Close stops the server and releases any held pages.
func (s *Server) Close() error {
	s.mu.Lock()
	for p, ch := range s.holds {
		close(ch)
		delete(s.holds, p)
	}
	s.mu.Unlock()
	return s.http.Close()
}

// SignIns returns a copy of the tenant's sign-ins, newest first, with their
// current risk state.
func (s *Server) SignIns() []SignIn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.signIns)
}

// SignIn returns one sign-in by ID.
func (s *Server) SignIn(id string) (SignIn, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
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
		if r.Action != "" && r.Action != "list" {
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

func (s *Server) requestID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("5e1a0000-0000-4000-8000-%012d", s.seq)
}

// cursor is what the opaque $skiptoken carries: where the last page ended.
type cursor struct {
	Page    int       `json:"p"`
	Created time.Time `json:"c"`
	ID      string    `json:"i"`
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(tok string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Page < 1 {
		return c, errors.New("the skip token is invalid")
	}
	return c, nil
}

func (s *Server) handleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rec := Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Action: "list",
		Filter: q.Get("$filter"), Top: q.Get("$top"), Page: 1,
		Authorized: r.Header.Get("Authorization") != "",
	}
	slot := -1
	reply := func(status int, body any) {
		rec.Status = status
		if slot < 0 {
			slot = s.begin(rec)
		}
		s.finish(slot, rec)
		s.writeJSON(w, r, status, body)
	}

	var after *cursor
	if tok := q.Get("$skiptoken"); tok != "" {
		c, err := decodeCursor(tok)
		if err != nil {
			reply(http.StatusBadRequest, s.envelope("Request_BadRequest", err.Error()))
			return
		}
		after, rec.Page = &c, c.Page+1
	}
	slot = s.begin(rec)
	s.wait(r, rec.Page)
	if f := s.fault("list", rec.Page, nil); f != nil {
		rec.Status = f.Status
		s.finish(slot, rec)
		s.writeFault(w, f)
		return
	}
	top := 1000
	if t := q.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > 999 {
			reply(http.StatusBadRequest, s.envelope("Request_BadRequest",
				fmt.Sprintf("Invalid page size specified: '%s'. Must be between 1 and 999 inclusive.", t)))
			return
		}
		top = n
	}
	beta := strings.HasPrefix(r.URL.Path, "/beta/")
	filter := q.Get("$filter")
	eventTypes := strings.Contains(filter, "signInEventTypes")
	if eventTypes && !beta {
		reply(http.StatusBadRequest, s.envelope("Request_UnsupportedQuery",
			"Invalid filter clause: Could not find a property named 'signInEventTypes' on type 'microsoft.graph.signIn'."))
		return
	}
	match, err := parseFilter(filter)
	if err != nil {
		reply(http.StatusBadRequest, s.envelope("Request_UnsupportedQuery", "Invalid filter clause: "+err.Error()))
		return
	}
	if !eventTypes {
		// Without signInEventTypes the service lists interactive sign-ins only.
		all := match
		match = func(si *SignIn) bool { return si.IsInteractive && all(si) }
	}

	s.mu.Lock()
	page := make([]SignIn, 0, top)
	more := false
	for i := range s.signIns {
		si := &s.signIns[i]
		if after != nil && !isAfter(si, after) {
			continue
		}
		if !match(si) {
			continue
		}
		if len(page) == top {
			more = true
			break
		}
		page = append(page, *si)
	}
	s.mu.Unlock()

	value := s.wireSignIns(r, page)
	if !beta {
		for i := range value {
			value[i].SignInEventTypes = nil // a beta-only property
		}
	}
	body := map[string]any{
		"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
		"value":          value,
	}
	if more {
		last := page[len(page)-1]
		next := url.Values{}
		for k, v := range q {
			if k != "$skiptoken" {
				next[k] = v
			}
		}
		next.Set("$skiptoken", encodeCursor(cursor{Page: rec.Page, Created: last.CreatedDateTime, ID: last.ID}))
		body["@odata.nextLink"] = "http://" + r.Host + r.URL.Path + "?" + next.Encode()
	}
	reply(http.StatusOK, body)
}

// isAfter reports whether si comes after the cursor in newest-first order.
func isAfter(si *SignIn, c *cursor) bool {
	if cmp := si.CreatedDateTime.Compare(c.Created); cmp != 0 {
		return cmp < 0
	}
	return si.ID < c.ID
}

// evolvable are riskDetail members Graph sends only to clients that ask for
// them with "Prefer: include-unknown-enum-members"; others get
// unknownFutureValue, as from the service.
var evolvable = []string{
	"m365DAdminDismissedDetection", "adminConfirmedServicePrincipalCompromised",
	"adminDismissedAllRiskForServicePrincipal", "userChangedPasswordOnPremises",
	"adminDismissedRiskForSignIn", "adminConfirmedAccountSafe",
}

func (s *Server) wireSignIns(r *http.Request, page []SignIn) []SignIn {
	if strings.Contains(r.Header.Get("Prefer"), "include-unknown-enum-members") {
		return page
	}
	for i := range page {
		if slices.Contains(evolvable, page[i].RiskDetail) {
			page[i].RiskDetail = "unknownFutureValue"
		}
	}
	return page
}

func (s *Server) wait(r *http.Request, page int) {
	s.mu.Lock()
	hold := s.holds[page]
	s.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
		}
	}
	if s.opts.Latency > 0 {
		select {
		case <-time.After(s.opts.Latency):
		case <-r.Context().Done():
		}
	}
}

// actionEffect is what each action does to a sign-in (GRAPH.md).
var actionEffect = map[string]struct{ state, detail, level string }{
	"confirmSafe":        {"confirmedSafe", "adminConfirmedSigninSafe", "none"},
	"confirmCompromised": {"confirmedCompromised", "adminConfirmedSigninCompromised", "high"},
	"dismiss":            {"dismissed", "adminDismissedRiskForSignIn", "none"},
}

func (s *Server) handleAction(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	rec := Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Action: action,
		ContentEncoding: r.Header.Get("Content-Encoding"),
		Authorized:      r.Header.Get("Authorization") != "",
	}
	slot := -1
	reply := func(status int, body any) {
		rec.Status = status
		if slot < 0 {
			slot = s.begin(rec)
		}
		s.finish(slot, rec)
		if body == nil {
			w.Header().Set("request-id", s.requestID())
			w.WriteHeader(status)
			return
		}
		s.writeJSON(w, r, status, body)
	}
	effect, ok := actionEffect[action]
	if !ok {
		rec.Action = ""
		reply(http.StatusNotFound, s.envelope("Request_BadRequest",
			fmt.Sprintf("Resource not found for the segment '%s'.", action)))
		return
	}
	ids, err := readRequestIDs(r)
	rec.IDs = ids
	if err != nil {
		reply(http.StatusBadRequest, s.envelope("BadRequest", err.Error()))
		return
	}
	slot = s.begin(rec)
	s.wait(r, 0)
	f := s.fault(action, 0, ids)
	if f != nil && !f.LoseReply {
		rec.Status = f.Status
		s.finish(slot, rec)
		s.writeFault(w, f)
		return
	}

	s.mu.Lock()
	for _, id := range ids {
		i, ok := s.index[id]
		if !ok || s.signIns[i].RiskState == "none" {
			s.mu.Unlock()
			reply(http.StatusBadRequest, s.envelope("BadRequest",
				"These requestIds do not exist in your tenant or they are not risky"))
			return
		}
	}
	for _, id := range ids {
		si := &s.signIns[s.index[id]]
		si.RiskState, si.RiskDetail, si.RiskLevelAggregated = effect.state, effect.detail, effect.level
	}
	s.mu.Unlock()
	if f != nil && f.LoseReply {
		rec.Status = -1 // applied, never answered
		s.finish(slot, rec)
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	reply(http.StatusNoContent, nil)
}

// readRequestIDs decodes {"requestIds": [...]}, gzip-compressed or not.
func readRequestIDs(r *http.Request) ([]string, error) {
	var body io.Reader = http.MaxBytesReader(nil, r.Body, 8<<20)
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		gz, err := gzip.NewReader(body)
		if err != nil {
			return nil, fmt.Errorf("the gzip body could not be read: %v", err)
		}
		defer gz.Close()
		body = gz
	}
	var payload struct {
		RequestIDs *[]string `json:"requestIds"`
	}
	if err := json.NewDecoder(body).Decode(&payload); err != nil {
		return nil, fmt.Errorf("the request body is not valid JSON: %v", err)
	}
	if payload.RequestIDs == nil || len(*payload.RequestIDs) == 0 {
		return nil, errors.New("requestIds is required and must not be empty")
	}
	return *payload.RequestIDs, nil
}

func (s *Server) handleUnknown(w http.ResponseWriter, r *http.Request) {
	s.begin(Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Status: http.StatusNotFound,
		Authorized: r.Header.Get("Authorization") != ""})
	s.writeJSON(w, r, http.StatusNotFound, s.envelope("Request_BadRequest",
		fmt.Sprintf("Invalid request: %s %s is not served by the simulated tenant.", r.Method, r.URL.Path)))
}

// envelope is Graph's error body.
func (s *Server) envelope(code, message string) map[string]any {
	return map[string]any{"error": map[string]any{
		"code":    code,
		"message": message,
		"innerError": map[string]any{
			"date":              time.Now().UTC().Format("2006-01-02T15:04:05"),
			"request-id":        s.requestID(),
			"client-request-id": s.requestID(),
		},
	}}
}

func (s *Server) writeFault(w http.ResponseWriter, f *Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	w.Header().Set("request-id", s.requestID())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.Status)
	if f.Body != "" {
		io.WriteString(w, f.Body) //nolint:errcheck // the client may be gone
		return
	}
	code, msg := f.Code, f.Message
	if code == "" {
		code = http.StatusText(f.Status)
	}
	if msg == "" {
		msg = "Injected fault."
	}
	json.NewEncoder(w).Encode(s.envelope(code, msg)) //nolint:errcheck // the client may be gone
}

func (s *Server) writeJSON(w http.ResponseWriter, _ *http.Request, status int, body any) {
	w.Header().Set("Content-Type", "application/json; odata.metadata=minimal")
	w.Header().Set("request-id", s.requestID())
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body) //nolint:errcheck // the client may be gone
}
