package simtenant

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"
	"slices"
	"time"
)

// The Identity Protection reads: the risk detections behind sign-ins and
// each user's current risk, derived from the tenant's sign-ins as they
// stand (a verdict changes both), so the two always agree.

// The permissions the reads need; Options.MissingPermissions names the
// ones the caller's token lacks.
const (
	PermRiskEventRead = "IdentityRiskEvent.Read.All"
	PermRiskyUserRead = "IdentityRiskyUser.Read.All"
)

// Detection is a risk detection as Graph v1.0 sends it.
type Detection struct {
	ID                  string    `json:"id"`
	RequestID           string    `json:"requestId"`
	CorrelationID       string    `json:"correlationId"`
	RiskEventType       string    `json:"riskEventType"`
	RiskState           string    `json:"riskState"`
	RiskLevel           string    `json:"riskLevel"`
	RiskDetail          string    `json:"riskDetail"`
	Source              string    `json:"source"`
	DetectionTimingType string    `json:"detectionTimingType"`
	Activity            string    `json:"activity"`
	TokenIssuerType     string    `json:"tokenIssuerType"`
	IPAddress           string    `json:"ipAddress"`
	ActivityDateTime    time.Time `json:"activityDateTime"`
	DetectedDateTime    time.Time `json:"detectedDateTime"`
	LastUpdatedDateTime time.Time `json:"lastUpdatedDateTime"`
	UserID              string    `json:"userId"`
	UserDisplayName     string    `json:"userDisplayName"`
	UserPrincipalName   string    `json:"userPrincipalName"`
}

// offlineEvents are detected after the sign-in, by offline analysis;
// the others in real time, as the sign-in happens.
var offlineEvents = []string{"unlikelyTravel", "leakedCredentials", "investigationsThreatIntelligence", "suspiciousIPAddress"}

// detectionsOf are the detections behind one sign-in: one per risk event
// type, in the sign-in's current risk state.
func detectionsOf(si *SignIn) []Detection {
	var out []Detection
	for i, event := range si.RiskEventTypesV2 {
		d := Detection{
			ID: derivedID(si.ID, i), RequestID: si.ID, CorrelationID: si.CorrelationID,
			RiskEventType: event, RiskState: si.RiskState, RiskLevel: si.RiskLevelDuringSignIn,
			RiskDetail: si.RiskDetail, Source: "IdentityProtection", DetectionTimingType: "realtime",
			Activity: "signin", TokenIssuerType: "AzureAD", IPAddress: si.IPAddress,
			ActivityDateTime: si.CreatedDateTime, DetectedDateTime: si.CreatedDateTime,
			UserID: si.UserID, UserDisplayName: si.UserDisplayName, UserPrincipalName: si.UserPrincipalName,
		}
		if slices.Contains(offlineEvents, event) {
			d.DetectionTimingType = "offline"
			d.DetectedDateTime = si.CreatedDateTime.Add(3*time.Hour + 17*time.Minute)
		}
		if event == "investigationsThreatIntelligence" {
			d.Source = "MicrosoftThreatIntelligence"
		}
		d.LastUpdatedDateTime = d.DetectedDateTime
		out = append(out, d)
	}
	return out
}

// manyDetection is the i-th of Options.ManyDetections more detections
// of si; all of them match whatever matches the first (they differ only
// in their IDs).
func manyDetection(si *SignIn, i int) Detection {
	return Detection{
		ID: derivedID(si.ID, 1000+i), RequestID: si.ID, CorrelationID: si.CorrelationID,
		RiskEventType: "unfamiliarFeatures", RiskState: si.RiskState, RiskLevel: "medium",
		RiskDetail: si.RiskDetail, Source: "IdentityProtection", DetectionTimingType: "realtime",
		Activity: "signin", TokenIssuerType: "AzureAD", IPAddress: si.IPAddress,
		ActivityDateTime: si.CreatedDateTime, DetectedDateTime: si.CreatedDateTime, LastUpdatedDateTime: si.CreatedDateTime,
		UserID: si.UserID, UserDisplayName: si.UserDisplayName, UserPrincipalName: si.UserPrincipalName,
	}
}

