package journal

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Command is `signin-triage journal verify|tail`. fallback is the journal
// to read when --file names none (this machine's, or the demo's).
func Command(fallback func() string) *cobra.Command {
	var file string
	var n int
	path := func() string { return cmp.Or(file, fallback()) }
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Check or show the record of every action sent",
		Long: `Every action request is recorded before it goes out (an intent) and after (its
outcome) in a journal of JSON lines, each carrying the hash of the one before,
and sealed by a head beside it. verify checks that no line was removed, edited
or cut off the end, and names requests without an outcome; tail shows the last
ones.`,
	}
	cmd.PersistentFlags().StringVar(&file, "file", "", "journal to read (default: this machine's, or the demo's with --demo)")
	verify := &cobra.Command{Use: "verify", Short: "Check that no line of the journal was removed, edited or cut off", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			report, err := VerifyReport(path())
			if err == nil {
				fmt.Fprintln(cmd.OutOrStdout(), "signin-triage: "+report)
			}
			return err
		}}
	tail := &cobra.Command{Use: "tail", Short: "Show the last actions recorded", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lines, err := Tail(path(), n)
			fmt.Fprint(cmd.OutOrStdout(), strings.Join(append(lines, ""), "\n"))
			return err
		}}
	tail.Flags().IntVarP(&n, "lines", "n", 20, "how many records to show")
	cmd.AddCommand(verify, tail)
	return cmd
}
