package simtenant

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The user actions (docs/graph.md, "User follow-up"): confirm a user
// compromised and dismiss a user's risk (POST riskyUsers/confirmCompromised
// and riskyUsers/dismiss with {"userIds": [...]}, 204), and revoke a
// user's sessions (POST users/{id | userPrincipalName}/revokeSignInSessions,
// 200 {"value": true}). They are recorded as Requests with these Actions.
const (
	ActionConfirmUserCompromised = "confirmUserCompromised"
	ActionDismissUserRisk        = "dismissUserRisk"
	ActionRevokeSessions         = "revokeSignInSessions"
)

// The permissions the user actions need; Options.MissingPermissions
// names the ones the token lacks.
const (
	PermRiskyUserWrite = "IdentityRiskyUser.ReadWrite.All"
	PermRevokeSessions = "User.RevokeSessions.All"
)

// MaxDismissUsers is the most users one dismiss takes, as the beta page
// says; more is a 400.
const MaxDismissUsers = 60

// userRiskSet is a user's risk as a user action left it.
type userRiskSet struct {
	level, state, detail string
	at                   time.Time
}

func (s *Server) handleUserAction(w http.ResponseWriter, r *http.Request) {
	action := map[string]string{"confirmCompromised": ActionConfirmUserCompromised, "dismiss": ActionDismissUserRisk}[r.PathValue("action")]
	rec := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Action: action,
		ContentEncoding: r.Header.Get("Content-Encoding"), ContentLength: r.ContentLength,
		Authorized: r.Header.Get("Authorization") != "", At: s.now()}
	reply := func(status int, body any) {
		rec.Status = status
		s.begin(rec)
		if body == nil {
			w.Header().Set("request-id", s.requestID())
			w.WriteHeader(status)
			return
		}
		s.writeJSON(w, r, status, body)
	}
	if action == "" {
		reply(http.StatusNotFound, s.envelope("Request_BadRequest", "Resource not found for the segment '"+r.PathValue("action")+"'."))
		return
	}
	ids, err := readIDs(r, "userIds")
	rec.IDs = ids
	switch {
	case err != nil:
		reply(http.StatusBadRequest, s.envelope("BadRequest", err.Error()))
		return
	case slices.Contains(s.opts.MissingPermissions, PermRiskyUserWrite):
		reply(http.StatusForbidden, s.envelope(denied.code, denied.message))
		return
	case action == ActionDismissUserRisk && len(ids) > MaxDismissUsers:
		reply(http.StatusBadRequest, s.envelope("BadRequest", fmt.Sprintf("At most %d userIds can be dismissed in one request.", MaxDismissUsers)))
		return
	}
	if f := s.fault(action, 0, ids); f != nil {
		rec.Status = f.Status
		s.begin(rec)
		s.writeFault(w, f)
		return
	}
	s.mu.Lock()
	s.applyDue()
	for _, id := range ids {
		if action == ActionConfirmUserCompromised {
			s.userRisk[id] = userRiskSet{"high", "confirmedCompromised", "adminConfirmedUserCompromised", s.now()}
			continue
		}
		// Dismissing a user closes all of the user's risk, the risk of
		// their past sign-ins included.
		s.userRisk[id] = userRiskSet{"none", "dismissed", "adminDismissedAllRiskForUser", s.now()}
		for i := range s.signIns {
			if si := &s.signIns[i]; si.UserID == id && si.RiskState == "atRisk" {
				si.RiskState, si.RiskDetail, si.RiskLevelAggregated = "dismissed", "adminDismissedAllRiskForUser", "none"
				si.RiskUpdated = s.now()
			}
		}
	}
	s.mu.Unlock()
	reply(http.StatusNoContent, nil)
}

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	user := r.PathValue("id")
	rec := Request{Method: r.Method, Path: r.URL.Path, Action: ActionRevokeSessions, IDs: []string{user},
		Authorized: r.Header.Get("Authorization") != "", At: s.now(), ContentLength: r.ContentLength}
	status, body := http.StatusOK, any(map[string]any{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean", "value": true})
	if f := s.fault(ActionRevokeSessions, 0, rec.IDs); f != nil {
		rec.Status = f.Status
		s.begin(rec)
		s.writeFault(w, f)
		return
	}
	s.mu.Lock()
	id, known := s.userID(user)
	switch {
	case slices.Contains(s.opts.MissingPermissions, PermRevokeSessions):
		status, body = http.StatusForbidden, denied
	case !known:
		status, body = http.StatusNotFound, (graphError{"Request_ResourceNotFound", "Resource '" + user + "' does not exist or one of its queried reference-property objects are not present."})
	default:
		s.revoked[id] = s.now()
	}
	s.mu.Unlock()
	if e, ok := body.(graphError); ok {
		body = s.envelope(e.code, e.message)
	}
	rec.Status = status
	s.begin(rec)
	s.writeJSON(w, r, status, body)
}

// handleUser resolves a user by object ID or UPN: GET users/{id}?$select=id.
func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
	s.serveRead(w, r, "user", "", func() (int, any) {
		s.mu.Lock()
		defer s.mu.Unlock()
		id, ok := s.userID(r.PathValue("id"))
		if !ok {
			return http.StatusNotFound, graphError{"Request_ResourceNotFound", "Resource '" + r.PathValue("id") + "' does not exist or one of its queried reference-property objects are not present."}
		}
		return http.StatusOK, map[string]string{"id": id}
	})
}

