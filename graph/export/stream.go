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

// Stream lists every sign-in of q, page by page, and writes each page as it
// arrives: memory holds one page, whatever the tenant's size. It returns how
// many sign-ins were written; on an error, those written stay written and
// the document is still closed, so what came is readable.
func Stream(ctx context.Context, l Lister, q graph.Query, w io.Writer, f Format) (int, error) {
	out, err := NewWriter(w, f)
	if err != nil {
		return 0, err
	}
	n, next := 0, ""
	paging := graph.NewPaging()
	for {
		page, err := l.ListPage(ctx, q, next)
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
		if next = page.NextLink; next == "" {
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
