package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// The details' sections that come from more than the sign-in itself: its
// risk detections and its user's current risk (read when the details
// settle, see riskreads.go), how the person authenticated (beta only) and
// the conditional access policies with their grant controls.

// focus starts the wait after which the details' reads go out, when the
// details are shown (again).
func (d *detailsScreen) focus() tea.Cmd {
	if d.ctx == nil {
		d.ctx, d.cancel = context.WithCancel(d.ses.ctx)
	}
	d.seq++
	return settleCmd(d.id, d.seq)
}

// receive starts the reads behind the details once they have stayed open
// on the same sign-in (the settle that focus started); a settle for a
// sign-in shown before is stale.
func (d *detailsScreen) receive(msg tea.Msg) tea.Cmd {
	settled, ok := msg.(detailsSettledMsg)
	s := d.ses.signInByID(settled.id)
	if !ok || d.id != settled.id || d.seq != settled.seq || s == nil || d.ctx == nil {
		return nil
	}
	return d.ses.risk.fetch(d.ctx, d.ses.graph, *s, d.ses.log.now())
}

// notReadText is what a read not asked for yet shows: the details have
// just opened.
const notReadText = "read from Identity Protection once the details stay open"

// waitingText is what a read in flight shows.
const waitingText = "loading… (Identity Protection allows one request a second per tenant, verdicts first)"

// riskEventLines is each risk event type with its meaning.
func riskEventLines(s *graph.SignIn) [][2]string {
	if len(s.RiskEventTypes) == 0 {
		return [][2]string{{"Risk events", "none"}}
	}
	var out [][2]string
	for i, e := range s.RiskEventTypes {
		label := ""
		if i == 0 {
			label = "Risk events"
		}
		out = append(out, [2]string{label, e + ": " + orText(graph.EventMeaning(e), "no meaning on file for this type.")})
		if check := graph.EventCheck(e); check != "" {
			out = append(out, [2]string{"", "check: " + check})
		}
	}
	return out
}

// detectionFields are the detections linked to the sign-in, as far as
// they have arrived.
func (ses *session) detectionFields(s *graph.SignIn) [][2]string {
	r := ses.risk.detections[s.ID]
	if text, pending := r.state(); pending {
		return [][2]string{{"Detections", text}}
	}
	var out [][2]string
	if len(r.value.List) == 0 {
		out = append(out, [2]string{"Detections", "none linked to this sign-in"})
	}
	for _, d := range r.value.List {
		out = append(out,
			[2]string{"Detection", orText(d.EventType, "unnamed") + ": " + orText(graph.EventMeaning(d.EventType), "no meaning on file for this type.")},
			[2]string{"", detectionText(d, s.Created)})
	}
	if more := moreDetectionsText(r.value); more != "" {
		out = append(out, [2]string{"", more})
	}
	if r.value.Note != "" {
		out = append(out, [2]string{"Note", r.value.Note})
	}
	return append(out, [2]string{"Read at", timeText(r.at)})
}

// moreDetectionsText says that Graph holds more detections than were
// read (graph.MaxDetections), and how many when Graph said; "" when it
// holds no more.
func moreDetectionsText(d graph.Detections) string {
	switch {
	case d.Unshown > 0:
		return fmt.Sprintf("%d more not shown: the details read up to %d", d.Unshown, graph.MaxDetections)
	case d.More:
		return fmt.Sprintf("more not shown: the details read up to %d", graph.MaxDetections)
	}
	return ""
}

