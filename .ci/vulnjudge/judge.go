package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// The types below mirror the parts of govulncheck's JSON protocol v1.0.0
// (golang.org/x/vuln/internal/govulncheck, not importable) that the
// verdict needs. Every message has exactly one field set.
type message struct {
	Config  *scanConfig `json:"config,omitempty"`
	OSV     *osvEntry   `json:"osv,omitempty"`
	Finding *finding    `json:"finding,omitempty"`
}

type scanConfig struct {
	ProtocolVersion string `json:"protocol_version"`
	ScannerVersion  string `json:"scanner_version"`
	DB              string `json:"db"`
	DBLastModified  string `json:"db_last_modified"`
	GoVersion       string `json:"go_version"`
	ScanLevel       string `json:"scan_level"`
	ScanMode        string `json:"scan_mode"`
}

type osvEntry struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
	Details string `json:"details"`
}

// finding is emitted several times per advisory as govulncheck works: once
// when a vulnerable module is required (a frame with only the module),
// once when a vulnerable package is imported (the frame names a package),
// and once per call path when a vulnerable symbol is reached (the first
// frame names the function). Frames run from the vulnerable symbol to the
// entry point in the scanned code.
type finding struct {
	OSV          string   `json:"osv"`
	FixedVersion string   `json:"fixed_version"`
	Trace        []*frame `json:"trace"`
}

type frame struct {
	Module   string    `json:"module"`
	Version  string    `json:"version"`
	Package  string    `json:"package"`
	Function string    `json:"function"`
	Receiver string    `json:"receiver"`
	Position *position `json:"position"`
}

