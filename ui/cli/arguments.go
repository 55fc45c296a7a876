package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// refuseArguments makes a word no command takes a usage error (exit 2)
// that says what to type instead, for every command: cobra's own errors
// for them are plain, which would exit 1, "a request failed". It replaces
// cobra's help command with one that refuses an unknown topic the same
// way, and adds the completion command now, so that its words are
// checked too.
func refuseArguments(root *cobra.Command) {
	root.SuggestionsMinimumDistance = 2
	root.SetHelpCommand(&cobra.Command{Use: "help [command]", Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, _ := c.Root().Find(args)
			if len(rest) > 0 {
				return unknownCommand(target, rest[0])
			}
			return target.Help()
		}})
	root.InitDefaultCompletionCmd()
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		switch {
		case c.HasSubCommands():
			// A group (journal, auth, completion) runs to show its help,
			// so that cobra checks its arguments first.
			if c.Run == nil && c.RunE == nil {
				c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
			}
			c.Args = func(c *cobra.Command, args []string) error {
				if len(args) > 0 {
					return unknownCommand(c, args[0])
				}
				return nil
			}
		case c.Args != nil:
			takes := c.Args
			c.Args = func(c *cobra.Command, args []string) error {
				if takes(c, args) == nil {
					return nil
				}
				if c.Flags().Lookup("ids") != nil { // a verdict: confirm-safe, confirm-compromised, dismiss
					return exit.UsageError{Err: fmt.Errorf("%s takes the sign-in IDs with --ids, not as arguments: --ids FILE (one ID a line, or a JSON array), or --ids - to read them from standard input (echo %s | %s --ids -)",
						c.CommandPath(), sanitize.String(args[0]), c.CommandPath())}
				}
				return exit.UsageError{Err: fmt.Errorf("%s takes flags only, not %q (see %s --help)", c.CommandPath(), sanitize.String(args[0]), c.CommandPath())}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// unknownCommand is a word given where c expects one of its commands.
func unknownCommand(c *cobra.Command, word string) error {
	msg := fmt.Sprintf("unknown command %q for %s", sanitize.String(word), c.CommandPath())
	if s := c.SuggestionsFor(word); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	if c == c.Root() && graph.IsSignInID(word) {
		msg += ": to act on sign-ins by ID, give them with --ids to confirm-safe, confirm-compromised or dismiss"
	}
	return exit.UsageError{Err: fmt.Errorf("%s (see %s --help)", msg, c.CommandPath())}
}
