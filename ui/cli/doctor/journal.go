package doctor

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// journalCheck reads the action journal at path, as `journal verify`
// does, and writes nothing: not the head a session would seal, and not the
// "reported at the next start" outcome a session records for each request
// an earlier run left without one. Those requests are listed here, and the
// next session reports and records them.
func journalCheck(path string) Check {
	ch := Check{Name: "the action journal (read only)"}
	if path == "" {
		ch.Answer, ch.Then = "no state directory to keep it in", "every verdict is refused: set XDG_STATE_HOME to an absolute path, or HOME"
		return ch
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		ch.OK, ch.Answer = true, sanitize.String(fmt.Sprintf("none yet at %s: the first verdict starts it", path))
		return ch
	}
	n, err := journal.Verify(path)
	var recs []journal.Record
	if err == nil {
		recs, err = journal.ReadFile(path)
	}
	if gap := (*journal.GapError)(nil); errors.As(err, &gap) {
		ch.Answer = sanitize.String(fmt.Sprintf("%s: %v", path, err))
		ch.Then = "every verdict is refused until `signin-triage journal reseal` records the gap"
		if recs, rerr := journal.ReadFile(path); rerr == nil {
			for _, p := range journal.Pending(recs) {
				ch.More = append(ch.More, p.PendingNotice())
			}
		}
		return ch
	}
	if err != nil {
		ch.Answer = sanitize.String(fmt.Sprintf("%s does not verify: %v", path, err))
		ch.Then = "every verdict is refused until it is looked at, or moved aside (signin-triage journal verify)"
		return ch
	}
	ch.OK, ch.Answer = true, sanitize.String(fmt.Sprintf("%s verifies, %d records", path, n))
	if pending := journal.Pending(recs); len(pending) > 0 {
		ch.Then = fmt.Sprintf("%d request(s) an earlier run sent have no recorded outcome; the next session records them as unknown", len(pending))
		for _, p := range pending {
			ch.More = append(ch.More, p.PendingNotice())
		}
	}
	return ch
}
