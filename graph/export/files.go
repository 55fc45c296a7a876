package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// Part is one file of a set: its extension (".csv") and what goes in it.
type Part struct {
	Ext   string
	Write func(io.Writer) error
}

// WriteFiles writes a set of files into dir, all or none: each part goes
// to a temporary file first, and only when every part is written and
// synced are they given their names, base plus the part's extension, or
// base-2, base-3, ... when a file of that name exists (never overwritten).
// On failure nothing is left behind. It returns the absolute paths.
func WriteFiles(dir, base string, parts []Part) ([]string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	temps := make([]string, 0, len(parts))
	defer func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}()
	for _, p := range parts {
		tmp, err := writeTemp(dir, p.Write)
		if err != nil {
			return nil, fmt.Errorf("writing %s%s in %s: %w (no file of the export was kept)", base, p.Ext, dir, err)
		}
		temps = append(temps, tmp)
	}
	for n := 1; n < 1000; n++ {
		name := base
		if n > 1 {
			name += "-" + strconv.Itoa(n)
		}
		paths, err := linkAll(dir, name, parts, temps)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return paths, err
	}
	return nil, fmt.Errorf("999 exports named %s already in %s: move some away", base, dir)
}

// linkAll gives every temporary its name, each with a hard link, which
// fails rather than replace a file; if one name is taken, the names given
// so far are taken back.
func linkAll(dir, name string, parts []Part, temps []string) ([]string, error) {
	var paths []string
	for i, p := range parts {
		path := filepath.Join(dir, name+p.Ext)
		if err := os.Link(temps[i], path); err != nil {
			for _, done := range paths {
				os.Remove(done)
			}
			if errors.Is(err, fs.ErrExist) {
				return nil, err
			}
			return nil, fmt.Errorf("naming %s: %w (no file of the export was kept)", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// writeTemp writes a temporary file in dir, synced, readable by its
// owner only.
func writeTemp(dir string, write func(io.Writer) error) (string, error) {
	f, err := os.CreateTemp(dir, ".signin-triage-*.partial")
	if err != nil {
		return "", err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// WriteFileAtomic writes path whole or not at all: into a temporary file
// beside it, renamed over path only once write succeeded and the file is
// synced. An export that stops early leaves no file that looks complete.
func WriteFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := writeTemp(filepath.Dir(path), write)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
