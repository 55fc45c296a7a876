package filter

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/signin-triage/signin-triage/graph"
)

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
