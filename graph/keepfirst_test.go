package graph

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
)

// endlessPage is a page whose value array never ends: cutPage must stop
// reading it. It counts what was read and whether it was closed.
type endlessPage struct {
	head   string
	next   int
	buf    []byte
	read   int
	closed bool
}

func (p *endlessPage) Read(b []byte) (int, error) {
	if p.closed {
		return 0, io.ErrClosedPipe
	}
	for len(p.buf) < len(b) {
		if p.head != "" {
			p.buf, p.head = append(p.buf, p.head...), ""
			continue
		}
		if p.next > 0 {
			p.buf = append(p.buf, ',')
		}
		p.buf = fmt.Appendf(p.buf, `{"id":"d%d","riskEventType":"unfamiliarFeatures"}`, p.next)
		p.next++
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	p.read += n
	return n, nil
}

func (p *endlessPage) Close() error { p.closed = true; return nil }

// TestCutPageKeepsTheFirstAndReadsNoFurther: a page longer than asked
// (here endless) is cut to its first n values, keeps the properties read
// before them but not the nextLink, and is closed after little more than
// n values were read.
func TestCutPageKeepsTheFirstAndReadsNoFurther(t *testing.T) {
	const n = 50
	body := &endlessPage{head: `{"@odata.context":"ctx","@odata.nextLink":"https://graph.example/next","value":[`}
	out, cut := cutPage(body, n)
	if !cut || !body.closed {
		t.Fatalf("cut %v, body closed %v; want both", cut, body.closed)
	}
	if body.read > 64<<10 {
		t.Errorf("read %d bytes of an endless page for %d values", body.read, n)
	}
	var page struct {
		Context string `json:"@odata.context"`
		Next    string `json:"@odata.nextLink"`
		Value   []struct {
			ID string `json:"id"`
		} `json:"value"`
	}
	b, _ := io.ReadAll(out)
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatalf("the cut page is not JSON: %v\n%s", err, b)
	}
	if len(page.Value) != n || page.Value[0].ID != "d0" || page.Value[n-1].ID != fmt.Sprintf("d%d", n-1) {
		t.Errorf("kept %d values (%v...), want d0 to d%d", len(page.Value), page.Value[:min(3, len(page.Value))], n-1)
	}
	if page.Context != "ctx" || page.Next != "" {
		t.Errorf("context %q, nextLink %q: want the context kept and the link dropped", page.Context, page.Next)
	}
}

// TestCutPagePassesTheRestAsItCame: a page within n, or a reply that is
// not a page, reaches the SDK byte for byte.
func TestCutPagePassesTheRestAsItCame(t *testing.T) {
	for _, body := range []string{
		`{"value":[{"id":"a"},{"id":"b"}],"@odata.nextLink":"https://graph.example/next"}`,
		`{"@odata.count":2, "value" : [ {"id":"a"} , {"id":"b"} ] }`,
		`{"value":[]}`,
		`{"id":"one entity"}`,
		`{"value":{"id":"not a list"}}`,
		`[{"id":"a"},{"id":"b"},{"id":"c"}]`,
		`{"value":[{"id":"a"},{"id":`,
		`not json at all`,
		``,
	} {
		out, cut := cutPage(io.NopCloser(strings.NewReader(body)), 2)
		got, _ := io.ReadAll(out)
		if cut || string(got) != body {
			t.Errorf("%q: cut %v, passed %q", body, cut, got)
		}
	}
}
