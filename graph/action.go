package graph

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
)

// Outcome is how one batch of a dispatch ended.
type Outcome int

// Each batch ends in exactly one outcome.
const (
	// Accepted: Graph answered 2xx; every ID of the batch is marked.
	Accepted Outcome = iota + 1
	// Failed: Graph answered with an error, or no reply came; see Err.
	Failed
	// NotSent: the batch was never sent because an earlier one showed that
	// it would fail too (401, 403) or the dispatch was canceled.
	NotSent
	// DryRun: the client is in dry-run mode; nothing was sent, and this is
	// exactly the request that would have been.
	DryRun
	// Unknown: the request went out but no reply came back (the connection
	// broke, a timeout, the user quit): Graph may or may not have applied
	// it. Check these sign-ins before sending them again.
	Unknown
)

// String is the outcome in a word or two, as the journal records it and
// the status pane says it.
func (o Outcome) String() string {
	switch o {
	case Accepted:
		return "accepted"
	case Failed:
		return "failed"
	case NotSent:
		return "not sent"
	case DryRun:
		return "dry run"
	case Unknown:
		return "unknown"
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// BatchResult is the outcome of one request of a dispatch.
type BatchResult struct {
	Verdict   Verdict
	Index     int // 0-based position of this batch in the dispatch
	Total     int // number of batches in the dispatch
	IDs       []string
	Outcome   Outcome
	Status    int    // HTTP status; 0 when nothing came back or nothing was sent
	RequestID string // Graph's request-id, when it sent one
	Err       *Error // why it failed or was not sent; nil when Accepted
	// Split marks part of a batch that Graph refused for its IDs and that
	// was sent again in halves.
	Split bool
	// Unrecorded is why the outcome could not be written to the journal,
	// if it could not.
	Unrecorded error
}

// Batches splits ids into consecutive batches of at most size IDs.
func Batches(ids []string, size int) [][]string {
	if size < 1 {
		size = 1
	}
	out := make([][]string, 0, (len(ids)+size-1)/size)
	for start := 0; start < len(ids); start += size {
		end := min(start+size, len(ids))
		out = append(out, ids[start:end:end])
	}
	return out
}

// Requests is how many requests a dispatch of v for n IDs takes.
func (c *Client) Requests(v Verdict, n int) int {
	size := c.BatchFor(v)
	return (n + size - 1) / size
}

// BatchFor is the most IDs one request of v carries: the client's batch
// size, or less where Graph takes less (MaxBatch), or one (PerID).
func (c *Client) BatchFor(v Verdict) int {
	switch {
	case v.PerID:
		return 1
	case v.MaxBatch > 0:
		return min(c.batchSize, v.MaxBatch)
	}
	return c.batchSize
}

// Dispatch sends verdict v for ids, one POST per batch of BatchSize IDs, in
// order, and calls report once for every batch, sent or not, as soon as its
// outcome is known. It stops sending after an error that every later batch
// would repeat (401, 403) or when ctx is canceled; the batches it skips are
// reported NotSent. A read-only client sends nothing and reports every batch
// NotSent; a dry-run client sends nothing and reports every batch DryRun.
// report runs on Dispatch's goroutine.
func (c *Client) Dispatch(ctx context.Context, v Verdict, ids []string, report func(BatchResult)) {
	c.DispatchWith(ctx, v, ids, DispatchOptions{}, report)
}

// DispatchOptions say how a dispatch is sent.
type DispatchOptions struct {
	// Stop, when set, is asked before each request: once it says true, the
	// request in flight (if any) is left to finish and no other is sent;
	// the rest are reported NotSent. This is how an analyst quits without
	// leaving a request's outcome unknown.
	Stop func() bool
	// Include is how far the analyst overrode the guard (Part.SentAt):
	// 0 leaves out the sign-ins the client's Memory says already received
	// a verdict or are in doubt; 1 sends those, but not the ones whose
	// verdict this one reverses; 2 sends those too. Only an analyst who
	// asked for it (once, or twice for a reversal) sets it.
	Include int
	// Separate are sent after the others, in batches of their own that a
	// 400 fails whole rather than splits: never-flagged sign-ins, which
	// Graph may refuse as "not risky" without that refusal taking risky
	// ones down with it.
	Separate []string
	// Note is the analyst's reason for the verdict (a ticket, "user
	// confirmed travel"): the journal records it with every request.
	Note string
	// Users are the users of the sign-ins, by sign-in ID, where known: the
	// journal records them with each request, and the memory learns them,
	// so that the users a compromise names can be followed up.
	Users map[string]string
}

// DispatchWith is Dispatch with options. Unless o.Include, the sign-ins
// the client's Memory says already received a verdict are left out before
// anything is sent, and reported NotSent in one result (Index -1) whose
// error is KindGuard: the guard holds here, whatever the caller planned.
func (c *Client) DispatchWith(ctx context.Context, v Verdict, ids []string, o DispatchOptions, report func(BatchResult)) {
	d := dispatcher{c: c, ctx: ctx, verdict: v, report: report, stopAsked: o.Stop, note: o.Note, users: o.Users}
	known, ok := c.verdicts.Named(v.Name)
	if v.Subject == SubjectUsers {
		// A user action goes out as this client's table has it, whatever
		// the caller's copy says (its conflicts, its path, its batches).
		if known, ok = c.userActions.Named(v.Name); ok && known.Path == v.Path {
			v = known
			d.verdict = v
		}
	}
	switch {
	case c.ReadOnly():
		d.stop = &Error{Op: Op(v.Name), Kind: KindReadOnly, Host: c.host, Err: errors.New(c.readOnly)}
	case v.Subject == SubjectUsers && !ok && len(c.userActions) == 0:
		d.stop = &Error{Op: Op(v.Name), Kind: KindNotEnabled, Host: c.host, Err: errors.New(UserActionsOff)}
	case !ok || known.Path != v.Path:
		// Only the verdicts this client was given go out.
		d.stop = &Error{Op: Op(v.Name), Kind: KindOther, Host: c.host,
			Err: errors.New("not a verdict of this session's table: nothing was sent")}
	}
	// An ID Graph never issues goes neither out nor into the journal,
	// whatever the caller planned (CheckID).
	ids, unsendable := sendable(v, ids)
	separate, more := sendable(v, o.Separate)
	if unsendable = append(unsendable, more...); len(unsendable) > 0 {
		report(BatchResult{Verdict: v, Index: -1, IDs: unsendable, Outcome: NotSent,
			Err: &Error{Op: Op(v.Name), Kind: KindOther, Host: c.host, Err: v.Check(unsendable[0])}})
	}
	ids, guarded := c.guard(v, ids, o.Include)
	separate, more = c.guard(v, separate, o.Include)
	if guarded = append(guarded, more...); len(guarded) > 0 {
		report(BatchResult{Verdict: v, Index: -1, IDs: guarded, Outcome: NotSent,
			Err: &Error{Op: Op(v.Name), Kind: KindGuard, Host: c.host}})
	}
	batches := Batches(ids, c.BatchFor(v))
	own := len(batches)
	batches = append(batches, Batches(separate, c.BatchFor(v))...)
	for i, batch := range batches {
		d.noSplit = i >= own
		d.batch(BatchResult{Verdict: v, Index: i, Total: len(batches), IDs: batch})
	}
}

// sendable splits ids into those v.Check passes and those it refuses.
func sendable(v Verdict, ids []string) (ok, refused []string) {
	for _, id := range ids {
		if v.Check(id) != nil {
			refused = append(refused, id)
		} else {
			ok = append(ok, id)
		}
	}
	return ok, refused
}

// guard splits ids into those the plan's rule sends, by what the memory
// knows of them, and those it leaves out.
func (c *Client) guard(v Verdict, ids []string, include int) (sent, left []string) {
	for _, id := range ids {
		if part, _ := c.verdicts.PlanPart(v, c.memory, PlanItem{ID: id}, PartOpen); part.SentAt(include) {
			sent = append(sent, id)
		} else {
			left = append(left, id)
		}
	}
	return sent, left
}

// dispatcher is one Dispatch in progress.
type dispatcher struct {
	c       *Client
	ctx     context.Context
	verdict Verdict
	report  func(BatchResult)
	stop    *Error // why the rest is not sent, once something said so
	// stopAsked, when set, is asked before each request.
	stopAsked func() bool
	// noSplit fails a refused batch whole (never-flagged sign-ins).
	noSplit bool
	note    string // the analyst's reason, recorded with each request
	users   map[string]string
}

// batch sends one batch and reports it. A 400 that blames the request IDs
// is split in halves, down to single IDs, so one bad ID does not fail the
// good ones: the halves are reported as they end, under the same index.
func (d *dispatcher) batch(r BatchResult) {
	if d.stop == nil && d.ctx.Err() != nil {
		d.stop = &Error{Op: Op(d.verdict.Name), Kind: KindCanceled, Err: d.ctx.Err(), Unsent: true}
	}
	if d.stop == nil && d.stopAsked != nil && d.stopAsked() {
		d.stop = &Error{Op: Op(d.verdict.Name), Kind: KindStopped}
	}
	if d.stop != nil {
		r.Outcome, r.Err = NotSent, d.stop
		d.report(r)
		return
	}
	if d.c.dryRun {
		r.Outcome = DryRun
		d.report(r)
		return
	}
	release, err := d.c.pacer.Turn(d.ctx, true)
	if err != nil {
		d.batch(r) // canceled while waiting: reported NotSent above
		return
	}
	r, ok := d.sendRecorded(r)
	release()
	if !ok {
		d.batch(r) // the journal refused the intent: reported NotSent above
		return
	}
	if r.Err != nil && r.Err.StopsDispatch() {
		d.stop = r.Err
		if r.Err.Kind == KindCanceled {
			// The batches it stops were never sent: say so, not "canceled
			// before Graph replied", which is the one in flight's.
			stop := *r.Err
			stop.Unsent = true
			d.stop = &stop
		}
	}
	switch {
	case r.Outcome == Accepted && !d.c.dryRun:
		d.c.memory.remember(d.verdict, r.IDs)
		if d.verdict.FollowUp != "" {
			d.c.memory.compromised(d.usersOf(r.IDs))
		}
	case r.Outcome == Failed && d.verdict.Subject == SubjectUsers:
		d.c.memory.fail(d.verdict, r.IDs, r.Err.Error())
	case r.Outcome == Unknown:
		keys := make([]string, len(r.IDs))
		for i, id := range r.IDs {
			keys[i] = MemoryKey(d.verdict.Name, id)
		}
		d.c.memory.InDoubt(fmt.Sprintf("%s sent at %s UTC with no reply", d.verdict.Name, time.Now().UTC().Format("15:04:05")), keys)
	}
	if r.Outcome == Failed && len(r.IDs) > 1 && r.Err.blamesIDs() && !d.noSplit {
		half := len(r.IDs) / 2
		for _, part := range [][]string{r.IDs[:half:half], r.IDs[half:]} {
			d.batch(BatchResult{Verdict: r.Verdict, Index: r.Index, Total: r.Total, IDs: part, Split: true})
		}
		return
	}
	d.report(r)
}

// sendRecorded sends one batch between its intent and its outcome in the
// journal; ok is false when the intent could not be recorded, and then
// nothing was sent (d.stop says why).
func (d *dispatcher) sendRecorded(r BatchResult) (BatchResult, bool) {
	rec := d.c.recorder
	request := ""
	users := d.usersOf(r.IDs)
	d.c.memory.Link(r.IDs, users)
	if rec != nil {
		var err error
		if request, err = rec.Intent(d.verdict, r.IDs, users, d.note); err != nil {
			// Nothing goes out that the journal does not know of.
			d.stop = &Error{Op: Op(d.verdict.Name), Kind: KindJournal, Err: err}
			return r, false
		}
	}
	r = d.c.send(d.ctx, r)
	if rec != nil {
		r.Unrecorded = rec.Outcome(request, r)
	}
	return r, true
}

// usersOf are the users of ids, in order, or nil when none is known.
func (d *dispatcher) usersOf(ids []string) []string {
	if len(d.users) == 0 {
		return nil
	}
	out, any := make([]string, len(ids)), false
	for i, id := range ids {
		out[i] = d.users[id]
		any = any || out[i] != ""
	}
	if !any {
		return nil
	}
	return out
}

// send posts one batch and fills in its outcome.
func (c *Client) send(ctx context.Context, r BatchResult) BatchResult {
	probe := &outcome{}
	err := c.post(ctx, r.Verdict, r.IDs, []abstractions.RequestOption{probe})
	r.Status, r.RequestID = probe.status, probe.requestID
	if err != nil {
		r.Outcome = Failed
		r.Err = classify(Op(r.Verdict.Name), c.host, err)
		if (r.Err.Kind == KindNetwork && !r.Err.Unsent) || r.Err.Kind == KindCanceled {
			r.Outcome = Unknown
		}
		if r.Err.RequestID == "" {
			r.Err.RequestID = probe.requestID
		}
		if r.Err.Status == 0 && probe.status != 0 && r.Err.Kind == KindBadReply {
			r.Err.Status = probe.status
		}
		return r
	}
	if probe.status >= 300 && probe.status <= 399 {
		// Not followed (readsOnly): the verdict did not reach Graph's
		// action. Reported failed, never unknown, and never resent.
		r.Outcome = Failed
		r.Err = &Error{Op: Op(r.Verdict.Name), Kind: KindRedirected, Status: probe.status, Host: c.host, RequestID: probe.requestID,
			Err: errors.New("redirected")}
		return r
	}
	if probe.status != 0 && (probe.status < 200 || probe.status > 299) {
		// The SDK turns every 4xx/5xx into an error; anything else that is
		// not 2xx is not a success either.
		r.Outcome = Failed
		r.Err = &Error{Op: Op(r.Verdict.Name), Kind: KindOther, Status: probe.status, Host: c.host,
			Err: errors.New("unexpected status")}
		return r
	}
	r.Outcome = Accepted
	return r
}
