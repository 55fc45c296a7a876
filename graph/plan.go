package graph

import "fmt"

// PlanItem is one selected sign-in as a plan sees it: its ID as it will be
// sent, and the sign-in as listed, or nil when only the ID is known (not
// loaded, or given by ID).
type PlanItem struct {
	ID     string
	SignIn *SignIn
}

// PlanInput is what a plan is made from.
type PlanInput struct {
	Verdict Verdict
	// Include is how far the analyst overrode the guard (Part.SentAt).
	Include int
	// Items are the selected sign-ins, in the order they are to be sent.
	// An ID given twice, in any letter case, counts once.
	Items []PlanItem
	// Memory is what Graph was last known to accept, and what is in doubt.
	Memory *Memory
	// Unlisted is the part of an item that is not listed and that the
	// memory knows nothing of: PartUnknown in the UI (a selected sign-in
	// no longer loaded); PartOpen for IDs a script names (--ids), whose
	// state Graph is not asked for.
	Unlisted Part
}

// Plan is what a verdict sends and leaves out, decided by one rule for
// the UI's dialog and the headless commands alike (and held again by the
// dispatcher): each sign-in falls in a part (Verdicts.PlanPart); the
// open ones are sent, the never-flagged ones in batches of their own; the
// rest only as far as the analyst included them.
type Plan struct {
	Verdict Verdict
	Include int
	// Send and Separate are the IDs sent, in order: Separate (never
	// flagged) in batches of their own, after Send.
	Send, Separate []string
	// Sent is every item sent, in order; Evidence breaks them down by how
	// they ended.
	Sent     []PlanItem
	Evidence Breakdown
	// Left are the items the guard leaves out, by part; Included those it
	// would have and the analyst included.
	Left, Included [PartUnknown + 1][]PlanItem
	// Doubts name the requests whose outcome is in doubt that left-out (or
	// included) sign-ins came from, each once.
	Doubts []string
	// Duplicates counts the items dropped as a repeat of an earlier ID.
	Duplicates int
	// Unsendable are the items whose ID Graph never issues (CheckID): never
	// sent, whatever the analyst includes.
	Unsendable []PlanItem
}

// PlanPart is where one sign-in falls for v: by what Graph was last known
// to accept for it (the memory counts first: Graph applies verdicts late),
// then by its listed risk state; a request in doubt makes a sign-in that
// is not listed as decided unknown, and doubt says which request.
func (vs Verdicts) PlanPart(v Verdict, mem *Memory, it PlanItem, unlisted Part) (part Part, doubt string) {
	if v.Subject == SubjectUsers {
		return vs.userPart(v, mem, it.ID)
	}
	if prior := mem.Verdict(it.ID); prior != "" {
		return vs.PartOf(v, prior, "", false), ""
	}
	if it.SignIn != nil {
		part = vs.PartOf(v, "", it.SignIn.RiskState, true)
	} else {
		part = unlisted
	}
	if d := mem.Doubt(it.ID); d != "" && (part == PartOpen || part == PartNeverFlagged || part == PartUnknown) {
		return PartUnknown, d
	}
	return part, ""
}

// NewPlan decides what in.Verdict sends.
func (vs Verdicts) NewPlan(in PlanInput) Plan {
	p := Plan{Verdict: in.Verdict, Include: in.Include}
	// The same sign-in listed twice (its ID in two letter cases) is placed
	// once, in the first item's form, in the stricter of its parts.
	type placed struct {
		part  Part
		doubt string
	}
	strictest := make(map[string]placed, len(in.Items))
	items := make([]PlanItem, 0, len(in.Items))
	for _, it := range in.Items {
		if in.Verdict.Check(it.ID) != nil {
			p.Unsendable = append(p.Unsendable, it)
			continue
		}
		items = append(items, it)
	}
	for _, it := range items {
		key := CanonicalID(it.ID)
		part, doubt := vs.PlanPart(in.Verdict, in.Memory, it, in.Unlisted)
		if was, ok := strictest[key]; ok {
			p.Duplicates++
			if was.part.stricter(part) {
				continue
			}
		}
		strictest[key] = placed{part, doubt}
	}
	seen := make(map[string]bool, len(in.Items))
	doubts := map[string]bool{}
	var separate []PlanItem
	for _, it := range items {
		key := CanonicalID(it.ID)
		if seen[key] {
			continue
		}
		seen[key] = true
		part, doubt := strictest[key].part, strictest[key].doubt
		if doubt != "" && !doubts[doubt] {
			doubts[doubt] = true
			p.Doubts = append(p.Doubts, doubt)
		}
		if !part.SentAt(in.Include) {
			p.Left[part] = append(p.Left[part], it)
			continue
		}
		if !part.SentAt(0) {
			p.Included[part] = append(p.Included[part], it)
		}
		if part == PartNeverFlagged {
			p.Separate = append(p.Separate, it.ID)
			separate = append(separate, it)
		} else {
			p.Send = append(p.Send, it.ID)
			p.Sent = append(p.Sent, it)
		}
		p.Evidence.Add(it.SignIn)
	}
	// Sent lists the never-flagged ones last, as they go out.
	p.Sent = append(p.Sent, separate...)
	return p
}

// stricter reports whether p needs at least as much including as q to be
// sent (ties keep the first).
func (p Part) stricter(q Part) bool {
	level := func(x Part) int {
		for i := range 3 {
			if x.SentAt(i) {
				return i
			}
		}
		return 3
	}
	return level(p) >= level(q)
}

// IDs is every ID the plan sends, in the order it sends them.
func (p Plan) IDs() []string { return append(append([]string(nil), p.Send...), p.Separate...) }

// LeftOut counts what the guard leaves out.
func (p Plan) LeftOut() int {
	n := 0
	for _, items := range p.Left {
		n += len(items)
	}
	return n
}

// LeftText says what is left out, part by part: "7 in conflict with an
// earlier verdict, 2 unknown".
func (p Plan) LeftText() string {
	text := ""
	for part, items := range p.Left {
		if len(items) > 0 {
			if text != "" {
				text += ", "
			}
			text += fmt.Sprintf("%d %s", len(items), Part(part))
		}
	}
	return text
}

// Users are the users of the sign-ins the plan sends, by sign-in ID, where
// they are listed (DispatchOptions.Users).
func (p Plan) Users() map[string]string {
	users := map[string]string{}
	for _, it := range p.Sent {
		if it.SignIn != nil && it.SignIn.UserID != "" {
			users[it.ID] = it.SignIn.UserID
		}
	}
	return users
}
