package graph_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/export"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// listWithPaging lists every page of q the way the UI and the export do,
// through graph.Paging; it returns the sign-ins taken and the error that
// stopped it.
func listWithPaging(c *graph.Client, q graph.Query) ([]graph.SignIn, error) {
	p := graph.NewPaging(0)
	var all []graph.SignIn
	next := ""
	for {
		page, err := c.ListPage(context.Background(), q, next)
		if err != nil {
			return all, err
		}
		fresh, stop := p.Next(page)
		all = append(all, fresh...)
		if stop != nil {
			return all, stop
		}
		if next = page.NextLink; next == "" {
			return all, nil
		}
	}
}

// TestALoopingNextLinkStops: a nextLink back to the page just read stops
// the listing at once, with a reason, and nothing is taken twice.
func TestALoopingNextLinkStops(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 300}, 0)
	sim.InjectFault(simtenant.Fault{Action: "list", Page: 2, NextLink: "self"})
	all, err := listWithPaging(c, graph.Query{PageSize: 50})
	if err == nil || !strings.Contains(err.Error(), "would repeat itself") {
		t.Fatalf("a looping nextLink: %v", err)
	}
	if len(all) != 100 {
		t.Errorf("took %d sign-ins, want the 100 of pages 1 and 2", len(all))
	}
	if n := len(sim.Requests()); n > 4 {
		t.Errorf("%d listing requests: page 2 repeated more than twice", n)
	}
	// The export stops the same way, writing no sign-in twice.
	var out bytes.Buffer
	n, err := export.Stream(context.Background(), c, graph.Query{PageSize: 50}, &out, export.CSV)
	if err == nil || n != 100 {
		t.Errorf("the export wrote %d and ended with %v", n, err)
	}
}

// TestAnEndlessListingStopsAtItsCap: pages of fresh sign-ins with fresh
// nextLinks for ever stop at the query's row cap, exactly, with the
// reason; the export, which shares graph.Paging, stops the same way.
func TestAnEndlessListingStopsAtItsCap(t *testing.T) {
	_, c := setup(t, simtenant.Options{SignIns: 20, Endless: true}, 0)
	p := graph.NewPaging(120)
	var all []graph.SignIn
	next, err := "", error(nil)
	for range 10 {
		page, lerr := c.ListPage(context.Background(), graph.Query{PageSize: 50}, next)
		if lerr != nil {
			t.Fatal(lerr)
		}
		var fresh []graph.SignIn
		fresh, err = p.Next(page)
		all = append(all, fresh...)
		if err != nil {
			break
		}
		next = page.NextLink
	}
	if !errors.As(err, new(*graph.RowCapError)) || len(all) != 120 || !strings.Contains(err.Error(), "cap of 120 sign-ins") {
		t.Fatalf("took %d sign-ins and ended with %v; want 120 and the cap", len(all), err)
	}
	var out bytes.Buffer
	n, err := export.Stream(context.Background(), c, graph.Query{PageSize: 50, MaxRows: 120}, &out, export.CSV)
	if n != 120 || !errors.As(err, new(*graph.RowCapError)) {
		t.Errorf("the export wrote %d and ended with %v", n, err)
	}
}

// TestANextLinkElsewhereIsNotFollowed: a nextLink to another port of the
// same host is refused, and that port receives nothing.
func TestANextLinkElsewhereIsNotFollowed(t *testing.T) {
	var hits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { hits.Add(1) }))
	defer other.Close()
	sim, c := setup(t, simtenant.Options{SignIns: 100}, 0)
	sim.InjectFault(simtenant.Fault{Action: "list", Page: 1, NextLink: other.URL + "/v1.0/auditLogs/signIns?$skiptoken=x"})
	all, err := listWithPaging(c, graph.Query{PageSize: 50})
	var e *graph.Error
	if !errors.As(err, &e) || e.Kind != graph.KindUnsafeReply || !strings.Contains(err.Error(), "another address") {
		t.Fatalf("a nextLink to another port: %v", err)
	}
	if len(all) != 50 || hits.Load() != 0 {
		t.Errorf("took %d sign-ins; the other port got %d requests", len(all), hits.Load())
	}
}

// TestEmptyPagesWithNextLinksAreFollowed: twenty empty pages, each with a
// link back, then the real rows: all of them are listed.
func TestEmptyPagesWithNextLinksAreFollowed(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 120}, 0)
	want := 0
	for _, s := range sim.SignIns() {
		if s.IsInteractive {
			want++
		}
	}
	sim.InjectFault(simtenant.Fault{Action: "list", Page: 1, EmptyWithNext: true, Times: 20})
	all, err := listWithPaging(c, graph.Query{})
	if err != nil || len(all) != want {
		t.Fatalf("listed %d of %d: %v", len(all), want, err)
	}
}

