package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// head is the journal's seal, kept beside it: how many records were
// written and the hash of the last. The chain of hashes shows an edited,
// added, moved or removed line; only the head shows records cut off the
// end. Someone who can rewrite both files can defeat both (README).
type head struct {
	Count int64  `json:"count"`
	Last  string `json:"last"`
}

// HeadPath is where the head of the journal at path is kept.
func HeadPath(path string) string { return path + ".head" }

// errNoHead is a head file that does not exist.
var errNoHead = errors.New("no head")

// readHead reads the head. errNoHead when there is none; a head that is
// empty or not a head is an error that says so.
func readHead(path string) (head, error) {
	b, err := os.ReadFile(HeadPath(path))
	if errors.Is(err, fs.ErrNotExist) {
		return head{}, errNoHead
	}
	if err != nil {
		return head{}, fmt.Errorf("reading the journal's head: %w", err)
	}
	if len(b) == 0 {
		return head{}, &GapError{Why: fmt.Sprintf("its head %s is empty", HeadPath(path))}
	}
	var h head
	if err := json.Unmarshal(b, &h); err != nil {
		return head{}, &GapError{Why: fmt.Sprintf("its head %s is damaged (%v)", HeadPath(path), err)}
	}
	return h, nil
}

// GapError is a journal whose lines verify but whose head cannot show that
// nothing was cut off the end: the head is missing, empty, damaged, older
// than the journal by more than the one record a crash can leave unsealed,
// ahead of it (records were removed), or another chain's.
type GapError struct {
	Why string // what was found, for the analyst and the reseal record
}

func (e *GapError) Error() string {
	return "it cannot show that nothing was cut off the end: " + e.Why +
		"; once you know why, `signin-triage journal reseal` records the gap in the journal and seals it again"
}

// checkHead checks the head of the journal at path against its records,
// whose chain verified. It returns the head, or a *GapError when the head
// cannot vouch for the end, or an error reading it. The head may lag by
// one record: the one being appended when the process died, before its
// head was written. A journal with no records needs no head.
func checkHead(path string, recs []Record) (*head, error) {
	n := int64(len(recs))
	h, err := readHead(path)
	switch {
	case errors.Is(err, errNoHead) && n == 0:
		return nil, nil
	case errors.Is(err, errNoHead):
		return nil, &GapError{Why: fmt.Sprintf("its head %s is missing (the journal holds %d records)", HeadPath(path), n)}
	case err != nil:
		return nil, err
	}
	// hashAt is the hash of the count-th record; "" for none.
	hashAt := func(count int64) string {
		if count == 0 {
			return ""
		}
		return recs[count-1].Hash
	}
	switch {
	case h.Count < 0:
	case h.Count > n:
		return nil, &GapError{Why: fmt.Sprintf("the journal ends at record %d, but its head says %d were written: records were removed from the end", n, h.Count)}
	case h.Last != hashAt(h.Count):
	case h.Count >= n-1:
		return &h, nil
	default:
		return nil, &GapError{Why: fmt.Sprintf("its head seals %d of the %d records: it is older than the journal by more than the one record a crash can leave unsealed, so records may have been cut off the end and the head replaced", h.Count, n)}
	}
	return nil, &GapError{Why: fmt.Sprintf("its head (record %d, %s) matches no record of this journal: it is another journal's, or was replaced", h.Count, short(h.Last))}
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

// writeHead replaces the head whole (a new file renamed over the old), so
// a crash leaves the old head or the new one, never half of one.
func writeHead(path string, h head) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	tmp := HeadPath(path) + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, HeadPath(path))
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
