package headless

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// Opener builds the client of a command from the command line's flags,
// with the query they describe and what to call when done.
type Opener func(ctx context.Context, errOut io.Writer) (c *graph.Client, q graph.Query, cleanup func(), err error)

// Signals is how a command learns of SIGINT, SIGTERM and SIGHUP, as the
// UI does (exit.OnSignal): ctx is canceled when one comes, and stop
// stops listening and returns the exit status it means (128 + its
// number), or exit.OK when none came.
type Signals func(parent context.Context) (ctx context.Context, stop func() exit.Status)

// Where keeps the sign-ins a --where filter selects; Networks says it
// reads the tenant's named locations (net:), which must then be read.
type Where struct {
	Keep     func(*graph.SignIn) bool
	Networks bool
}

// WhereParser reads --where's text in the live filter's language
// (pw:not-verified result:failure !country:US); the root command hands
// in the UI's parser, so that both read the same words.
type WhereParser func(text string) (Where, error)

// Commands are `confirm-safe`, `confirm-compromised` and `dismiss`, one per
// verdict of the table, named after the verdict's path. A signal while one
// sends cancels the request in flight, which the journal and the output
// then give as unknown, sends nothing more, and exits 128 + the signal;
// signals nil leaves them to the Go runtime (tests). parseWhere reads
// --where; nil refuses the flag.
func Commands(vs graph.Verdicts, open Opener, signals Signals, parseWhere WhereParser) []*cobra.Command {
	var out []*cobra.Command
	for _, v := range vs {
		out = append(out, command(v, open, signals, parseWhere))
	}
	return out
}