// userID finds a user of the tenant by object ID or UPN (any case). The
// caller holds s.mu.
func (s *Server) userID(idOrUPN string) (string, bool) {
	for i := range s.signIns {
		si := &s.signIns[i]
		if si.UserID == idOrUPN || strings.EqualFold(si.UserPrincipalName, idOrUPN) {
			return si.UserID, true
		}
	}
	return "", false
}

// Revoked are the users whose sessions were revoked, by object ID, with
// when.
func (s *Server) Revoked() map[string]time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]time.Time, len(s.revoked))
	for k, v := range s.revoked {
		out[k] = v
	}
	return out
}

// handleRiskyUsers lists the risky users, riskiest first, filtered by
// riskLevel and riskState eq terms joined by and; one page.
func (s *Server) handleRiskyUsers(w http.ResponseWriter, r *http.Request) {
	filter := r.URL.Query().Get("$filter")
	s.serveRead(w, r, "riskyUsers", filter, func() (int, any) {
		if slices.Contains(s.opts.MissingPermissions, PermRiskyUserRead) {
			return http.StatusForbidden, denied
		}
		want := map[string]string{}
		for _, term := range strings.Split(filter, " and ") {
			if term = strings.TrimSpace(term); term == "" {
				continue
			}
			field, value, ok := strings.Cut(term, " eq ")
			if !ok || (field != "riskLevel" && field != "riskState") || !strings.HasPrefix(value, "'") || !strings.HasSuffix(value, "'") {
				return http.StatusBadRequest, graphError{"BadRequest", "Invalid filter clause: " + term}
			}
			want[field] = strings.Trim(value, "'")
		}
		s.mu.Lock()
		var ids []string
		for i := range s.signIns {
			if id := s.signIns[i].UserID; !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		s.mu.Unlock()
		var users []RiskyUser
		for _, id := range ids {
			status, body := s.riskyUser(id)
			u, ok := body.(RiskyUser)
			if status != http.StatusOK || !ok {
				continue
			}
			if (want["riskLevel"] == "" || want["riskLevel"] == u.RiskLevel) && (want["riskState"] == "" || want["riskState"] == u.RiskState) {
				users = append(users, u)
			}
		}
		slices.SortStableFunc(users, func(a, b RiskyUser) int { return b.RiskLastUpdatedDateTime.Compare(a.RiskLastUpdatedDateTime) })
		return http.StatusOK, map[string]any{"value": users}
	})
}

// RiskyUser is the user's risk as GET riskyUsers/{id} gives it, and
// whether the user has any (tests).
func (s *Server) RiskyUser(id string) (RiskyUser, bool) {
	status, body := s.riskyUser(id)
	u, ok := body.(RiskyUser)
	return u, ok && status == http.StatusOK
}
