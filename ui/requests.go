package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// request is one request of this session's dispatches, as the request log
// keeps it: sent and answered, refused, cut off, skipped, or in a dry run
// only shown. The log keeps every one of the session, oldest first.
type request struct {
	at           time.Time
	verdict      graph.Verdict
	index, total int // its place in the dispatch, from 0
	ids          []string
	outcome      graph.Outcome
	status       int    // HTTP status; 0 when no reply came or nothing was sent
	requestID    string // Graph's request-id, sanitized where it was read
	reason       string // why it failed or was not sent
	split        bool   // part of a batch split to find the IDs Graph refused
	unrecorded   string // why the journal could not record its outcome
	note         string // the analyst's reason, sent with the verdict
}

func newRequest(r graph.BatchResult, at time.Time, note string) request {
	q := request{at: at, verdict: r.Verdict, index: r.Index, total: r.Total, ids: r.IDs, outcome: r.Outcome,
		status: r.Status, requestID: r.RequestID, split: r.Split, note: note}
	if r.Err != nil {
		q.reason = r.Err.Error()
		q.requestID = cmp.Or(q.requestID, r.Err.RequestID)
	}
	if r.Unrecorded != nil {
		q.unrecorded = r.Unrecorded.Error()
	}
	return q
}

// summary is the request in one line: when, what, which of how many, how
// many sign-ins, how it ended, and Graph's request-id.
func (q request) summary() string {
	part := ""
	if q.split {
		part = " (part)"
	}
	text := fmt.Sprintf("%s  %s %d/%d%s  %s  %s", q.at.UTC().Format("15:04:05"), q.verdict.Name, q.index+1, q.total, part,
		q.verdict.Subject.Noun(len(q.ids)), q.outcomeText())
	if q.requestID != "" {
		text += "  request-id " + q.requestID
	}
	if q.note != "" {
		text += "  note " + strconv.Quote(q.note)
	}
	return text
}

// outcomeText is how the request ended, with its HTTP status.
func (q request) outcomeText() string {
	status := ""
	if q.status != 0 {
		status = fmt.Sprintf(" %d", q.status)
	}
	switch q.outcome {
	case graph.Accepted:
		return "✓ accepted" + status
	case graph.DryRun:
		return "○ dry run, not sent"
	case graph.NotSent:
		return "✗ not sent"
	case graph.Unknown:
		return "? unknown: sent, no reply"
	}
	return "✗ failed" + status
}

// body is the request's method, path and JSON body, one ID a line: valid
// JSON, every ID written so that it draws inertly (sanitize.QuoteJSON) and
// decodes to exactly the ID sent.
func (q request) body() []string {
	if q.verdict.PerID && len(q.ids) == 1 {
		// The ID is a GUID (graph.CheckUserID): it draws as it is.
		return []string{"POST " + strings.Replace(q.verdict.Path, "{id}", q.ids[0], 1), "(no body)"}
	}
	lines := []string{"POST " + q.verdict.Path, `{"` + cmp.Or(q.verdict.BodyKey, "requestIds") + `": [`}
	for i, id := range q.ids {
		line := "  " + sanitize.QuoteJSON(id)
		if i < len(q.ids)-1 {
			line += ","
		}
		lines = append(lines, line)
	}
	return append(lines, "]}")
}

// attention is the sign-ins that need a look (failed, unknown, not sent),
// grouped by what happened to them, in a fixed order.
type attention struct {
	kind   outcomeKind
	reason string
	ids    []string
}

func (ses *session) needsAttention() []attention {
	type why struct {
		kind   outcomeKind
		reason string
	}
	byWhy := map[why][]string{}
	for id, o := range ses.outcomes {
		switch o.kind {
		case outcomeFailed, outcomeUnknown, outcomeNotSent:
			k := why{o.kind, o.reason}
			byWhy[k] = append(byWhy[k], id)
		}
	}
	out := make([]attention, 0, len(byWhy))
	for k, ids := range byWhy {
		slices.Sort(ids)
		out = append(out, attention{kind: k.kind, reason: k.reason, ids: ids})
	}
	slices.SortFunc(out, func(a, b attention) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), strings.Compare(a.reason, b.reason))
	})
	return out
}

func (a attention) title() string {
	what := map[outcomeKind]string{outcomeFailed: "failed", outcomeUnknown: "unknown", outcomeNotSent: "not sent"}[a.kind]
	return fmt.Sprintf("%s, %s: %s", plural(len(a.ids), "sign-in"), what, cmp.Or(a.reason, "no reason given"))
}
