package graph

// Step is one user action a compromise calls for, and how far it got.
type Step struct {
	Action Verdict
	State  StepState
	// Why is the failure, or the request in doubt, in words.
	Why string
}

// StepState is how far a step got, as the journal and this session know.
type StepState int

// The states of a step.
const (
	StepNotDone StepState = iota
	StepDone
	StepFailed
	StepInDoubt
)

// String is the state in a word or two.
func (s StepState) String() string {
	return [...]string{"not done", "done", "failed", "in doubt"}[s]
}

// FollowUp is a user a verdict left work for: a sign-in of theirs was
// confirmed compromised and not reversed since. Steps are the user
// actions that follow (revoke the sessions, confirm the user compromised),
// each with its state.
type FollowUp struct {
	User    string   // the user's object ID
	SignIns []string // their sign-ins confirmed compromised
	Steps   []Step
}

// Done reports whether every step is done.
func (f FollowUp) Done() bool {
	for _, s := range f.Steps {
		if s.State != StepDone {
			return false
		}
	}
	return true
}

// Step is the step of the action named name, and whether there is one.
func (f FollowUp) Step(name string) (Step, bool) {
	for _, s := range f.Steps {
		if s.Action.Name == name {
			return s, true
		}
	}
	return Step{}, false
}

// FollowUpSteps are the user actions a compromise calls for, in order.
func FollowUpSteps() []string {
	return []string{ActionRevokeSessions, ActionConfirmUserCompromised}
}

// FollowUps are the users to follow up, by user ID, from what the memory
// holds (the journal of the last 90 days, and this session): each user
// with a sign-in whose last verdict leaves work (confirm compromised),
// unless the user's risk was dismissed since. A compromise reversed (the
// sign-in confirmed safe or dismissed, both included twice) takes the user
// off the list.
func (vs Verdicts) FollowUps(mem *Memory) []FollowUp {
	var out []FollowUp
	for _, user := range mem.linkedUsers() {
		f := FollowUp{User: user}
		for _, s := range mem.SignInsOf(user) {
			if v, ok := vs.Named(mem.Verdict(s)); ok && v.FollowUp != "" {
				f.SignIns = append(f.SignIns, s)
			}
		}
		if len(f.SignIns) == 0 || mem.Verdict(MemoryKey(ActionDismissUserRisk, user)) == ActionDismissUserRisk {
			continue
		}
		for _, name := range FollowUpSteps() {
			a, _ := UserActions().Named(name)
			f.Steps = append(f.Steps, stepOf(a, mem, user))
		}
		out = append(out, f)
	}
	return out
}

// stepOf is how far a is for user.
func stepOf(a Verdict, mem *Memory, user string) Step {
	key := MemoryKey(a.Name, user)
	switch {
	case mem.Verdict(key) == a.Name:
		return Step{Action: a, State: StepDone}
	case mem.Doubt(key) != "":
		return Step{Action: a, State: StepInDoubt, Why: mem.Doubt(key)}
	case mem.Failed(a.Name, user) != "":
		return Step{Action: a, State: StepFailed, Why: mem.Failed(a.Name, user)}
	}
	return Step{Action: a}
}