func command(v graph.Verdict, open Opener, signals Signals, parseWhere WhereParser) *cobra.Command {
	var idsFile, whereText string
	var fromQuery bool
	var o Options
	name := map[string]string{"confirmSafe": "confirm-safe", "confirmCompromised": "confirm-compromised", "dismiss": "dismiss"}[v.Name]
	cmd := &cobra.Command{
		Use:   name,
		Short: fmt.Sprintf("%s the sign-ins given by ID or selected by the query, without the UI", v.Verb),
		Long: fmt.Sprintf(`%s sends %s for sign-ins: their IDs one per line or as a JSON array, from
--ids FILE (- for standard input), or every sign-in the query flags select
(--from-query). Batching, pacing, the journal, --note, --dry-run and the
verdict guard are the UI's: sign-ins the journal says already received a
verdict are left out unless --include-decided (and --allow-reverse, for a
verdict that reverses one). One JSON line per request on standard output, a
summary on standard error; the exit status is the README's.`, name, v.Name),
		Example: fmt.Sprintf("  signin-triage %s --ids ids.txt --note \"INC-4711\"\n  signin-triage %s --from-query --ip 185.220. --since 7d --where 'pw:not-verified' --dry-run", name, name),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (idsFile == "") == !fromQuery {
				return exit.UsageError{Err: fmt.Errorf("give the sign-ins either with --ids FILE (- for standard input) or with --from-query")}
			}
			if o.AllowReverse && !o.IncludeDecided {
				return exit.UsageError{Err: fmt.Errorf("--allow-reverse goes with --include-decided: a verdict that reverses one is included only with the others left out (nothing was sent)")}
			}
			var where Where
			if cmd.Flags().Changed("where") {
				if !fromQuery {
					return exit.UsageError{Err: fmt.Errorf("--where filters what --from-query lists: with --ids, choose the IDs yourself")}
				}
				if parseWhere == nil {
					return exit.UsageError{Err: fmt.Errorf("--where is not available here")}
				}
				var err error
				if where, err = parseWhere(whereText); err != nil {
					return exit.UsageError{Err: fmt.Errorf("--where %q: %s (nothing was sent)", sanitize.String(whereText), sanitize.String(err.Error()))}
				}
			}
			var ids []string
			if idsFile != "" {
				var err error
				if ids, err = readIDsFrom(idsFile, cmd.InOrStdin()); err != nil {
					return exit.UsageError{Err: err}
				}
			}
			// Signals are caught once the IDs are read: until then nothing
			// is open, and a signal ends the command at once, as usual.
			ctx, stop := cmd.Context(), func() exit.Status { return exit.OK }
			if signals != nil {
				ctx, stop = signals(ctx)
			}
			err := send(ctx, v, open, ids, fromQuery, where, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
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
	f.StringVar(&idsFile, "ids", "", "file of sign-in IDs, one per line or a JSON array (- for standard input)")
	f.BoolVar(&fromQuery, "from-query", false, "send every sign-in the query flags select (--state, --since, --ip, ...)")
	f.StringVar(&whereText, "where", "", "with --from-query, keep only the sign-ins this filter selects, in the live filter's words (pw:not-verified result:failure !country:US); applied before the guard")
	f.StringVar(&o.Note, "note", "", "the reason, recorded in the journal with each request (a ticket, \"user confirmed travel\")")
	f.BoolVar(&o.IncludeDecided, "include-decided", false, "also send sign-ins the journal says already received a verdict")
	f.BoolVar(&o.AllowReverse, "allow-reverse", false, "with --include-decided, also send those whose earlier verdict this one reverses")
	return cmd
}

// send opens the client, lists the sign-ins when they come from the
// query, and sends v for them.
func send(ctx context.Context, v graph.Verdict, open Opener, ids []string, fromQuery bool, where Where, o Options, out, errOut io.Writer) error {
	c, q, cleanup, err := open(ctx, errOut)
	if err != nil {
		return err
	}
	defer cleanup()
	if fromQuery {
		if ids, o.Listed, err = selected(ctx, c, q, where, errOut); err != nil {
			return fmt.Errorf("listing the sign-ins to send: %w (nothing was sent)", err)
		}
	}
	return Send(ctx, c, v, ids, o, out, errOut).Err()
}

func readIDsFrom(path string, stdin io.Reader) ([]string, error) {
	if path == "-" {
		return ReadIDs(stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--ids: %s", sanitize.String(err.Error()))
	}
	defer f.Close()
	return ReadIDs(f)
}

// selected lists every sign-in q selects that where (no Keep: all)
// keeps. A where reads the sign-ins as the live filter does, marked with
// the tenant's named locations: a filter on net: is refused when they
// cannot be read, rather than kept as matching nothing (or, negated,
// everything); another goes on, unmarked, and says so.
func selected(ctx context.Context, c *graph.Client, q graph.Query, where Where, errOut io.Writer) ([]string, map[string]*graph.SignIn, error) {
	var nets *graph.Networks
	if where.Keep != nil {
		locs, more, err := c.NamedLocations(ctx)
		switch {
		case err != nil && where.Networks:
			return nil, nil, fmt.Errorf("--where uses net:, which needs the named locations: %w", err)
		case more && where.Networks:
			return nil, nil, fmt.Errorf("--where uses net:, and the named locations were read only in part (past %d locations or %d ranges, or pages without end): a sign-in in none of those read may be in one not read", graph.MaxNamedLocations, graph.MaxNamedRanges)
		case err != nil:
			fmt.Fprintf(errOut, "Named locations not read (%s): the sign-ins are not marked by network.\n", sanitize.String(err.Error()))
		default:
			nets = graph.NewNetworks(locs, more)
		}
	}
	paging := graph.NewPaging(q.RowCap())
	listed := map[string]*graph.SignIn{}
	var ids []string
	next := ""
	for {
		page, err := c.ListPage(ctx, q, next)
		if err != nil {
			return nil, nil, err
		}
		fresh, stop := paging.Next(page)
		for i := range fresh {
			s := &fresh[i]
			nets.Mark(s)
			if where.Keep == nil || where.Keep(s) {
				ids = append(ids, s.ID)
				listed[s.ID] = s
			}
		}
		if stop != nil {
			return nil, nil, stop
		}
		if next = page.NextLink; next == "" {
			return ids, listed, nil
		}
	}
}
