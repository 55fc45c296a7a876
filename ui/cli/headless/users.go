package headless

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// userCommandNames are the user actions' command names.
var userCommandNames = map[string]string{
	graph.ActionRevokeSessions:         "revoke-sessions",
	graph.ActionConfirmUserCompromised: "confirm-user-compromised",
	graph.ActionDismissUserRisk:        "dismiss-user-risk",
}

// UserCommands are `revoke-sessions`, `confirm-user-compromised` and
// `dismiss-user-risk`, one per user action: the users come from --users
// (object IDs or user principal names, one a line) or from the journal's
// follow-up list (--from-followup). open must build a client with the
// user actions on.
func UserCommands(actions graph.Verdicts, open Opener, signals Signals) []*cobra.Command {
	var out []*cobra.Command
	for _, a := range actions {
		out = append(out, userCommand(a, open, signals))
	}
	return out
}

func userCommand(a graph.Verdict, open Opener, signals Signals) *cobra.Command {
	var usersFile string
	var fromFollowUp bool
	var o Options
	name := userCommandNames[a.Name]
	cmd := &cobra.Command{
		Use:   name,
		Short: fmt.Sprintf("%s users given by ID or name, or the journal's follow-up list, without the UI", strings.TrimSuffix(a.Verb, " of")),
		Long: fmt.Sprintf(`%s sends %s for users: %s

The users come from --users FILE (- for standard input), one object ID or
user principal name a line; names are resolved with GET /users/{name}, and
if one cannot be, nothing is sent (exit 2). Or from --from-followup: the
users the journal's compromise verdicts named that this action was not yet
done for. Batching, pacing, the journal, --note, --dry-run and the guard
are the UI's; the session asks for the user actions' permissions. One JSON
line per request on standard output, a summary on standard error.`, name, a.Name, a.Effect),
		Example: fmt.Sprintf("  signin-triage %s --users users.txt --note \"INC-4711\"\n  signin-triage %s --from-followup --dry-run", name, name),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (usersFile == "") == !fromFollowUp {
				return exit.UsageError{Err: errors.New("give the users either with --users FILE (- for standard input) or with --from-followup")}
			}
			if fromFollowUp && a.Name == graph.ActionDismissUserRisk {
				return exit.UsageError{Err: errors.New("--from-followup lists users whose sign-ins were confirmed compromised: dismissing their risk would reverse that; name the users with --users (nothing was sent)")}
			}
			if o.AllowReverse && !o.IncludeDecided {
				return exit.UsageError{Err: errors.New("--allow-reverse goes with --include-decided (nothing was sent)")}
			}
			var entries []string
			if usersFile != "" {
				var err error
				if entries, err = readUsersFrom(usersFile, cmd.InOrStdin()); err != nil {
					return exit.UsageError{Err: err}
				}
			}
			ctx, stop := cmd.Context(), func() exit.Status { return exit.OK }
			if signals != nil {
				ctx, stop = signals(ctx)
			}
			err := sendUsers(ctx, a, open, entries, fromFollowUp, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
			if status := stop(); status != exit.OK {
				if err != nil && !errors.As(err, new(exit.Status)) {
					fmt.Fprintln(cmd.ErrOrStderr(), "signin-triage: "+err.Error())
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "signin-triage: stopped by a signal: nothing more was sent (exit status %d).\n", status)
				return status
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&usersFile, "users", "", "file of users, one object ID or user principal name a line (- for standard input)")
	f.BoolVar(&fromFollowUp, "from-followup", false, "the users the journal's compromise verdicts named that this action was not done for yet")
	f.StringVar(&o.Note, "note", "", "the reason, recorded in the journal with each request (a ticket)")
	f.BoolVar(&o.IncludeDecided, "include-decided", false, "also send for users the journal says this was done for, or are in doubt")
	f.BoolVar(&o.AllowReverse, "allow-reverse", false, "with --include-decided, also send for users whose earlier decision this reverses")
	return cmd
}

// sendUsers opens the client, finds the users' IDs and sends a for them.
func sendUsers(ctx context.Context, a graph.Verdict, open Opener, entries []string, fromFollowUp bool, o Options, out, errOut io.Writer) error {
	c, _, cleanup, err := open(ctx, errOut)
	if err != nil {
		return err
	}
	defer cleanup()
	if _, err := c.ResolveTenant(ctx); err != nil && fromFollowUp {
		fmt.Fprintf(errOut, "signin-triage: warning: Graph did not name the tenant's ID (%s): the follow-up list holds only what was sent with this same --tenant.\n",
			sanitize.String(err.Error()))
	}
	var ids []string
	if fromFollowUp {
		ids = followUpUsers(c, a)
		if len(ids) == 0 {
			fmt.Fprintf(errOut, "signin-triage: the journal names no user whose %s is still to do: nothing to send.\n", a.Name)
			return nil
		}
		fmt.Fprintf(errOut, "signin-triage: from the follow-up list, %s: %s\n", graph.SubjectUsers.Noun(len(ids)), strings.Join(ids, ", "))
	} else if ids, err = resolveUsers(ctx, c, entries, errOut); err != nil {
		return err
	}
	return Send(ctx, c, a, ids, o, out, errOut).Err()
}

// followUpUsers are the users of the follow-up list whose step a is not
// done, in the list's order.
func followUpUsers(c *graph.Client, a graph.Verdict) []string {
	var ids []string
	for _, f := range c.Verdicts().FollowUps(c.Memory()) {
		if s, ok := f.Step(a.Name); ok && s.State != graph.StepDone {
			ids = append(ids, f.User)
		}
	}
	return ids
}

// resolveUsers turns each entry into a user's object ID: an ID as it is,
// a principal name through Graph. If any cannot be resolved, none is
// returned, and the error (exit 2) names each that failed.
func resolveUsers(ctx context.Context, c *graph.Client, entries []string, errOut io.Writer) ([]string, error) {
	seen := map[string]bool{}
	var ids, failed []string
	for _, e := range entries {
		id := e
		if graph.IsUPN(e) {
			var err error
			if id, err = c.ResolveUser(ctx, e); err != nil {
				failed = append(failed, fmt.Sprintf("%s (%s)", e, sanitize.String(err.Error())))
				continue
			}
			fmt.Fprintf(errOut, "signin-triage: %s is %s\n", e, id)
		}
		if id = graph.CanonicalID(id); !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(failed) > 0 {
		return nil, exit.UsageError{Err: fmt.Errorf("%d of the users could not be resolved, so nothing was sent: %s", len(failed), strings.Join(failed, "; "))}
	}
	return ids, nil
}

func readUsersFrom(path string, stdin io.Reader) ([]string, error) {
	if path == "-" {
		return ReadUsers(stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--users: %s", sanitize.String(err.Error()))
	}
	defer f.Close()
	return ReadUsers(f)
}

// ReadUsers reads users, one object ID or user principal name a line
// (blank lines and lines starting with # are skipped). If any line is
// neither, or the input cannot be read whole, nothing is returned.
func ReadUsers(r io.Reader) ([]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading the users: %w (nothing was sent)", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	var out []string
	for n := 1; sc.Scan(); n++ {
		e := strings.TrimSpace(sc.Text())
		if e == "" || strings.HasPrefix(e, "#") {
			continue
		}
		if graph.CheckUserID(e) != nil && !graph.IsUPN(e) {
			return nil, fmt.Errorf("line %d, %s, is neither a user's object ID (a GUID) nor a user principal name (name@domain): nothing was sent", n, sanitize.QuoteJSON(e))
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("the users could not be read whole (%v): nothing was sent", err)
	}
	if len(out) == 0 {
		return nil, errors.New("no user was given: nothing was sent")
	}
	return out, nil
}
