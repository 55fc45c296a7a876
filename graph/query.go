package graph

import (
	"fmt"
	"strings"
	"time"
)

// Page sizes Graph accepts for sign-ins: the documentation gives 1,000 as
// both the default and the maximum (docs/graph.md). A tenant that refuses
// 1000 is asked again at FallbackPageSize (fetchPage).
const (
	MinPageSize      = 1
	MaxPageSize      = 1000
	DefaultPageSize  = MaxPageSize
	FallbackPageSize = 999
)

// DefaultWindow is how far back the default query looks.
const DefaultWindow = 30 * 24 * time.Hour

// Query says which sign-ins to fetch. It becomes one OData $filter.
type Query struct {
	// Window, when set, is how far back each listing looks from the moment
	// it starts: At sets Since from it, so a reload an hour later lists the
	// hour that passed too.
	Window time.Duration
	// Since and Until bound createdDateTime; a zero value leaves that side open.
	Since, Until time.Time
	// RiskStates keeps sign-ins in any of these states; empty means any state.
	RiskStates []RiskState
	// RiskLevels keeps sign-ins whose aggregated risk is any of these.
	RiskLevels []RiskLevel
	// UPNPrefix keeps sign-ins whose UPN starts with it (case-insensitive:
	// UPNs in the log are lowercase).
	UPNPrefix string
	// AppPrefix and IPPrefix keep sign-ins whose app name or IP address
	// starts with them.
	AppPrefix, IPPrefix string
	// UserID keeps one user's sign-ins (userId eq, documented): the user's
	// own history, whatever its risk.
	UserID string
	// PageSize is $top, 1 to 1000; zero means DefaultPageSize.
	PageSize int
	// IncludeNonInteractive lists non-interactive sign-ins too (token
	// refreshes made by apps for the user). Only the beta API has them.
	IncludeNonInteractive bool
	// Result keeps sign-ins that succeeded (ResultOnlySuccess) or did not
	// (ResultNotSuccess); empty keeps both.
	Result string
	// MaxRows is how many sign-ins a listing takes before it stops, saying
	// why (Paging); zero means DefaultMaxRows.
	MaxRows int
}

// DefaultMaxRows is the listing's row cap when none is given: two and a
// half times the 100,000 rows the UI is measured at (docs/performance.md).
// A server whose pages never end stops here, not at the memory's end.
const DefaultMaxRows = 250_000

// MaxMaxRows is the largest cap --max-rows takes.
const MaxMaxRows = 5_000_000

// RowCap is q's row cap.
func (q Query) RowCap() int {
	if q.MaxRows > 0 {
		return q.MaxRows
	}
	return DefaultMaxRows
}

// The values of Query.Result.
const (
	ResultOnlySuccess = "success"
	ResultNotSuccess  = "not-success"
)

// DefaultQuery is what the tool shows at start: sign-ins still at risk in
// the last 30 days.
func DefaultQuery(now time.Time) Query {
	q, _ := QueryFromFields(nil) // the defaults parse: a test holds them
	q.PageSize = DefaultPageSize
	return q.At(now)
}

// At is q as a listing that starts at now asks for it: with a Window, Since
// is now minus the window.
func (q Query) At(now time.Time) Query {
	if q.Window > 0 {
		q.Since = now.Add(-q.Window)
	}
	return q
}

// Validate reports a query Graph would refuse, in words that say what is
// allowed.
func (q Query) Validate() error {
	if q.PageSize != 0 && (q.PageSize < MinPageSize || q.PageSize > MaxPageSize) {
		return fmt.Errorf("page size %d is out of range: Graph accepts %d to %d", q.PageSize, MinPageSize, MaxPageSize)
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && q.Until.Before(q.Since) {
		return fmt.Errorf("the time window ends (%s) before it starts (%s)", q.Until.Format(time.RFC3339), q.Since.Format(time.RFC3339))
	}
	return nil
}

// Top is the page size to ask for.
func (q Query) Top() int32 {
	if q.PageSize == 0 {
		return DefaultPageSize
	}
	return int32(q.PageSize)
}

// Filter is the $filter expression for q, or "" when q keeps everything.
// Terms are joined with "and"; several values of one field are or'ed inside
// parentheses. String values are quoted as OData literals.
func (q Query) Filter() string {
	var terms []string
	if !q.Since.IsZero() {
		terms = append(terms, "createdDateTime ge "+odataTime(q.Since))
	}
	if !q.Until.IsZero() {
		terms = append(terms, "createdDateTime le "+odataTime(q.Until))
	}
	if t := anyOf("riskState", q.RiskStates); t != "" {
		terms = append(terms, t)
	}
	if t := anyOf("riskLevelAggregated", q.RiskLevels); t != "" {
		terms = append(terms, t)
	}
	if q.UserID != "" {
		terms = append(terms, "userId eq "+quoteOData(q.UserID))
	}
	if q.UPNPrefix != "" {
		terms = append(terms, "startswith(userPrincipalName,"+quoteOData(strings.ToLower(q.UPNPrefix))+")")
	}
	if q.AppPrefix != "" {
		terms = append(terms, "startswith(appDisplayName,"+quoteOData(q.AppPrefix)+")")
	}
	if q.IPPrefix != "" {
		terms = append(terms, "startswith(ipAddress,"+quoteOData(q.IPPrefix)+")")
	}
	if q.IncludeNonInteractive {
		terms = append(terms, "signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser')")
	}
	switch q.Result {
	case ResultOnlySuccess:
		terms = append(terms, "status/errorCode eq 0")
	case ResultNotSuccess:
		// Only eq is documented for status/errorCode: a client whose
		// Graph refuses ne leaves it out and filters each page itself.
		terms = append(terms, "status/errorCode ne 0")
	}
	return strings.Join(terms, " and ")
}

// quoteOData makes s an OData string literal: single quotes around it, and
// every single quote inside written twice, as OData requires:
//
//	o'neil  ->  'o''neil'
//
// Percent-encoding of '#', '&' and the like is the URL layer's job (the
// SDK's query parameters).
func quoteOData(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// odataTime formats t as Graph wants in $filter: UTC, unquoted, whole seconds.
func odataTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func anyOf[T ~string](field string, values []T) string {
	if len(values) == 0 {
		return ""
	}
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = field + " eq " + quoteOData(string(v))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " or ") + ")"
}
