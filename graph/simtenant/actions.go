package simtenant

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// effect is what a verdict does to a sign-in.
type effect struct{ state, detail, level string }

// effectOf is what each action does to a sign-in, as Microsoft documents
// it (docs/graph.md): the tenant's own idea of Graph's contract, kept apart
// from the client's verdict table, which it checks.
func effectOf(action string) (effect, bool) {
	e, ok := map[string]effect{
		"confirmSafe":        {"confirmedSafe", "adminConfirmedSigninSafe", "none"},
		"confirmCompromised": {"confirmedCompromised", "adminConfirmedSigninCompromised", "high"},
		"dismiss":            {"dismissed", "adminDismissedRiskForSignIn", "none"},
	}[action]
	return e, ok
}

func (s *Server) handleAction(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	rec := Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Action: action,
		ContentEncoding: r.Header.Get("Content-Encoding"),
		Authorized:      r.Header.Get("Authorization") != "", At: s.now(), ContentLength: r.ContentLength,
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
	effect, ok := effectOf(action)
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
	s.applyDue()
	for _, id := range ids {
		i, ok := s.index[id]
		if !ok || (s.signIns[i].RiskState == "none" && !s.acceptsNeverFlagged(action)) {
			s.mu.Unlock()
			reply(http.StatusBadRequest, s.envelope("BadRequest",
				"These requestIds do not exist in your tenant or they are not risky"))
			return
		}
	}
	if s.opts.VerdictDelay > 0 {
		// Accepted now, applied later, as Graph processes verdicts offline.
		s.late = append(s.late, lateVerdict{ids: slices.Clone(ids), effect: effect, at: s.now().Add(s.opts.VerdictDelay)})
	} else {
		s.apply(ids, effect)
	}
	s.mu.Unlock()
	if f != nil && f.LoseReply {
		rec.Status = -1 // applied, never answered
		s.finish(slot, rec)
		dropConnection(w)
		return
	}
	reply(http.StatusNoContent, nil)
}

// readRequestIDs decodes {"requestIds": [...]}, gzip-compressed or not.
func readRequestIDs(r *http.Request) ([]string, error) { return readIDs(r, "requestIds") }

// readIDs decodes the list of IDs under key in a JSON body ({"requestIds":
// [...]} or {"userIds": [...]}), gzip-compressed or not.
func readIDs(r *http.Request, key string) ([]string, error) {
	var body io.Reader = http.MaxBytesReader(nil, r.Body, 8<<20)
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		gz, err := gzip.NewReader(body)
		if err != nil {
			return nil, fmt.Errorf("the gzip body could not be read: %v", err)
		}
		defer gz.Close()
		body = gz
	}
	var payload map[string]json.RawMessage // other members are ignored, as Graph does
	if err := json.NewDecoder(body).Decode(&payload); err != nil {
		return nil, fmt.Errorf("the request body is not valid JSON: %v", err)
	}
	var ids []string
	if raw, ok := payload[key]; ok {
		if err := json.Unmarshal(raw, &ids); err != nil {
			return nil, fmt.Errorf("the request body is not valid JSON: %s: %v", key, err)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New(key + " is required and must not be empty")
	}
	return ids, nil
}

// acceptsNeverFlagged says whether a verdict is accepted on a sign-in Graph
// never flagged: confirm safe is, as Graph documents, unless the tenant
// refuses it (Options.RefuseNeverFlagged); the others only when
// Options.AcceptNeverFlagged says so.
func (s *Server) acceptsNeverFlagged(action string) bool {
	if s.opts.AcceptNeverFlagged {
		return true
	}
	return action == "confirmSafe" && !s.opts.RefuseNeverFlagged
}
