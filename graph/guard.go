package graph

import (
	"slices"
	"sync"
)

// Part is where a selected sign-in falls when a verdict is about to be
// sent: the guard that keeps a bulk verdict from landing on sign-ins that
// already have one, or from reversing one by accident.
type Part int

// The parts, in the order the confirm dialog lists them.
const (
	// PartOpen: still at risk, and no verdict remembered: the verdict is
	// for it.
	PartOpen Part = iota
	// PartNeverFlagged: Graph never flagged it (risk state none). Confirm
	// safe may mark it (Microsoft documents that); such sign-ins go in
	// batches of their own, so a refusal does not take risky ones down.
	PartNeverFlagged
	// PartDecided: it already carries a verdict, in Graph's risk state or
	// in what this tenant's journal remembers: left out.
	PartDecided
	// PartConflict: it carries a verdict this one contradicts (safe after
	// compromised, or the reverse): left out, and called out.
	PartConflict
	// PartUnknown: not loaded and nothing remembered, or a risk state
	// signin-triage does not know: left out (fail closed).
	PartUnknown
)

// String names the part as the dialog and the status pane say it.
func (p Part) String() string {
	return [...]string{"open", "never flagged", "already decided", "in conflict with an earlier verdict", "unknown"}[p]
}

// Sent reports whether a part is sent unless the analyst includes the
// left-out ones.
func (p Part) Sent() bool { return p == PartOpen || p == PartNeverFlagged }

// PartOf says where a sign-in falls for verdict v. prior is the verdict
// the journal (or this session) remembers Graph accepting for it, "" for
// none; state and loaded are its risk state as listed, if it is loaded.
// The remembered verdict counts first: Graph applies verdicts late, and a
// reload resets rows to what Graph says at the time.
func (vs Verdicts) PartOf(v Verdict, prior string, state RiskState, loaded bool) Part {
	if prior != "" {
		if slices.Contains(v.Conflicts, prior) {
			return PartConflict
		}
		return PartDecided
	}
	if !loaded {
		return PartUnknown
	}
	switch state {
	case RiskStateAtRisk:
		return PartOpen
	case RiskStateNone:
		if v.NeverFlagged {
			return PartNeverFlagged
		}
		return PartDecided // nothing to dismiss
	case RiskStateRemediated:
		return PartDecided
	}
	for _, other := range vs {
		if other.State == state {
			if slices.Contains(v.Conflicts, other.Name) {
				return PartConflict
			}
			return PartDecided
		}
	}
	return PartUnknown
}

// Memory is what Graph accepted, by sign-in ID: the last verdict each
// sign-in received. It starts from the journal's accepted outcomes (this
// tenant, the last 90 days) and learns every verdict accepted since. It is
// safe for concurrent use: the dispatcher writes, the UI reads.
type Memory struct {
	mu      sync.Mutex
	verdict map[string]string
}

// NewMemory starts a memory from what the journal remembers.
func NewMemory(accepted map[string]string) *Memory {
	m := &Memory{verdict: make(map[string]string, len(accepted))}
	for id, v := range accepted {
		m.verdict[id] = v
	}
	return m
}

// Verdict is the last verdict remembered for id, "" for none.
func (m *Memory) Verdict(id string) string {
	if m == nil {
		return ""
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.verdict[id]
}

func (m *Memory) remember(v Verdict, ids []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		m.verdict[id] = v.Name
	}
}
