// Package headless sends verdicts without the UI, for scripts and SOAR
// playbooks: the same batching, pacing, journal, note, dry run and
// read-only refusal as the UI, and the same guard, with its memory in the
// journal. It writes one JSON line per request and a summary.
package headless

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// signInID is what a sign-in ID looks like: a GUID.
var signInID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ReadIDs reads sign-in IDs, one per line (blank lines and lines starting
// with # are skipped) or a JSON array of strings. Each is sent once; if
// any is not a sign-in ID, or the input cannot be read whole (a read
// error, a line over 64 KB), nothing is returned and the error says why.
func ReadIDs(r io.Reader) ([]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading the IDs: %w (nothing was sent)", err)
	}
	var raw []string
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(t, &raw); err != nil {
			return nil, fmt.Errorf("the IDs are not a JSON array of strings (%s): nothing was sent", sanitize.String(err.Error()))
		}
	} else {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			raw = append(raw, sc.Text())
		}
		// A line the scanner cannot hold ends the scan: what follows it
		// would be silently dropped, and the rest sent as if it were all.
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("line %d is over %d KB, so the IDs could not be read whole (%v): nothing was sent", len(raw)+1, bufio.MaxScanTokenSize/1024, err)
		}
	}
	seen := map[string]bool{}
	var ids []string
	for i, id := range raw {
		id = strings.TrimSpace(id)
		if id == "" || strings.HasPrefix(id, "#") {
			continue
		}
		if !signInID.MatchString(id) {
			return nil, fmt.Errorf("entry %d, %q, is not a sign-in ID (a GUID like 66ea54eb-6301-4ee5-be62-ff5a759b0100): nothing was sent", i+1, sanitize.Header(id))
		}
		// A GUID is the same sign-in in any letter case: it is sent once,
		// in lower case.
		id = graph.CanonicalID(id)
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no sign-in ID was given: nothing was sent")
	}
	return ids, nil
}

// Options says how to send.
type Options struct {
	Note string
	// IncludeDecided sends sign-ins the journal says already received a
	// verdict; AllowReverse also those whose verdict this one reverses.
	IncludeDecided, AllowReverse bool
	// Listed are the sign-ins as listed, by ID, when the IDs came from a
	// query; nil when they came from a file, unchecked.
	Listed map[string]*graph.SignIn
}

