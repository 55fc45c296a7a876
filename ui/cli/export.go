package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph/export"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// newExportCmd is `signin-triage export`: the listing, without the UI,
// streamed to stdout as CSV or JSON for scripts and evidence.
func newExportCmd(o *options) *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the listed sign-ins to stdout as CSV or JSON, without the UI",
		Long: `export lists sign-ins with the same flags as the UI (--since, --cloud, --auth,
--api, ...) and streams them to stdout as each page arrives: every field, times
in RFC 3339 UTC. Memory holds one page, whatever the size of the tenant.`,
		Example: `  signin-triage export --demo --format json > signins.json
  signin-triage export --since 7d --cloud usgov > risky.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return exit.UsageError{Err: fmt.Errorf("--format %v", err)}
			}
			// A signal stops the export cleanly (no --output file is left)
			// and exits 128 + the signal.
			ctx, stop := exit.OnSignal(cmd.Context())
			err = runExport(ctx, *o, f, output, cmd.OutOrStdout(), cmd.ErrOrStderr())
			if status := stop(); status != exit.OK {
				if err != nil {
					fmt.Fprintln(cmd.ErrOrStderr(), "signin-triage: "+err.Error())
				}
				return status
			}
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "output format: csv or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file, whole or not at all, instead of stdout")
	return cmd
}

// runExport streams the listing to out; the device code, if one is
// needed, and the count go to errOut.
func runExport(ctx context.Context, o options, f export.Format, output string, out, errOut io.Writer) error {
	cfg, cleanup, err := configure(o, time.Now(), stderrPrompt(errOut))
	if err != nil {
		return err
	}
	defer cleanup()
	return export.Run(ctx, cfg.Graph, cfg.Query, f, cfg.Notices, output, out, errOut)
}
