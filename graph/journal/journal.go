// Package journal is the tamper-evident record of every action request:
// before a POST goes out an intent is appended and synced to disk, after it
// the outcome. Each line is a JSON record that carries the hash of the line
// before it, so a removed or edited line breaks the chain, and Verify says
// which. An intent without an outcome is a request whose fate is unknown (the
// program died in between); Pending finds them at the next start.
package journal

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Kind says whether a record comes before or after a request.
type Kind string

// The kinds of record.
const (
	Intent  Kind = "intent"
	Outcome Kind = "outcome"
)

// Record is one line of the journal.
type Record struct {
	Seq      int64     `json:"seq"`
	Time     time.Time `json:"time"`
	Kind     Kind      `json:"kind"`
	Request  string    `json:"request"`          // ties an outcome to its intent
	Tenant   string    `json:"tenant,omitempty"` // the --tenant text: organizations, a domain or a GUID
	TenantID string    `json:"tid,omitempty"`    // the tenant's ID as Graph names it, once known; older journals have none
	Cloud    string    `json:"cloud,omitempty"`
	Operator string    `json:"operator,omitempty"` // UPN or app ID that signed in
	Action   string    `json:"action"`
	IDs      []string  `json:"ids"`
	Status   int       `json:"status,omitempty"`
	Outcome  string    `json:"outcome,omitempty"` // accepted, failed, unknown
	GraphID  string    `json:"graphRequestId,omitempty"`
	Error    string    `json:"error,omitempty"`
	Note     string    `json:"note,omitempty"` // the analyst's reason, on an intent; older journals have none
	Prev     string    `json:"prev"`           // hash of the previous record ("" for the first)
	Hash     string    `json:"hash"`           // hash of this record with Hash empty
}

// hash is the SHA-256 of the record as JSON with Hash left empty.
func (r Record) hash() string {
	r.Hash = ""
	b, _ := json.Marshal(r)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// errLocked is another process holding the journal.
var errLocked = errors.New("the journal is locked")

// file is what the journal needs of its file; tests inject failures.
type file interface {
	io.Writer
	Sync() error
	Truncate(size int64) error
	Seek(offset int64, whence int) (int64, error)
	Close() error
}

// Journal appends records to one file. It is safe for concurrent use.
// An append is all or nothing: a record that cannot be written whole and
// synced is cut off again, and the chain goes on as if it never was.
type Journal struct {
	mu   sync.Mutex
	f    file
	path string
	last string // hash of the last record
	seq  int64
	mine []Record // what this process appended
	now  func() time.Time
	// Who and where, stamped on every record. Operator is asked at each
	// record: a person's name is known only once they signed in.
	Tenant, Cloud string
	Operator      func() string
	// TenantID is asked at each record too: Graph names the tenant's ID
	// once the session has talked to it.
	TenantID func() string
	// past are the records read when the session opened, for the memory.
	past []Record
	// broken is set when a half-written record could not be cut off
	// again: nothing more may be appended after it.
	broken error
}

// Open opens (or creates, mode 0600) the journal at path and reads it to
// continue the chain. A chain that does not verify, or that is shorter
// than its head says (records removed from the end), is an error: the
// analyst must look before more is appended.
func Open(path string) (*Journal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	if err := lock(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("journal %s is in use by another signin-triage: finish that session first", path)
		}
		return nil, fmt.Errorf("journal %s: locking it: %w", path, err)
	}
	recs, err := read(f)
	if err == nil {
		err = verifyAll(path, recs, true)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s does not verify (%v): look at it, or move it aside, before sending anything", path, err)
	}
	j := &Journal{f: f, path: path, now: time.Now}
	if n := len(recs); n > 0 {
		j.last, j.seq = recs[n-1].Hash, recs[n-1].Seq
	}
	return j, nil
}

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// Append stamps, chains, writes and syncs a record, then seals the head.
// When it returns nil the record is on disk. When it fails, the file is
// cut back to where it was and the chain is as it was: the next append
// continues it, and the journal still verifies.
func (j *Journal) Append(r Record) (Record, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.broken != nil {
		return r, j.broken
	}
	r.Seq, r.Time, r.Prev = j.seq+1, j.now().UTC(), j.last
	if r.Kind == Intent && r.Request == "" {
		r.Request = "r" + strconv.FormatInt(r.Seq, 10)
	}
	r.Tenant, r.Cloud = j.Tenant, j.Cloud
	if j.Operator != nil {
		r.Operator = j.Operator()
	}
	if j.TenantID != nil {
		r.TenantID = j.TenantID()
	}
	r.Hash = r.hash()
	b, err := json.Marshal(r)
	if err != nil {
		return r, err
	}
	end, err := j.f.Seek(0, io.SeekEnd)
	if err != nil {
		return r, fmt.Errorf("journal: %w", err)
	}
	if err := j.write(append(b, '\n')); err != nil {
		if cut := j.f.Truncate(end); cut != nil {
			j.broken = fmt.Errorf("journal: %w, and cutting the half-written record off failed too (%v): nothing more is recorded or sent; move the journal aside", err, cut)
			return r, j.broken
		}
		return r, err
	}
	j.seq, j.last = r.Seq, r.Hash
	j.mine = append(j.mine, r)
	// A head that lags (the process died here, or the head could not be
	// written) only lacks records the chain itself vouches for: the next
	// append or Open seals it again.
	writeHead(j.path, head{Count: j.seq, Last: j.last}) //nolint:errcheck // see above
	return r, nil
}

