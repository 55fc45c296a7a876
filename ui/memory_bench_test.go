package ui

import (
	"context"
	"runtime"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// BenchmarkMemoryPerSignIn loads sign-ins from the simulated tenant
// through the real client (v1.0 and beta, whose sign-ins carry more
// fields) into the UI, and reports the heap a loaded sign-in costs, after
// a GC, as the difference between 1,000 and 100,000 loaded, each with its
// own ID, correlation ID and IP (issue 13's budget: 1 KB a sign-in;
// docs/performance.md).
func BenchmarkMemoryPerSignIn(b *testing.B) {
	const small, large = 1000, 100000
	for _, api := range []string{"v1.0", "beta"} {
		b.Run(api, func(b *testing.B) {
			sim, err := simtenant.Start(simtenant.Options{SignIns: large, Seed: 1, Now: testNow, UniqueIPs: true})
			if err != nil {
				b.Fatal(err)
			}
			defer sim.Close()
			client, err := graph.New(graph.Options{BaseURL: sim.URLFor(api)})
			if err != nil {
				b.Fatal(err)
			}
			var perSignIn float64
			for range b.N {
				heapWith := func(n int) (uint64, *Model) {
					m := New(Config{Graph: client, Source: "bench"})
					q := graph.Query{PageSize: graph.MaxPageSize}
					link := ""
					for m.table.len() < n {
						page, err := client.ListPage(context.Background(), q, link)
						if err != nil {
							b.Fatal(err)
						}
						appendRows(m, page.SignIns[:min(len(page.SignIns), n-m.table.len())]...)
						if link = page.NextLink; link == "" {
							break
						}
					}
					m.afterMessage()
					runtime.GC()
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					return ms.HeapAlloc, m
				}
				lo, m1 := heapWith(small)
				runtime.KeepAlive(m1)
				hi, m2 := heapWith(large)
				perSignIn = float64(int64(hi)-int64(lo)) / float64(m2.table.len()-small)
				runtime.KeepAlive(m2)
			}
			b.ReportMetric(perSignIn, "B/signin")
		})
	}
}
