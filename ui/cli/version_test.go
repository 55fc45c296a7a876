package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionTextSaysWhatTheBuildRecorded: a tagged install names its
// version, a build in a checkout its commit, time and changes, and only a
// build that recorded neither says dev.
func TestVersionTextSaysWhatTheBuildRecorded(t *testing.T) {
	setting := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	rev := "0123456789abcdef0123456789abcdef01234567"
	for _, tt := range []struct {
		name string
		info *debug.BuildInfo
		want []string
		not  []string
	}{
		{"go install @v1.4.0", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			[]string{"signin-triage version v1.4.0\n", "built with go1.26.8"}, []string{"dev", "commit"}},
		{"go build in a checkout with changes", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261205065814-0123456789ab+dirty"},
			Settings: setting("vcs", "git", "vcs.revision", rev, "vcs.time", "2026-12-05T06:58:14Z", "vcs.modified", "true")},
			[]string{"signin-triage version v0.0.0-20261205065814-0123456789ab+dirty\n", "commit " + rev + " (modified: built with uncommitted changes), committed 2026-12-05T06:58:14Z"}, []string{"dev"}},
		{"go build in a clean checkout, before Go named a version", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
			Settings: setting("vcs.revision", rev, "vcs.modified", "false")},
			[]string{"signin-triage version dev\n", "commit " + rev + "\n"}, []string{"modified", "committed", "(devel)"}},
		{"nothing recorded", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, []string{"signin-triage version dev\n"}, []string{"commit", "(devel)"}},
	} {
		got := versionText("dev", tt.info, true)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tt.name, got, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q says %q", tt.name, got, n)
			}
		}
	}
	if got := versionText("dev", nil, false); got != "signin-triage version dev\n" {
		t.Errorf("no build info: %q", got)
	}
}
