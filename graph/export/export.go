// Package export writes sign-ins as CSV or JSON, every field, times in RFC
// 3339 UTC, for scripts and evidence, and reads them back. Writers stream:
// a sign-in is written as soon as it is handed over, so exporting a large
// tenant needs memory for one page, not for all of it.
package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// Format is csv or json.
type Format string

// The formats.
const (
	CSV  Format = "csv"
	JSON Format = "json"
)

// ParseFormat reads --format.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case CSV, JSON:
		return Format(s), nil
	}
	return "", fmt.Errorf("%q is not a format: use csv or json", s)
}

// Record is one sign-in as exported: flat, named like Graph's properties.
type Record struct {
	ID                      string    `json:"id"`
	CreatedDateTime         time.Time `json:"createdDateTime"`
	UserDisplayName         string    `json:"userDisplayName"`
	UserPrincipalName       string    `json:"userPrincipalName"`
	UserID                  string    `json:"userId"`
	AppDisplayName          string    `json:"appDisplayName"`
	AppID                   string    `json:"appId"`
	ResourceDisplayName     string    `json:"resourceDisplayName"`
	ResourceID              string    `json:"resourceId"`
	ClientAppUsed           string    `json:"clientAppUsed"`
	IPAddress               string    `json:"ipAddress"`
	City                    string    `json:"city"`
	State                   string    `json:"state"`
	CountryOrRegion         string    `json:"countryOrRegion"`
	Latitude                *float64  `json:"latitude"`
	Longitude               *float64  `json:"longitude"`
	DeviceName              string    `json:"deviceName"`
	DeviceID                string    `json:"deviceId"`
	OperatingSystem         string    `json:"operatingSystem"`
	Browser                 string    `json:"browser"`
	IsCompliant             *bool     `json:"isCompliant"`
	IsManaged               *bool     `json:"isManaged"`
	TrustType               string    `json:"trustType"`
	StatusErrorCode         *int32    `json:"statusErrorCode"` // null: Graph sent no status
	FailureReason           string    `json:"failureReason"`
	StatusAdditionalDetails string    `json:"statusAdditionalDetails"`
	ConditionalAccessStatus string    `json:"conditionalAccessStatus"`
	AppliedPolicies         []Policy  `json:"appliedConditionalAccessPolicies"`
	RiskLevelAggregated     string    `json:"riskLevelAggregated"`
	RiskLevelDuringSignIn   string    `json:"riskLevelDuringSignIn"`
	RiskState               string    `json:"riskState"`
	RiskDetail              string    `json:"riskDetail"`
	RiskEventTypes          []string  `json:"riskEventTypes"`
	CorrelationID           string    `json:"correlationId"`
	IsInteractive           *bool     `json:"isInteractive"` // null: Graph left it out
	// What this session decided for the sign-in, when the export comes
	// from the UI after a verdict Graph accepted: for the ticket and the
	// auditor, who decided what, when, under which request-id, and why.
	SessionVerdict   string     `json:"sessionVerdict"`
	SessionTime      *time.Time `json:"sessionVerdictTime"`
	SessionRequestID string     `json:"sessionRequestId"`
	SessionNote      string     `json:"sessionNote"`
}

// Policy is an applied conditional access policy and its result.
type Policy struct {
	DisplayName string `json:"displayName"`
	Result      string `json:"result"`
}

// FromSignIn flattens a sign-in.
func FromSignIn(s *graph.SignIn) Record {
	r := Record{
		ID: s.ID, CreatedDateTime: s.Created.UTC(), UserDisplayName: s.UserDisplayName, UserPrincipalName: s.UPN,
		UserID: s.UserID, AppDisplayName: s.App, AppID: s.AppID, ResourceDisplayName: s.Resource, ResourceID: s.ResourceID,
		ClientAppUsed: s.ClientApp, IPAddress: s.IP, FailureReason: s.FailureReason,
		StatusAdditionalDetails: s.StatusExtra, ConditionalAccessStatus: s.ConditionalAccess,
		RiskLevelAggregated: string(s.RiskLevel), RiskLevelDuringSignIn: string(s.RiskDuring), RiskState: string(s.RiskState),
		RiskDetail: s.RiskDetail, RiskEventTypes: s.RiskEventTypes, CorrelationID: s.CorrelationID, IsInteractive: triPtr(s.Interactive),
	}
	if s.HasStatus {
		code := s.ErrorCode
		r.StatusErrorCode = &code
	}
	if p := s.Place; p != nil {
		r.City, r.State, r.CountryOrRegion = p.City, p.State, p.Country
		if p.HasCoordinates {
			lat, lon := p.Latitude, p.Longitude
			r.Latitude, r.Longitude = &lat, &lon
		}
	}
	if d := s.DeviceInfo; d != nil {
		r.DeviceName, r.DeviceID, r.OperatingSystem, r.Browser, r.TrustType = d.DeviceName, d.DeviceID, d.OS, d.Browser, d.TrustType
		r.IsCompliant, r.IsManaged = triPtr(d.Compliant), triPtr(d.Managed)
	}
	for _, p := range s.Policies {
		r.AppliedPolicies = append(r.AppliedPolicies, Policy{DisplayName: p.Name, Result: p.Result})
	}
	return r
}

