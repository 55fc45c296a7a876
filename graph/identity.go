package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/identityprotection"
	"github.com/microsoftgraph/msgraph-sdk-go/models"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// The Identity Protection reads behind a sign-in's details. They share the
// tenant's one request a second with the verdicts (Client.pacer), so they
// are made only for the sign-in an analyst opens (docs/graph.md).
const (
	OpDetections Op = "read risk detections"
	OpRiskyUser  Op = "read the user's risk"
)

// Detection is one Identity Protection risk detection, sanitized but for
// RequestID, which is kept as Graph sent it so that it is compared with
// the sign-in's ID exactly: sanitized, zw<ZWSP>sp-A's detection would be
// matched to the sign-in zwsp-A.
type Detection struct {
	ID, RequestID   string
	EventType       string // e.g. unfamiliarFeatures
	State, Level    string
	Detail          string
	Source          string // e.g. IdentityProtection, MicrosoftCloudAppSecurity
	Timing          string // realtime, nearRealtime, offline, notDefined
	Activity        string // signin or user
	IP              string
	ActivityTime    time.Time
	DetectedTime    time.Time
	LastUpdatedTime time.Time
}

// Detections are the detections linked to one sign-in, at most
// MaxDetections of them. Note, when set, says how they were found other
// than asked (Graph refused the requestId filter). More is set when Graph
// has more than List holds; Unshown is how many more, when Graph said
// (@odata.count), else 0.
type Detections struct {
	List    []Detection
	Note    string
	More    bool
	Unshown int
}

// MaxDetections is the most detections read and kept for one sign-in. An
// analyst reads a handful: a sign-in has one a risk event type, and a few
// more found offline. Fifty fill two screens of the details and come in
// one request (Graph's page is 20 unless $top asks, at most 500:
// docs/graph.md). A server that sent 60,000 for one sign-in had them all
// kept: memory grew by 600 MB and pgdn in the details took 5 s (issue 20).
const MaxDetections = 50

// UserRisk is a user's current risk in Identity Protection. Never is true
// when Graph has no risky-user record for them (a 404 that says not
// found): never flagged, or a guest or purged account.
type UserRisk struct {
	Never       bool
	Level       string
	State       string
	Detail      string
	Updated     time.Time
	Deleted     bool
	Processing  bool
	UPN         string
	DisplayName string
}

// detectionWindow is how far from a sign-in a detection's activity may be,
// when detections have to be matched here: offline detections keep the
// sign-in's time as their activity time.
const detectionWindow = 2 * time.Hour

// maxDetectionPages bounds the pages read for one sign-in; each is one of
// the tenant's Identity Protection requests.
const maxDetectionPages = 3

// userDetectionPage is the page size ($top) when matching here: the
// user's detections near the sign-in, most of them another sign-in's.
const userDetectionPage = 100

// RiskDetections reads the detections behind sign-in s, by requestId.
// Filtering on requestId is not documented: when Graph refuses it (400),
// this and later calls filter on the user and a window around the sign-in
// and match requestId here.
func (c *Client) RiskDetections(ctx context.Context, s SignIn) (Detections, error) {
	if c.noRiskReads != "" {
		return Detections{}, &Error{Op: OpDetections, Kind: KindNotOffered, Err: errors.New(c.noRiskReads)}
	}
	if !c.requestIDRefused.Load() {
		out, refused, err := c.detectionsByRequestID(ctx, s.ID)
		if !refused {
			return out, err
		}
		c.requestIDRefused.Store(true)
	}
	if s.UserID == "" {
		return Detections{}, &Error{Op: OpDetections, Kind: KindOther,
			Err: errors.New("Graph refused filtering detections on requestId, and the sign-in names no user to search them by")}
	}
	filter := fmt.Sprintf("userId eq %s and activityDateTime ge %s and activityDateTime le %s",
		quoteOData(s.UserID), odataTime(s.Created.Add(-detectionWindow)), odataTime(s.Created.Add(detectionWindow)))
	out := Detections{Note: "Graph refused filtering detections on requestId, so they were matched here among the user's detections near the sign-in."}
	next := ""
	for page := 0; page < maxDetectionPages; page++ {
		p, err := c.detectionPage(ctx, filter, next, userDetectionPage)
		if err != nil {
			return out, err
		}
		for _, d := range p.list {
			if d.RequestID != s.ID {
				continue
			}
			if len(out.List) == MaxDetections {
				out.More = true
				return out, nil
			}
			out.List = append(out.List, d)
		}
		if len(out.List) == MaxDetections && (p.cut || p.next != "") {
			out.More = true // maybe: the rest is the user's, some perhaps the sign-in's
			return out, nil
		}
		if p.cut { // its nextLink went with what was cut
			out.Note += fmt.Sprintf(" Graph sent more of the user's detections in one page than the %d asked for; some may be missing.", userDetectionPage)
			return out, nil
		}
		if next = p.next; next == "" {
			return out, nil
		}
	}
	out.Note += fmt.Sprintf(" The user has more detections near it than %d pages hold; some may be missing.", maxDetectionPages)
	return out, nil
}

