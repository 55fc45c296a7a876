package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionNamesTheCommit builds the program in this git checkout, as
// `go build` would (with -buildvcs=true, since GOFLAGS may turn stamping
// off), and runs --version and `version`: both name the commit HEAD is.
//
// Go stamps the commit only where .git is a directory (docs/version.md):
// in a linked worktree, whose .git is a file, the build is made in a
// shared clone at HEAD holding this worktree's files, so that the
// binary is this code and its stamp is what a clone would get. That
// clone's packages are compiled afresh (the build cache keys them by
// directory), which takes about half a minute on two cores.
func TestVersionNamesTheCommit(t *testing.T) {
	t.Parallel() // mostly waiting on the compiler
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: there is no commit to compare")
	}
	git := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return strings.TrimSpace(string(out))
	}
	if exec.Command("git", "rev-parse", "--git-dir").Run() != nil {
		t.Skip("not a git checkout (a source archive): there is no commit to compare")
	}
	head, top, prefix := git(".", "rev-parse", "HEAD"), git(".", "rev-parse", "--show-toplevel"), git(".", "rev-parse", "--show-prefix")
	src := top
	if fi, err := os.Stat(filepath.Join(top, ".git")); err == nil && !fi.IsDir() {
		src = filepath.Join(t.TempDir(), "checkout")
		git(".", "clone", "--quiet", "--shared", "--no-checkout", top, src)
		git(src, "reset", "--quiet", head)
		copyWorkingFiles(t, top, src, strings.Split(git(top, "ls-files", "-z", "--cached", "--others", "--exclude-standard"), "\x00"))
	}
	bin := filepath.Join(t.TempDir(), "signin-triage")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	build.Dir = filepath.Join(src, prefix)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, err := exec.Command(bin, args...).Output()
		t.Logf("signin-triage %s:\n%s", args[0], out)
		if err != nil || !strings.Contains(string(out), "commit "+head[:12]) || strings.Contains(string(out), "signin-triage version dev") {
			t.Errorf("signin-triage %s: %v\n%s\nwant the commit %s and a version", args[0], err, out, head)
		}
	}
}

// copyWorkingFiles copies the named files of the work tree from into to,
// as they are now; a file deleted from the work tree stays absent.
func copyWorkingFiles(t *testing.T, from, to string, names []string) {
	t.Helper()
	for _, name := range names {
		if name == "" {
			continue
		}
		in, err := os.Open(filepath.Join(from, name))
		if err != nil {
			continue // deleted, not yet committed
		}
		fi, _ := in.Stat()
		if !fi.Mode().IsRegular() {
			in.Close()
			continue
		}
		dst := filepath.Join(to, name)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, fi.Mode().Perm())
		if err == nil {
			_, err = io.Copy(out, in)
			if cerr := out.Close(); err == nil {
				err = cerr
			}
		}
		in.Close()
		if err != nil {
			t.Fatalf("copying %s: %v", name, err)
		}
	}
}

// TestTheBinaryKeepsDeadCodeElimination: the program's binary stays
// small. Making text/template reachable (a cobra template of our own, as
// SetVersionTemplate once did) makes the linker keep every exported
// method of every type, the Graph SDK's models included: 24 MB became
// 168 MB, and the UI held 70 MB more resident at 100,000 sign-ins.
func TestTheBinaryKeepsDeadCodeElimination(t *testing.T) {
	_, bin := buildBinary(t)
	fi, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 64<<20 {
		t.Errorf("the binary is %d MB: something made the linker keep every method (text/template, or reflect's MethodByName, reachable)", fi.Size()>>20)
	}
}
