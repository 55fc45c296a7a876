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
	noun := r.Verdict.Subject.Noun(len(r.IDs))
	m.tally(r)
	switch r.Outcome {
	case graph.Accepted:
		for _, id := range r.IDs {
			m.risk.forget("", id)
		}
		m.log.add(logOK, fmt.Sprintf("✓ request %d/%d%s: %s, %s (HTTP %d%s)",
			r.Index+1, r.Total, part, r.Verdict.Short, noun, r.Status, requestIDSuffix(r.RequestID)))
	case graph.NotSent:
		// in the closing summary, as for sign-ins
	case graph.DryRun:
		m.log.add(logInfo, fmt.Sprintf("○ dry run, request %d/%d not sent: POST %s for %s (%s shows it).",
			r.Index+1, r.Total, r.Verdict.Path, noun, m.keys.RequestLog.Help().Key))
	case graph.Unknown:
		m.log.add(logErr, fmt.Sprintf("? request %d/%d: %s sent for %s, no reply. %s", r.Index+1, r.Total, r.Verdict.Name, noun, unknownReason(r.Err)))
	default:
		m.log.add(logErr, fmt.Sprintf("✗ request %d/%d%s failed: %s for %s. %s%s", r.Index+1, r.Total, part, r.Verdict.Name, noun,
			reasonOf(r.Err), requestIDSentence(cmp.Or(r.RequestID, errRequestID(r.Err)))))
	}
}
