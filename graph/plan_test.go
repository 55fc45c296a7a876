package graph

import (
	"slices"
	"strings"
	"testing"
)

// TestPlanIsTheGuardsOneRule: what each include level adds, IDs compared
// as GUIDs in any case, requests in doubt left out until included (and
// named), never-flagged sign-ins apart, repeats once.
func TestPlanIsTheGuardsOneRule(t *testing.T) {
	vs := StandardVerdicts()
	safe, _ := vs.Named("confirmSafe")
	const (
		open     = "0000000a-0000-4000-8000-000000000001"
		never    = "0000000a-0000-4000-8000-000000000002"
		decided  = "0000000a-0000-4000-8000-000000000003"
		conflict = "0000000a-0000-4000-8000-00000000a11c"
		doubted  = "0000000a-0000-4000-8000-000000000005"
		unlisted = "0000000a-0000-4000-8000-000000000006"
	)
	mem := NewMemory(map[string]string{conflict: "confirmCompromised", decided: "dismiss"})
	mem.InDoubt("dismiss sent at 17:40:05 UTC with no reply", []string{doubted})
	listed := func(id string, st RiskState) PlanItem {
		return PlanItem{ID: id, SignIn: &SignIn{ID: id, RiskState: st}}
	}
	items := []PlanItem{
		listed(open, RiskStateAtRisk), listed(never, RiskStateNone), listed(decided, RiskStateAtRisk),
		listed(strings.ToUpper(conflict), RiskStateAtRisk), listed(doubted, RiskStateAtRisk), {ID: unlisted},
		listed(strings.ToUpper(open), RiskStateAtRisk), // the same sign-in again
	}
	for _, tt := range []struct {
		include    int
		send, left []string
	}{
		{0, []string{open}, []string{decided, strings.ToUpper(conflict), doubted, unlisted}},
		{1, []string{open, decided, doubted, unlisted}, []string{strings.ToUpper(conflict)}},
		{2, []string{open, decided, strings.ToUpper(conflict), doubted, unlisted}, nil},
	} {
		p := vs.NewPlan(PlanInput{Verdict: safe, Include: tt.include, Items: items, Memory: mem, Unlisted: PartUnknown})
		var left []string
		for _, part := range p.Left {
			for _, it := range part {
				left = append(left, it.ID)
			}
		}
		slices.Sort(left)
		want := slices.Sorted(slices.Values(tt.left))
		if !slices.Equal(p.Send, tt.send) || !slices.Equal(p.Separate, []string{never}) || !slices.Equal(left, want) {
			t.Errorf("include %d: sends %v and %v, leaves out %v; want %v, [%s], %v", tt.include, p.Send, p.Separate, left, tt.send, never, want)
		}
		if p.Duplicates != 1 {
			t.Errorf("include %d: %d duplicates, want the upper-case repeat", tt.include, p.Duplicates)
		}
		if !slices.Equal(p.Doubts, []string{"dismiss sent at 17:40:05 UTC with no reply"}) {
			t.Errorf("include %d: doubts %v", tt.include, p.Doubts)
		}
		if len(p.Sent) != len(p.Send)+len(p.Separate) || p.Sent[len(p.Sent)-1].ID != never {
			t.Errorf("include %d: Sent %v does not end with the never-flagged one", tt.include, p.Sent)
		}
	}
	// The parts, by name.
	p := vs.NewPlan(PlanInput{Verdict: safe, Items: items, Memory: mem, Unlisted: PartUnknown})
	if len(p.Left[PartConflict]) != 1 || len(p.Left[PartDecided]) != 1 || len(p.Left[PartUnknown]) != 2 {
		t.Errorf("left %+v", p.Left)
	}
	// A script's IDs (unlisted as open) are sent unless remembered.
	p = vs.NewPlan(PlanInput{Verdict: safe, Items: []PlanItem{{ID: unlisted}, {ID: strings.ToUpper(conflict)}}, Memory: mem, Unlisted: PartOpen})
	if !slices.Equal(p.Send, []string{unlisted}) || len(p.Left[PartConflict]) != 1 {
		t.Errorf("a script's IDs: sends %v, left %+v", p.Send, p.Left)
	}
}

