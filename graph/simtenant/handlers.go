package simtenant

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// cursor is what the opaque $skiptoken carries: where the last page ended.
// Like Graph's, it keeps the page size the listing began with: a $top
// edited into a nextLink changes nothing.
type cursor struct {
	Page    int       `json:"p"`
	Created time.Time `json:"c"`
	ID      string    `json:"i"`
	Top     int       `json:"t,omitempty"`
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
	rec.At = s.now()
	if s.overListLimit() {
		w.Header().Set("Retry-After", "1")
		reply(http.StatusTooManyRequests, s.envelope("TooManyRequests", "Too many requests: the reports API allows a few a second."))
		return
	}
	slot = s.begin(rec)
	s.wait(r, rec.Page)
	nextLink := "" // a fault's replacement for the page's nextLink
	if f := s.fault("list", rec.Page, nil); f != nil && f.NextLink != "" {
		nextLink = f.NextLink
		if nextLink == "self" {
			nextLink = origin(r) + r.URL.RequestURI()
		}
	} else if f != nil {
		rec.Status = f.Status
		s.finish(slot, rec)
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
			}
		}
		if f.LoseReply {
			dropConnection(w)
			return
		}
		if f.EmptyWithNext {
			rec.Status = http.StatusOK
			s.finish(slot, rec)
			s.writeJSON(w, r, http.StatusOK, map[string]any{"value": []SignIn{}, "@odata.nextLink": origin(r) + r.URL.RequestURI()})
			return
		}
		s.writeFault(w, f)
		return
	}
	top := 1000
	if t := q.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > 1000 || (n == 1000 && s.opts.RefuseTop1000) {
			most := map[bool]int{true: 999, false: 1000}[s.opts.RefuseTop1000]
			reply(http.StatusBadRequest, s.envelope("Request_BadRequest",
				fmt.Sprintf("Invalid page size specified: '%s'. Must be between 1 and %d inclusive.", t, most)))
			return
		}
		top = n
	}
	if after != nil && after.Top > 0 {
		top = after.Top // the page size the listing began with
	}
	beta := strings.HasPrefix(r.URL.Path, "/beta/")
	filter := q.Get("$filter")
	eventTypes := strings.Contains(filter, "signInEventTypes")
	if eventTypes && !beta {
		reply(http.StatusBadRequest, s.envelope("Request_UnsupportedQuery",
			"Invalid filter clause: Could not find a property named 'signInEventTypes' on type 'microsoft.graph.signIn'."))
		return
	}
	if s.opts.RefuseErrorCodeNe && strings.Contains(strings.ToLower(filter), "status/errorcode ne") {
		reply(http.StatusBadRequest, s.envelope("Request_UnsupportedQuery",
			"Unsupported or invalid query filter clause specified for property 'errorCode' of resource 'signInStatus'."))
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
	s.applyDue()
	page := make([]SignIn, 0, top)
	more := false
	from := 0
	if s.opts.Endless {
		page, more, from = s.endlessPage(rec.Page, top), true, len(s.signIns)
	}
	if after != nil && !s.opts.Endless {
		// Newest first, so the sign-ins after the cursor are a suffix.
		from = sort.Search(len(s.signIns), func(i int) bool { return isAfter(&s.signIns[i], after) })
	}
	for i := from; i < len(s.signIns); i++ {
		si := &s.signIns[i]
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
	if beta {
		for i := range value {
			betaAuth(&value[i])
			betaNetwork(&value[i])
		}
	}
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
		next.Set("$skiptoken", encodeCursor(cursor{Page: rec.Page, Created: last.CreatedDateTime, ID: last.ID, Top: top}))
		body["@odata.nextLink"] = origin(r) + r.URL.Path + "?" + next.Encode()
	}
	if nextLink != "" {
		body["@odata.nextLink"] = nextLink
	}
	reply(http.StatusOK, body)
}

// endlessPage is page number n of an endless listing (Options.Endless):
// top of the tenant's sign-ins, each under an ID no other page has.
func (s *Server) endlessPage(n, top int) []SignIn {
	page := make([]SignIn, 0, top)
	for i := range top {
		if len(s.signIns) == 0 {
			break
		}
		si := s.signIns[i%len(s.signIns)]
		si.ID = fmt.Sprintf("%08x-0000-4000-8000-%012x", n, i)
		page = append(page, si)
	}
	return page
}

// origin is the scheme and host the request came to, for the links a
// reply carries.
func origin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
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

// dropConnection closes the connection without a reply, as a reset or a
// dead proxy does.
func dropConnection(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}