func derivedID(id string, i int) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", id, i)
	v := h.Sum64()
	return fmt.Sprintf("%016x%016x", v, v^0x5bd1e995)
}

var (
	byRequestID = regexp.MustCompile(`^requestId eq '([^']*)'$`)
	byUserNear  = regexp.MustCompile(`^userId eq '([^']*)' and activityDateTime ge (\S+) and activityDateTime le (\S+)$`)
)

func (s *Server) handleDetections(w http.ResponseWriter, r *http.Request) {
	filter := r.URL.Query().Get("$filter")
	s.serveRead(w, r, "riskDetections", filter, func() (int, any) {
		status, body := s.detections(filter)
		if set, ok := body.(*detectionSet); ok {
			return status, s.detectionReply(r, set)
		}
		return status, body
	})
}

// serveRead records an Identity Protection read as action and answers it.
func (s *Server) serveRead(w http.ResponseWriter, r *http.Request, action, filter string, answer func() (int, any)) {
	rec := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Action: action,
		Filter: filter, Authorized: r.Header.Get("Authorization") != "", At: s.now()}
	if f := s.fault(action, 0, nil); f != nil {
		rec.Status = f.Status
		s.begin(rec)
		s.writeFault(w, f)
		return
	}
	status, body := answer()
	if e, ok := body.(graphError); ok {
		body = s.envelope(e.code, e.message)
	}
	rec.Status = status
	s.begin(rec)
	if st, ok := body.(streamed); ok {
		s.writeStream(w, status, st)
		return
	}
	s.writeJSON(w, r, status, body)
}

