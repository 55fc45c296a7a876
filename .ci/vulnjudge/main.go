// Command vulnjudge reads govulncheck's JSON stream (-format json) on
// standard input and decides whether CI passes: it prints every advisory
// whose vulnerable symbol our code can reach, and exits 1 when one of them
// is in a third-party module. Reachable advisories in the standard library
// are printed but do not fail: only a newer Go fixes them, and this project
// cannot move past the Go it is built with (docs/dependencies.md).
//
// Exit status: 0 pass, 1 a reachable advisory in a dependency, 2 the input
// cannot be judged (not govulncheck's stream, or not a symbol-level scan).
// .ci/vulncheck runs it; see docs/dependencies.md.
package main

import (
	"fmt"
	"os"
)

func main() {
	v, err := judge(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulnjudge:", err)
		os.Exit(2)
	}
	v.write(os.Stdout)
	if v.failed() {
		os.Exit(1)
	}
}