// detectionText is a detection's timing, source, activity and state:
// "offline, by IdentityProtection, on the sign-in; detected 2026-11-24
// 09:17:03 UTC (3.3 h after); atRisk, high".
func detectionText(d graph.Detection, signedIn time.Time) string {
	parts := []string{orText(d.Timing, "timing unknown") + ", by " + orText(d.Source, "an unnamed source")}
	switch d.Activity {
	case "signin":
		parts[0] += ", on the sign-in"
	case "user":
		parts[0] += ", on the user"
	}
	detected := "detected " + orText(timeText(d.DetectedTime), "at an unknown time")
	if !d.DetectedTime.IsZero() && !signedIn.IsZero() {
		if after := d.DetectedTime.Sub(signedIn); after >= time.Minute {
			detected += " (" + durationText(after) + " after)"
		}
	}
	parts = append(parts, detected, orText(d.State, "state unknown")+", "+orText(d.Level, "level unknown"))
	return strings.Join(parts, "; ")
}

// state is what a read shows while it has no value: not asked yet, in
// flight, or failed; pending is false once it has one.
func (r *read[T]) state() (text string, pending bool) {
	switch {
	case r == nil:
		return notReadText, true
	case !r.done:
		return waitingText, true
	case r.err != nil:
		return failureText(r.err), true
	}
	return "", false
}

// failureText is a failed read as the details show it: what went wrong and
// what to do; a cloud without the read says so, without "couldn't".
func failureText(err error) string {
	var e *graph.Error
	if errors.As(err, &e) && e.Kind == graph.KindNotOffered {
		return e.Reason()
	}
	return "couldn't load: " + err.Error()
}

// userRiskFields is the user's current risk.
func (ses *session) userRiskFields(s *graph.SignIn) [][2]string {
	r := ses.risk.users[s.UserID]
	if s.UserID == "" {
		return [][2]string{{"Current risk", "unknown: the sign-in names no user ID"}}
	}
	if text, pending := r.state(); pending {
		return [][2]string{{"Current risk", text}}
	}
	if r.value.Never {
		return [][2]string{{"Current risk", "no risky-user record: never flagged (or a guest or purged account)"}}
	}
	u := r.value
	out := [][2]string{
		{"Current risk", orText(u.Level, "level unknown") + ", " + orText(u.State, "state unknown")},
		{"Risk detail", u.Detail},
		{"Last updated", timeText(u.Updated)},
	}
	if u.Processing {
		out = append(out, [2]string{"Processing", "yes: Identity Protection is still applying a change"})
	}
	if u.Deleted {
		out = append(out, [2]string{"Deleted", "yes: the user has been deleted"})
	}
	return append(out, [2]string{"Read at", timeText(r.at)})
}

// authFields is how the person authenticated; only the beta API says.
func authFields(s *graph.SignIn) [][2]string {
	a := s.Auth
	if a == nil {
		return [][2]string{{"Authentication", "the beta API adds the requirement, each step and the user agent (--api beta)"}}
	}
	out := [][2]string{{"Requirement", a.Requirement}}
	for i, st := range a.Steps {
		label := ""
		if i == 0 {
			label = "Steps"
		}
		text := orText(st.Method, "a method") + ": "
		switch st.Succeeded {
		case graph.Yes:
			text += "succeeded"
		case graph.No:
			text += "failed"
		default:
			text += "outcome unknown"
		}
		if st.Detail != "" {
			text += " (" + st.Detail + ")"
		}
		if !st.Time.IsZero() {
			text += " at " + st.Time.UTC().Format("15:04:05")
		}
		out = append(out, [2]string{label, text})
	}
	return append(out, [2]string{"User agent", a.UserAgent})
}

// policyFields is the conditional access status and each applied policy
// with its result and grant controls.
func policyFields(s *graph.SignIn) [][2]string {
	out := [][2]string{{"Status", s.ConditionalAccess}}
	for _, p := range s.Policies {
		text := orDashText(p.Name) + ": " + orDashText(p.Result)
		if p.Grant != "" {
			text += fmt.Sprintf(" (grant: %s)", p.Grant)
		}
		out = append(out, [2]string{"Policy", text})
	}
	if len(s.Policies) == 0 {
		out = append(out, [2]string{"Policies", ""})
	}
	return out
}

func orText(s, instead string) string {
	if s == "" {
		return instead
	}
	return s
}
