package filter

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/signin-triage/signin-triage/graph"
)

// Field is a name a term may be limited to ("ip" in "ip:185.") and the
// values of a sign-in it looks in. Fields is the one list of them: the
// parser, the error that names them, the input's placeholder and the help
// all range over it.
type Field struct {
	Name string
	// Example is a term that shows the field in use, for the placeholder;
	// empty leaves the field out of the examples.
	Example string
	// Values, when the field has them, are the only words it takes: a
	// value that is in none of them is an error, not a term that quietly
	// matches nothing (or, negated, everything).
	Values []string
	// byStart says a value matches the Values it starts (pw:v is
	// verified), not those it is anywhere in: pw:erified matches nothing,
	// so it is refused rather than kept, negated, as keeping every row.
	byStart bool
	// match reports whether a value of the field contains sub (lowercase).
	match func(s *graph.SignIn, sub string) bool
	// compile, when set, turns a term's value into its own test, once, at
	// parse time, or says why the value cannot match (country names).
	compile func(value string) (func(s *graph.SignIn) bool, error)
}

// Fields is every field, in the order help lists them.
func Fields() []Field {
	return []Field{
		{Name: "user", Example: "user:adele", match: func(s *graph.SignIn, v string) bool {
			return containsFold(s.UPN, v) || containsFold(s.UserDisplayName, v)
		}},
		{Name: "app", match: func(s *graph.SignIn, v string) bool { return containsFold(s.App, v) }},
		{Name: "ip", Example: "ip:185.", match: func(s *graph.SignIn, v string) bool { return containsFold(s.IP, v) }},
		{Name: "country", match: func(s *graph.SignIn, v string) bool { return containsFold(s.Country, v) }, compile: countryTerm},
		{Name: "net", Example: "net:trusted", Values: netWords, byStart: true, match: netIs},
		{Name: "city", match: func(s *graph.SignIn, v string) bool { return containsFold(s.City, v) }},
		{Name: "risk", Example: "!risk:low", Values: []string{"none", "low", "medium", "high", "hidden", "unknownfuturevalue"},
			match: func(s *graph.SignIn, v string) bool { return containsFold(string(s.RiskLevel), v) }},
		{Name: "state", Values: []string{"none", "atrisk", "confirmedsafe", "remediated", "dismissed", "confirmedcompromised", "unknownfuturevalue"},
			match: func(s *graph.SignIn, v string) bool { return containsFold(string(s.RiskState), v) }},
		{Name: "event", match: func(s *graph.SignIn, v string) bool {
			return slices.ContainsFunc(s.RiskEventTypes, func(e string) bool { return containsFold(e, v) })
		}},
		{Name: "os", match: func(s *graph.SignIn, v string) bool { return containsFold(s.OS, v) }},
		{Name: "browser", match: func(s *graph.SignIn, v string) bool { return containsFold(s.Browser, v) }},
		{Name: "client", Example: "client:legacy", match: clientIs},
		{Name: "device", Values: deviceWords, byStart: true, match: deviceIs},
		{Name: "interactive", Values: []string{"yes", "no", "true", "false"}, byStart: true, match: interactiveIs},
		{Name: "mfa", Values: mfaWords(), byStart: true,
			match: func(s *graph.SignIn, v string) bool { return strings.HasPrefix(string(s.MFA()), v) }},
		{Name: "result", Example: "result:success", Values: []string{"success", "interrupted", "failure", "unknown"},
			match: func(s *graph.SignIn, v string) bool { return containsFold(s.Result().String(), v) }},
		{Name: "code", match: func(s *graph.SignIn, v string) bool { return codeHasPrefix(s, v) }},
		{Name: "pw", Example: "pw:verified", Values: []string{"verified", "not-verified", "cant-tell"}, byStart: true,
			match: func(s *graph.SignIn, v string) bool { return passwordIs(s, v) }},
	}
}

