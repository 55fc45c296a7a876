package cli

import (
	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph/auth"
)

// newAuthCmd is `signin-triage auth logout|status`, on the saved sign-ins
// in the state directory dir names. Neither signs in, and neither reads the
// config file or the environment's settings: a config that no longer
// starts (one that still says logout, say) must not stand in the way of
// logging out.
func newAuthCmd(dir func() string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Show or forget the saved sign-ins",
		Long: `After a person signs in (--auth device or browser), signin-triage remembers who
signed in, per cloud, tenant and app, in a file readable by its owner that
holds no token, so that the next run signs in without asking. status lists
these records; logout deletes them, and the next run asks you to sign in.`,
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
	}
	logout := &cobra.Command{Use: "logout", Short: "Forget the saved sign-ins: the next run asks you to sign in", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return auth.Logout(cmd.OutOrStdout(), dir()) }}
	status := &cobra.Command{Use: "status", Short: "List the saved sign-ins: cloud, tenant, app, who and when", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return auth.Status(cmd.OutOrStdout(), dir()) }}
	cmd.AddCommand(logout, status)
	return cmd
}
