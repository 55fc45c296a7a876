package journal

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// PathIn is where a state directory keeps the journal. The demo keeps its
// own, so that simulated actions never mix with real ones. An empty
// directory keeps none.
func PathIn(stateDir string, demo bool) string {
	switch {
	case stateDir == "":
		return ""
	case demo:
		return filepath.Join(stateDir, "journal-demo.jsonl")
	}
	return filepath.Join(stateDir, "journal.jsonl")
}

// Where is what every record of a session says about where it was sent
// from: the tenant, the cloud, and who signed in (asked at each record, as
// a sign-in can happen during the session).
type Where struct {
	Tenant, Cloud string
	Operator      func() string
	// TenantID is the tenant's ID once Graph named it, "" before.
	TenantID func() string
}

// OpenSession opens the journal at path for a session and reports, once,
// each request an earlier run sent without recording how it ended: the
// notices say what it was and what to do. Reported requests are recorded
// as unknown, so the next start does not report them again.
func OpenSession(path string, where Where) (*Journal, []string, error) {
	j, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	j.Tenant, j.Cloud, j.Operator, j.TenantID = where.Tenant, where.Cloud, where.Operator, where.TenantID
	recs, err := ReadFile(path)
	if err != nil {
		j.Close()
		return nil, nil, err
	}
	j.past = recs
	var notices []string
	if j.gap != nil {
		// Recording the pending requests as unknown would seal the head
		// over the gap: they are reported again, and recorded, at the
		// first start after the reseal. The gap comes last, so that it is
		// what the status pane shows when there is room for one notice.
		for _, p := range Pending(recs) {
			notices = append(notices, p.PendingNotice())
		}
		notices = append(notices, sanitize.String(fmt.Sprintf("The journal %s: %v. Until then this session lists and exports, and refuses every action: an action would seal the head over the gap.", path, j.gap)))
		return j, notices, nil
	}
	if r, ok := j.Unsealed(); ok {
		notices = append(notices, sanitize.String(fmt.Sprintf("The journal's last record, #%d, was not sealed by its head: it was being written when the program stopped, or was added by hand. Read it before trusting it (signin-triage journal tail -n 1); it is sealed now: %s", r.Seq, r.Line())))
	}
	for _, p := range Pending(recs) {
		notices = append(notices, p.PendingNotice())
		if _, err := j.Append(Record{Kind: Outcome, Request: p.Request, Action: p.Action, IDs: p.IDs,
			Outcome: "unknown", Error: "no outcome recorded: reported at the next start"}); err != nil {
			j.Close()
			return nil, nil, err
		}
	}
	return j, notices, nil
}

// rememberFor is how far back the guard remembers verdicts: risky sign-ins
// are kept 90 days on Entra ID P2 (docs/graph.md).
const rememberFor = 90 * 24 * time.Hour

// TenantKey is how a session knows its tenant: the --tenant text, and the
// tenant's ID once Graph named it.
type TenantKey struct{ Text, ID string }

// has reports whether r was sent to this tenant: by the tenant's ID when
// both know it, so that organizations, the domain and the GUID are one
// tenant; else by the text (older records carry no ID), a GUID text
// matching the ID in any case.
func (k TenantKey) has(r Record) bool {
	switch {
	case r.TenantID != "" && k.ID != "":
		return strings.EqualFold(r.TenantID, k.ID)
	case r.Tenant == k.Text:
		return true
	}
	return k.ID != "" && strings.EqualFold(r.Tenant, k.ID)
}

// Accepted is the last action Graph accepted for each sign-in or user, by
// graph.MemoryKey, in the records of tenant since the time given: what the
// guard remembers (graph.Memory).
// A compromise confirmed on a sign-in after the user's risk was dismissed
// lifts that dismissal, as the live memory does.
func Accepted(recs []Record, tenant TenantKey, since time.Time) map[string]string {
	out := map[string]string{}
	users := Users(recs, tenant, since)
	for _, r := range recs {
		if r.Kind != Outcome || r.Outcome != "accepted" || !tenant.has(r) || r.Time.Before(since) {
			continue
		}
		v, signInVerdict := graph.StandardVerdicts().Named(r.Action)
		for _, id := range r.IDs {
			out[graph.MemoryKey(r.Action, id)] = r.Action
			if u := users[id]; signInVerdict && v.FollowUp != "" && u != "" && out[graph.MemoryKey(graph.ActionDismissUserRisk, u)] == graph.ActionDismissUserRisk {
				delete(out, graph.MemoryKey(graph.ActionDismissUserRisk, u))
			}
		}
	}
	return out
}

