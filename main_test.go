package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
)

// TestNoMessageSendsPeopleToTheLogoutFlag: the 403 reasons that say to
// sign in again name auth logout, and no message in the program's
// source names --logout (which now only stops a run).
func TestNoMessageSendsPeopleToTheLogoutFlag(t *testing.T) {
	for _, op := range []graph.Op{graph.OpDetections, graph.OpRiskyUser} {
		if r := (&graph.Error{Kind: graph.KindForbidden, Op: op}).Reason(); !strings.Contains(r, "run signin-triage auth logout and sign in again") {
			t.Errorf("the %v 403 says %q", op, r)
		}
	}
	filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if data, _ := os.ReadFile(path); bytes.Contains(data, []byte("--logout")) {
			t.Errorf("%s still says --logout", path)
		}
		return nil
	})
}
