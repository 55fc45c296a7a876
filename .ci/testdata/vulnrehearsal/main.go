// Command vulnrehearsal is a known-bad module for the vulnerability check's
// rehearsal (.ci/vulncheck): it calls golang.org/x/text/language.Parse at
// x/text v0.3.5, which advisory GO-2021-0113 (fixed in v0.3.7) names. The
// check must fail on it every run; if it ever passes, the check has stopped
// catching reachable advisories. Never import this from signin-triage.
package main

import (
	"fmt"
	"os"

	"golang.org/x/text/language"
)

func main() {
	for _, arg := range os.Args[1:] {
		tag, err := language.Parse(arg)
		fmt.Println(tag, err)
	}
}