// Remembered is what the journal held when the session opened, for this
// tenant (its ID, once known; "" before) over the last 90 days: the
// verdicts Graph accepted and the requests in doubt, by sign-in ID
// (graph.NewMemoryFrom).
func (j *Journal) Remembered(tenantID string) graph.Recall {
	key, since := TenantKey{Text: j.Tenant, ID: tenantID}, time.Now().Add(-rememberFor)
	return graph.Recall{Accepted: Accepted(j.past, key, since), Doubted: Doubted(j.past, key, since),
		Users: Users(j.past, key, since), Failed: Failed(j.past, key, since)}
}

// Failed is why the last request of a user action failed, by
// graph.FailureKey, in the records of tenant since the time given, where
// none was accepted after it: the follow-up list says "failed".
func Failed(recs []Record, tenant TenantKey, since time.Time) map[string]string {
	out := map[string]string{}
	for _, r := range recs {
		if r.Kind != Outcome || !tenant.has(r) || r.Time.Before(since) {
			continue
		}
		if _, user := graph.UserActions().Named(r.Action); !user {
			continue
		}
		for _, id := range r.IDs {
			switch key := graph.FailureKey(r.Action, id); r.Outcome {
			case "accepted":
				delete(out, key)
			case "failed":
				out[key] = cmp.Or(r.Error, "failed")
			}
		}
	}
	return out
}

// Users is the user of each sign-in, by sign-in ID, that the intents of
// tenant since the time given named (older journals name none).
func Users(recs []Record, tenant TenantKey, since time.Time) map[string]string {
	out := map[string]string{}
	for _, r := range recs {
		if r.Kind != Intent || !tenant.has(r) || r.Time.Before(since) {
			continue
		}
		for i, user := range r.Users {
			if i < len(r.IDs) && user != "" {
				out[r.IDs[i]] = user
			}
		}
	}
	return out
}

// Doubted is, by sign-in ID, each request of tenant since the time given
// whose outcome is in doubt: recorded unknown (no reply, cut off at exit,
// reported at the next start), or sent with no outcome recorded at all.
// The guard leaves their sign-ins out as unknown until included.
func Doubted(recs []Record, tenant TenantKey, since time.Time) map[string]string {
	out := map[string]string{}
	// An outcome is judged by its intent: a request reported at the next
	// start was recorded unknown by that start, which may have had other
	// --tenant text; where and when it was sent is the intent's.
	intents := map[string]Record{}
	for _, r := range recs {
		if r.Kind == Intent {
			intents[r.Request] = r
		}
	}
	add := func(r Record, how string) {
		desc := fmt.Sprintf("%s sent %s UTC (%s), %s", r.Action, r.Time.UTC().Format("2006-01-02 15:04"), r.Request, how)
		for _, id := range r.IDs {
			out[graph.MemoryKey(r.Action, id)] = desc
		}
	}
	for _, r := range recs {
		if r.Kind != Outcome || r.Outcome != "unknown" {
			continue
		}
		sent := r
		if in, ok := intents[r.Request]; ok {
			sent.Tenant, sent.TenantID, sent.Time = in.Tenant, in.TenantID, in.Time
		}
		if tenant.has(sent) && !sent.Time.Before(since) {
			add(sent, "outcome unknown")
		}
	}
	for _, r := range Pending(recs) {
		if tenant.has(r) && !r.Time.Before(since) {
			add(r, "no outcome recorded")
		}
	}
	return out
}

// PendingNotice says what an intent without an outcome means, for the
// analyst.
func (r Record) PendingNotice() string {
	return sanitize.String(fmt.Sprintf("The journal shows %s for %d sign-ins sent at %s with no recorded outcome (the program stopped while it was in flight): Graph may or may not have applied it; check these sign-ins before retrying: %s",
		r.Action, len(r.IDs), r.Time.UTC().Format("2006-01-02 15:04:05 UTC"), sanitize.IDs(r.IDs)))
}

// Line is the record on one line, as `journal tail` and the journal view
// show it: when, which request, what it was, and how it ended.
func (r Record) Line() string {
	if r.Kind == Resealed {
		return sanitize.String(fmt.Sprintf("%s  #%d %-7s found: %s", r.Time.UTC().Format("2006-01-02 15:04:05Z"), r.Seq, r.Kind, r.Found))
	}
	text := fmt.Sprintf("%s  #%d %-7s %s %s  %d sign-ins", r.Time.UTC().Format("2006-01-02 15:04:05Z"), r.Seq, r.Kind,
		r.Request, r.Action, len(r.IDs))
	if r.Operator != "" {
		text += "  by " + r.Operator
	}
	if r.Note != "" {
		text += "  note " + strconv.Quote(r.Note)
	}
	if r.Kind == Outcome {
		text += "  → " + r.Outcome
		if r.Status != 0 {
			text += fmt.Sprintf(" (HTTP %d)", r.Status)
		}
		if r.GraphID != "" {
			text += " request-id " + r.GraphID
		}
		if r.Error != "" {
			text += ": " + r.Error
		}
	}
	return sanitize.String(text)
}

