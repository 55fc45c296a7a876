package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// The Identity Protection reads behind a sign-in's details: its risk
// detections and its user's current risk. They share the tenant's one
// request a second with the verdicts, so they are made only for the
// sign-in an analyst opens and stays on (settleDelay), once each, and kept
// for the session; a failed read is tried again when the details are
// opened again.

// settleDelay is how long the details must stay open before the reads go
// out, so that opening and closing in passing costs no request.
const settleDelay = 300 * time.Millisecond

// read is one read's state: in flight until done.
type read[T any] struct {
	done  bool
	value T
	err   error
}

// riskReads caches the reads: detections by sign-in ID, risk by user ID.
type riskReads struct {
	detections map[string]*read[graph.Detections]
	users      map[string]*read[graph.UserRisk]
}

func newRiskReads() riskReads {
	return riskReads{detections: map[string]*read[graph.Detections]{}, users: map[string]*read[graph.UserRisk]{}}
}

// detailsSettledMsg says details of sign-in id have been open settleDelay.
type detailsSettledMsg struct{ id string }

type detectionsMsg struct {
	id  string
	d   graph.Detections
	err error
}

type riskyUserMsg struct {
	userID string
	r      graph.UserRisk
	err    error
}

func settleCmd(id string) tea.Cmd {
	return tea.Tick(settleDelay, func(time.Time) tea.Msg { return detailsSettledMsg{id: id} })
}

// fetch starts the reads for s that are neither done nor in flight (a
// failed one is tried again).
func (rr riskReads) fetch(ctx context.Context, g Graph, s graph.SignIn) tea.Cmd {
	var cmds []tea.Cmd
	if r := rr.detections[s.ID]; r == nil || (r.done && r.err != nil) {
		rr.detections[s.ID] = &read[graph.Detections]{}
		cmds = append(cmds, func() tea.Msg {
			d, err := g.RiskDetections(ctx, s)
			return detectionsMsg{id: s.ID, d: d, err: err}
		})
	}
	if u := s.UserID; u != "" {
		if r := rr.users[u]; r == nil || (r.done && r.err != nil) {
			rr.users[u] = &read[graph.UserRisk]{}
			cmds = append(cmds, func() tea.Msg {
				r, err := g.RiskyUser(ctx, u)
				return riskyUserMsg{userID: u, r: r, err: err}
			})
		}
	}
	return tea.Batch(cmds...)
}

func (rr riskReads) gotDetections(msg detectionsMsg) {
	rr.detections[msg.id] = &read[graph.Detections]{done: true, value: msg.d, err: msg.err}
}

func (rr riskReads) gotUser(msg riskyUserMsg) {
	rr.users[msg.userID] = &read[graph.UserRisk]{done: true, value: msg.r, err: msg.err}
}
