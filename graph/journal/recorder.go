package journal

import (
	"github.com/signin-triage/signin-triage/graph"
)

// Intent records that a request is about to go out; the request key it
// returns ties the outcome to it.
func (j *Journal) Intent(v graph.Verdict, ids []string, note string) (string, error) {
	rec, err := j.Append(Record{Kind: Intent, Action: v.Name, IDs: ids, Note: note})
	return rec.Request, err
}

// Outcome records how a request ended.
func (j *Journal) Outcome(request string, r graph.BatchResult) error {
	rec := Record{Kind: Outcome, Request: request, Action: r.Verdict.Name, IDs: r.IDs,
		Status: r.Status, GraphID: r.RequestID, Outcome: r.Outcome.String()}
	if r.Err != nil {
		rec.Error = r.Err.Error()
	}
	_, err := j.Append(rec)
	return err
}
