package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/cloud"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// deviceCodeDouble stands in for azidentity's device code credential: on
// the first token request it shows a code through prompt and waits until
// the test says the person has signed in.
type deviceCodeDouble struct {
	prompt   func(auth.DeviceCode)
	signedIn chan struct{}
	once     sync.Once
}

func (d *deviceCodeDouble) GetToken(ctx context.Context, _ policy.TokenRequestOptions) (azcore.AccessToken, error) {
	d.once.Do(func() { d.prompt(auth.DeviceCode{URL: "https://microsoft.com/devicelogin", Code: "FQ7K-2MXD"}) })
	select {
	case <-d.signedIn:
		return azcore.AccessToken{Token: "test-token-not-real", ExpiresOn: time.Now().Add(time.Hour)}, nil
	case <-ctx.Done():
		return azcore.AccessToken{}, ctx.Err()
	}
}

// TestDeviceCodeIsShownInTheUI: the code and the address appear inside the
// UI (not on stderr behind the alt screen) while the sign-in waits, and the
// listing goes on, with the token, once it is done.
func TestDeviceCodeIsShownInTheUI(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 40, Now: testNow, Seed: 1, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	// teatest starts the program at once, so the prompt may fire before the
	// test holds the program: it waits until it does.
	var program atomic.Pointer[tea.Program]
	ready := make(chan struct{})
	cred := &deviceCodeDouble{signedIn: make(chan struct{}), prompt: func(d auth.DeviceCode) {
		<-ready
		program.Load().Send(SignInPromptMsg{URL: d.URL, Code: d.Code})
	}}
	provider, err := auth.NewProvider(cred, (auth.Options{Mode: auth.Device, Cloud: cloud.Global()}).Scopes(), cloud.Global(), sim.URL())
	if err != nil {
		t.Fatal(err)
	}
	client, err := graph.New(graph.Options{BaseURL: sim.URL(), Transport: sim.Transport(), Auth: provider})
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, New(Config{Graph: client, Query: graph.DefaultQuery(testNow), Source: "test"}),
		teatest.WithInitialTermSize(140, 30), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	program.Store(tm.GetProgram())
	close(ready)

	// One wait for both: teatest's output is read once.
	waitOutput(t, tm, "open https://microsoft.com/devicelogin in any browser and enter the code FQ7K-2MXD")
	if n := len(sim.Requests()); n != 0 {
		t.Fatalf("%d requests reached Graph before the sign-in finished", n)
	}
	close(cred.signedIn)
	waitOutput(t, tm, "complete)")
	tm.Send(keyPress("q"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if inspect(final).promptShown() {
		t.Error("the device code is still shown after the sign-in")
	}
	if r := sim.Requests(); len(r) == 0 || !r[0].Authorized {
		t.Errorf("the listing went out without the token: %+v", r)
	}
}

// staticToken is a credential that always hands out the same token.
type staticToken string

func (s staticToken) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: string(s), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// TestTokenNeverWritten: with a token on every request, a listing and a
// dispatch leave no trace of it in the journal, the debug log or the screen.
func TestTokenNeverWritten(t *testing.T) {
	const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.SECRET-TEST-TOKEN-7f3a"
	sim, err := simtenant.Start(simtenant.Options{SignIns: 60, Now: testNow, Seed: 1, TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	provider, err := auth.NewProvider(staticToken(token), []string{cloud.Global().AppScope()}, cloud.Global(), sim.URL())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	j, err := journal.Open(filepath.Join(dir, "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	var debug bytes.Buffer
	client, err := graph.New(graph.Options{BaseURL: sim.URL(), Transport: sim.Transport(), Auth: provider, Recorder: j, DebugLog: &debug, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, New(Config{Graph: client, Query: graph.DefaultQuery(testNow), Source: "test"}), 140, 30)
	h.waitFor("the listing", func() bool { return !h.loading() })
	selectFirst(h, 3)
	h.press(safeKey, keys.Yes)
	h.settle()
	if reqs := sim.ActionRequests(); len(reqs) != 2 || !reqs[0].Authorized {
		t.Fatalf("the requests went out without the token: %+v", reqs)
	}
	journalText, _ := os.ReadFile(j.Path())
	for name, text := range map[string]string{"journal": string(journalText), "debug log": debug.String(), "screen": h.m.View().Content,
		"record": strings.Join(h.m.Record(), "\n")} {
		if strings.Contains(text, "SECRET-TEST-TOKEN") || strings.Contains(text, "eyJ0eXAi") {
			t.Errorf("the token appears in the %s", name)
		}
	}
	if !strings.Contains(debug.String(), "Authorization: [redacted]") || !strings.Contains(debug.String(), "POST https://") {
		t.Errorf("the debug log does not show the requests:\n%s", debug.String())
	}
}

// TestJournalViewListsFailuresAndRecords: J shows every sign-in that needs
// attention (failed, unknown) with its reason, and this session's journal.
func TestJournalViewListsFailuresAndRecords(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 120, Now: testNow, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	j, err := journal.Open(filepath.Join(t.TempDir(), "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	client, err := graph.New(graph.Options{BaseURL: sim.URL(), Recorder: j, BatchSize: 1,
		Retry: graph.RetryPolicy{MaxRetries: 1, DelaySeconds: 1}})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, New(Config{Graph: client, Query: graph.DefaultQuery(testNow), Source: "test", Journal: j}), 200, 50)
	h.waitFor("the listing", func() bool { return !h.loading() })
	ids := selectFirst(h, 3)
	sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[:1], Status: 503, RetryAfter: "0"})
	sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[1:2], LoseReply: true, Times: 1})
	h.press(safeKey, keys.Yes)
	h.settle()
	h.press(keys.RequestLog)
	prose := h.prose()
	for _, want := range []string{"Needs attention", "1 sign-in, failed: Graph failed (503", ids[0], "1 sign-in, unknown: ", ids[1],
		"Requests this session 3 requests", j.Path(), "1 sign-in ✓ accepted 204 request-id", "1 sign-in ✗ failed 503 request-id",
		"1 sign-in ? unknown: sent, no reply"} {
		if !strings.Contains(prose, want) {
			t.Errorf("the journal view lacks %q:\n%s", want, h.screen())
		}
	}
	h.press(keys.Back)
	if h.journalOpen() {
		t.Error("esc did not close the journal view")
	}
}
