package export

import (
	"context"
	"fmt"
	"io"

	"github.com/signin-triage/signin-triage/graph"
)

// Lister is what Stream needs of a Graph client.
type Lister interface {
	ListPage(ctx context.Context, q graph.Query, nextLink string) (graph.Page, error)
}

// listsAhead is a Lister that can also ask for the next page while the
// current one is written (graph.Client).
type listsAhead interface {
	List(ctx context.Context, q graph.Query, nextLink string) *graph.Listing
}

// pages gives q's pages in turn: through a graph.Listing when l lists
// ahead, else one request at a time. stop ends what runs ahead.
func pages(ctx context.Context, l Lister, q graph.Query) (next func() (graph.Page, error), stop func()) {
	if ahead, ok := l.(listsAhead); ok {
		src := ahead.List(ctx, q, "")
		return func() (graph.Page, error) {
			page, _, err := src.Next(ctx)
			return page, err
		}, src.Close
	}
	link := ""
	return func() (graph.Page, error) {
		page, err := l.ListPage(ctx, q, link)
		link = page.NextLink
		return page, err
	}, func() {}
}

// Stream lists every sign-in of q, page by page, and writes each page as it
// arrives: memory holds a page or two, whatever the tenant's size (the
// next is asked for while one is written). It returns how many sign-ins
// were written; on an error, those written stay written and the document
// is still closed, so what came is readable.
func Stream(ctx context.Context, l Lister, q graph.Query, w io.Writer, f Format) (int, error) {
	out, err := NewWriter(w, f)
	if err != nil {
		return 0, err
	}
	n := 0
	paging := graph.NewPaging(q.RowCap())
	nextPage, stop := pages(ctx, l, q)
	defer stop()
	for {
		page, err := nextPage()
		if err != nil {
			return n, err // not closed: a JSON export that stopped does not parse as whole
		}
		fresh, stop := paging.Next(page)
		for i := range fresh {
			if err := out.Write(&fresh[i]); err != nil {
				return n, err
			}
			n++
		}
		if stop != nil {
			return n, stop
		}
		if page.NextLink == "" {
			return n, out.Close()
		}
	}
}

// Run is `signin-triage export` once configured: the notices of an earlier
// run first (said once: the journal now calls those requests unknown),
// then the listing streamed to out, or to the file output names (whole or
// not at all), and a count, or why it stopped, on errOut. An export that
// stops early is an error.
func Run(ctx context.Context, l Lister, q graph.Query, f Format, notices []string, output string, out, errOut io.Writer) error {
	for _, n := range notices {
		fmt.Fprintln(errOut, "signin-triage: "+n)
	}
	n := 0
	stream := func(w io.Writer) (err error) {
		n, err = Stream(ctx, l, q, w, f)
		return err
	}
	var err error
	if output == "" {
		err = stream(out)
	} else {
		err = WriteFileAtomic(output, stream)
	}
	if err != nil {
		if output != "" {
			return fmt.Errorf("the export stopped after %d sign-ins, so %s was not written: %w", n, output, err)
		}
		return fmt.Errorf("the export stopped after %d sign-ins: %w", n, err)
	}
	where := ""
	if output != "" {
		where = " to " + output
	}
	fmt.Fprintf(errOut, "signin-triage: exported %d sign-ins (%s)%s.\n", n, f, where)
	return nil
}
