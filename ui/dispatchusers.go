package ui

import (
	"cmp"
	"fmt"

	"github.com/signin-triage/signin-triage/graph"
)

// applyUserBatch records one batch of a user action: its line in the log
// and its count in the dispatch. The follow-up list reads the outcome
// from the guard's memory, which the dispatcher has already told; a
// user's risk read for the details is read again.
func (m *Model) applyUserBatch(r graph.BatchResult, part string) {
	d := &m.dispatch
	noun := r.Verdict.Subject.Noun(len(r.IDs))
	switch r.Outcome {
	case graph.Accepted:
		d.accepted += len(r.IDs)
		for _, id := range r.IDs {
			m.risk.forget("", id)
		}
		m.log.add(logOK, fmt.Sprintf("✓ request %d/%d%s: %s, %s (HTTP %d%s)",
			r.Index+1, r.Total, part, r.Verdict.Short, noun, r.Status, requestIDSuffix(r.RequestID)))
	case graph.NotSent:
		d.notSent += len(r.IDs)
		d.skipped++
		if d.stopped == nil {
			d.stopped = r.Err
		}
	case graph.DryRun:
		d.dryRun += len(r.IDs)
		m.log.add(logInfo, fmt.Sprintf("○ dry run, request %d/%d not sent: POST %s for %s (%s shows it).",
			r.Index+1, r.Total, r.Verdict.Path, noun, m.keys.RequestLog.Help().Key))
	case graph.Unknown:
		d.unknown += len(r.IDs)
		d.countReason("sent, no reply: Graph may or may not have applied it; check them before sending again", len(r.IDs))
		m.log.add(logErr, fmt.Sprintf("? request %d/%d: %s sent for %s, no reply. %s", r.Index+1, r.Total, r.Verdict.Name, noun, unknownReason(r.Err)))
	default:
		if r.Err != nil && r.Err.Kind == graph.KindUnauthorized {
			m.needSignIn = true
		}
		d.failed += len(r.IDs)
		if r.Err != nil {
			d.countReason(r.Err.Reason(), len(r.IDs))
		}
		m.log.add(logErr, fmt.Sprintf("✗ request %d/%d%s failed: %s for %s. %s%s", r.Index+1, r.Total, part, r.Verdict.Name, noun,
			reasonOf(r.Err), requestIDSentence(cmp.Or(r.RequestID, errRequestID(r.Err)))))
	}
}
