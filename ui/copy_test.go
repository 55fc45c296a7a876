package ui

import (
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// osc52 is a clipboard write as it reaches the terminal: the payload is
// base64, ended by BEL or ST.
var osc52 = regexp.MustCompile("\x1b\\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\\\)")

// TestCopyTakesTheIDGraphSent: two sign-ins whose IDs differ only by a
// zero-width space. y in the details of the one with it puts exactly that
// ID on the clipboard (the OSC 52 payload the terminal receives), not the
// other's; the status pane shows the space as its code point.
func TestCopyTakesTheIDGraphSent(t *testing.T) {
	const hidden, plain = "zw\u200bsp-A", "zwsp-A"
	e := newEnv(t, simtenant.Options{SignIns: 20}, 0)
	for i, id := range []string{hidden, plain} {
		s := hostileSignIn()
		s.ID, s.UserDisplayName, s.AppDisplayName = id, "Ann", "App"
		s.CreatedDateTime = testNow.Add(-time.Duration(i+1) * time.Minute) // the hidden one first
		e.sim.Add(s)
	}
	raw := copyInTheDetails(t, e, "Loaded 22 sign-ins", `zw\u200bsp-A`, `Copied the sign-in ID to the clipboard (OSC 52): zw\u200bsp-A`)
	writes := osc52.FindAllSubmatch(raw, -1)
	if len(writes) != 1 {
		t.Fatalf("the terminal received %d clipboard writes, want 1", len(writes))
	}
	got, err := base64.StdEncoding.DecodeString(string(writes[0][1]))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != hidden {
		t.Errorf("copied %q, want the ID Graph sent, %q", got, hidden)
	}
	if strings.Contains(string(raw), "\u200b") {
		t.Error("the zero-width space reached the terminal raw")
	}
}

// TestCopyRefusesControlCharacters: an ID that would end a bracketed
// paste and run a command when pasted ("a ESC[201~;touch x CR") is not
// put on the clipboard: y writes no OSC 52, and the status pane says why,
// with the ID escaped.
func TestCopyRefusesControlCharacters(t *testing.T) {
	const hostile = "a\x1b[201~;touch /tmp/pwned\r"
	e := newEnv(t, simtenant.Options{SignIns: 20}, 0)
	s := hostileSignIn()
	s.ID, s.CreatedDateTime = hostile, testNow.Add(-time.Second)
	e.sim.Add(s)
	raw := copyInTheDetails(t, e, "Loaded 21 sign-ins", `a\u001b[201~;touch /tmp/pwned\u000d`, "Not copied: the text holds control characters")
	if writes := osc52.FindAll(raw, -1); len(writes) != 0 {
		t.Errorf("y wrote the clipboard %d times", len(writes))
	}
}

// copyInTheDetails runs the program on e at 160x40 until loaded says the
// listing is, opens the details of the first row (its ID line reads
// idShown), presses y, waits for said, quits, and returns all the
// program wrote to the terminal.
func copyInTheDetails(t *testing.T, e env, loaded, idShown, said string) []byte {
	t.Helper()
	v := &viewRecorder{Model: e.model(graph.Query{})}
	tm := teatest.NewTestModel(t, v, teatest.WithInitialTermSize(160, 40))
	v.waitFor(t, loaded, "complete)")
	tm.Send(keyPress(keys.Details.Keys()[0]))
	v.waitFor(t, idShown)
	tm.Send(keyPress(keys.CopyID.Keys()[0]))
	v.waitFor(t, said)
	tm.Send(keyPress(keys.Back.Keys()[0]))
	tm.Send(keyPress(keys.Quit.Keys()[0]))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	raw, err := io.ReadAll(tm.FinalOutput(t))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