func (s *Server) detections(filter string) (int, any) {
	if slices.Contains(s.opts.MissingPermissions, PermRiskEventRead) {
		return http.StatusForbidden, denied
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applyDue()
	var match func(*SignIn, *Detection) bool
	if m := byRequestID.FindStringSubmatch(filter); m != nil && !s.opts.RefuseRequestIDFilter {
		match = func(_ *SignIn, d *Detection) bool { return d.RequestID == m[1] }
	} else if m := byUserNear.FindStringSubmatch(filter); m != nil {
		from, err1 := time.Parse(time.RFC3339, m[2])
		to, err2 := time.Parse(time.RFC3339, m[3])
		if err1 != nil || err2 != nil {
			return http.StatusBadRequest, graphError{"BadRequest", "Invalid filter clause: a time is not a DateTimeOffset."}
		}
		match = func(_ *SignIn, d *Detection) bool {
			return d.UserID == m[1] && !d.ActivityDateTime.Before(from) && !d.ActivityDateTime.After(to)
		}
	} else {
		return http.StatusBadRequest, graphError{"BadRequest", "Invalid filter clause: the simulated tenant filters detections on requestId, or on userId and activityDateTime."}
	}
	set := &detectionSet{}
	for i := range s.signIns {
		for _, d := range detectionsOf(&s.signIns[i]) {
			if match(&s.signIns[i], &d) {
				if i == 0 {
					set.head = append(set.head, d)
				} else {
					set.tail = append(set.tail, d)
				}
			}
		}
		if i == 0 && s.opts.ManyDetections > 0 {
			if first := manyDetection(&s.signIns[0], 0); match(&s.signIns[0], &first) {
				set.si, set.many = s.signIns[0], s.opts.ManyDetections
			}
		}
	}
	return http.StatusOK, set
}

// RiskyUser is a risky user as Graph v1.0 sends it.
type RiskyUser struct {
	ID                      string    `json:"id"`
	IsDeleted               bool      `json:"isDeleted"`
	IsProcessing            bool      `json:"isProcessing"`
	RiskLastUpdatedDateTime time.Time `json:"riskLastUpdatedDateTime"`
	RiskLevel               string    `json:"riskLevel"`
	RiskState               string    `json:"riskState"`
	RiskDetail              string    `json:"riskDetail"`
	UserDisplayName         string    `json:"userDisplayName"`
	UserPrincipalName       string    `json:"userPrincipalName"`
}

func (s *Server) handleRiskyUser(w http.ResponseWriter, r *http.Request) {
	s.serveRead(w, r, "riskyUser", "", func() (int, any) { return s.riskyUser(r.PathValue("id")) })
}

// riskyUser is a user's risk from their sign-ins: a confirmed compromise
// makes it high; else the highest level still at risk; else the last
// verdict's state. A user none of whose sign-ins was flagged is not a
// risky user (404).
func (s *Server) riskyUser(id string) (int, any) {
	if slices.Contains(s.opts.MissingPermissions, PermRiskyUserRead) {
		return http.StatusForbidden, denied
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applyDue()
	u := RiskyUser{ID: id, RiskLevel: "none", RiskState: "none", RiskDetail: "none"}
	found, rank := false, -1
	for i := range s.signIns {
		si := &s.signIns[i]
		if si.UserID != id || si.RiskState == "none" || si.RiskState == "" {
			continue
		}
		found = true
		u.UserDisplayName, u.UserPrincipalName = si.UserDisplayName, si.UserPrincipalName
		for _, t := range []time.Time{si.CreatedDateTime, si.RiskUpdated} {
			if t.After(u.RiskLastUpdatedDateTime) {
				u.RiskLastUpdatedDateTime = t
			}
		}
		r := userRank(si)
		if r > rank {
			rank = r
			u.RiskLevel, u.RiskState, u.RiskDetail = userRisk(si)
		}
	}
	// A user action since the sign-ins' last change decides the user's
	// risk (users.go).
	if set, ok := s.userRisk[id]; ok && !set.at.Before(u.RiskLastUpdatedDateTime) {
		found = true
		u.RiskLevel, u.RiskState, u.RiskDetail, u.RiskLastUpdatedDateTime = set.level, set.state, set.detail, set.at
		if u.UserPrincipalName == "" {
			for i := range s.signIns {
				if si := &s.signIns[i]; si.UserID == id {
					u.UserDisplayName, u.UserPrincipalName = si.UserDisplayName, si.UserPrincipalName
					break
				}
			}
		}
	}
	if !found {
		return http.StatusNotFound, graphError{"ResourceNotFound", "The user has no risk: it was never flagged."}
	}
	return http.StatusOK, u
}

// userRank orders what a sign-in says about its user: a confirmed
// compromise over anything at risk (higher levels first) over verdicts.
func userRank(si *SignIn) int {
	switch si.RiskState {
	case "confirmedCompromised":
		return 10
	case "atRisk":
		return 5 + slices.Index([]string{"low", "medium", "high"}, si.RiskLevelAggregated)
	}
	return 0
}

func userRisk(si *SignIn) (level, state, detail string) {
	switch si.RiskState {
	case "confirmedCompromised":
		return "high", "confirmedCompromised", "adminConfirmedUserCompromised"
	case "atRisk":
		return si.RiskLevelAggregated, "atRisk", "none"
	case "remediated":
		return "none", "remediated", si.RiskDetail
	}
	return "none", "dismissed", si.RiskDetail
}

// graphError is an error reply, made into Graph's envelope once s.mu is
// no longer held (the envelope takes a request-id under it).
type graphError struct{ code, message string }

// denied is Graph's 403 to a token without the permission.
var denied = graphError{"Authorization_RequestDenied", "Insufficient privileges to complete the operation."}

func (s *Server) now() time.Time {
	if s.opts.Clock != nil {
		return s.opts.Clock()
	}
	return time.Now()
}
