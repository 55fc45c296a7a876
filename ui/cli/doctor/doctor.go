// Package doctor checks, read-only, what a tenant offers of what
// signin-triage relies on, the undocumented assumptions first
// (docs/graph.md): each check says what was tried, what Graph answered,
// and what the tool will do about it. It never sends a verdict.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// Check is one line of the report.
type Check struct {
	Name   string   // what was tried
	OK     bool     // the tool has what it needs, as documented
	Answer string   // what Graph answered
	Then   string   // what the tool does about it
	More   []string // lines that go with it (requests the journal left open)
}

// Setup is what the doctor knows of the session besides the client.
type Setup struct {
	Who    string   // who is signed in
	Scopes []string // the scopes the sign-in asks for
	// Granted reads the permissions the session's token carries; nil
	// when there is no sign-in. Needs are those the session relies on.
	Granted func(context.Context) ([]string, error)
	Needs   []Need
	Query   graph.Query
	Beta    bool
	// Journal is the action journal's file, which the doctor reads and
	// never writes; empty when there is no state directory to keep one.
	Journal string
}

// Run runs every check against c and writes the report to out; it
// returns OK when everything the tool relies on works as documented,
// Trouble otherwise.
func Run(ctx context.Context, c *graph.Client, s Setup, out io.Writer) exit.Status {
	checks := Checks(ctx, c, s)
	status := exit.OK
	for _, ch := range checks {
		mark := "✓"
		if !ch.OK {
			mark, status = "✗", exit.Trouble
		}
		line := mark + " " + ch.Name + ": " + ch.Answer
		if ch.Then != "" {
			line += " → " + ch.Then
		}
		printLine(out, line)
		for _, more := range ch.More {
			printLine(out, "  "+more)
		}
	}
	fmt.Fprintln(out, "Not checked, as it would need a verdict: how many IDs one action accepts (the tool sends 60, --batch-size; a 400 that blames the IDs splits the batch), and whether Graph accepts confirm compromised on a never-flagged sign-in (sent in batches of their own, failed whole if refused).")
	return status
}

// quoteCut quotes a value from Graph, its first 40 runes, so that every
// character of it shows (escaped when it is not plain ASCII) and a long
// one keeps the line short.
func quoteCut(v string) string {
	if r := []rune(v); len(r) > 40 {
		return sanitize.QuoteJSON(string(r[:40])) + "…"
	}
	return sanitize.QuoteJSON(v)
}

// printLine writes one line of the report through the sanitizer: an
// answer can quote Graph (a nextLink's $top, an error's message, the
// journal's records), and no control, bidi or zero-width character from
// it may reach the terminal or a file the report is kept in.
func printLine(out io.Writer, line string) {
	fmt.Fprintln(out, sanitize.String(line))
}

// Checks runs the checks in order; a listing that fails stops the ones
// that need a sign-in.
func Checks(ctx context.Context, c *graph.Client, s Setup) []Check {
	who := Check{Name: "signed in", OK: true, Answer: s.Who}
	if len(s.Scopes) > 0 {
		who.Answer += ", asking for " + strings.Join(s.Scopes, " ")
	}
	checks := []Check{who, permissionsCheck(ctx, s), journalCheck(s.Journal)}
	one := s.Query
	one.PageSize = 1
	first, list := listing(ctx, c, "the default query", one)
	checks = append(checks, list)
	if !list.OK {
		return checks
	}
	levels := Check{Name: "risk levels (Entra ID P2)", OK: true, Answer: "shown"}
	for _, si := range first.SignIns {
		if si.RiskLevel == graph.RiskLevelHidden {
			levels = Check{Name: "risk levels (Entra ID P2)", Answer: "hidden", Then: "the tenant lacks Entra ID P2: risk levels read hidden, and filters on them match nothing"}
		}
	}
	checks = append(checks, levels)
	for _, q := range []struct {
		name string
		set  func(*graph.Query)
	}{
		{"status/errorCode eq 0 (--result success)", func(q *graph.Query) { q.Result = graph.ResultOnlySuccess }},
		{"status/errorCode ne 0 (--result not-success; not documented)", func(q *graph.Query) { q.Result = graph.ResultNotSuccess }},
		{"startswith on the user (--user)", func(q *graph.Query) { q.UPNPrefix = "a" }},
		{"startswith on the app (--app)", func(q *graph.Query) { q.AppPrefix = "O" }},
		{"startswith on the IP (--ip)", func(q *graph.Query) { q.IPPrefix = "1" }},
	} {
		qq := one
		q.set(&qq)
		_, ch := listing(ctx, c, q.name, qq)
		checks = append(checks, ch)
	}
	if s.Beta {
		qq := one
		qq.IncludeNonInteractive = true
		_, ch := listing(ctx, c, "non-interactive sign-ins (beta)", qq)
		checks = append(checks, ch)
	}
	checks = append(checks, keepsTop(first), namedLocations(ctx, c))
	if len(first.SignIns) == 0 {
		return append(checks, Check{Name: "Identity Protection reads", Answer: "no sign-in listed to read them for", Then: "widen the query (--since, --state) and run again"}, throttling(c))
	}
	checks = append(checks, detections(ctx, c, first.SignIns[0]), riskyUser(ctx, c, first.SignIns[0]))
	return append(checks, throttling(c))
}

