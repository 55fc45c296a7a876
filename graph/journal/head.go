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

// readHead reads the head; nil when there is none (a new journal, or one
// from before heads).
func readHead(path string) (*head, error) {
	b, err := os.ReadFile(HeadPath(path))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the journal's head: %w", err)
	}
	var h head
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("the journal's head %s is damaged (%v)", HeadPath(path), err)
	}
	return &h, nil
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
