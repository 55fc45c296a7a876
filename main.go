// Command signin-triage is a keyboard-driven terminal UI for triaging risky
// Microsoft Entra sign-ins: list them through Microsoft Graph, select the
// false (or true) positives and mark them in bulk.
//
// main hands the process's environment and version to the command line
// (ui/cli), which builds a graph.Client (a real endpoint, or the simulated
// tenant for --demo) and runs the UI or another command; main exits with
// the status it returns.
package main

import (
	"context"
	"os"

	"github.com/signin-triage/signin-triage/ui/cli"
)

// version is a release's name, set at build time with -ldflags
// "-X main.version=v1.2.3"; "dev" leaves the version to the build info
// (docs/version.md).
var version = "dev"

func main() {
	os.Exit(cli.Execute(context.Background(), os.LookupEnv, version))
}
