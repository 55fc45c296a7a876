// Package journal is the tamper-evident record of every action request:
// before a POST goes out an intent is appended and synced to disk, after it
// the outcome. Each line is a JSON record whose hash covers the line's bytes
// exactly as written, and which carries the hash of the line before it, so
// a removed, moved or edited line (a field added, a key renamed, a space
// changed) breaks the chain, and Verify says which. A head beside the file
// seals its end (head.go). An intent without an outcome is a request whose
// fate is unknown (the program died in between); Pending finds them at the
// next start. The format is described in docs/journal.md.
package journal

import (
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
	// Resealed records a gap at the end that `journal reseal` accepted: what
	// was found, and (its time) when.
	Resealed Kind = "reseal"
)

// MaxLine is the longest line the journal reads, newline included. No
// record longer is ever written, so that no record (600,000-character IDs
// from a hostile server, say) can make the journal unreadable.
const MaxLine = 16 << 20

// outcomeRoom is what an intent leaves below MaxLine for its outcome: the
// same IDs, plus a status, a clipped error and a clipped request-id
// (recorder.go), so that the outcome of any intent written fits too.
const outcomeRoom = 64 << 10

// lineRule marks a record hashed by the line rule: its hash covers the
// line's bytes as written. Records without it are hashed by the old rule
// (the record re-encoded), which only journals written before the line
// rule hold.
const lineRule = "line"

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
	Users    []string  `json:"users,omitempty"` // on an intent: the user of each sign-in of IDs, "" where not known; older journals have none
	Status   int       `json:"status,omitempty"`
	Outcome  string    `json:"outcome,omitempty"` // accepted, failed, unknown
	GraphID  string    `json:"graphRequestId,omitempty"`
	Error    string    `json:"error,omitempty"`
	Note     string    `json:"note,omitempty"`  // the analyst's reason, on an intent; older journals have none
	Found    string    `json:"found,omitempty"` // on a reseal record: the gap that was found
	Rule     string    `json:"rule,omitempty"`  // "line" (lineRule); "" on records of the old rule
	Prev     string    `json:"prev"`            // hash of the previous record ("" for the first)
	Hash     string    `json:"hash"`            // hash of this line (see encode); must stay the last field
}

// oldRuleHash is how records were hashed before the line rule: the
// SHA-256 of the record re-encoded as JSON with Hash left empty. It is kept
// to verify journals written then; it cannot see a change that re-encoding
// undoes (an added field, a renamed key, spacing).
func (r Record) oldRuleHash() string {
	r.Hash = ""
	b, _ := json.Marshal(r)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// hashTail is how every line of the line rule ends: the hash's key, its 64
// hex digits, and the object's close.
const (
	hashKey  = `"hash":"`
	hashTail = len(hashKey) + sha256.Size*2 + len(`"}`)
)

// encode writes r as one line by the line rule (without the newline) and
// returns it with r's hash: the line is the record as JSON with Hash last,
// and the hash is the SHA-256 of that line with the hash's digits left out
// (`"hash":""}`). So the hash covers every byte of the line but its own
// digits, and the next record's prev covers those.
func encode(r Record) ([]byte, Record, error) {
	r.Rule, r.Hash = lineRule, ""
	blank, err := json.Marshal(r)
	if err != nil {
		return nil, r, err
	}
	if !bytes.HasSuffix(blank, []byte(hashKey+`"}`)) {
		return nil, r, errors.New("journal: a record must end with its hash (Record.Hash is the last field)")
	}
	sum := sha256.Sum256(blank)
	r.Hash = hex.EncodeToString(sum[:])
	line := append(blank[:len(blank)-len(`"}`)], r.Hash+`"}`...)
	return line, r, nil
}

// lineHash is the line rule's hash of a line as it is on disk, and the
// hash the line says it has; ok is false when the line does not end the
// way encode ends every line.
func lineHash(line []byte) (got, says string, ok bool) {
	if len(line) < hashTail || !bytes.HasSuffix(line, []byte(`"}`)) ||
		!bytes.Equal(line[len(line)-hashTail:len(line)-hashTail+len(hashKey)], []byte(hashKey)) {
		return "", "", false
	}
	says = string(line[len(line)-hashTail+len(hashKey) : len(line)-len(`"}`)])
	blank := append(slices.Clip(line[:len(line)-hashTail+len(hashKey)]), `"}`...)
	sum := sha256.Sum256(blank)
	return hex.EncodeToString(sum[:]), says, true
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
	// gap is set when the head cannot show that nothing was cut off the
	// end: nothing is appended (an append would seal the head over the
	// gap) until Reseal records it.
	gap *GapError
	// unsealed is the last record when the head, at Open, sealed all but
	// it: written as the process died, or added by hand. Open seals it;
	// the session says so.
	unsealed *Record
}

// Open opens (or creates, mode 0600) the journal at path and reads it to
// continue the chain. A chain that does not verify is an error: the
// analyst must look before more is appended. A chain whose head cannot
// vouch for its end opens, but refuses to append (Gap says why) until
// `journal reseal`; a head one record behind (a crash between a record
// and its head) is sealed again, and so is a new journal's first head.
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
	chain, err := readChain(f)
	if err == nil {
		err = chain.broken
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s does not verify (%v): look at it, or move it aside, before sending anything", path, err)
	}
	j := &Journal{f: f, path: path, now: time.Now}
	recs := chain.recs
	if n := len(recs); n > 0 {
		j.last, j.seq = recs[n-1].Hash, recs[n-1].Seq
	}
	h, err := checkHead(path, recs)
	switch gap := (*GapError)(nil); {
	case errors.As(err, &gap):
		j.gap = gap
	case err != nil:
		f.Close()
		return nil, fmt.Errorf("journal %s: %w", path, err)
	case h == nil || h.Count != j.seq:
		if h != nil && h.Count == j.seq-1 {
			j.unsealed = &recs[len(recs)-1]
		}
		if err := writeHead(path, head{Count: j.seq, Last: j.last}); err != nil {
			f.Close()
			return nil, fmt.Errorf("journal %s: sealing its head: %w", path, err)
		}
	}
	return j, nil
}

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Gap is why the journal refuses to append until `journal reseal`: its
// head cannot show that nothing was cut off the end. nil when it can.
func (j *Journal) Gap() *GapError { return j.gap }

