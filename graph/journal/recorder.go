package journal

import (
	"fmt"
	"unicode/utf8"

	"github.com/signin-triage/signin-triage/graph"
)

// Intent records that a request is about to go out; the request key it
// returns ties the outcome to it. An intent that would take more than
// MaxLine less outcomeRoom is refused, and then nothing is sent: its
// outcome (the same IDs) must fit too.
func (j *Journal) Intent(v graph.Verdict, ids, users []string, note string) (string, error) {
	rec, err := j.append(Record{Kind: Intent, Action: v.Name, IDs: ids, Users: users, Note: note}, MaxLine-outcomeRoom)
	return rec.Request, err
}

// The longest error text and request-id an outcome keeps: both come from
// the server, and the outcome must fit in the room its intent left.
const (
	maxErrorText = 8 << 10
	maxGraphID   = 256
)

// Outcome records how a request ended.
func (j *Journal) Outcome(request string, r graph.BatchResult) error {
	rec := Record{Kind: Outcome, Request: request, Action: r.Verdict.Name, IDs: r.IDs,
		Status: r.Status, GraphID: clip(r.RequestID, maxGraphID), Outcome: r.Outcome.String()}
	if r.Err != nil {
		rec.Error = clip(r.Err.Error(), maxErrorText)
	}
	_, err := j.Append(rec)
	return err
}

// clip cuts s to at most n bytes, on a character boundary, and says how
// much it left out.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes not recorded)", len(s)-cut)
}