// SignIn is the record as a sign-in again.
func (r Record) SignIn() graph.SignIn {
	s := graph.SignIn{
		ID: r.ID, Created: r.CreatedDateTime.UTC(), UserDisplayName: r.UserDisplayName, UPN: r.UserPrincipalName,
		UserID: r.UserID, App: r.AppDisplayName, AppID: r.AppID, Resource: r.ResourceDisplayName, ResourceID: r.ResourceID,
		ClientApp: r.ClientAppUsed, IP: r.IPAddress, FailureReason: r.FailureReason,
		StatusExtra: r.StatusAdditionalDetails, ConditionalAccess: r.ConditionalAccessStatus,
		RiskLevel: graph.RiskLevel(r.RiskLevelAggregated), RiskDuring: graph.RiskLevel(r.RiskLevelDuringSignIn),
		RiskState: graph.RiskState(r.RiskState), RiskDetail: r.RiskDetail, RiskEventTypes: r.RiskEventTypes,
		CorrelationID: r.CorrelationID, Interactive: fromPtr(r.IsInteractive),
		Place: &graph.Place{City: r.City, State: r.State, Country: r.CountryOrRegion},
		DeviceInfo: &graph.DeviceInfo{DeviceName: r.DeviceName, DeviceID: r.DeviceID, OS: r.OperatingSystem, Browser: r.Browser,
			TrustType: r.TrustType, Compliant: fromPtr(r.IsCompliant), Managed: fromPtr(r.IsManaged)},
	}
	if r.StatusErrorCode != nil {
		s.ErrorCode, s.HasStatus = *r.StatusErrorCode, true
	}
	if r.Latitude != nil && r.Longitude != nil {
		s.Latitude, s.Longitude, s.HasCoordinates = *r.Latitude, *r.Longitude, true
	}
	for _, p := range r.AppliedPolicies {
		s.Policies = append(s.Policies, graph.Policy{Name: p.DisplayName, Result: p.Result})
	}
	return s
}

func triPtr(t graph.Tri) *bool {
	switch t {
	case graph.Yes:
		v := true
		return &v
	case graph.No:
		v := false
		return &v
	}
	return nil
}

func fromPtr(b *bool) graph.Tri {
	switch {
	case b == nil:
		return graph.TriUnknown
	case *b:
		return graph.Yes
	}
	return graph.No
}

// Writer streams records in one format. Close finishes the document.
// Write writes a sign-in as it is; WriteRecord a record the caller filled
// further (the UI adds what its session decided).
type Writer interface {
	Write(s *graph.SignIn) error
	WriteRecord(r Record) error
	Close() error
}

// NewWriter starts a document on w.
func NewWriter(w io.Writer, f Format) (Writer, error) {
	switch f {
	case CSV:
		cw := csv.NewWriter(w)
		if err := cw.Write(columns()); err != nil {
			return nil, err
		}
		return &csvWriter{w: cw}, nil
	case JSON:
		if _, err := io.WriteString(w, "[\n"); err != nil {
			return nil, err
		}
		return &jsonWriter{w: w}, nil
	}
	return nil, fmt.Errorf("%q is not a format: use csv or json", f)
}

type jsonWriter struct {
	w     io.Writer
	wrote bool
}

func (j *jsonWriter) Write(s *graph.SignIn) error { return j.WriteRecord(FromSignIn(s)) }

func (j *jsonWriter) WriteRecord(r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	sep := "  "
	if j.wrote {
		sep = ",\n  "
	}
	j.wrote = true
	_, err = io.WriteString(j.w, sep+inertJSON(b))
	return err
}

// inertJSON is encoded JSON with every control, bidi, zero-width and
// other format character written as a \uXXXX escape (a surrogate pair
// above U+FFFF): encoding/json leaves U+202E, U+200B, DEL and the C1
// controls raw, and a file read with cat or less would draw them. Such
// runes occur only inside strings, where the escape decodes to the rune
// itself, so the document says exactly what it said.
func inertJSON(b []byte) string {
	var out strings.Builder
	out.Grow(len(b))
	for _, r := range string(b) {
		if r < 0x80 && r != 0x7f || !(unicode.IsControl(r) || sanitize.IsInvisible(r)) {
			out.WriteRune(r)
			continue
		}
		for _, unit := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&out, `\u%04x`, unit)
		}
	}
	return out.String()
}

func (j *jsonWriter) Close() error {
	end := "]\n"
	if j.wrote {
		end = "\n]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}

type csvWriter struct{ w *csv.Writer }

func (c *csvWriter) Write(s *graph.SignIn) error { return c.WriteRecord(FromSignIn(s)) }

func (c *csvWriter) WriteRecord(r Record) error {
	if err := c.w.Write(toRow(r)); err != nil {
		return err
	}
	c.w.Flush() // stream: nothing waits in a buffer for the next page
	return c.w.Error()
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// toRow writes a record as CSV cells, in the order of fields. CSV has no
// escapes, so a control, bidi or zero-width character (in an ID kept as
// Graph sent it, or a session's note) is written as its code point,
// \u202e, by sanitize.Visible: the cell is inert in a terminal and in a
// spreadsheet, and says what it held. The JSON export keeps it exactly.
func toRow(r Record) []string {
	fs := fields()
	row := make([]string, len(fs))
	for i, f := range fs {
		row[i] = Defuse(sanitize.Visible(f.cell(&r)))
	}
	return row
}

// Defuse keeps a spreadsheet from running a cell as a formula: sign-in
// data is attacker-controlled, and "=HYPERLINK(...)" in a display name is an
// old trick. A cell that starts with = + - @ (or a tab, or a quote) gets a
// leading quote, which ReadCSV removes again.
func Defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r'", rune(s[0])) {
		return "'" + s
	}
	return s
}
