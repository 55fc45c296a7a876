package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/journal"
)

// Graph is what the UI needs from the graph layer. *graph.Client satisfies
// it; tests may use the real client against the simulated tenant.
type Graph interface {
	ListPage(ctx context.Context, q graph.Query, nextLink string) (graph.Page, error)
	List(ctx context.Context, q graph.Query, nextLink string) *graph.Listing
	DispatchWith(ctx context.Context, v graph.Verdict, ids []string, o graph.DispatchOptions, report func(graph.BatchResult))
	RiskDetections(ctx context.Context, s graph.SignIn) (graph.Detections, error)
	RiskyUser(ctx context.Context, userID string) (graph.UserRisk, error)
	RiskyUsers(ctx context.Context) ([]graph.RiskyUserRow, bool, error)
	NamedLocations(ctx context.Context) ([]graph.NamedLocation, bool, error)
	Memory() *graph.Memory
	// UserActions are the user actions the session may send; empty when
	// they are off (--user-actions).
	UserActions() graph.Verdicts
	Throttles() <-chan graph.Throttle
	Requests(v graph.Verdict, n int) int
	BatchSize() int
	BatchFor(v graph.Verdict) int
	ReadOnly() bool
	ReadOnlyReason() string
	DryRun() bool
	Pace() time.Duration
	Beta() bool
	CanSignInAgain() bool
	SignInAgain() error
}

// Journal is what the UI reads of the action journal.
type Journal interface {
	Path() string
	Session() []journal.Record
	// Gap is why the journal refuses every action until it is resealed;
	// nil when it does not.
	Gap() *journal.GapError
}

// pageLoadedMsg answers loadPageCmd. gen is the listing it belongs to: a
// reply for a listing that was reloaded since is dropped.
type pageLoadedMsg struct {
	gen  int
	link string // the page asked for: "" for the first
	page graph.Page
	err  error
}

// loadPageCmd fetches one page (the first when next is empty); while it
// waits, a wait Graph asks for comes first (throttleMsg).
func loadPageCmd(ctx context.Context, g Graph, gen int, q graph.Query, next string) tea.Cmd {
	return func() tea.Msg {
		done := make(chan tea.Msg, 1)
		go func() {
			page, err := g.ListPage(ctx, q, next)
			done <- pageLoadedMsg{gen: gen, link: next, page: page, err: err}
		}()
		return awaitCmd(done, g.Throttles())()
	}
}

// nextPageCmd waits for src's next page; while it waits, a wait Graph
// asks for comes first (throttleMsg).
func nextPageCmd(ctx context.Context, g Graph, gen int, src *graph.Listing) tea.Cmd {
	return func() tea.Msg {
		done := make(chan tea.Msg, 1)
		go func() {
			page, link, err := src.Next(ctx)
			done <- pageLoadedMsg{gen: gen, link: link, page: page, err: err}
		}()
		return awaitCmd(done, g.Throttles())()
	}
}

// throttleMsg is Graph asking to wait before a retry; next goes on
// waiting for what was waited for.
type throttleMsg struct {
	t    graph.Throttle
	next tea.Cmd
}

// awaitCmd returns what done delivers, or first each throttle reported
// meanwhile.
func awaitCmd(done <-chan tea.Msg, throttles <-chan graph.Throttle) tea.Cmd {
	return func() tea.Msg {
		select {
		case msg := <-done:
			return msg
		case t := <-throttles:
			return throttleMsg{t: t, next: awaitCmd(done, throttles)}
		}
	}
}

// batchDoneMsg carries one batch's outcome of dispatch id. more is where the
// next outcome will come from.
type batchDoneMsg struct {
	id     int
	result graph.BatchResult
	more   <-chan graph.BatchResult
}

// dispatchDoneMsg says dispatch id has reported every batch.
type dispatchDoneMsg struct{ id int }

// dispatchCmd runs the graph layer's dispatcher in the background and
// returns its first batch outcome; waitBatchCmd returns each next one.
func dispatchCmd(ctx context.Context, g Graph, id int, v graph.Verdict, ids []string, o graph.DispatchOptions) tea.Cmd {
	return func() tea.Msg {
		// Buffered for every batch (and the guard's report), so the
		// dispatcher never waits on the UI.
		results := make(chan graph.BatchResult, g.Requests(v, len(ids))+g.Requests(v, len(o.Separate))+1)
		go func() {
			defer close(results)
			g.DispatchWith(ctx, v, ids, o, func(r graph.BatchResult) { results <- r })
		}()
		return waitBatchCmd(g, id, results)()
	}
}

// waitBatchCmd returns the next outcome of dispatch id, or first each
// throttle reported meanwhile.
func waitBatchCmd(g Graph, id int, results <-chan graph.BatchResult) tea.Cmd {
	return func() tea.Msg {
		select {
		case r, ok := <-results:
			if !ok {
				return dispatchDoneMsg{id: id}
			}
			return batchDoneMsg{id: id, result: r, more: results}
		case t := <-g.Throttles():
			return throttleMsg{t: t, next: waitBatchCmd(g, id, results)}
		}
	}
}

// SignInPromptMsg asks the person to finish a device code sign-in. main
// sends it from the credential's callback; the status pane shows it until
// the listing answers.
type SignInPromptMsg struct {
	URL     string
	Code    string
	Message string
}