// TestABreakdownWarnsAgainstTheVerdict: dismiss and confirm safe warn of
// the right password; confirm compromised of a wrong one.
func TestABreakdownWarnsAgainstTheVerdict(t *testing.T) {
	vs := StandardVerdicts()
	var b Breakdown
	code := func(c int32, user string) *SignIn {
		return &SignIn{HasStatus: true, ErrorCode: c, UserID: user}
	}
	b.Add(code(0, "a"))
	b.Add(code(50074, "b"))
	b.Add(code(50126, "c"))
	b.Add(code(50126, "d"))
	b.Add(code(50053, "e"))
	b.Add(&SignIn{})
	b.Add(nil)
	if got := b.Text(); got != "1 succeeded, 1 right password then stopped, 2 wrong password, 1 ended otherwise, 2 ended unknown" {
		t.Errorf("text %q", got)
	}
	for name, want := range map[string]string{
		"dismiss":            "2 had the right password: dismissing says the attacker did not get in.",
		"confirmSafe":        "2 had the right password: confirming safe says it was the user.",
		"confirmCompromised": "2 had a wrong password: confirming raises 2 users to high risk.",
	} {
		v, _ := vs.Named(name)
		if w := b.Warnings(v); len(w) != 1 || !strings.HasPrefix(w[0], want) {
			t.Errorf("%s warns %q, want %q", name, w, want)
		}
	}
}

// TestASignInListedTwiceKeepsTheStricterPart: one GUID listed twice, in
// two cases, at risk once and confirmed compromised once: confirm safe
// leaves it out as in conflict, and counts the repeat.
func TestASignInListedTwiceKeepsTheStricterPart(t *testing.T) {
	vs := StandardVerdicts()
	safe, _ := vs.Named("confirmSafe")
	const id = "0000000a-0000-4000-8000-0000000000ab"
	items := []PlanItem{
		{ID: strings.ToUpper(id), SignIn: &SignIn{RiskState: RiskStateAtRisk}},
		{ID: id, SignIn: &SignIn{RiskState: RiskStateConfirmedCompromised}},
	}
	p := vs.NewPlan(PlanInput{Verdict: safe, Items: items, Memory: NewMemory(nil), Unlisted: PartUnknown})
	if len(p.Send) != 0 || len(p.Left[PartConflict]) != 1 || p.Duplicates != 1 {
		t.Errorf("sends %v, left %+v, %d duplicates", p.Send, p.Left, p.Duplicates)
	}
	p = vs.NewPlan(PlanInput{Verdict: safe, Include: 2, Items: items, Memory: NewMemory(nil), Unlisted: PartUnknown})
	if !slices.Equal(p.Send, []string{strings.ToUpper(id)}) {
		t.Errorf("included twice, sends %v", p.Send)
	}
}

// TestPlanLeavesOutOverlongIDs: an ID longer than Graph issues is in no
// part of the plan but Unsendable, at every include level.
func TestPlanLeavesOutOverlongIDs(t *testing.T) {
	vs := StandardVerdicts()
	safe, _ := vs.Named("confirmSafe")
	const open = "0000000a-0000-4000-8000-000000000001"
	long := open + strings.Repeat("0", MaxIDLength)
	for include := range 3 {
		p := vs.NewPlan(PlanInput{Verdict: safe, Include: include, Memory: NewMemory(nil), Unlisted: PartOpen,
			Items: []PlanItem{{ID: long}, {ID: open}}})
		if !slices.Equal(p.IDs(), []string{open}) || len(p.Unsendable) != 1 || p.Unsendable[0].ID != long || p.LeftOut() != 0 {
			t.Errorf("include %d: sends %d IDs, %d unsendable, %d left out", include, len(p.IDs()), len(p.Unsendable), p.LeftOut())
		}
	}
}
