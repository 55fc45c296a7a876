package ui

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/keymap"
)

// TestAVerdictDefinedOnlyHereIsSent: a fourth verdict, defined in this
// test alone, goes through the key, the dialog and the dispatcher to its
// own path, which a handler in this test answers. The simulated tenant
// behind that handler never hears of it.
func TestAVerdictDefinedOnlyHereIsSent(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	review := graph.Verdict{Name: "markReviewed", Path: "/auditLogs/signIns/markReviewed",
		Verb: "mark reviewed", Short: "reviewed", State: "reviewed", Detail: "analystReviewed"}
	verdicts := append(graph.StandardVerdicts(), review)

	var mu sync.Mutex
	var received [][]string
	target, err := url.Parse(e.sim.URL())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1.0"+review.Path, func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			RequestIDs []string `json:"requestIds"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		received = append(received, body.RequestIDs)
		mu.Unlock()
		w.Header().Set("request-id", "0000beef-0000-4000-8000-000000000001")
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle("/", httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host}))
	front := httptest.NewServer(mux)
	t.Cleanup(front.Close)

	client, err := graph.New(graph.Options{BaseURL: front.URL + "/v1.0", Verdicts: verdicts})
	if err != nil {
		t.Fatal(err)
	}
	km := keymap.Default()
	reviewKey := key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "reviewed"))
	km.Verdicts = append(km.Verdicts, keymap.VerdictKey{Verdict: review.Name, Binding: reviewKey})
	m := New(Config{Graph: client, Query: graph.DefaultQuery(testNow), Keys: &km, Verdicts: verdicts,
		Source: "test tenant", Now: func() time.Time { return testNow }})
	h := newHarness(t, m, 140, 40)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()

	ids := selectFirst(h, 2)
	h.press(reviewKey)
	prose := h.prose()
	for _, want := range []string{"Mark reviewed 2 sign-ins?", "Sends markReviewed for 2 sign-ins", "Their risk state becomes reviewed."} {
		if !strings.Contains(prose, want) {
			t.Fatalf("the dialog lacks %q:\n%s", want, h.screen())
		}
	}
	h.press(keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })

	mu.Lock()
	defer mu.Unlock()
	if len(received) != 1 || !slices.Equal(received[0], ids) {
		t.Fatalf("the handler received %v, want one request with %v", received, ids)
	}
	if n := len(e.sim.ActionRequests()); n != 0 {
		t.Errorf("the simulated tenant received %d action requests", n)
	}
	for _, id := range ids {
		if s := h.signIn(id); s.RiskState != "reviewed" || s.RiskDetail != "analystReviewed" || h.isSelected(id) {
			t.Errorf("%s: state %s, detail %s, selected %v", id, s.RiskState, s.RiskDetail, h.isSelected(id))
		}
	}
	if !strings.Contains(h.screen(), "✓ sent") || !strings.Contains(h.screen(), "reviewed") || !strings.Contains(h.prose(), "markReviewed done: 2 accepted") {
		t.Errorf("the screen does not show the verdict:\n%s", h.screen())
	}
}
