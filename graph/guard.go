package graph

import (
	"slices"
	"strings"
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

// SentAt reports whether a sign-in in part p is sent when the analyst
// included the left-out ones include times: 0, the open and never-flagged
// only; 1, also the decided and the unknown (in doubt included); 2, also
// those in conflict, reversing their verdicts. This is the guard's one
// rule, for the UI's dialog, the dispatcher and the headless commands.
func (p Part) SentAt(include int) bool {
	switch p {
	case PartOpen, PartNeverFlagged:
		return true
	case PartDecided, PartUnknown:
		return include >= 1
	}
	return include >= 2
}

// CanonicalID is the form in which sign-in IDs are compared: a GUID in
// lower case, whatever case it was written in; anything else as it is.
// IDs are sent in the form Graph listed them (or, given by hand, this one).
func CanonicalID(id string) string {
	if !isGUID(id) {
		return id
	}
	return strings.ToLower(id)
}

// isGUID reports 8-4-4-4-12 hexadecimal digits.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// IsSignInID reports whether id looks like a sign-in ID: a GUID.
func IsSignInID(id string) bool { return isGUID(id) }

// Memory is what Graph accepted, by sign-in ID (compared as CanonicalID):
// the last verdict each sign-in received, and the requests whose outcome
// is in doubt (the reply never came, the program stopped with it in
// flight). It starts from the journal, for this tenant over the last 90
// days, and learns every outcome since. The tenant is known by its ID once
// Graph names it (UseTenant): the journal's records carry it, so that
// --tenant organizations, the domain and the GUID share one memory. It is
// safe for concurrent use: the dispatcher writes, the UI reads.
type Memory struct {
	mu sync.Mutex
	// load gives the journal's memory for a tenant ID ("" before it is
	// known); nil when there is no journal to remember from.
	load   func(tenantID string) Recall
	tenant string
	// base is what the journal remembers; learned what this session
	// learned, which counts first.
	base, learned memo
}

// memo is one layer of the memory.
type memo struct {
	verdict map[string]string // MemoryKey -> the action's name
	doubt   map[string]string // MemoryKey -> the request in doubt, in words
	// signIns are, by user ID, the sign-ins verdicts were sent for that
	// named that user (Recall.Users).
	signIns map[string][]string
	// failed is why the last request of a user action failed, by
	// FailureKey, until one is accepted.
	failed map[string]string
}

// Recall is what the journal remembers of a tenant.
type Recall struct {
	// Accepted is the last action Graph accepted, by MemoryKey (a sign-in
	// ID; a user ID, or "sessions " and a user ID).
	Accepted map[string]string
	// Doubted names the request whose outcome is in doubt, by MemoryKey.
	Doubted map[string]string
	// Users are the users of sign-ins verdicts were sent for, by sign-in
	// ID, where the verdict's record named them.
	Users map[string]string
	// Failed is why the last request for a user action failed, by
	// FailureKey, where none was accepted since.
	Failed map[string]string
}

func newMemo(r Recall) memo {
	m := memo{verdict: make(map[string]string, len(r.Accepted)), doubt: make(map[string]string, len(r.Doubted)),
		signIns: map[string][]string{}, failed: map[string]string{}}
	for key, why := range r.Failed {
		m.failed[key] = why
	}
	for key, v := range r.Accepted {
		m.verdict[CanonicalID(key)] = v
	}
	for id, d := range r.Doubted {
		m.doubt[CanonicalID(id)] = d
	}
	for signIn, user := range r.Users {
		m.link(signIn, user)
	}
	return m
}

// link remembers that the sign-in is the user's.
func (m memo) link(signIn, user string) {
	if user == "" {
		return
	}
	user, signIn = CanonicalID(user), CanonicalID(signIn)
	if !slices.Contains(m.signIns[user], signIn) {
		m.signIns[user] = append(m.signIns[user], signIn)
	}
}

// NewMemory starts a memory from actions remembered accepted, by MemoryKey
// or ID.
func NewMemory(accepted map[string]string) *Memory {
	return &Memory{base: newMemo(Recall{Accepted: accepted}), learned: newMemo(Recall{})}
}

// NewMemoryFrom starts a memory from load, asked now for the tenant not
// yet known by its ID, and again once UseTenant names it.
func NewMemoryFrom(load func(tenantID string) Recall) *Memory {
	m := &Memory{load: load, learned: newMemo(Recall{})}
	m.base = newMemo(load(""))
	return m
}

// SignInsOf are the sign-ins of the user that verdicts were sent for, as
// the journal and this session recorded them.
func (m *Memory) SignInsOf(user string) []string {
	if m == nil {
		return nil
	}
	user = CanonicalID(user)
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.base.signIns[user])
	for _, s := range m.learned.signIns[user] {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Link remembers the users of sign-ins a verdict is sent for (users[i]
// is the user of ids[i], "" when not known).
func (m *Memory) Link(ids, users []string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, id := range ids {
		if i < len(users) {
			m.learned.link(id, users[i])
		}
	}
}

// UseTenant says which tenant, by ID, the memory is of: the journal's
// records of that tenant count, whatever --tenant text they were sent
// with.
func (m *Memory) UseTenant(id string) {
	if m == nil || id == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tenant == id {
		return
	}
	m.tenant = id
	if m.load != nil {
		m.base = newMemo(m.load(id))
	}
}

// Tenant is the tenant's ID once known, "" before.
func (m *Memory) Tenant() string {
	if m == nil {
		return ""
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.tenant
}

// Verdict is the last verdict remembered accepted for id, "" for none.
func (m *Memory) Verdict(id string) string {
	if m == nil {
		return ""
	}
	id = CanonicalID(id)
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.learned.verdict[id]; ok {
		return v
	}
	return m.base.verdict[id]
}

// Doubt names the request whose outcome is in doubt for id ("dismiss sent
// 2026-12-04 17:40 UTC (r7), outcome unknown"), "" when none is.
func (m *Memory) Doubt(id string) string {
	if m == nil {
		return ""
	}
	id = CanonicalID(id)
	m.mu.Lock()
	defer m.mu.Unlock()
	if d, ok := m.learned.doubt[id]; ok {
		return d
	}
	if _, ok := m.learned.verdict[id]; ok {
		return ""
	}
	return m.base.doubt[id]
}

// InDoubt remembers that request, in words, may or may not have given ids
// a verdict.
func (m *Memory) InDoubt(request string, ids []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		m.learned.doubt[CanonicalID(id)] = request
	}
}

func (m *Memory) remember(v Verdict, ids []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		key := MemoryKey(v.Name, id)
		m.learned.verdict[key] = v.Name
		delete(m.learned.doubt, key)
		m.learned.failed[FailureKey(v.Name, id)] = "" // a failure the journal remembers is past too
	}
}

// fail remembers why a request of v failed for ids.
func (m *Memory) fail(v Verdict, ids []string, why string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		m.learned.failed[FailureKey(v.Name, id)] = why
	}
}

// compromised says that a compromise was confirmed on a sign-in of each
// of users since anything else the memory holds: a dismissal of the
// user's risk before it no longer stands for the user (the guard then
// treats dismissing the user as reversing the compromise, and the user is
// to follow up again).
func (m *Memory) compromised(users []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range users {
		if u == "" {
			continue
		}
		key := MemoryKey(ActionDismissUserRisk, u)
		v, ok := m.learned.verdict[key]
		if !ok {
			v = m.base.verdict[key]
		}
		if v == ActionDismissUserRisk {
			m.learned.verdict[key] = "" // superseded
		}
	}
}

// Failed is why the last request of the user action named action failed
// for user id, "" when none did or one was accepted since.
func (m *Memory) Failed(action, id string) string {
	if m == nil {
		return ""
	}
	key := FailureKey(action, id)
	m.mu.Lock()
	defer m.mu.Unlock()
	if why, ok := m.learned.failed[key]; ok {
		return why // "" once one was accepted this session
	}
	return m.base.failed[key]
}

// linkedUsers are the users the memory knows sign-ins of.
func (m *Memory) linkedUsers() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, layer := range []memo{m.base, m.learned} {
		for u := range layer.signIns {
			if !slices.Contains(out, u) {
				out = append(out, u)
			}
		}
	}
	slices.Sort(out)
	return out
}