type position struct {
	Filename string `json:"filename"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// How far an advisory reaches into our code, from least to most.
type reach int

const (
	required reach = iota + 1 // the module is in the build
	imported                  // a vulnerable package is imported
	called                    // a vulnerable symbol is reachable
)

// goModules are the modules that come with Go itself. Their advisories are
// fixed only by a newer Go, so they are reported and do not fail.
var goModules = map[string]bool{"stdlib": true, "toolchain": true}

// advisory is one OSV entry as it affects one module of the build.
type advisory struct {
	ID, Summary            string
	Module, Version, Fixed string
	Reach                  reach
	Paths                  int      // call paths seen, when called
	Trace                  []*frame // the shortest call path, when called
}

// verdict is what the stream says, sorted by advisory ID.
type verdict struct {
	Config    scanConfig
	Modules   []advisory // reachable in third-party modules: fail
	Go        []advisory // reachable in the standard library: reported
	NotCalled []advisory // in the build, never called: reported
}

func (v verdict) failed() bool { return len(v.Modules) > 0 }

// judge reads a govulncheck JSON stream. It refuses a stream with no
// config message or one scanned below symbol level, where "imported but
// not called" cannot be told from "called".
func judge(r io.Reader) (verdict, error) {
	dec := json.NewDecoder(r)
	var cfg *scanConfig
	summaries := map[string]string{}
	found := map[[2]string]*advisory{} // by OSV ID and module path
	for {
		var m message
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return verdict{}, fmt.Errorf("reading govulncheck's JSON: %w", err)
		}
		switch {
		case m.Config != nil:
			cfg = m.Config
		case m.OSV != nil:
			summaries[m.OSV.ID] = summary(m.OSV)
		case m.Finding != nil:
			if err := add(found, m.Finding); err != nil {
				return verdict{}, err
			}
		}
	}
	if cfg == nil {
		return verdict{}, errors.New("no config message: this is not govulncheck's -format json output, or govulncheck stopped before it scanned")
	}
	if cfg.ScanLevel != "symbol" {
		return verdict{}, fmt.Errorf("scan level is %q, not \"symbol\": reachability cannot be judged (run govulncheck without -scan, or with -scan symbol)", cfg.ScanLevel)
	}
	v := verdict{Config: *cfg}
	for _, a := range found {
		a.Summary = summaries[a.ID]
		switch {
		case a.Reach < called:
			v.NotCalled = append(v.NotCalled, *a)
		case goModules[a.Module]:
			v.Go = append(v.Go, *a)
		default:
			v.Modules = append(v.Modules, *a)
		}
	}
	for _, list := range [][]advisory{v.Modules, v.Go, v.NotCalled} {
		sort.Slice(list, func(i, j int) bool {
			if list[i].ID != list[j].ID {
				return list[i].ID < list[j].ID
			}
			return list[i].Module < list[j].Module
		})
	}
	return v, nil
}

// add folds one finding into what is known of its advisory.
func add(found map[[2]string]*advisory, f *finding) error {
	if f.OSV == "" || len(f.Trace) == 0 || f.Trace[0] == nil || f.Trace[0].Module == "" {
		return fmt.Errorf("finding without an advisory ID or a module: %+v", *f)
	}
	top := f.Trace[0]
	key := [2]string{f.OSV, top.Module}
	a := found[key]
	if a == nil {
		a = &advisory{ID: f.OSV, Module: top.Module, Version: top.Version, Fixed: f.FixedVersion}
		found[key] = a
	}
	r := required
	switch {
	case top.Function != "":
		r = called
	case top.Package != "":
		r = imported
	}
	if r > a.Reach {
		a.Reach = r
	}
	if r == called {
		a.Paths++
		if a.Trace == nil || shorter(f.Trace, a.Trace) {
			a.Trace = f.Trace
		}
	}
	return nil
}

// shorter orders call paths by length and then by entry point, so that the
// path shown does not depend on the order govulncheck found them in.
func shorter(t, u []*frame) bool {
	if len(t) != len(u) {
		return len(t) < len(u)
	}
	return symbol(t[len(t)-1])+symbol(t[0]) < symbol(u[len(u)-1])+symbol(u[0])
}

func summary(e *osvEntry) string {
	if e.Summary != "" {
		return e.Summary
	}
	first, _, _ := strings.Cut(strings.TrimSpace(e.Details), "\n")
	return first
}

// write prints the verdict for a CI log: what fails first, then what is
// only reported, then one closing line.
func (v verdict) write(w io.Writer) {
	c := v.Config
	fmt.Fprintf(w, "govulncheck %s, %s scan of %s with Go %s, database %s (modified %s)\n",
		c.ScannerVersion, c.ScanLevel, c.ScanMode, c.GoVersion, c.DB, c.DBLastModified)
	if len(v.Modules) > 0 {
		fmt.Fprintln(w, "\nReachable in dependencies (these fail the check; move the module to the fixed version):")
		for _, a := range v.Modules {
			writeCalled(w, a)
		}
	}
	if len(v.Go) > 0 {
		fmt.Fprintln(w, "\nReachable in the standard library (reported, not failed: only a newer Go fixes these):")
		for _, a := range v.Go {
			writeCalled(w, a)
		}
	}
	// Advisories in required modules whose packages are not imported, by
	// module and then by fix. Every advisory for the Go in use lands here
	// for the standard library, so these are listed by ID only.
	var requiredOnly []string // module@version, in order of first appearance
	byFix := map[string][]string{}
	ids := map[[2]string][]string{}
	for _, a := range v.NotCalled {
		if a.Reach != required {
			continue
		}
		m, fix := modVersion(a), fixedIn(a)
		if byFix[m] == nil {
			requiredOnly = append(requiredOnly, m)
		}
		if ids[[2]string{m, fix}] == nil {
			byFix[m] = append(byFix[m], fix)
		}
		ids[[2]string{m, fix}] = append(ids[[2]string{m, fix}], a.ID)
	}
	if len(requiredOnly) < len(v.NotCalled) {
		fmt.Fprintln(w, "\nImported but never called (reported, not failed):")
		for _, a := range v.NotCalled {
			if a.Reach == imported {
				fmt.Fprintf(w, "  %s %s: %s\n", a.ID, where(a), a.Summary)
			}
		}
	}
	if len(requiredOnly) > 0 {
		fmt.Fprintln(w, "\nIn a required module, no vulnerable package imported (reported, not failed):")
		for _, m := range requiredOnly {
			var groups []string
			for _, fix := range byFix[m] {
				groups = append(groups, fmt.Sprintf("%s (%s)", strings.Join(ids[[2]string{m, fix}], " "), fix))
			}
			fmt.Fprintf(w, "  %s: %s\n", m, strings.Join(groups, "; "))
		}
	}
	verdict := "PASS"
	if v.failed() {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "\nvulnjudge: %s: %d reachable in dependencies, %d reachable in the standard library (reported), %d in the build but not called (%d imported)\n",
		verdict, len(v.Modules), len(v.Go), len(v.NotCalled), len(v.NotCalled)-countRequired(v.NotCalled))
}

func writeCalled(w io.Writer, a advisory) {
	fmt.Fprintf(w, "  %s %s: %s\n", a.ID, where(a), a.Summary)
	fmt.Fprintf(w, "      calls %s\n", symbol(a.Trace[0]))
	entry := a.Trace[len(a.Trace)-1]
	paths := "1 call path"
	if a.Paths > 1 {
		paths = fmt.Sprintf("%d call paths", a.Paths)
	}
	fmt.Fprintf(w, "      from  %s (%d frames; %s)\n", symbol(entry), len(a.Trace), paths)
}

// where names the module, its version and the fix.
func where(a advisory) string {
	return fmt.Sprintf("%s (%s)", modVersion(a), fixedIn(a))
}

// modVersion is module@version; the standard library's versions are Go's.
func modVersion(a advisory) string {
	ver := a.Version
	if goModules[a.Module] {
		ver = goVersion(ver)
	}
	if ver == "" {
		return a.Module
	}
	return a.Module + "@" + ver
}

func fixedIn(a advisory) string {
	fixed := a.Fixed
	if goModules[a.Module] {
		fixed = goVersion(fixed)
	}
	if fixed == "" {
		return "no fix yet"
	}
	return "fixed in " + fixed
}

func goVersion(semver string) string {
	if semver == "" {
		return ""
	}
	return "go" + strings.TrimPrefix(semver, "v")
}

// symbol renders a frame as Go's tools do: pkg.Func or pkg.(*T).Method,
// followed by its position when it has one.
func symbol(f *frame) string {
	name := f.Function
	switch {
	case strings.HasPrefix(f.Receiver, "*"):
		name = "(" + f.Receiver + ")." + name
	case f.Receiver != "":
		name = f.Receiver + "." + name
	}
	s := f.Package + "." + name
	if p := f.Position; p != nil && p.Line > 0 {
		s += fmt.Sprintf(" at %s:%d:%d", p.Filename, p.Line, p.Column)
	}
	return s
}

func countRequired(as []advisory) int {
	n := 0
	for _, a := range as {
		if a.Reach == required {
			n++
		}
	}
	return n
}
