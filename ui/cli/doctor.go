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
		cfg, session, cleanup, err := configureSession(reads, time.Now(), stderrPrompt(errOut))
		if err != nil {
			return nil, doctor.Setup{}, nil, err
		}
		for _, n := range cfg.Notices { // how the sign-in is made, before it is
			fmt.Fprintln(errOut, "signin-triage: "+sanitize.String(n))
		}
		mode, _ := auth.ParseMode(o.get("auth")) // checked by configure
		c, _ := cloud.ByName(o.get("cloud"))
		scopes := auth.Options{Mode: mode, Cloud: c, ReadOnly: o.on("read-only"), UserActions: o.on("user-actions")}.Scopes()
		if o.on("demo") {
			scopes = nil // no sign-in
		}
		setup := doctor.Setup{Who: cfg.Source, Scopes: scopes, Query: cfg.Query, Beta: o.get("api") == "beta",
			Journal: journal.PathIn(o.stateDir, o.on("demo")), Needs: needs(o.on("read-only"), o.on("user-actions"))}
		if session != nil {
			setup.Granted = session.Granted
		}
		return cfg.Graph.(*graph.Client), setup, cleanup, nil
	}
}

// needs are the permissions a session with these switches relies on, for
// the doctor to look for in the token.
func needs(readOnly, userActions bool) []doctor.Need {
	out := []doctor.Need{
		{Permission: auth.PermAuditLogRead, For: "listing sign-ins"},
		{Permission: auth.PermDirectoryRead, For: "listing sign-ins (with AuditLog.Read.All)"},
		{Permission: auth.PermRiskEventRead, For: "the details' risk detections", CoveredBy: []string{"IdentityRiskEvent.ReadWrite.All"}},
		{Permission: auth.PermRiskyUserRead, For: "the details' user risk", CoveredBy: []string{auth.PermRiskyUserWrite}},
		{Permission: auth.PermPolicyRead, For: "the named locations (the tenant's own networks)"},
	}
	if readOnly {
		return out
	}
	out = append(out, doctor.Need{Permission: auth.PermRiskyUserWrite, For: "the verdicts (and confirming or dismissing a user)",
		CoveredBy: []string{"IdentityRiskEvent.ReadWrite.All"}})
	if userActions {
		out = append(out, doctor.Need{Permission: auth.PermRevokeSessions, For: "revoking a user's sessions (--user-actions)",
			CoveredBy: []string{"User.ReadWrite.All", "Directory.ReadWrite.All"}})
	}
	return out
}
