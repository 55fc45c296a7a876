package graph_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// BenchmarkParsePage is one page of 999 sign-ins read through the client
// as the listing reads it: the reply over loopback, the SDK's parsing,
// enumKeeper's look for unknown enum members, and our mapping and
// sanitizing. The page is the simulated tenant's, served as fixed bytes
// so that the tenant's own work is not measured (docs/performance.md).
func BenchmarkParsePage(b *testing.B) {
	for _, api := range []string{"v1.0", "beta"} {
		b.Run(api, func(b *testing.B) {
			sim, err := simtenant.Start(simtenant.Options{SignIns: 999, Seed: 1, UniqueIPs: true})
			if err != nil {
				b.Fatal(err)
			}
			defer sim.Close()
			resp, err := http.Get(sim.URLFor(api) + "/auditLogs/signIns?$top=999")
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatalf("the page: %d %v", resp.StatusCode, err)
			}
			fixed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write(body)
			}))
			defer fixed.Close()
			c, err := graph.New(graph.Options{BaseURL: fixed.URL + "/" + api})
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ResetTimer()
			for range b.N {
				page, err := c.ListPage(context.Background(), graph.Query{PageSize: graph.MaxPageSize}, "")
				if err != nil || len(page.SignIns) != 999 {
					b.Fatalf("%d sign-ins, %v", len(page.SignIns), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*999), "µs/signin")
		})
	}
}