// Unsealed is the record the head did not seal when the journal was
// opened (its last, written as the process died or added by hand), which
// Open sealed; false when the head sealed every record.
func (j *Journal) Unsealed() (Record, bool) {
	if j.unsealed == nil {
		return Record{}, false
	}
	return *j.unsealed, true
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// Append stamps, chains, writes and syncs a record, then seals the head.
// When it returns nil the record is on disk. When it fails, the file is
// cut back to where it was and the chain is as it was: the next append
// continues it, and the journal still verifies. A record longer than
// MaxLine is refused before anything is written.
func (j *Journal) Append(r Record) (Record, error) {
	return j.append(r, MaxLine)
}

// append is Append with the longest line (newline included) r may take.
func (j *Journal) append(r Record, limit int) (Record, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.broken != nil {
		return r, j.broken
	}
	if j.gap != nil {
		return r, fmt.Errorf("journal %s: %w; nothing is recorded or sent until then", j.path, j.gap)
	}
	r, err := j.write(r, limit)
	if err != nil {
		return r, err
	}
	// A head that lags (the process died here, or the head could not be
	// written) by this one record is accepted: the chain vouches for it,
	// and the next append or Open seals it again.
	writeHead(j.path, head{Count: j.seq, Last: j.last}) //nolint:errcheck // see above
	return r, nil
}

// write stamps, chains, writes and syncs r, and cuts it off again if it
// could not be written whole. The head is the caller's.
func (j *Journal) write(r Record, limit int) (Record, error) {
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
	line, r, err := encode(r)
	if err != nil {
		return r, err
	}
	if len(line)+1 > limit {
		return r, fmt.Errorf("this %s record would be %s, more than the %s a journal record may take (%s, the longest ID %d characters): it was not recorded",
			r.Kind, size(len(line)+1), size(limit), plural(len(r.IDs), "sign-in ID", "sign-in IDs"), longest(r.IDs))
	}
	end, err := j.f.Seek(0, io.SeekEnd)
	if err != nil {
		return r, fmt.Errorf("journal: %w", err)
	}
	if err := j.writeSynced(append(line, '\n')); err != nil {
		if cut := j.f.Truncate(end); cut != nil {
			j.broken = fmt.Errorf("journal: %w, and cutting the half-written record off failed too (%v): nothing more is recorded or sent; move the journal aside", err, cut)
			return r, j.broken
		}
		return r, err
	}
	j.seq, j.last = r.Seq, r.Hash
	j.mine = append(j.mine, r)
	return r, nil
}

// size is n bytes for a person: 24.1 MB, 64 KB.
func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// longest is the length of the longest of ids.
func longest(ids []string) int {
	n := 0
	for _, id := range ids {
		n = max(n, len(id))
	}
	return n
}

// writeSynced writes b whole and syncs it.
func (j *Journal) writeSynced(b []byte) error {
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