// throttling says how often Graph asked to wait during the checks.
func throttling(c *graph.Client) Check {
	n := 0
	for {
		select {
		case <-c.Throttles():
			n++
			continue
		default:
		}
		break
	}
	if n == 0 {
		return Check{Name: "throttling", OK: true, Answer: "none seen"}
	}
	return Check{Name: "throttling", OK: true, Answer: fmt.Sprintf("Graph asked to wait %d time(s)", n),
		Then: "the listing keeps to 5 requests per 10 s and the verdicts to one a second; waits are capped (--max-retry-wait)"}
}

// listing runs one query with $top=1.
func listing(ctx context.Context, c *graph.Client, name string, q graph.Query) (graph.Page, Check) {
	page, err := c.ListPage(ctx, q, "")
	ch := Check{Name: name, OK: err == nil && page.Note == ""}
	switch {
	case err != nil:
		ch.Answer, ch.Then = answer(err), then(err)
	case page.Note != "":
		ch.Answer, ch.Then = "refused (400)", page.Note
	default:
		ch.Answer = fmt.Sprintf("200, %d sign-in(s) on the first page", len(page.SignIns))
	}
	return page, ch
}

// keepsTop checks that a nextLink keeps $top: paging relies on it.
func keepsTop(first graph.Page) Check {
	ch := Check{Name: "a nextLink keeps $top (not documented)", OK: true}
	if first.NextLink == "" {
		ch.Answer = "one page only: nothing to check"
		return ch
	}
	u, err := url.Parse(first.NextLink)
	if err != nil {
		ch.OK, ch.Answer = false, "the nextLink is not a URL"
		return ch
	}
	switch top := u.Query().Get("$top"); top {
	case "1":
		ch.Answer = "yes"
	case "":
		ch.Answer = "the nextLink carries no $top: Graph's own page size applies after the first page"
	default:
		ch.OK, ch.Answer, ch.Then = false, "the nextLink asks for $top="+quoteCut(top), "pages after the first may be larger than --page-size"
	}
	return ch
}

func detections(ctx context.Context, c *graph.Client, s graph.SignIn) Check {
	d, err := c.RiskDetections(ctx, s)
	ch := Check{Name: "risk detections filtered on requestId (not documented)", OK: err == nil && d.Note == ""}
	switch {
	case err != nil:
		ch.Answer, ch.Then = answer(err), then(err)
	case d.Note != "":
		ch.Answer, ch.Then = "refused (400)", d.Note
	default:
		ch.Answer = fmt.Sprintf("200, %d detection(s) for one sign-in", len(d.List))
	}
	return ch
}

func riskyUser(ctx context.Context, c *graph.Client, s graph.SignIn) Check {
	r, err := c.RiskyUser(ctx, s.UserID)
	ch := Check{Name: "the user's risk (riskyUsers)", OK: err == nil}
	switch {
	case err != nil:
		ch.Answer, ch.Then = answer(err), then(err)
	case r.Never:
		ch.Answer = "404 not found: read as no risky-user record"
	default:
		ch.Answer = "200, " + r.Level + ", " + r.State
	}
	return ch
}

// namedLocations reads the tenant's named locations, which mark the
// sign-ins from its own networks.
func namedLocations(ctx context.Context, c *graph.Client) Check {
	locs, more, err := c.NamedLocations(ctx)
	ch := Check{Name: "named locations (" + graph.PermPolicyRead + ")", OK: err == nil}
	if err != nil {
		ch.Answer, ch.Then = answer(err), then(err)
		return ch
	}
	nets := graph.NewNetworks(locs, more)
	all, trusted := nets.IPLocations()
	ch.Answer = fmt.Sprintf("200, %d by IP (%d trusted), %d by country", all, trusted, len(locs)-all)
	if more {
		ch.Answer += fmt.Sprintf("; stopped at %d locations or %d ranges", graph.MaxNamedLocations, graph.MaxNamedRanges)
	}
	if all == 0 {
		ch.Then = "no IP location: no sign-in is marked as from the tenant's own networks; add the offices and VPN exits in Entra (Conditional Access, Named locations)"
	}
	return ch
}

// answer is what Graph said: status, code and request-id.
func answer(err error) string {
	var e *graph.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	parts := []string{}
	if e.Status != 0 {
		parts = append(parts, fmt.Sprint(e.Status))
	}
	if e.Code != "" {
		parts = append(parts, e.Code)
	}
	if e.RequestID != "" {
		parts = append(parts, "request-id "+e.RequestID)
	}
	if len(parts) == 0 {
		return e.Reason()
	}
	return strings.Join(parts, ", ")
}

// then is what the analyst can do about a failure.
func then(err error) string {
	var e *graph.Error
	if errors.As(err, &e) {
		return e.Reason()
	}
	return ""
}

// Opener builds the client of the doctor from the command line's flags.
type Opener func(ctx context.Context, errOut io.Writer) (*graph.Client, Setup, func(), error)

// Command is `signin-triage doctor`.
func Command(open Opener) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check, read-only, what this tenant offers of what signin-triage relies on",
		Long: `doctor runs, read-only, each query signin-triage uses with $top=1, the
Identity Protection reads, and the assumptions Microsoft does not document
(docs/graph.md), against the configured cloud and tenant (or --demo). Each
line says what was tried, what Graph answered, and what the tool does about
it. It never sends a verdict, and reads the action journal without writing
to it. Exit 0 when everything works as documented, 1 otherwise.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, s, cleanup, err := open(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer cleanup()
			return Run(cmd.Context(), c, s, cmd.OutOrStdout()).Err()
		},
	}
}
