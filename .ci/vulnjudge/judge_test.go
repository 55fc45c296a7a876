package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The two streams in testdata are govulncheck v1.10.0's real output against
// the vulndb snapshot .ci/vulncheck pins, cut to at most two call paths an
// advisory and OSV entries cut to ID and summary:
//   - rehearsal.json: .ci/testdata/vulnrehearsal, which calls
//     x/text/language.Parse at x/text v0.3.5 (GO-2021-0113).
//   - signin-triage-otel-v1.37.0.json: this module before otel moved to
//     v1.47.0: ten standard-library advisories reachable, GO-2026-5506 in
//     otel imported but not called.

const configLine = `{"config":{"protocol_version":"v1.0.0","scanner_name":"govulncheck","scanner_version":"v1.10.0","db":"file:///db","go_version":"go1.26.8","scan_level":"symbol","scan_mode":"source"}}`

func TestJudge(t *testing.T) {
	tests := []struct {
		name         string
		stream       string
		fail         bool
		modules, std []string // advisory IDs reachable
		notCalled    []string
		output       []string // lines the report must hold
	}{
		{
			name:    "a reachable advisory in a module fails",
			stream:  readFile(t, "rehearsal.json"),
			fail:    true,
			modules: []string{"GO-2021-0113"},
			notCalled: []string{"GO-2022-1059", "GO-2026-5970", "GO-2026-6599", "GO-2026-6600", "GO-2026-6603",
				"GO-2026-6604", "GO-2026-6605", "GO-2026-6607", "GO-2026-6608", "GO-2026-6609", "GO-2026-6610",
				"GO-2026-6611", "GO-2026-6612", "GO-2026-6613", "GO-2026-6617", "GO-2026-6629", "GO-2026-6809"},
			output: []string{
				"GO-2021-0113 golang.org/x/text@v0.3.5 (fixed in v0.3.7): Out-of-bounds read in golang.org/x/text/language",
				"calls golang.org/x/text/language.Parse at language/parse.go:33:6",
				"from  example.com/vulnrehearsal.main at main.go:17:29",
				"GO-2022-1059 golang.org/x/text@v0.3.5 (fixed in v0.3.8): Denial of service",
				"golang.org/x/text@v0.3.5: GO-2026-5970 (fixed in v0.39.0); GO-2026-6629 (fixed in v0.41.0)",
				"vulnjudge: FAIL: 1 reachable in dependencies, 0 reachable in the standard library (reported), 17 in the build but not called (2 imported)",
			},
		},
		{
			name:   "the standard library reachable, otel imported but not called: pass, with both reported",
			stream: readFile(t, "signin-triage-otel-v1.37.0.json"),
			std: []string{"GO-2026-6603", "GO-2026-6605", "GO-2026-6607", "GO-2026-6608", "GO-2026-6610",
				"GO-2026-6611", "GO-2026-6612", "GO-2026-6613", "GO-2026-6617", "GO-2026-6809"},
			notCalled: []string{"GO-2026-5506", "GO-2026-6599", "GO-2026-6600", "GO-2026-6604", "GO-2026-6609"},
			output: []string{
				"Reachable in the standard library (reported, not failed",
				"GO-2026-6809 stdlib@go1.26.8 (fixed in go1.26.10)",
				"calls crypto/x509.(*Certificate).Verify at src/crypto/x509/verify.go:",
				"Imported but never called (reported, not failed):\n  GO-2026-5506 go.opentelemetry.io/otel@v1.37.0 (fixed in v1.41.0): OpenTelemetry-Go",
				"stdlib@go1.26.8: GO-2026-6599 GO-2026-6600 (fixed in go1.26.9)",
				"vulnjudge: PASS: 0 reachable in dependencies, 10 reachable in the standard library (reported), 5 in the build but not called (3 imported)",
			},
		},
		{
			name: "stdlib only: pass with a report",
			stream: configLine + `
{"osv":{"id":"GO-2026-6603","summary":"HTTP/2 server memory exhaustion"}}
{"finding":{"osv":"GO-2026-6603","fixed_version":"v1.26.9","trace":[{"module":"stdlib","version":"v1.26.8"}]}}
{"finding":{"osv":"GO-2026-6603","fixed_version":"v1.26.9","trace":[{"module":"stdlib","version":"v1.26.8","package":"net/http"}]}}
{"finding":{"osv":"GO-2026-6603","fixed_version":"v1.26.9","trace":[
  {"module":"stdlib","version":"v1.26.8","package":"net/http","function":"Read","receiver":"*bodyEOFSignal","position":{"filename":"net/http/transport.go","line":3000,"column":1}},
  {"module":"github.com/signin-triage/signin-triage","package":"github.com/signin-triage/signin-triage/graph","function":"List","position":{"filename":"graph/list.go","line":10,"column":2}}]}}`,
			std: []string{"GO-2026-6603"},
			output: []string{
				"GO-2026-6603 stdlib@go1.26.8 (fixed in go1.26.9): HTTP/2 server memory exhaustion",
				"calls net/http.(*bodyEOFSignal).Read at net/http/transport.go:3000:1",
				"from  github.com/signin-triage/signin-triage/graph.List at graph/list.go:10:2 (2 frames; 1 call path)",
				"vulnjudge: PASS: 0 reachable in dependencies, 1 reachable",
			},
		},
		{
			name: "a module imported, never called: pass",
			stream: configLine + `
{"finding":{"osv":"GO-2026-5506","fixed_version":"v1.41.0","trace":[{"module":"go.opentelemetry.io/otel","version":"v1.37.0"}]}}
{"finding":{"osv":"GO-2026-5506","fixed_version":"v1.41.0","trace":[{"module":"go.opentelemetry.io/otel","version":"v1.37.0","package":"go.opentelemetry.io/otel/baggage"}]}}
{"finding":{"osv":"GO-2022-1059","fixed_version":"v0.3.8","trace":[{"module":"golang.org/x/text","version":"v0.3.5"}]}}`,
			notCalled: []string{"GO-2022-1059", "GO-2026-5506"},
			output: []string{
				"Imported but never called (reported, not failed):\n  GO-2026-5506 go.opentelemetry.io/otel@v1.37.0 (fixed in v1.41.0): \n",
				"In a required module, no vulnerable package imported (reported, not failed):\n  golang.org/x/text@v0.3.5: GO-2022-1059 (fixed in v0.3.8)\n",
				"vulnjudge: PASS",
			},
		},
		{
			name: "a reachable module advisory with no fix fails and says so",
			stream: configLine + `
{"finding":{"osv":"GO-2099-0001","trace":[{"module":"example.com/m","version":"v1.0.0","package":"example.com/m","function":"F"},{"module":"example.com/us","package":"example.com/us","function":"main"}]}}`,
			fail:    true,
			modules: []string{"GO-2099-0001"},
			output:  []string{"GO-2099-0001 example.com/m@v1.0.0 (no fix yet)", "vulnjudge: FAIL"},
		},
		{
			name:   "nothing found: pass",
			stream: configLine,
			output: []string{"vulnjudge: PASS: 0 reachable in dependencies, 0 reachable in the standard library (reported), 0 in the build but not called (0 imported)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := judge(strings.NewReader(tt.stream))
			if err != nil {
				t.Fatal(err)
			}
			if v.failed() != tt.fail {
				t.Errorf("failed() = %v, want %v", v.failed(), tt.fail)
			}
			checkIDs(t, "reachable in modules", v.Modules, tt.modules)
			checkIDs(t, "reachable in the standard library", v.Go, tt.std)
			checkIDs(t, "not called", v.NotCalled, tt.notCalled)
			var out strings.Builder
			v.write(&out)
			for _, want := range tt.output {
				if !strings.Contains(out.String(), want) {
					t.Errorf("report lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}

// A stream the judge cannot read must not pass: exit 2, not 0.
func TestJudgeRefuses(t *testing.T) {
	tests := []struct{ name, stream, want string }{
		{"empty input, as when govulncheck died before it printed", "", "no config message"},
		{"not JSON", "govulncheck: loading packages: exit status 1\n", "reading govulncheck's JSON"},
		{"a package-level scan cannot tell called from imported",
			strings.Replace(configLine, `"symbol"`, `"package"`, 1), `scan level is "package"`},
		{"a finding with no trace", configLine + `{"finding":{"osv":"GO-2021-0113"}}`, "finding without"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := judge(strings.NewReader(tt.stream))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func checkIDs(t *testing.T, what string, got []advisory, want []string) {
	t.Helper()
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("%s: got %v, want %v", what, ids, want)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