// detectionsByRequestID reads the detections whose requestId is id, a page
// at a time, up to MaxDetections: no page is asked for once they are
// read, and a page longer than asked is cut (keepFirst). refused reports
// that Graph refused the filter itself, on the first page.
func (c *Client) detectionsByRequestID(ctx context.Context, id string) (out Detections, refused bool, err error) {
	filter, next, foreign := "requestId eq "+quoteOData(id), "", 0
	defer func() {
		if foreign > 0 {
			out.Note = fmt.Sprintf("Graph sent %d detections of another request ID than this sign-in's; they are not shown.", foreign)
		}
	}()
	for page := 0; ; page++ {
		want := MaxDetections - len(out.List)
		p, err := c.detectionPage(ctx, filter, next, want)
		if err != nil {
			return out, page == 0 && refusesFilter(err), err
		}
		for _, d := range p.list {
			if d.RequestID == id { // what Graph sent for another sign-in is not this one's
				out.List = append(out.List, d)
			} else {
				foreign++
			}
		}
		if p.count >= 0 {
			out.Unshown = max(int(p.count)-len(out.List), 0)
		}
		next = p.next
		if len(out.List) == MaxDetections || next == "" || page+1 == maxDetectionPages {
			out.More = out.Unshown > 0 || next != "" || p.cut
			return out, false, nil
		}
	}
}

// refusesFilter reports a 400 about the query itself ($filter, or the
// requestId property), which the fallback can avoid; other 400s are
// reported as they are.
func refusesFilter(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindBadRequest {
		return false
	}
	m := strings.ToLower(e.Message + " " + e.Code)
	return strings.Contains(m, "filter") || strings.Contains(m, "requestid") || strings.Contains(m, "query")
}

// detectionReply is one page of detections: at most the n asked for.
type detectionReply struct {
	list  []Detection
	next  string
	count int64 // @odata.count: how many match in all; -1 when Graph did not say
	cut   bool  // the page held more than asked, and was cut (keepFirst)
}

// detectionPage reads one page of detections, at most n: the first for
// filter when next is empty ($top n), else the page next points at
// (whose $top is the link's), cut to n whatever it holds.
func (c *Client) detectionPage(ctx context.Context, filter, next string, n int) (detectionReply, error) {
	release, err := c.pacer.Turn(ctx, false)
	if err != nil {
		return detectionReply{}, classify(OpDetections, c.host, err)
	}
	defer release()
	builder := c.sdk.IdentityProtection().RiskDetections()
	if next != "" && !sameOrigin(next, c.root) {
		return detectionReply{}, &Error{Op: OpDetections, Kind: KindUnsafeReply, Host: c.host,
			Err: fmt.Errorf("Graph sent a link to more detections at another address (%s), which is not followed", sanitize.Header(next))}
	}
	keep := &keepFirst{n: n}
	cfg := &identityprotection.RiskDetectionsRequestBuilderGetRequestConfiguration{Options: []abstractions.RequestOption{keep}}
	if next != "" {
		builder = builder.WithUrl(next)
	} else {
		top := int32(n)
		cfg.QueryParameters = &identityprotection.RiskDetectionsRequestBuilderGetQueryParameters{Filter: &filter, Top: &top}
	}
	resp, err := builder.Get(ctx, cfg)
	if err != nil {
		return detectionReply{}, classify(OpDetections, c.host, err)
	}
	if resp == nil {
		return detectionReply{}, &Error{Op: OpDetections, Kind: KindBadReply, Host: c.host, Err: errors.New("empty reply")}
	}
	// A list of its own, of n at most: the SDK's models are not kept.
	out := detectionReply{count: -1, cut: keep.cut}
	for _, m := range resp.GetValue() {
		if m == nil {
			continue
		}
		if len(out.list) == n {
			out.cut = true // a page cutPages could not read as one
			break
		}
		out.list = append(out.list, detectionOf(m))
	}
	if l := resp.GetOdataNextLink(); l != nil {
		out.next = *l
	}
	if total := resp.GetOdataCount(); total != nil {
		out.count = *total
	}
	return out, nil
}

