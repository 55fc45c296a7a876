package graph

import "sync"

// interner keeps one copy of each repeated string (user, app, place,
// device, enum names): a tenant's sign-ins repeat a few hundred users and
// apps across hundreds of thousands of rows, and sharing their bytes keeps
// a loaded sign-in well under the 1 KB budget. Unique values (IDs) are not
// interned. It grows with the distinct values seen, which are few.
type interner struct {
	mu sync.Mutex
	m  map[string]string
}

func newInterner() *interner { return &interner{m: map[string]string{}} }

func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if v, ok := in.m[s]; ok {
		return v
	}
	in.m[s] = s
	return s
}
