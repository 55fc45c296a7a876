package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Reading a journal back: every record, and the chain checked line by
// line, by the rule each line names, then against the head.

// ReadFile reads every record of a journal. It does not verify them.
func ReadFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return scan(f, nil)
}

// scan reads the records of a journal, a line at a time, and gives each
// to check (when not nil) with its line number, its bytes as they are on
// disk (without the newline) and whether a newline ended it. A line that
// is not a record is an error that names it.
func scan(r io.Reader, check func(n int, line []byte, ended bool, rec Record) error) ([]Record, error) {
	var out []Record
	ended := true
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxLine)
	// Lines end at \n alone: a \r, or anything else, is part of the line.
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			return i + 1, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			ended = false
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	n := 0
	for sc.Scan() {
		n++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			return nil, &BrokenError{n, "it is empty: the journal writes no empty lines, so one was added"}
		}
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d is not a journal record: %v", n, err)
		}
		if check != nil {
			if err := check(n, sc.Bytes(), ended, rec); err != nil {
				return nil, err
			}
		}
		out = append(out, rec)
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return nil, &BrokenError{n + 1, fmt.Sprintf("it is longer than %s, more than any record the journal writes", size(MaxLine))}
	}
	return out, sc.Err()
}

// BrokenError says where the chain breaks.
type BrokenError struct {
	Line   int
	Reason string
}

func (e *BrokenError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// chain is a journal as read and checked line by line.
type chain struct {
	recs []Record
	// sealed is how many records the head seals, once checked; -1 before.
	sealed int64
	// oldRule and byLine count the lines each rule verified: the old
	// rule's come first, all of them, then the line rule's.
	oldRule, byLine int
	// broken is the first line that breaks the chain; nil when none does.
	broken error
}

// readChain reads a journal and checks its chain: each line's hash, by the
// rule the line names, and that it follows the line before it. An I/O
// error is returned; a broken chain is in chain.broken.
func readChain(r io.Reader) (chain, error) {
	var c chain
	prev := ""
	recs, err := scan(r, func(n int, line []byte, ended bool, rec Record) error {
		if !ended {
			return &BrokenError{n, "it does not end with a newline, as every record does: it was cut short or edited"}
		}
		switch rec.Rule {
		case lineRule:
			got, says, ok := lineHash(line)
			switch {
			case !ok:
				return &BrokenError{n, `it does not end with its hash ("hash":"…"}): it was edited`}
			case got != says || says != rec.Hash:
				return &BrokenError{n, "its bytes do not match its hash: it was edited (a field, a key or the spacing changed)"}
			}
			c.byLine++
		case "":
			if c.byLine > 0 {
				return &BrokenError{n, "it is hashed by the old rule after records hashed as written: it was edited"}
			}
			if rec.Hash != rec.oldRuleHash() {
				return &BrokenError{n, "its content does not match its hash: it was edited"}
			}
			c.oldRule++
		default:
			return &BrokenError{n, fmt.Sprintf("its rule %q is not one this signin-triage knows: it was edited, or written by a newer version", rec.Rule)}
		}
		switch {
		case rec.Prev != prev:
			return &BrokenError{n, "it does not follow the line before it: a line was removed, added or moved"}
		case rec.Seq != int64(n):
			return &BrokenError{n, fmt.Sprintf("its sequence number is %d, want %d: a line was removed", rec.Seq, n)}
		}
		prev = rec.Hash
		return nil
	})
	var broken *BrokenError
	if errors.As(err, &broken) {
		c.broken = err
		return c, nil
	}
	c.recs = recs
	return c, err
}

// rules says which lines each rule verified.
func (c chain) rules() string {
	switch {
	case c.oldRule == 0:
		return "each line hashed as written"
	case c.byLine == 0:
		return "all by the old rule (each record hashed as re-encoded, which cannot show an added field, a renamed key or changed spacing): records appended from now on are hashed as written"
	}
	return fmt.Sprintf("lines 1-%d by the old rule (each record hashed as re-encoded, which cannot show an added field, a renamed key or changed spacing), lines %d-%d hashed as written",
		c.oldRule, c.oldRule+1, c.oldRule+c.byLine)
}

// Verify checks the chain of a journal file against itself and its head,
// and names the first line that breaks it. It writes nothing, so that it
// can check a copy on read-only media. A head that cannot vouch for the
// end is a *GapError.
func Verify(path string) (int, error) {
	c, err := verifyFile(path)
	return len(c.recs), err
}

// verifyFile reads and checks the journal at path and its head.
func verifyFile(path string) (chain, error) {
	f, err := os.Open(path)
	if err != nil {
		return chain{}, err
	}
	defer f.Close()
	c, err := readChain(f)
	if err == nil {
		err = c.broken
	}
	c.sealed = -1
	if err == nil {
		var h *head
		h, err = checkHead(path, c.recs)
		if h != nil {
			c.sealed = h.Count
		}
	}
	return c, err
}
