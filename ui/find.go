package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// finder is the live filter over the loaded rows, and "selected only".
type finder struct {
	input        textinput.Model // the filter as typed (see filterInput)
	filter       filter.Filter   // the last filter that parsed
	err          error           // what is wrong with the text typed, if anything
	selectedOnly bool
	// hideHandled hides the sign-ins that already have a verdict, in
	// Graph's state or in what the guard remembers; handled counts them at
	// the last refilter.
	hideHandled bool
	handled     int
	pick        *groupPick // an opened group: only its sign-ins
	// history is the filters kept this session, oldest first (the
	// table's and the users' logs': filterInput).
	history []string
}

func newFinder() finder {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "e.g. " + filter.Placeholder() // "e.g.": read without colour, it is not a filter in force
	return finder{input: in}
}

// narrowedBy names what narrows the view: "the filter, the opened group".
func (ses *session) narrowedBy() string {
	f := ses.find
	var why []string
	if !f.filter.Empty() {
		why = append(why, "the filter")
	}
	if f.pick != nil {
		why = append(why, "the opened group")
	}
	if f.hideHandled {
		why = append(why, "handled sign-ins hidden")
	}
	if f.selectedOnly {
		why = append(why, "selected only")
	}
	if len(why) == 0 {
		return "the view"
	}
	return strings.Join(why, ", ")
}

// active reports whether anything narrows the view.
func (f finder) active() bool {
	return !f.filter.Empty() || f.selectedOnly || f.pick != nil || f.hideHandled
}

// keep is the view's rule: the filter, and "selected only" when it is on.
// Nil keeps every row.
func (ses *session) keep() keepFunc { return ses.keepCounting(&ses.find.handled) }

// keepCounting is keep, counting the handled sign-ins it hides in
// *handled: a rebuild counts its own until its view is on screen.
func (ses *session) keepCounting(hidden *int) keepFunc {
	flt, only, sel, pick, hide := ses.find.filter, ses.find.selectedOnly, &ses.selected, ses.find.pick, ses.find.hideHandled
	if flt.Empty() && !only && pick == nil && !hide {
		return nil
	}
	memory, rows := ses.graph.Memory(), &ses.table.rows
	return func(pos int) bool {
		s := &(*rows)[pos]
		if hide && handled(s, memory) {
			(*hidden)++
			return false
		}
		return (!only || sel.flags()[pos]) && (pick == nil || pick.match(s)) && flt.Match(s)
	}
}

// handled reports a sign-in that already has a verdict: in the risk state
// Graph lists, or in what the guard remembers Graph accepting.
func handled(s *graph.SignIn, memory *graph.Memory) bool {
	switch s.RiskState {
	case graph.RiskStateConfirmedSafe, graph.RiskStateConfirmedCompromised, graph.RiskStateDismissed, graph.RiskStateRemediated:
		return true
	}
	return memory.Verdict(s.ID) != ""
}

// toggleHideHandled hides the sign-ins already decided, or shows them
// again.
func (ses *session) toggleHideHandled() {
	ses.endRange()
	ses.find.hideHandled = !ses.find.hideHandled
	ses.refilter()
}

// applyFilter parses text and refilters. Text that does not parse leaves
// the last good filter in place and says why.
func (ses *session) applyFilter(text string) {
	f, err := filter.Parse(text)
	ses.find.err = err
	if err != nil {
		return
	}
	ses.find.filter = f
	ses.refilter()
}

// toggleSelectedOnly shows only the selected rows, or all again.
func (ses *session) toggleSelectedOnly() {
	ses.endRange()
	ses.find.selectedOnly = !ses.find.selectedOnly
	ses.refilter()
}

// refilter rebuilds the view with what narrows it now (see work.go).
func (ses *session) refilter() {
	ses.rng = span{}
	ses.startRebuild()
}

// setOrder sorts the view.
func (ses *session) setOrder(o sortSpec) {
	ses.endRange()
	ses.order = o
	ses.table.sortView(o)
}

// sortIfNeeded re-sorts after rows were added or refiltered. Graph's own
// order needs no work unless rows were refiltered out of it.
func (ses *session) sortIfNeeded() {
	if !ses.order.isDefault() {
		if ses.rng.active {
			// The range is view positions: rows sorted in among them
			// would change what it covers. It ends, selecting nothing.
			ses.rng = span{}
			ses.note = "The range was canceled: new rows were sorted in among it. Nothing was selected by it."
		}
		ses.table.sortView(ses.order)
	}
}
