package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/cloud"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/ui/cli/doctor"
)

// openDoctor opens the doctor's client from o, once the flags are in,
// with what the doctor knows of the session besides.
func openDoctor(o *options) doctor.Opener {
	return func(_ context.Context, errOut io.Writer) (*graph.Client, doctor.Setup, func(), error) {
		reads := *o
		reads.noJournal = true // the doctor reads the journal itself, and writes nothing
		cfg, cleanup, err := configure(reads, time.Now(), stderrPrompt(errOut))
		if err != nil {
			return nil, doctor.Setup{}, nil, err
		}
		for _, n := range cfg.Notices { // how the sign-in is made, before it is
			fmt.Fprintln(errOut, "signin-triage: "+sanitize.String(n))
		}
		mode, _ := auth.ParseMode(o.get("auth")) // checked by configure
		c, _ := cloud.ByName(o.get("cloud"))
		scopes := auth.Options{Mode: mode, Cloud: c, ReadOnly: o.on("read-only")}.Scopes()
		if o.on("demo") {
			scopes = nil // no sign-in
		}
		return cfg.Graph.(*graph.Client), doctor.Setup{Who: cfg.Source, Scopes: scopes, Query: cfg.Query, Beta: o.get("api") == "beta",
			Journal: journal.PathIn(o.stateDir, o.on("demo"))}, cleanup, nil
	}
}
