package cli

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// newJournalCmd is `signin-triage journal verify|tail|reseal`. fallback
// is the journal to read when --file names none (this machine's, or the
// demo's).
func newJournalCmd(fallback func() string) *cobra.Command {
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
ones; reseal records a gap at the end that verify found, once you know why,
and seals the journal again.`,
	}
	cmd.PersistentFlags().StringVar(&file, "file", "", "journal to read (default: this machine's, or the demo's with --demo)")
	verify := &cobra.Command{Use: "verify", Short: "Check that no line of the journal was removed, edited or cut off", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			report, err := journal.VerifyReport(path())
			if err == nil {
				fmt.Fprintln(cmd.OutOrStdout(), "signin-triage: "+report)
			}
			return err
		}}
	tail := &cobra.Command{Use: "tail", Short: "Show the last actions recorded", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 1 {
				return exit.UsageError{Err: fmt.Errorf("journal tail -n %d: give how many records to show, 1 or more", n)}
			}
			lines, err := journal.Tail(path(), n)
			fmt.Fprint(cmd.OutOrStdout(), strings.Join(append(lines, ""), "\n"))
			return err
		}}
	tail.Flags().IntVarP(&n, "lines", "n", 20, "how many records to show (1 or more)")
	reseal := &cobra.Command{Use: "reseal", Short: "Record a gap at the end of the journal that verify found, and seal it again", Args: cobra.NoArgs,
		Long: `When verify says the journal cannot show that nothing was cut off the end (its
head is missing, empty, older or another journal's), sessions refuse every
action. Once you know why, reseal appends a record of what was found, chained
like any other, and seals the head over it. It never mends a line that does
not verify.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			report, err := journal.Reseal(path())
			if err == nil {
				fmt.Fprintln(cmd.OutOrStdout(), "signin-triage: "+report)
			}
			return err
		}}
	cmd.AddCommand(verify, tail, reseal)
	return cmd
}