// FieldNames lists the fields' names, comma-separated.
func FieldNames() string {
	fs := Fields()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// Placeholder is what the empty filter input shows: a few terms and the
// fields.
func Placeholder() string {
	examples := []string{"teams"}
	for _, f := range Fields() {
		if f.Example != "" {
			examples = append(examples, f.Example)
		}
	}
	return strings.Join(examples, " ") + " (fields: " + strings.ReplaceAll(FieldNames(), ",", "") + ")"
}

// field finds a field by name, ignoring case.
func field(name string) (Field, bool) {
	fs := Fields()
	i := slices.IndexFunc(fs, func(f Field) bool { return strings.EqualFold(f.Name, name) })
	if i < 0 {
		return Field{}, false
	}
	return fs[i], true
}

// maxCodeLen is the length of a country code (ISO 3166-1 alpha-2, as
// Graph gives countryOrRegion): country: with a value up to that long
// looks in the code, longer in the country's English name.
const maxCodeLen = 2

// countryTerm is country:'s test. "md" or "m" is a part of a code, as
// Graph gives it; "moldova" or "mold" a part of a country's English name
// (CLDR's, through x/text), resolved once here to the codes it names. A
// name that names no country is an error rather than a term that
// matches nothing.
func countryTerm(value string) (func(s *graph.SignIn) bool, error) {
	if len(value) <= maxCodeLen {
		return func(s *graph.SignIn) bool { return containsFold(s.Country, value) }, nil
	}
	var codes []string
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code {
				continue
			}
			if strings.Contains(strings.ToLower(names.Name(r)), value) {
				codes = append(codes, code)
			}
		}
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("country:%s names no country: give a part of its English name (moldova) or its two-letter code (md)", value)
	}
	return func(s *graph.SignIn) bool {
		return slices.ContainsFunc(codes, func(c string) bool { return strings.EqualFold(c, s.Country) })
	}, nil
}

// netWords are net:'s values.
var netWords = []string{"trusted", "named", "none"}

// netIs reports whether the sign-in's IP is where one of the words v
// starts says, by the tenant's named locations (graph.Network): trusted,
// named (trusted or not), or none; net:n is named or none, as device:
// and the other fields taken by their start match any word they start.
// A sign-in whose network is not known (the named locations not read) is
// none of them. An empty value is a word half typed: it matches all.
func netIs(s *graph.SignIn, v string) bool {
	if v == "" {
		return true
	}
	for _, w := range netWords {
		if !strings.HasPrefix(w, v) {
			continue
		}
		switch {
		case w == "trusted" && s.Net.Named() && s.Net.Trusted,
			w == "named" && s.Net.Named(),
			w == "none" && s.Net != nil && !s.Net.Named():
			return true
		}
	}
	return false
}

// deviceWords are device:'s values: compliant and managed as Intune or
// the tenant report them, unknown for a device the tenant does not know
// (no device ID: not registered or joined).
var deviceWords = []string{"compliant", "managed", "unknown"}

// deviceIs reports whether the sign-in's device is what one of the words
// v starts says: device:c is compliant, device:m managed.
func deviceIs(s *graph.SignIn, v string) bool {
	if s.DeviceInfo == nil {
		return strings.HasPrefix("unknown", v)
	}
	for _, w := range deviceWords {
		if !strings.HasPrefix(w, v) {
			continue
		}
		switch {
		case w == "compliant" && s.Compliant == graph.Yes,
			w == "managed" && s.Managed == graph.Yes,
			w == "unknown" && s.DeviceID == "":
			return true
		}
	}
	return false
}

// interactiveIs reports whether the sign-in is interactive as the word v
// starts says: yes or true, no or false.
func interactiveIs(s *graph.SignIn, v string) bool {
	// Any word v starts, as the other fields taken by their start: a
	// value typed on (interactive:, :n, :no) only ever narrows.
	if v == "" {
		return true
	}
	yes := strings.HasPrefix("yes", v) || strings.HasPrefix("true", v)
	no := strings.HasPrefix("no", v) || strings.HasPrefix("false", v)
	return yes && s.Interactive == graph.Yes || no && s.Interactive == graph.No
}

// mfaWords are mfa:'s values (graph.MFA, docs/graph.md "MFA").
func mfaWords() []string {
	var out []string
	for _, m := range graph.MFAs() {
		out = append(out, string(m))
	}
	return out
}

// clientIs reports whether the sign-in's client app contains v, or, for
// client:legacy (or its start), whether it is a legacy authentication
// protocol (graph.LegacyClient).
func clientIs(s *graph.SignIn, v string) bool {
	if containsFold(s.ClientApp, v) {
		return true
	}
	_, legacy := graph.LegacyClient(s.ClientApp)
	return legacy && strings.HasPrefix("legacy", v)
}