// BenchmarkPagingNext100k: what graph.Paging adds to a listing of 100,000
// sign-ins in pages of 999 (the hash and the set of IDs seen).
func BenchmarkPagingNext100k(b *testing.B) {
	pages := make([]graph.Page, 0, 101)
	for p := 0; p*999 < 100000; p++ {
		page := graph.Page{NextLink: "https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=" + strings.Repeat("x", 10) + string(rune('a'+p%26)) + string(rune('a'+p/26))}
		for i := p * 999; i < min((p+1)*999, 100000); i++ {
			page.SignIns = append(page.SignIns, graph.SignIn{ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)})
		}
		pages = append(pages, page)
	}
	b.ReportAllocs()
	for b.Loop() {
		p := graph.NewPaging(0)
		for _, page := range pages {
			if _, err := p.Next(page); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestPagingTakesEachSignInOnce: a sign-in repeated within a page or on a
// later page is taken once; a page of new sign-ins is passed on as it is.
func TestPagingTakesEachSignInOnce(t *testing.T) {
	p := graph.NewPaging(0)
	ids := func(ss []graph.SignIn) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return strings.Join(out, ",")
	}
	page := func(next string, ids ...string) graph.Page {
		pg := graph.Page{NextLink: next}
		for _, id := range ids {
			pg.SignIns = append(pg.SignIns, graph.SignIn{ID: id})
		}
		return pg
	}
	for _, tt := range []struct {
		page graph.Page
		want string
	}{
		{page("n1", "a", "b", "a"), "a,b"},
		{page("n2", "b", "c", "d"), "c,d"},
		{page("", "e", "f"), "e,f"},
	} {
		got, err := p.Next(tt.page)
		if err != nil || ids(got) != tt.want {
			t.Errorf("%s: got %s, %v; want %s", ids(tt.page.SignIns), ids(got), err, tt.want)
		}
	}
}

// TestPagesEmptiedHereAreNotEmpty: pages whose sign-ins were all left out
// here (Graph refused a filter) are not the empty pages a looping server
// sends: any number of them keeps the listing going.
func TestPagesEmptiedHereAreNotEmpty(t *testing.T) {
	p := graph.NewPaging(0)
	for i := range graph.MaxEmptyPages + 10 {
		if _, err := p.Next(graph.Page{NextLink: fmt.Sprintf("n%d", i), Received: 500}); err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
	}
	for i := range graph.MaxEmptyPages + 1 {
		_, err := p.Next(graph.Page{NextLink: "more"})
		if (err != nil) != (i == graph.MaxEmptyPages) {
			t.Fatalf("empty page %d: %v", i+1, err)
		}
	}
	p.Resumed()
	if _, err := p.Next(graph.Page{NextLink: "more"}); err != nil {
		t.Errorf("after a resume the empty pages before it still count: %v", err)
	}
}

// TestAListingAsksForTheNextPageWhileOneIsUsed: graph.Listing asks for
// the next page as soon as the SDK has read one, while the caller still
// holds it; at most one page read waits ahead, and Close stops it. Every
// page comes once, in order, and the last reports io.EOF after it.
func TestAListingAsksForTheNextPageWhileOneIsUsed(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 500}, 0)
	lists := func() int {
		n := 0
		for _, r := range sim.Requests() {
			if r.Action == "list" {
				n++
			}
		}
		return n
	}
	l := c.List(context.Background(), graph.Query{PageSize: 50}, "")
	defer l.Close()
	first, link, err := l.Next(context.Background())
	if err != nil || link != "" || len(first.SignIns) != 50 {
		t.Fatalf("first page: %d sign-ins, link %q, %v", len(first.SignIns), link, err)
	}
	// The caller holds page 1: page 2 waits in the listing, page 3 is
	// read and waits to be handed over, page 4 is not asked for.
	deadline := time.Now().Add(5 * time.Second)
	for lists() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if n := lists(); n != 3 {
		t.Fatalf("%d pages asked for while the caller held page 1, want 3 (one ahead, one waiting)", n)
	}
	seen := map[string]bool{}
	for _, s := range first.SignIns {
		seen[s.ID] = true
	}
	for {
		page, link, err := l.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || link == "" {
			t.Fatalf("a later page: link %q, %v", link, err)
		}
		for _, s := range page.SignIns {
			if seen[s.ID] {
				t.Fatalf("%s listed twice", s.ID)
			}
			seen[s.ID] = true
		}
	}
	if len(seen) != 500 || lists() != 10 {
		t.Fatalf("%d sign-ins in %d requests, want 500 in 10", len(seen), lists())
	}
}

// TestClosingAListingStopsIt: after Close, nothing more is asked for.
func TestClosingAListingStopsIt(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 500}, 0)
	l := c.List(context.Background(), graph.Query{PageSize: 50}, "")
	if _, _, err := l.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	l.Close()
	time.Sleep(200 * time.Millisecond)
	n := len(sim.Requests())
	time.Sleep(200 * time.Millisecond)
	if len(sim.Requests()) != n || n > 3 {
		t.Fatalf("%d requests after Close, then %d", n, len(sim.Requests()))
	}
}
