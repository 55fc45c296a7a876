package ui

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// outcomeKind is where a sign-in stands in this session's dispatches.
type outcomeKind int

const (
	outcomeNone     outcomeKind = iota
	outcomeSending              // in a dispatch that has not reported it yet
	outcomeAccepted             // Graph accepted the batch it was in
	outcomeFailed               // Graph refused its batch, or no reply came
	outcomeNotSent              // its batch was skipped after a fatal error
	outcomeUnknown              // sent, no reply: Graph may or may not have applied it
	outcomeDryRun               // a dry run would have sent it
)

// idOutcome is one sign-in's outcome, with the reason when it failed.
type idOutcome struct {
	kind   outcomeKind
	status int
	reason string
	// verdict, at, requestID and note say, once Graph accepted a verdict,
	// which, when, under which request-id and why: exports carry them.
	verdict, requestID, note string
	at                       time.Time
}

// dispatch is an action being sent, or the last one sent.
type dispatch struct {
	id       int
	verdict  graph.Verdict
	signIns  int
	requests int
	reported int // batch results reported so far (a split batch reports in parts)
	at       int // the request being sent now, from 1
	accepted int
	failed   int
	notSent  int
	unknown  int
	dryRun   int // sign-ins a dry run would have sent
	skipped  int // batches not sent
	running  bool
	cancel   context.CancelFunc
	// stopAfter, once set, lets the request in flight finish and sends no
	// other: the dispatcher's goroutine reads it before each request.
	stopAfter *atomic.Bool
	// stopped is why the dispatcher skipped the remaining batches, if it did.
	stopped *graph.Error
	note    string // the analyst's reason
	// why counts the sign-ins that failed or ended unknown by reason, in
	// the order the reasons came, for the summary.
	why []reasonCount
}

// reasonCount is how many sign-ins one reason covers.
type reasonCount struct {
	reason string
	n      int
}

// countReason adds n sign-ins to reason's count.
func (d *dispatch) countReason(reason string, n int) {
	for i := range d.why {
		if d.why[i].reason == reason {
			d.why[i].n += n
			return
		}
	}
	d.why = append(d.why, reasonCount{reason, n})
}

// whyText says why the sign-ins that did not go through failed, where the
// analyst is looking: the reason when one covers them all, else a count
// for each.
func (d *dispatch) whyText(journalKey string) string {
	switch len(d.why) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf(" %d %s: %s (%s shows each).", d.why[0].n, map[bool]string{true: "failed", false: "did not go through"}[d.unknown == 0], d.why[0].reason, journalKey)
	}
	parts := make([]string, len(d.why))
	for i, w := range d.why {
		parts[i] = fmt.Sprintf("%d: %s", w.n, w.reason)
	}
	return fmt.Sprintf(" Why, by reason: %s (%s shows each).", strings.Join(parts, " · "), journalKey)
}

