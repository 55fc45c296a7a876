package ui

import (
	"context"
	"errors"
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

// rereadAfter is how old a read may be before opening the details reads
// it again: offline detections arrive hours after a sign-in, and a
// user's risk changes with every verdict.
const rereadAfter = 5 * time.Minute

// read is one read's state: in flight until done; at is when it was
// done.
type read[T any] struct {
	done  bool
	value T
	err   error
	at    time.Time
}

// stale reports whether the details should read it (again): never read,
// failed, or older than rereadAfter; a read in flight is not stale.
func (r *read[T]) stale(now time.Time) bool {
	return r == nil || (r.done && (r.err != nil || now.Sub(r.at) > rereadAfter))
}

// riskReads caches the reads: detections by sign-in ID, risk by user ID.
type riskReads struct {
	detections map[string]*read[graph.Detections]
	users      map[string]*read[graph.UserRisk]
}

func newRiskReads() riskReads {
	return riskReads{detections: map[string]*read[graph.Detections]{}, users: map[string]*read[graph.UserRisk]{}}
}

// detailsSettledMsg says details of sign-in id have been open settleDelay
// since they were shown the seq-th time: a later move makes it stale.
type detailsSettledMsg struct {
	id  string
	seq int
}

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

func settleCmd(id string, seq int) tea.Cmd {
	return tea.Tick(settleDelay, func(time.Time) tea.Msg { return detailsSettledMsg{id: id, seq: seq} })
}

// fetch starts the reads for s that are stale (see read.stale), under
// ctx: the details' own, which closing them cancels.
func (rr riskReads) fetch(ctx context.Context, g Graph, s graph.SignIn, now time.Time) tea.Cmd {
	var cmds []tea.Cmd
	if rr.detections[s.ID].stale(now) {
		rr.detections[s.ID] = &read[graph.Detections]{}
		cmds = append(cmds, func() tea.Msg {
			d, err := g.RiskDetections(ctx, s)
			return detectionsMsg{id: s.ID, d: d, err: err}
		})
	}
	if u := s.UserID; u != "" {
		if rr.users[u].stale(now) {
			rr.users[u] = &read[graph.UserRisk]{}
			cmds = append(cmds, func() tea.Msg {
				r, err := g.RiskyUser(ctx, u)
				return riskyUserMsg{userID: u, r: r, err: err}
			})
		}
	}
	return tea.Batch(cmds...)
}

// gotDetections and gotUser keep a read's answer; a read canceled because
// its details closed goes back to not read.
func (rr riskReads) gotDetections(msg detectionsMsg, now time.Time) {
	if errors.Is(msg.err, context.Canceled) {
		delete(rr.detections, msg.id)
		return
	}
	rr.detections[msg.id] = &read[graph.Detections]{done: true, value: msg.d, err: msg.err, at: now}
}

func (rr riskReads) gotUser(msg riskyUserMsg, now time.Time) {
	if errors.Is(msg.err, context.Canceled) {
		delete(rr.users, msg.userID)
		return
	}
	rr.users[msg.userID] = &read[graph.UserRisk]{done: true, value: msg.r, err: msg.err, at: now}
}

// forget drops what was read about a sign-in and its user, after Graph
// accepted a verdict on it.
func (rr riskReads) forget(id, userID string) {
	delete(rr.detections, id)
	delete(rr.users, userID)
}
