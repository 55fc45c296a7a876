package cli

import (
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// versionText is what --version and `version` print: the release's name
// main was given at build time (-ldflags "-X main.version=v1.2.3"), else
// the module version, and the commit it was built from, as the Go
// toolchain recorded them in the binary. go install module@v1.2.3 records the version; go build in a
// git checkout records the commit, its time and whether the tree had
// changes (a pseudo-version too, since Go 1.24). "dev" is printed only
// when neither was recorded (go build -buildvcs=false, outside a module).
// Go records no build time: the time given is the commit's. What Go
// records where, and why a linked worktree gets no commit: docs/version.md.
func versionText(release string, info *debug.BuildInfo, ok bool) string {
	v, set := release, map[string]string{}
	if ok {
		if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			set[s.Key] = s.Value
		}
	}
	lines := []string{"signin-triage version " + v}
	if rev := set["vcs.revision"]; rev != "" {
		commit := "commit " + rev
		if set["vcs.modified"] == "true" {
			commit += " (modified: built with uncommitted changes)"
		}
		if t := set["vcs.time"]; t != "" {
			commit += ", committed " + t
		}
		lines = append(lines, commit)
	}
	if ok && info.GoVersion != "" {
		lines = append(lines, "built with "+info.GoVersion)
	}
	return strings.Join(lines, "\n") + "\n"
}

// buildVersion is versionText for this binary.
func buildVersion(release string) string {
	info, ok := debug.ReadBuildInfo()
	return versionText(release, info, ok)
}

// versionDetail is buildVersion as cobra's --version prints it, after
// "signin-triage version " and before a line break of its own. Its
// default printer is kept on purpose: a version template of our own
// (SetVersionTemplate) makes text/template reachable, and with it the
// linker keeps every exported method of every type, the whole Graph SDK:
// the binary grew from 24 MB to 168 MB and the UI's resident memory by
// 70 MB (docs/performance.md).
func versionDetail(release string) string {
	return strings.TrimSuffix(strings.TrimPrefix(buildVersion(release), "signin-triage version "), "\n")
}

// newVersionCmd is `signin-triage version`, the same text as --version.
// It reads no config file or environment: a broken config does not hide
// which build is running.
func newVersionCmd(release string) *cobra.Command {
	return &cobra.Command{
		Use:               "version",
		Short:             "Print the version and the commit this binary was built from",
		Args:              cobra.NoArgs,
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write([]byte(buildVersion(release)))
			return err
		},
	}
}
