package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/signin-triage/signin-triage/graph"
)

// The details open with a summary of the facts that decide "is this
// sign-in really an attack?", one short line each, sized to stay on the
// first screen at 80x24: who, where (the named location, and what is new
// for the user once U has read their log), how it ended and whether the
// password was verified, the detections with their meaning, the travel
// from the sign-in before, the device, and conditional access. Every
// field follows below it.

// summaryLabelWidth is the summary's label column: narrower than the
// sections' so its values keep to a line.
const summaryLabelWidth = 12

// summarySection is the summary as a section of the details.
func (ses *session) summarySection(s *graph.SignIn) detailSection {
	mine, log, read := ses.userHistory(s)
	fields := [][2]string{
		{"Who", whoText(s)},
		{"Where", ses.whereText(s, log, read)},
		{"Ended", endedText(s)},
	}
	for i, line := range ses.detectionLines(s) {
		label := ""
		if i == 0 {
			label = "Detections"
		}
		fields = append(fields, [2]string{label, line})
	}
	return detailSection{"Summary", append(fields,
		[2]string{"Travel", travelSummary(mine, s, read)},
		[2]string{"Device", deviceSummary(mine, s, read)},
		[2]string{"Access", accessText(s)},
	)}
}

// userHistory is the user's other sign-ins the details can compare with:
// their log once U has read it (read), else the loaded rows.
func (ses *session) userHistory(s *graph.SignIn) (mine []graph.SignIn, log readLog, read bool) {
	log, read = ses.userLogs[s.UserID]
	if read {
		return log.rows, log, true
	}
	for i := range ses.table.rows {
		if o := &ses.table.rows[i]; o.UserKey() == s.UserKey() && o.ID != s.ID {
			mine = append(mine, *o)
		}
	}
	return mine, log, false
}

func whoText(s *graph.SignIn) string {
	switch {
	case s.UserDisplayName != "" && s.UPN != "" && s.UserDisplayName != s.UPN:
		return s.UserDisplayName + " · " + s.UPN
	case s.UPN != "":
		return s.UPN
	}
	return orDashText(s.UserDisplayName)
}

// whereText is the IP and place, the named location (or none), and,
// once U has read the user's log, what is new in it for the user.
func (ses *session) whereText(s *graph.SignIn, log readLog, read bool) string {
	parts := []string{orDashText(s.IP) + " · " + orDashText(s.Location())}
	switch mark := netMarkText(s); {
	case mark != "" && s.Net.Trusted:
		parts = append(parts, mark+" (trusted)")
	case mark != "":
		parts = append(parts, mark+" (named, not trusted)")
	case s.Net != nil:
		parts = append(parts, "no named location")
	case ses.nets.err != nil:
		parts = append(parts, "named locations not read")
	}
	b := newBaseline(log.rows, s)
	switch news := b.firstTimes(s); {
	case !read:
		// what is new is known once U has read the user's log: Travel
		// and Device say so
	case b.before == 0:
		parts = append(parts, "no usual sign-in to compare")
	case len(news) > 0:
		parts = append(parts, strings.Join(news, ", "))
	default:
		parts = append(parts, "nothing new for the user")
	}
	return strings.Join(parts, " · ")
}

// endedText is the result and its code, the password and MFA, short.
func endedText(s *graph.SignIn) string {
	res := s.Result().String()
	if code := s.CodeText(); s.Result() != graph.ResultSuccess && code != "" {
		res += " " + code
	}
	pw := map[graph.Password]string{graph.PasswordVerified: "password verified", graph.PasswordNotVerified: "password not verified (wrong)"}[s.Password()]
	if pw == "" {
		pw = "password: can't tell"
	}
	text := res + " · " + pw + " · " + mfaShort(s)
	if short, legacy := graph.LegacyClient(s.ClientApp); legacy {
		text += " · legacy " + short + ": no MFA possible"
	}
	return text
}