// line is one request's JSON line on standard output.
type line struct {
	Batch     int      `json:"batch"`
	Of        int      `json:"of"`
	Verdict   string   `json:"verdict"`
	IDs       []string `json:"ids"`
	Status    int      `json:"status,omitempty"`
	RequestID string   `json:"requestId,omitempty"`
	Outcome   string   `json:"outcome"`
	Error     string   `json:"error,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// Send sends v for ids through c, leaving out what the guard leaves out,
// writes a JSON line per request to out and a summary to errOut, and
// returns the exit status: OK when all were sent and accepted (or a dry
// run), Trouble when a request failed, ended unknown or was not sent,
// Usage when it was refused before anything was sent.
func Send(ctx context.Context, c *graph.Client, v graph.Verdict, ids []string, o Options, out, errOut io.Writer) exit.Status {
	if c.ReadOnly() {
		fmt.Fprintf(errOut, "signin-triage: %s refused before anything was sent: this session is read-only (%s).\n", v.Name, sanitize.String(c.ReadOnlyReason()))
		return exit.Usage
	}
	// The guard's memory is the tenant's, known by its ID: whatever
	// --tenant said (organizations, the domain, the GUID).
	if _, err := c.ResolveTenant(ctx); err != nil {
		fmt.Fprintf(errOut, "signin-triage: warning: Graph did not name the tenant's ID (%s): the guard remembers only the verdicts sent with this same --tenant.\n",
			sanitize.String(err.Error()))
	}
	p := Plan(c, v, ids, o)
	send, separate := p.Send, p.Separate
	for part, items := range p.Left {
		if len(items) > 0 {
			fmt.Fprintf(errOut, "signin-triage: left out, %s: %s: %s\n", graph.Part(part), v.Subject.Noun(len(items)), showIDs(itemIDs(items)))
		}
	}
	if n := len(p.Unsendable); n > 0 {
		// The IDs themselves are not shown: one may be megabytes long.
		fmt.Fprintf(errOut, "signin-triage: left out, %s that cannot be sent, the first because %s.\n", v.Subject.Noun(n), sanitize.String(v.Check(p.Unsendable[0].ID).Error()))
	}
	if p.Duplicates > 0 {
		fmt.Fprintf(errOut, "signin-triage: %d sign-in(s) listed twice (the same ID in another letter case): sent once at most, guarded by the stricter part.\n", p.Duplicates)
	}
	for _, d := range p.Doubts {
		how := "left out unless --include-decided"
		if p.Include >= 1 {
			how = "included on request"
		}
		fmt.Fprintf(errOut, "signin-triage: in doubt from an earlier request (%s): %s\n", how, sanitize.String(d))
	}
	if o.Listed != nil && len(p.Sent) > 0 {
		fmt.Fprintf(errOut, "signin-triage: how the %d to send ended: %s.\n", len(p.Sent), p.Evidence.Text())
	}
	for _, w := range p.Evidence.Warnings(v) {
		fmt.Fprintln(errOut, "signin-triage: warning: "+w)
	}
	if o.Listed == nil && v.Subject == graph.SubjectSignIns {
		fmt.Fprintln(errOut, "signin-triage: the IDs came from a file: Graph's current state of these sign-ins was not checked; the journal's memory was.")
	}
	counts := map[graph.Outcome]int{}
	trouble := len(p.Unsendable) > 0 // not all that was asked for can go out
	var unknown []graph.BatchResult
	c.DispatchWith(ctx, v, send, graph.DispatchOptions{Include: o.include(), Separate: separate, Note: o.Note, Users: p.Users()}, func(r graph.BatchResult) {
		l := line{Batch: r.Index + 1, Of: r.Total, Verdict: v.Name, IDs: r.IDs, Status: r.Status, RequestID: r.RequestID, Outcome: r.Outcome.String(), Note: o.Note}
		if r.Err != nil {
			l.Error = r.Err.Error()
		}
		writeLine(out, l)
		counts[r.Outcome] += len(r.IDs)
		if r.Outcome == graph.Unknown {
			unknown = append(unknown, r)
		}
		if r.Outcome != graph.Accepted && r.Outcome != graph.DryRun {
			trouble = true
		}
	})
	fmt.Fprintf(errOut, "signin-triage: %s for %s: %d accepted, %d failed, %d unknown, %d not sent, %d dry run.\n",
		v.Name, v.Subject.Noun(len(send)+len(separate)), counts[graph.Accepted], counts[graph.Failed], counts[graph.Unknown], counts[graph.NotSent], counts[graph.DryRun])
	for _, r := range unknown {
		fmt.Fprintln(errOut, unknownNotice(r))
	}
	if trouble {
		return exit.Trouble
	}
	return exit.OK
}

// itemIDs are the items' IDs, in order.
func itemIDs(items []graph.PlanItem) []string {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

// Plan is what v sends of ids and leaves out: graph's plan, the one the
// UI's dialog shows. IDs from a query carry their listed state; IDs from
// a file are taken as open (Graph's state is not asked for), and the
// journal's memory holds for both.
func Plan(c *graph.Client, v graph.Verdict, ids []string, o Options) graph.Plan {
	items := make([]graph.PlanItem, len(ids))
	for i, id := range ids {
		items[i] = graph.PlanItem{ID: id, SignIn: o.Listed[id]}
	}
	unlisted := graph.PartOpen
	if o.Listed != nil {
		unlisted = graph.PartUnknown // a query that did not list it
	}
	return c.Verdicts().NewPlan(graph.PlanInput{Verdict: v, Include: o.include(), Items: items,
		Memory: c.Memory(), Unlisted: unlisted})
}

// include is the flags as the plan's include level: --include-decided
// once, and --allow-reverse with it twice.
func (o Options) include() int {
	switch {
	case o.IncludeDecided && o.AllowReverse:
		return 2
	case o.IncludeDecided:
		return 1
	}
	return 0
}
