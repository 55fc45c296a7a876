package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestArchitecturePageNamesWhatExists: docs/architecture.md follows one
// sign-in ID through the code, file by file. Every path it names must
// exist, and in the walk of the ID each name given beside a Go file must
// be declared in one of the files of that step, so the page fails here
// the day a rename leaves it behind.
func TestArchitecturePageNamesWhatExists(t *testing.T) {
	page, err := os.ReadFile("docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(page)
	code := regexp.MustCompile("`([^`]+)`")
	isPath := regexp.MustCompile(`^[\w.-]+(/[\w.-]+)*/?$`)
	paths := 0
	for _, m := range code.FindAllStringSubmatch(text, -1) {
		p := m[1]
		if !isPath.MatchString(p) || strings.HasSuffix(p, "/...") || !(strings.Contains(p, "/") || strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md")) {
			continue
		}
		paths++
		if _, err := os.Stat(p); err != nil {
			t.Errorf("docs/architecture.md names %s, which does not exist", p)
		}
	}
	if paths < 20 {
		t.Fatalf("the page names %d paths: the check found too few to mean anything", paths)
	}

	// The walk of one ID: its numbered steps.
	start := strings.Index(text, "## One sign-in ID")
	if start < 0 {
		t.Fatal("the page has no walk of one sign-in ID")
	}
	walk := text[start:]
	walk = walk[:strings.Index(walk[3:], "\n## ")+3]
	steps := regexp.MustCompile(`(?m)^\d+\. `).Split(walk, -1)[1:]
	if len(steps) < 10 {
		t.Fatalf("the walk has %d steps", len(steps))
	}
	ident := regexp.MustCompile(`^[A-Za-z_]\w+$`)
	names := 0
	for i, step := range steps {
		var sources []string
		for _, m := range code.FindAllStringSubmatch(step, -1) {
			if strings.HasSuffix(m[1], ".go") {
				b, err := os.ReadFile(m[1])
				if err == nil {
					sources = append(sources, string(b))
				}
			}
		}
		for _, m := range code.FindAllStringSubmatch(step, -1) {
			name := m[1]
			if !ident.MatchString(name) {
				continue
			}
			names++
			decl := regexp.MustCompile(`(?m)^(func (\([^)]*\) )?` + name + `[\[(]|type ` + name + `\b|\t` + name + `\s+\S)`)
			found := false
			for _, s := range sources {
				found = found || decl.MatchString(s)
			}
			if !found {
				t.Errorf("step %d names %s, which none of its files declares", i+1, name)
			}
		}
	}
	if names < 20 {
		t.Fatalf("the walk names %d functions and types: too few to mean anything", names)
	}
}
