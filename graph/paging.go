package graph

import (
	"fmt"
	"hash/maphash"
	"net/url"
	"strings"
)

// MaxEmptyPages is how many empty pages in a row, each with a link to
// more, a listing follows: Graph sends some (docs/graph.md), a server that
// sends nothing else would keep the listing going for ever.
const MaxEmptyPages = 50

// Paging watches the pages of one listing for a server that would keep it
// going for ever or feed it the same sign-ins again: it passes on only the
// sign-ins not listed before, and stops the listing with a reason on a
// page that brings nothing new, on a link to a page already read, and
// after MaxEmptyPages empty pages in a row. The UI's listing and the
// headless export each keep one per listing.
type Paging struct {
	links map[string]bool // the nextLinks of pages that brought sign-ins
	// seen holds a hash of each ID listed so far: 100,000 sign-ins cost a
	// few MB, not the IDs' own size. The seed is random per listing, so a
	// server cannot pick IDs that collide.
	seen    map[uint64]struct{}
	seed    maphash.Seed
	empties int
	// overlap says the next page may repeat sign-ins listed already
	// without looping (see Overlaps).
	overlap bool
	// rows is how many sign-ins it passed on; maxRows the cap.
	rows, maxRows int
}

// NewPaging starts watching a listing that takes at most maxRows sign-ins
// (Query.RowCap; zero or less is DefaultMaxRows).
func NewPaging(maxRows int) *Paging {
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	return &Paging{links: map[string]bool{}, seen: map[uint64]struct{}{}, seed: maphash.MakeSeed(), maxRows: maxRows}
}

// RowCapError stops a listing that reached its row cap.
type RowCapError struct{ Max int }

func (e *RowCapError) Error() string {
	return fmt.Sprintf("the listing stopped at its cap of %d sign-ins (--max-rows), and Graph had more: narrow the query, or raise the cap", e.Max)
}

// capped keeps the sign-ins of fresh the cap has room for; err says when
// it had not room for all.
func (p *Paging) capped(fresh []SignIn) ([]SignIn, error) {
	room := max(p.maxRows-p.rows, 0)
	if len(fresh) <= room {
		p.rows += len(fresh)
		return fresh, nil
	}
	p.rows += room
	return fresh[:room:room], &RowCapError{Max: p.maxRows}
}

// Next takes the next page: the sign-ins in it not listed before, or an
// error that says why the listing stops here.
func (p *Paging) Next(page Page) ([]SignIn, error) {
	if len(page.SignIns) == 0 {
		if page.NextLink == "" || page.Received > 0 {
			p.empties = 0 // Graph sent sign-ins, all left out here (Page.Note)
			return nil, nil
		}
		if p.empties++; p.empties > MaxEmptyPages {
			return nil, fmt.Errorf("Graph sent %d empty pages in a row, each with a link to more: the listing stopped there", p.empties)
		}
		return nil, nil
	}
	p.empties = 0
	overlap := p.overlap
	p.overlap = false
	fresh := page.SignIns[:0:0] // the page itself until a sign-in repeats: no copy
	copied := false
	for i := range page.SignIns {
		h := maphash.String(p.seed, page.SignIns[i].ID)
		_, dup := p.seen[h]
		switch {
		case dup && !copied:
			fresh, copied = append(make([]SignIn, 0, len(page.SignIns)), page.SignIns[:i]...), true
		case !dup && copied:
			fresh = append(fresh, page.SignIns[i])
		}
		p.seen[h] = struct{}{}
	}
	if !copied {
		fresh = page.SignIns
	}
	switch {
	case len(fresh) == 0 && overlap:
		return nil, nil // the overlap only, as expected
	case len(fresh) == 0:
		return nil, fmt.Errorf("Graph sent a page of %d sign-ins all listed already: the listing stopped there, as it would repeat itself", len(page.SignIns))
	case page.NextLink != "" && p.links[page.NextLink]:
		fresh, _ = p.capped(fresh)
		return fresh, fmt.Errorf("Graph sent a link to a page it had sent already: the listing stopped there, as it would repeat itself")
	}
	fresh, err := p.capped(fresh)
	if err != nil {
		return fresh, err
	}
	if page.NextLink != "" {
		p.links[page.NextLink] = true
	}
	return fresh, nil
}

// Overlaps says the next page starts a new query whose first sign-ins
// may have been listed already (the UI lists the newest few first, then
// the rest up to the second of the oldest of those): a first page of
// repeats only is not a loop.
func (p *Paging) Overlaps() { p.overlap = true }

// Resumed says the listing goes on after a stop (a fault, a new sign-in):
// the empty pages before it no longer count.
func (p *Paging) Resumed() { p.empties = 0 }

// sameOrigin reports whether link has root's scheme, host and port: a
// nextLink elsewhere is not followed (the sign-ins there are not the
// tenant's, and the request would leave the Graph in use).
func sameOrigin(link string, root *url.URL) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Scheme, root.Scheme) && strings.EqualFold(u.Hostname(), root.Hostname()) && port(u) == port(root)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return map[string]string{"https": "443", "http": "80"}[strings.ToLower(u.Scheme)]
}
