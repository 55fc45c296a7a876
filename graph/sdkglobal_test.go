package graph_test

import (
	"context"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestAClientBuiltWhileAnotherListsDoesNotRace: under -race, building
// clients while another client parses pages must not write what the
// parsing reads (msgraph's constructor set kiota's backing-store factory,
// a global, each time).
func TestAClientBuiltWhileAnotherListsDoesNotRace(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 400}, 0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		l := c.List(context.Background(), graph.Query{PageSize: 20}, "")
		defer l.Close()
		for {
			if _, _, err := l.Next(context.Background()); err != nil {
				return // io.EOF once every page is read
			}
		}
	}()
	for range 20 {
		if _, err := graph.New(graph.Options{BaseURL: sim.URL()}); err != nil {
			t.Fatal(err)
		}
	}
	<-done
}
