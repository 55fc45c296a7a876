package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/ui"
)

// walkStep is one key of the README's walkthrough, as the README writes it
// between <kbd> tags, and what the screen shows once it has done its work.
type walkStep struct {
	key, then string
}

// walkthrough is the README's "A triage session", key by key.
var walkthrough = []walkStep{
	{"tab", "GROUPED BY USER"}, {"b", "GROUPED BY IP"},
	{"enter", "Group IP = 185.220.101.47"}, {"enter", "password not verified"}, {"esc", "TIME (UTC)"},
	{"/", ""}, {"pw:v", ""}, {"enter", "Filter pw:v"},
	{"ctrl+a", "Selected 7"}, {"C", "Confirm compromised 7 sign-ins?"}, {"y", "confirmCompromised done: 7 accepted, 0 failed"},
	{"/", ""}, {"esc", "Shown 30 of"},
	{"ctrl+a", "Selected 30"}, {"D", "Left out: 7 in conflict with an earlier verdict."}, {"y", "dismiss done: 23 accepted, 0 failed"},
	{"u", "Selected 0"},
	{"esc", "GROUPED BY IP"}, {"H", "30 HANDLED SIGN-INS HIDDEN"},
	{"enter", "Group IP = 102.89.34.12"}, {"enter", "102.89.34.12 (Lagos"}, {"esc", "TIME (UTC)"},
	{"ctrl+a", "Selected 20"}, {"S", "Confirm safe 20 sign-ins?"}, {"y", "confirmSafe done: 20 accepted, 0 failed"},
	{"esc", "GROUPED BY IP"},
	{"enter", "Group IP = 103.21.244.7"}, {"enter", "103.21.244.7 (Hanoi"}, {"esc", "TIME (UTC)"},
	{"ctrl+a", "Selected 4"}, {"C", "Confirm compromised 4 sign-ins?"}, {"y", "confirmCompromised done: 4 accepted, 0 failed"},
	{"F", "Users to follow up: 7 users"}, {"ctrl+a", "7 users, 7 selected"},
	{"R", "Revoke the sessions of 7 users?"}, {"y", "revokeSignInSessions done: 7 accepted, 0 failed"},
	{"C", "Confirm 7 users compromised?"}, {"y", "confirmUserCompromised done: 7 accepted, 0 failed"},
	{"esc", "TIME (UTC)"}, {"q", "EXIT=0"},
}

// tmuxKeys are the README's names of keys as tmux sends them; any other
// token is typed character by character.
var tmuxKeys = map[string]string{"tab": "Tab", "enter": "Enter", "esc": "Escape", "ctrl+a": "C-a"}

// keystrokes counts what a person types for a token.
func keystrokes(token string) int {
	if _, named := tmuxKeys[token]; named {
		return 1
	}
	return len([]rune(token))
}

// walkSizes are the terminal sizes the walkthrough is followed at: the
// smallest the README promises, and a roomy one.
var walkSizes = [][2]int{{80, 24}, {140, 40}}

// TestReadmeWalkthrough follows the README's triage session keystroke by
// keystroke in the demo, in a real terminal, at 80×24 and at 140×40: the
// README's keys are the test's, the count the README states is the count
// typed (and at most 60), the README names the smallest size, the demo's
// score at exit has nothing wrong or missing, and the demo's journal
// shows no sign-in given two verdicts.
func TestReadmeWalkthrough(t *testing.T) {
	requireTerminal(t)
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	section = section[strings.Index(section, "## A triage session"):]
	section = section[:strings.Index(section[3:], "\n## ")+3]
	var tokens, want []string
	for _, m := range regexp.MustCompile(`<kbd>([^<]+)</kbd>`).FindAllStringSubmatch(section, -1) {
		tokens = append(tokens, m[1])
	}
	total := 0
	for _, s := range walkthrough {
		want = append(want, s.key)
		total += keystrokes(s.key)
	}
	if !slices.Equal(tokens, want) {
		t.Fatalf("the README's walkthrough keys\n  %v\nare not the test's\n  %v", tokens, want)
	}
	if total > 60 || !strings.Contains(section, fmt.Sprintf("in %d keystrokes", total)) {
		t.Fatalf("the walkthrough takes %d keystrokes: at most 60, and the README must say so", total)
	}

	if small := fmt.Sprintf("%dx%d", walkSizes[0][0], walkSizes[0][1]); !strings.Contains(strings.ReplaceAll(section, "×", "x"), small) {
		t.Fatalf("the walkthrough does not name the smallest terminal it is tested at, %s", small)
	}
	_, bin := buildBinary(t)
	for _, size := range walkSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			walk(t, bin, filepath.Join(t.TempDir(), "state"), size[0], size[1])
		})
	}
}

// walk types the walkthrough into the demo in a terminal width × height
// and checks what the tenant received. Before each y it waits as a reader
// does: y counts once the dialog has been on screen for the read delay.
func walk(t *testing.T, bin, state string, width, height int) {
	term := runProgram(t, width, height, bin, state, nil)
	term.waitFor("the listing", "complete)")
	for _, s := range walkthrough {
		if s.key == "y" {
			time.Sleep(ui.DefaultReadDelay + 300*time.Millisecond)
		}
		if name, ok := tmuxKeys[s.key]; ok {
			term.keys(name)
		} else {
			term.keys(strings.Split(s.key, "")...)
		}
		if s.key == "esc" {
			time.Sleep(300 * time.Millisecond) // an escape then a key reads as alt+key
		}
		if s.then != "" {
			term.waitFor("the screen after "+s.key, s.then)
		}
	}

	score := regexp.MustCompile(`(\d+) right, (\d+) wrong, (\d+) missing; \d+ rightly left alone; (\d+) given two verdicts`).
		FindStringSubmatch(strings.Join(strings.Fields(term.screen()), " "))
	if score == nil || score[2] != "0" || score[3] != "0" || score[4] != "0" || score[1] == "0" {
		t.Fatalf("the demo's score: %v\n%s", score, term.screen())
	}
	if !strings.Contains(strings.Join(strings.Fields(term.screen()), " "), "Follow-up: 14 of 14 steps done") {
		t.Errorf("the demo's score does not count the follow-up done:\n%s", term.screen())
	}
	recs, err := journal.ReadFile(journal.PathIn(filepath.Join(state, "signin-triage"), true))
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[string][]string{}
	users := map[string]int{} // user action -> users it was accepted for
	for _, r := range recs {
		if r.Kind != journal.Outcome || r.Outcome != "accepted" {
			continue
		}
		if _, user := graph.UserActions().Named(r.Action); user {
			users[r.Action] += len(r.IDs)
			continue
		}
		for _, id := range r.IDs {
			verdicts[id] = append(verdicts[id], r.Action)
		}
	}
	if users[graph.ActionRevokeSessions] != 7 || users[graph.ActionConfirmUserCompromised] != 7 || len(users) != 2 {
		t.Errorf("the journal shows the user actions %v, want 7 users revoked and 7 confirmed compromised", users)
	}
	for id, vs := range verdicts {
		if len(vs) > 1 {
			t.Errorf("the journal shows sign-in %s given %v", id, vs)
		}
	}
	if len(verdicts) != 54 {
		t.Errorf("the journal holds verdicts for %d sign-ins, want 7+23+20+4", len(verdicts))
	}
}
