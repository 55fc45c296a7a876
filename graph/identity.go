package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

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

// Detection is one Identity Protection risk detection, sanitized.
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

// Detections are the detections linked to one sign-in. Note, when set, says
// how they were found other than asked (Graph refused the requestId filter).
type Detections struct {
	List []Detection
	Note string
}

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

// maxDetectionPages bounds the pages read when matching here; each is one
// of the tenant's Identity Protection requests.
const maxDetectionPages = 3

// RiskDetections reads the detections behind sign-in s, by requestId.
// Filtering on requestId is not documented: when Graph refuses it (400),
// this and later calls filter on the user and a window around the sign-in
// and match requestId here.
func (c *Client) RiskDetections(ctx context.Context, s SignIn) (Detections, error) {
	if c.noRiskReads != "" {
		return Detections{}, &Error{Op: OpDetections, Kind: KindNotOffered, Err: errors.New(c.noRiskReads)}
	}
	if !c.requestIDRefused.Load() {
		list, _, err := c.detectionPage(ctx, "requestId eq "+Quote(s.ID), "")
		if !refusesFilter(err) {
			return Detections{List: list}, err
		}
		c.requestIDRefused.Store(true)
	}
	if s.UserID == "" {
		return Detections{}, &Error{Op: OpDetections, Kind: KindOther,
			Err: errors.New("Graph refused filtering detections on requestId, and the sign-in names no user to search them by")}
	}
	filter := fmt.Sprintf("userId eq %s and activityDateTime ge %s and activityDateTime le %s",
		Quote(s.UserID), odataTime(s.Created.Add(-detectionWindow)), odataTime(s.Created.Add(detectionWindow)))
	out := Detections{Note: "Graph refused filtering detections on requestId, so they were matched here among the user's detections near the sign-in."}
	next := ""
	for page := 0; page < maxDetectionPages; page++ {
		list, link, err := c.detectionPage(ctx, filter, next)
		if err != nil {
			return out, err
		}
		for _, d := range list {
			if d.RequestID == s.ID {
				out.List = append(out.List, d)
			}
		}
		if next = link; next == "" {
			return out, nil
		}
	}
	out.Note += fmt.Sprintf(" The user has more detections near it than %d pages hold; some may be missing.", maxDetectionPages)
	return out, nil
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

// detectionPage reads one page of detections: the first for filter when
// next is empty, else the page next points at.
func (c *Client) detectionPage(ctx context.Context, filter, next string) ([]Detection, string, error) {
	release, err := c.pacer.Turn(ctx, false)
	if err != nil {
		return nil, "", classify(OpDetections, c.host, err)
	}
	defer release()
	builder := c.sdk.IdentityProtection().RiskDetections()
	var cfg *identityprotection.RiskDetectionsRequestBuilderGetRequestConfiguration
	if next != "" && !sameOrigin(next, c.root) {
		return nil, "", &Error{Op: OpDetections, Kind: KindUnsafeReply, Host: c.host,
			Err: fmt.Errorf("Graph sent a link to more detections at another address (%s), which is not followed", sanitize.Header(next))}
	}
	if next != "" {
		builder = builder.WithUrl(next)
	} else {
		top := int32(100)
		cfg = &identityprotection.RiskDetectionsRequestBuilderGetRequestConfiguration{
			QueryParameters: &identityprotection.RiskDetectionsRequestBuilderGetQueryParameters{Filter: &filter, Top: &top},
		}
	}
	resp, err := builder.Get(ctx, cfg)
	if err != nil {
		return nil, "", classify(OpDetections, c.host, err)
	}
	if resp == nil {
		return nil, "", &Error{Op: OpDetections, Kind: KindBadReply, Host: c.host, Err: errors.New("empty reply")}
	}
	var list []Detection
	for _, m := range resp.GetValue() {
		if m != nil {
			list = append(list, detectionOf(m))
		}
	}
	link := ""
	if l := resp.GetOdataNextLink(); l != nil {
		link = *l
	}
	return list, link, nil
}

func detectionOf(m models.RiskDetectionable) Detection {
	data := m.GetAdditionalData()
	return Detection{
		ID:              deref(m.GetId()),
		RequestID:       deref(m.GetRequestId()),
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
	data := m.GetAdditionalData()
	return UserRisk{
		Level:       enumOr(m.GetRiskLevel(), data, "riskLevel"),
		State:       enumOr(m.GetRiskState(), data, "riskState"),
		Detail:      enumOr(m.GetRiskDetail(), data, "riskDetail"),
		Updated:     timeOf(m.GetRiskLastUpdatedDateTime()),
		Deleted:     m.GetIsDeleted() != nil && *m.GetIsDeleted(),
		Processing:  m.GetIsProcessing() != nil && *m.GetIsProcessing(),
		UPN:         deref(m.GetUserPrincipalName()),
		DisplayName: deref(m.GetUserDisplayName()),
	}, nil
}

// enumOr is an enum's name, or the raw value enumKeeper kept when the SDK
// did not know it.
func enumOr[E fmt.Stringer](v *E, data map[string]any, field string) string {
	if v != nil {
		return sanitize.String((*v).String())
	}
	return sanitize.String(raw(data, field))
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