func orDashText(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// askConfirm opens the confirmation dialog for verdict v, or says why not.
func (m *Model) askConfirm(v graph.Verdict) tea.Cmd {
	switch {
	case m.dispatch.running:
		m.note = "A dispatch is running: wait for it to finish."
		return nil
	case m.selectedCount() == 0:
		m.note = fmt.Sprintf("Nothing selected: %s selects the row under the cursor.", m.keys.Toggle.Help().Key)
		return nil
	}
	m.endRange()
	return m.push(newConfirmDialog(&m.session, m.newPlan(v, 0)))
}

// startDispatch sends p. Every ID is marked sending until its batch reports.
func (m *Model) startDispatch(p plan) tea.Cmd {
	ctx, cancel := context.WithCancel(m.ctx)
	m.dispatchSeq++
	all := p.sent()
	m.dispatch = dispatch{
		id: m.dispatchSeq, verdict: p.verdict, signIns: len(all), requests: p.requests, note: p.note,
		running: true, cancel: cancel, at: 1, stopAfter: &atomic.Bool{},
	}
	for _, id := range all {
		if p.verdict.Subject == graph.SubjectUsers {
			break // the follow-up list shows how users' actions end
		}
		m.outcomes[id] = idOutcome{kind: outcomeSending}
		if s := m.table.byID(id); s != nil {
			m.sentUsers[id] = sentUser{key: s.UserKey(), name: orDashText(m.table.userName(s))}
		}
	}
	verb := "Sending"
	if m.graph.DryRun() {
		verb = "Dry run (nothing is sent): preparing"
	}
	m.log.add(logInfo, fmt.Sprintf("%s %s for %s in %s.", verb, p.verdict, p.verdict.Subject.Noun(len(all)), plural(p.requests, "request")))
	if left := p.leftOut(); left > 0 {
		m.log.add(logInfo, fmt.Sprintf("Left out by the guard: %s (%s).", p.verdict.Subject.Noun(left), p.leftText()))
	}
	if p.note != "" {
		m.log.add(logInfo, `Note: "`+sanitize.Visible(p.note)+`"`)
	}
	o := graph.DispatchOptions{Stop: m.dispatch.stopAfter.Load, Include: p.include, Separate: p.separate, Note: p.note, Users: p.Users()}
	return tea.Batch(dispatchCmd(ctx, m.graph, m.dispatch.id, p.verdict, p.ids, o), m.spin())
}

// applyBatch records one batch's outcome on its rows, the selection and the
// log. Accepted rows take their new state and leave the selection; rows of a
// failed or unsent batch stay selected, ready to retry.
func (m *Model) applyBatch(r graph.BatchResult) {
	d := &m.dispatch
	if r.Err != nil && r.Err.Kind == graph.KindGuard {
		// Left out by the dispatcher's guard (Graph accepted a verdict for
		// them since the plan was made): no request, nothing stopped.
		for _, id := range r.IDs {
			if r.Verdict.Subject == graph.SubjectSignIns {
				m.outcomes[id] = idOutcome{kind: outcomeNotSent, reason: reasonOf(r.Err)}
			}
		}
		d.notSent += len(r.IDs)
		m.log.add(logErr, fmt.Sprintf("✗ %s left out: %s", r.Verdict.Subject.Noun(len(r.IDs)), reasonOf(r.Err)))
		return
	}
	d.reported++
	d.at = min(r.Index+2, d.requests)
	m.requests = append(m.requests, newRequest(r, m.log.now(), d.note))
	part := ""
	if r.Split {
		part = " (part: Graph refused some IDs, so the batch was split to find them)"
	}
	state, detail := r.Verdict.State, r.Verdict.Detail
	if r.Verdict.Subject == graph.SubjectUsers {
		m.applyUserBatch(r, part)
		return
	}
	for _, id := range r.IDs {
		switch r.Outcome {
		case graph.Accepted:
			m.outcomes[id] = idOutcome{kind: outcomeAccepted, status: r.Status, verdict: r.Verdict.Name,
				requestID: r.RequestID, note: d.note, at: m.log.now()}
			if s := m.table.byID(id); s != nil {
				s.RiskState, s.RiskDetail = state, detail
				m.table.edits++
				m.risk.forget(id, s.UserID)
			}
			m.selected.remove(id)
		case graph.NotSent:
			m.outcomes[id] = idOutcome{kind: outcomeNotSent, reason: reasonOf(r.Err)}
		case graph.Unknown:
			m.outcomes[id] = idOutcome{kind: outcomeUnknown, reason: unknownReason(r.Err)}
		case graph.DryRun:
			m.outcomes[id] = idOutcome{kind: outcomeDryRun}
		default:
			m.outcomes[id] = idOutcome{kind: outcomeFailed, status: r.Status, reason: reasonOf(r.Err)}
		}
	}
	m.noteUnrecorded(r)
	if r.Outcome == graph.Accepted && m.find.hideHandled {
		m.refilter() // what was just decided leaves the view
	}
	m.tally(r)
	switch r.Outcome {
	case graph.Accepted:
		m.log.add(logOK, fmt.Sprintf("✓ request %d/%d%s: %s now %s (HTTP %d%s)",
			r.Index+1, r.Total, part, r.Verdict.Subject.Noun(len(r.IDs)), state, r.Status, requestIDSuffix(r.RequestID)))
	case graph.NotSent:
		// Folded into the closing summary: one line per skipped batch
		// would push the reason off the pane.
	case graph.DryRun:
		m.log.add(logInfo, fmt.Sprintf("○ dry run, request %d/%d not sent: POST %s with %s (%s shows its body).",
			r.Index+1, r.Total, r.Verdict.Path, plural(len(r.IDs), "ID"), m.keys.RequestLog.Help().Key))
	case graph.Unknown:
		m.log.add(logErr, fmt.Sprintf("? request %d/%d: %s sent, no reply. %s",
			r.Index+1, r.Total, r.Verdict.Subject.Noun(len(r.IDs)), unknownReason(r.Err)))
	default:
		stay := "stay"
		if len(r.IDs) == 1 {
			stay = "stays"
		}
		m.log.add(logErr, fmt.Sprintf("✗ request %d/%d%s failed: %s %s selected. %s%s",
			r.Index+1, r.Total, part, r.Verdict.Subject.Noun(len(r.IDs)), stay, reasonOf(r.Err), requestIDSentence(cmp.Or(r.RequestID, errRequestID(r.Err)))))
	}
}

// tally counts one batch's outcome in the dispatch, for sign-ins and
// users alike: how many were accepted, skipped (and the first reason the
// dispatch stopped), dry runs, in doubt or failed, with the reasons the
// closing summary names; a 401 offers a new sign-in.
func (m *Model) tally(r graph.BatchResult) {
	d, n := &m.dispatch, len(r.IDs)
	switch r.Outcome {
	case graph.Accepted:
		d.accepted += n
	case graph.NotSent:
		d.notSent += n
		d.skipped++
		if d.stopped == nil {
			d.stopped = r.Err
		}
	case graph.DryRun:
		d.dryRun += n
	case graph.Unknown:
		d.unknown += n
		d.countReason("sent, no reply: Graph may or may not have applied it; check them before sending again", n)
	default:
		if r.Err != nil && r.Err.Kind == graph.KindUnauthorized {
			m.needSignIn = true
		}
		d.failed += n
		if r.Err != nil {
			d.countReason(r.Err.Reason(), n)
		}
	}
}

// noteUnrecorded says when a request's outcome could not be written to the
// journal: the journal holds its intent alone, so the next start will call
// it unknown. The analyst learns the real outcome here, while it is known.
func (m *Model) noteUnrecorded(r graph.BatchResult) {
	if r.Unrecorded == nil {
		return
	}
	m.log.add(logErr, fmt.Sprintf("⚠ request %d/%d ended %s, but the journal could not record it (%v): the next start will report it as unknown.",
		r.Index+1, r.Total, r.Outcome, r.Unrecorded))
}

// finishDispatch closes the dispatch with its totals, and the reason when
// it stopped early: the newest line of the log, so it stays on screen.
func (m *Model) finishDispatch() {
	d := &m.dispatch
	d.running = false
	d.cancel()
	totals := fmt.Sprintf("%d accepted, %d failed, %d not sent (of %d)", d.accepted, d.failed, d.notSent, d.signIns)
	if d.unknown > 0 {
		totals = fmt.Sprintf("%d accepted, %d failed, %d unknown, %d not sent (of %d)", d.accepted, d.failed, d.unknown, d.notSent, d.signIns)
	}
	kind, text := logOK, fmt.Sprintf("%s done: %s.", d.verdict, totals)
	switch {
	case d.dryRun > 0:
		kind, text = logInfo, fmt.Sprintf("Dry run of %s: nothing was sent. It would have sent %s in %s (%s shows them); they stay selected.",
			d.verdict, d.verdict.Subject.Noun(d.dryRun), plural(d.requests, "request"), m.keys.RequestLog.Help().Key)
	case d.stopped != nil:
		kind, text = logErr, fmt.Sprintf("%s stopped after request %d of %d: %s. Unsent sign-ins stay selected. %s%s",
			d.verdict, d.requests-d.skipped, d.requests, totals, reasonOf(d.stopped), d.whyText(m.keys.RequestLog.Help().Key))
	case d.failed+d.unknown > 0:
		kind, text = logErr, fmt.Sprintf("%s done: %s. Failed sign-ins stay selected, ready to send again.%s", d.verdict, totals,
			d.whyText(m.keys.RequestLog.Help().Key))
	}
	// The work left is part of the summary, after it, so that a pane too
	// small for both still shows how the dispatch ended.
	if d.verdict.FollowUp != "" && d.accepted > 0 {
		lists := m.keys.RequestLog.Help().Key + " lists them"
		if len(m.graph.UserActions()) > 0 {
			lists = m.keys.FollowUp.Help().Key + " lists them and revokes and confirms"
		}
		kind, text = logErr, text+fmt.Sprintf(" ⚠ Still to do for %s: %s (%s, %s exports them).",
			plural(pending(m.followUps()), "user"), cmp.Or(d.verdict.ToDo, d.verdict.FollowUp), lists, m.keys.Export.Help().Key)
	}
	m.log.add(kind, text)
}

func unknownReason(err *graph.Error) string {
	return reasonOf(err) + " Graph may or may not have applied it: check these sign-ins before sending them again."
}

func reasonOf(err *graph.Error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// errRequestID is the request-id Graph's error body named, if any.
func errRequestID(err *graph.Error) string {
	if err == nil {
		return ""
	}
	return err.RequestID
}

func requestIDSentence(id string) string {
	if id == "" {
		return ""
	}
	return " Request-id " + id + "."
}

func requestIDSuffix(id string) string {
	if id == "" {
		return ""
	}
	return ", request-id " + id
}