// VerifyReport checks the journal at path and says so in a sentence,
// naming the rule its lines were hashed by: a journal that does not exist
// yet is no error, nothing was sent from here.
func VerifyReport(path string) (string, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("no journal at %s: no action was sent from here yet.", path), nil
	}
	c, err := verifyFile(path)
	if gap := (*GapError)(nil); errors.As(err, &gap) {
		return "", fmt.Errorf("journal %s: its %s verify (%s), but %w", path, plural(len(c.recs), "record", "records"), c.rules(), gap)
	}
	if err != nil {
		return "", fmt.Errorf("journal %s does not verify: %w", path, err)
	}
	n := int64(len(c.recs))
	report := fmt.Sprintf("%s verifies: %s (%s), none removed, edited or cut off the end.", path, plural(len(c.recs), "record", "records"), c.rules())
	if c.sealed == n-1 && n > 0 {
		last := c.recs[n-1]
		report = fmt.Sprintf("%s verifies: %s (%s). Its head seals records 1 to %d: none removed, edited or cut off. Record %d is not sealed: it was being written when the program stopped, or was added by hand; read it before trusting it:\n  %s\n",
			path, plural(len(c.recs), "record", "records"), c.rules(), n-1, last.Seq, last.Line())
	}
	for _, r := range c.recs {
		if r.Kind == Resealed {
			report += sanitize.String(fmt.Sprintf(" Record %d resealed the head over a gap on %s, having found: %s.", r.Seq, r.Time.UTC().Format("2006-01-02 15:04 UTC"), r.Found))
		}
	}
	if pending := Pending(c.recs); len(pending) > 0 {
		report += fmt.Sprintf(" %s no outcome (the program stopped while they were out): check these sign-ins in the Entra admin center:",
			plural(len(pending), "request has", "requests have"))
		for _, p := range pending {
			report += "\n  " + p.Line()
		}
	}
	return report, nil
}

// Reseal records the gap the head of the journal at path cannot vouch for
// (a reseal record saying what was found, chained like any other) and then
// seals the head over it: what `journal reseal` does once the analyst
// knows why. A journal whose head is whole is left as it is; one whose
// chain does not verify cannot be resealed (move it aside).
func Reseal(path string) (string, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("no journal at %s: nothing to reseal", path)
	}
	j, err := Open(path)
	if err != nil {
		return "", err
	}
	defer j.Close()
	gap := j.gap
	if r, ok := j.Unsealed(); ok && gap == nil {
		// Open sealed it; the reseal record says so, so that verify
		// names it from here on rather than vouching for it.
		gap = &GapError{Why: fmt.Sprintf("record %d was not sealed by the head (written as the program stopped, or added by hand): %s", r.Seq, r.Line())}
	}
	if gap == nil {
		return fmt.Sprintf("%s and its head agree: nothing to reseal.", path), nil
	}
	j.gap = nil
	rec, err := j.write(Record{Kind: Resealed, Found: gap.Why}, MaxLine)
	if err != nil {
		return "", fmt.Errorf("journal %s: recording the gap: %w", path, err)
	}
	if err := writeHead(path, head{Count: j.seq, Last: j.last}); err != nil {
		return "", fmt.Errorf("journal %s: the gap is recorded (record %d), but sealing the head failed: %w; run reseal again", path, rec.Seq, err)
	}
	return sanitize.String(fmt.Sprintf("%s: recorded the gap as record %d (%s) and sealed the head: from here on, records cut off the end show again.", path, rec.Seq, gap.Why)), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Tail is the last n records of the journal at path, a line each. n must
// be 1 or more.
func Tail(path string, n int) ([]string, error) {
	if n < 1 {
		return nil, fmt.Errorf("journal tail -n %d: give how many records to show, 1 or more", n)
	}
	recs, err := ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the journal: %w", err)
	}
	var lines []string
	for _, r := range recs[max(len(recs)-n, 0):] {
		lines = append(lines, r.Line())
	}
	return lines, nil
}
