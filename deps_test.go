package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGraphHasNoCommandLine: graph/ is Microsoft Graph; every command,
// flag and config file lives in ui/cli. No package under graph/ depends,
// even through another, on cobra, pflag or fang (what `go list -deps
// ./graph/...` lists).
func TestGraphHasNoCommandLine(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	out, err := exec.Command(goTool, "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "./graph/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	listed := map[string]bool{}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		listed[fields[0]] = true
		for _, dep := range fields[1:] {
			for _, cli := range []string{"github.com/spf13/cobra", "github.com/spf13/pflag", "charm.land/fang"} {
				if dep == cli || strings.HasPrefix(dep, cli+"/") {
					t.Errorf("%s depends on %s: the command line belongs in ui/cli", fields[0], dep)
				}
			}
		}
	}
	if !listed["github.com/signin-triage/signin-triage/graph"] || !listed["github.com/signin-triage/signin-triage/graph/journal"] {
		t.Errorf("go list did not name the packages under graph/:\n%s", out)
	}
}
