// Command simserve serves the simulated tenant on a loopback port until
// it is stopped, for measuring the real binary against it (.ci/measure-load).
// It prints the v1.0 root to stdout.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/signin-triage/signin-triage/graph/simtenant"
)

func main() {
	n := flag.Int("signins", 100000, "how many sign-ins the tenant holds")
	seed := flag.Uint64("seed", 1, "which tenant")
	flag.Parse()
	sim, err := simtenant.Start(simtenant.Options{SignIns: *n, Seed: *seed, UniqueIPs: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "simserve:", err)
		os.Exit(1)
	}
	defer sim.Close()
	fmt.Println(sim.URLFor("v1.0"))
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
}