func detectionOf(m models.RiskDetectionable) Detection {
	data := m.GetAdditionalData()
	return Detection{
		ID:              deref(m.GetId()),
		RequestID:       verbatim(m.GetRequestId()),
		EventType:       deref(m.GetRiskEventType()),
		State:           enumOr(m.GetRiskState(), data, "riskState"),
		Level:           enumOr(m.GetRiskLevel(), data, "riskLevel"),
		Detail:          enumOr(m.GetRiskDetail(), data, "riskDetail"),
		Source:          deref(m.GetSource()),
		Timing:          enumOr(m.GetDetectionTimingType(), data, "detectionTimingType"),
		Activity:        enumOr(m.GetActivity(), data, "activity"),
		IP:              deref(m.GetIpAddress()),
		ActivityTime:    timeOf(m.GetActivityDateTime()),
		DetectedTime:    timeOf(m.GetDetectedDateTime()),
		LastUpdatedTime: timeOf(m.GetLastUpdatedDateTime()),
	}
}

// RiskyUser reads a user's current risk. A 404 is an answer, not a
// failure: the user has never been risky.
func (c *Client) RiskyUser(ctx context.Context, userID string) (UserRisk, error) {
	if c.noRiskReads != "" {
		return UserRisk{}, &Error{Op: OpRiskyUser, Kind: KindNotOffered, Err: errors.New(c.noRiskReads)}
	}
	if userID == "" {
		return UserRisk{}, &Error{Op: OpRiskyUser, Kind: KindOther, Err: errors.New("the sign-in names no user ID")}
	}
	release, err := c.pacer.Turn(ctx, false)
	if err != nil {
		return UserRisk{}, classify(OpRiskyUser, c.host, err)
	}
	defer release()
	m, err := c.sdk.IdentityProtection().RiskyUsers().ByRiskyUserId(userID).Get(ctx, nil)
	if err != nil {
		e := classify(OpRiskyUser, c.host, err)
		if e.Status == 404 && strings.Contains(strings.ToLower(e.Code), "notfound") {
			return UserRisk{Never: true}, nil // other 404s (a wrong root) stay errors
		}
		return UserRisk{}, e
	}
	if m == nil {
		return UserRisk{}, &Error{Op: OpRiskyUser, Kind: KindBadReply, Host: c.host, Err: errors.New("empty reply")}
	}
	return userRiskOf(m), nil
}

// userRiskOf reads one riskyUser as the SDK parsed it.
func userRiskOf(m models.RiskyUserable) UserRisk {
	data := m.GetAdditionalData()
	return UserRisk{
		Level:       enumOr(m.GetRiskLevel(), data, "riskLevel"),
		State:       enumOr(m.GetRiskState(), data, "riskState"),
		Detail:      enumOr(m.GetRiskDetail(), data, "riskDetail"),
		Updated:     timeOf(m.GetRiskLastUpdatedDateTime()),
		Deleted:     m.GetIsDeleted() != nil && *m.GetIsDeleted(),
		Processing:  m.GetIsProcessing() != nil && *m.GetIsProcessing(),
		UPN:         sanitize.Text(deref(m.GetUserPrincipalName())),
		DisplayName: sanitize.Text(deref(m.GetUserDisplayName())),
	}
}

// enumOr is an enum's name, or the raw value enumKeeper kept when the SDK
// did not know it.
func enumOr[E fmt.Stringer](v *E, data map[string]any, field string) string {
	if v != nil {
		return sanitize.Text((*v).String())
	}
	return sanitize.Text(raw(data, field))
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
