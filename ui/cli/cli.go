// Package cli is signin-triage's command line: the root command, which
// runs the UI, and every other command (export, the verdicts, doctor,
// journal, auth, version), with the flags they share and how the
// environment and the config file fill them (config). It checks every
// option, builds what the UI and the other commands need, and turns what
// they return into the program's exit status.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/ui/cli/config"
	"github.com/signin-triage/signin-triage/ui/cli/doctor"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
	"github.com/signin-triage/signin-triage/ui/cli/headless"
)

// Execute runs the command line on the program's arguments and returns
// the exit status. env looks up environment variables (os.LookupEnv);
// release is the version set at build time, "dev" without one.
func Execute(ctx context.Context, env func(string) (string, bool), release string) int {
	// fang's version is the module version alone; ours (version.go) names
	// the commit too, so fang's is left out.
	return int(exit.Of(fang.Execute(ctx, newRootCmd(env, release), fang.WithoutVersion(), fang.WithErrorHandler(plainError))))
}

// plainError prints an error as one line that can be read in any terminal,
// copied into a ticket and grepped in a log. An exit status alone says
// nothing more: the session's record said it.
func plainError(w io.Writer, _ fang.Styles, err error) {
	if !errors.As(err, new(exit.Status)) {
		fmt.Fprintf(w, "signin-triage: %v\n", err)
	}
}

// newRootCmd builds the command line. env looks up environment variables
// (os.LookupEnv, or a map in tests); release is the version the build
// was given, "dev" when none (version.go).
func newRootCmd(env func(string) (string, bool), release string) *cobra.Command {
	o := defaultOptions()
	cmd := &cobra.Command{
		Use:   "signin-triage",
		Short: "Triage risky Microsoft Entra sign-ins from the keyboard",
		Long: `signin-triage lists risky sign-ins through Microsoft Graph, lets you select
them in bulk and marks them (confirm safe), sending one request per batch and
showing exactly what was sent and what Graph answered.

Try it without a tenant: signin-triage --demo
Sign in to yours (a device code, works over SSH): signin-triage
Another cloud: signin-triage --cloud usgov`,
		Example: `  signin-triage --demo
  signin-triage --demo --since 7d --batch-size 20
  signin-triage --tenant contoso.onmicrosoft.com
  signin-triage --auth env --cloud china --read-only
  signin-triage --auth none --graph-url http://127.0.0.1:8080/v1.0`,
		Args:          cobra.NoArgs,
		Version:       versionDetail(release),
		SilenceUsage:  true,
		SilenceErrors: true,
		// Every command takes its flags from the environment and the config
		// file too, and keeps state in the same place.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			o.stateDir = auth.StateDir(env)
			keys, err := config.Apply(cmd.Flags(), o.config, env)
			if err != nil {
				return exit.UsageError{Err: err}
			}
			o.keys = keys
			o.clientIDFrom = clientIDSource(cmd.Flags(), env)
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f := cmd.PersistentFlags() // the export command takes them too
	f.StringVar(&o.config, "config", "", "config file with defaults for these flags (default "+config.DefaultPathHint+")")
	for _, spec := range flagSpecs() {
		usage := spec.usage + " [env " + config.EnvName(spec.name) + "]"
		if fl := f.VarPF(config.Flag{Values: o.values, Name: spec.name, Default: spec.def, Check: spec.check}, spec.name, "", usage); spec.isSwitch() {
			fl.NoOptDefVal = "true"
		}
	}
	// Logging out was a switch that any run could inherit from the
	// environment or the config file, and then log out and exit 0; it is
	// a command now, and a run that still asks for the switch stops (2).
	config.Retire(f, "logout", "to forget the saved sign-ins, run signin-triage auth logout")
	cmd.AddCommand(newExportCmd(&o), newJournalCmd(func() string { return journal.PathIn(o.stateDir, o.on("demo")) }))
	cmd.AddCommand(headless.Commands(graph.StandardVerdicts(), openVerdicts(&o), exit.OnSignal, parseWhere)...)
	cmd.AddCommand(headless.UserCommands(graph.UserActions(), openUserActions(&o), exit.OnSignal)...)
	cmd.AddCommand(doctor.Command(openDoctor(&o)))
	cmd.AddCommand(newVersionCmd(release), newAuthCmd(func() string { return auth.StateDir(env) }))
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return exit.UsageError{Err: err} })
	refuseArguments(cmd)
	return cmd
}