func mfaShort(s *graph.SignIn) string {
	switch s.MFA() {
	case graph.MFAPassed:
		return "MFA passed"
	case graph.MFAToken:
		return "MFA only from a token's claim"
	case graph.MFARequired:
		return "MFA required, not done"
	case graph.MFAFailed:
		return "MFA failed or denied"
	case graph.MFANone:
		return "single-factor"
	}
	return "MFA: not said"
}

// detectionLines are the risk detections with their meanings: those
// Identity Protection linked to the sign-in once read, else the sign-in's
// own risk event types.
func (ses *session) detectionLines(s *graph.SignIn) []string {
	types := s.RiskEventTypes
	if r := ses.risk.detections[s.ID]; r != nil && r.done && r.err == nil && len(r.value.List) > 0 {
		types = nil
		for _, d := range r.value.List {
			if !slices.Contains(types, d.EventType) {
				types = append(types, d.EventType)
			}
		}
	}
	if len(types) == 0 {
		return []string{"none"}
	}
	out := make([]string, 0, min(len(types), maxSummaryDetections+1))
	for i, e := range types {
		if i == maxSummaryDetections && len(types) > i+1 {
			out = append(out, fmt.Sprintf("and %d more, below", len(types)-i))
			break
		}
		out = append(out, e+": "+orText(afterTitle(graph.EventMeaning(e)), "no meaning on file for this type."))
	}
	return out
}

// maxSummaryDetections is how many detections the summary spells out,
// so that it stays on the first screen; the rest are counted.
const maxSummaryDetections = 3

// afterTitle drops a meaning's leading title ("Anonymous IP address: "),
// which the type's own name says already.
func afterTitle(meaning string) string {
	if _, rest, ok := strings.Cut(meaning, ": "); ok {
		return rest
	}
	return meaning
}

// travelSummary is the travel from the user's sign-in before this one.
func travelSummary(mine []graph.SignIn, s *graph.SignIn, read bool) string {
	prev := previousOf(mine, s)
	switch {
	case prev == nil && read:
		return "no earlier sign-in in the user's log"
	case prev == nil:
		return "not known yet: U reads the user's log"
	}
	text := travelText(prev, s) + " from " + orDashText(prev.Location())
	if !read {
		text += " (loaded rows; U reads the log)"
	}
	return text
}

// deviceSummary is whether the tenant knows the device, and where else
// the user signed in on it.
func deviceSummary(mine []graph.SignIn, s *graph.SignIn, read bool) string {
	d := deviceOf(s)
	if d.DeviceID == "" {
		return "unregistered (no device ID): " + orDashText(d.OS) + " · " + orDashText(d.Browser)
	}
	var trust []string
	if d.Compliant == graph.Yes {
		trust = append(trust, "compliant")
	}
	if d.Managed == graph.Yes {
		trust = append(trust, "managed")
	}
	text := "registered"
	if len(trust) > 0 {
		text = strings.Join(trust, ", ")
	}
	n, places := sameDevice(mine, s)
	places = atMost(places, 3)
	switch {
	case n > 0 && read:
		text += "; on " + plural(n, "other sign-in") + " of the user, from " + strings.Join(places, "; ")
	case n > 0:
		text += "; on " + plural(n, "other loaded sign-in") + " of the user, from " + strings.Join(places, "; ")
	case read:
		text += "; on no other sign-in in the user's log"
	default:
		text += "; U reads the user's log for it"
	}
	return text
}

// accessText is the conditional access result and the policies that
// applied (success or failure).
func accessText(s *graph.SignIn) string {
	var applied []string
	for _, p := range s.Policies {
		if p.Result == "success" || p.Result == "failure" {
			applied = append(applied, orDashText(p.Name)+" ("+p.Result+")")
		}
	}
	status := orDashText(s.ConditionalAccess)
	if len(applied) == 0 {
		return status + ": no policy applied"
	}
	return status + ": " + strings.Join(atMost(applied, 2), "; ")
}

// atMost keeps the first n of list and counts the rest ("and 2 more,
// below"), so that a summary line stays short.
func atMost(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(slices.Clip(list[:n]), fmt.Sprintf("and %d more, below", len(list)-n))
}