// write writes b whole and syncs it.
func (j *Journal) write(b []byte) error {
	n, err := j.f.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err != nil {
		return fmt.Errorf("journal: writing: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal: syncing to disk: %w", err)
	}
	return nil
}

// Session is every record this process appended, oldest first.
func (j *Journal) Session() []Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.mine)
}

// ReadFile reads every record of a journal.
func ReadFile(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return read(f)
}

func read(r io.Reader) ([]Record, error) {
	var out []Record
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var rec Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("line %d is not a journal record: %v", line, err)
		}
		out = append(out, rec)
	}
	return out, sc.Err()
}

// BrokenError says where the chain breaks.
type BrokenError struct {
	Line   int
	Reason string
}

func (e *BrokenError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Verify checks the chain of a journal file against itself and its head,
// and names the first line that breaks it.
func Verify(path string) (int, error) {
	recs, err := ReadFile(path)
	if err != nil {
		return 0, err
	}
	return len(recs), verifyAll(path, recs, false)
}

// verifyAll checks the chain, then that it is as long as its head says:
// the chain alone cannot tell that records were cut off its end. A head
// behind the chain (the process died between a record and its head) is
// accepted if the chain passes through it, and so is a journal from before
// heads; seal writes their head (Open does; verify only reads, so that it
// can check a copy on read-only media).
func verifyAll(path string, recs []Record, seal bool) error {
	if err := verify(recs); err != nil {
		return err
	}
	h, err := readHead(path)
	if err != nil {
		return err
	}
	n := int64(len(recs))
	last := ""
	if n > 0 {
		last = recs[n-1].Hash
	}
	switch {
	case h == nil, h.Count == n && h.Last == last:
	case h.Count == 0 && h.Last == "":
	case h.Count > 0 && h.Count < n && recs[h.Count-1].Hash == h.Last:
	case h.Count > n:
		return &BrokenError{int(n), fmt.Sprintf("the journal ends at record %d, but its head says %d were written: records were removed from the end", n, h.Count)}
	default:
		return &BrokenError{int(n), fmt.Sprintf("the journal's last record does not match its head (record %d, %s): the journal or its head was replaced", h.Count, short(h.Last))}
	}
	if seal && (h == nil || h.Count != n) {
		return writeHead(path, head{Count: n, Last: last})
	}
	return nil
}

func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

func verify(recs []Record) error {
	prev := ""
	for i, r := range recs {
		line := i + 1
		switch {
		case r.Hash != r.hash():
			return &BrokenError{line, "its content does not match its hash: it was edited"}
		case r.Prev != prev:
			return &BrokenError{line, "it does not follow the line before it: a line was removed, added or moved"}
		case r.Seq != int64(line):
			return &BrokenError{line, fmt.Sprintf("its sequence number is %d, want %d: a line was removed", r.Seq, line)}
		}
		prev = r.Hash
	}
	return nil
}

// Pending lists the intents that have no outcome: requests that went out
// (or were about to) when the program stopped.
func Pending(recs []Record) []Record {
	done := map[string]bool{}
	for _, r := range recs {
		if r.Kind == Outcome {
			done[r.Request] = true
		}
	}
	var out []Record
	for _, r := range recs {
		if r.Kind == Intent && !done[r.Request] {
			out = append(out, r)
		}
	}
	return out
}
