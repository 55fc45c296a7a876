package graph

import (
	"bytes"
	"encoding/json"
	"io"
	nethttp "net/http"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	khttp "github.com/microsoft/kiota-http-go"
)

// keepFirst is a request option for a page read ($top): the most values
// the caller takes from the page. A server may ignore $top: one that sent
// 60,000 risk detections in one reply had them all parsed by the SDK and
// kept (the process grew from 25 MB to 646 MB) and held the tenant's
// pacer for seconds (issue 20). cutPages, next to the wire, keeps the
// first n values of such a page and never reads the rest; cut tells the
// caller it did.
type keepFirst struct {
	n   int
	cut bool // set by cutPages: the page held more than n values
}

var keepFirstKey = abstractions.RequestOptionKey{Key: "signin-triage/keep-first"}

func (o *keepFirst) GetKey() abstractions.RequestOptionKey { return keepFirstKey }

var (
	_ abstractions.RequestOption = (*keepFirst)(nil)
	_ khttp.Middleware           = cutPages{}
)

// cutPages is a middleware that cuts a page read with a keepFirst option
// to its first n values, reading no further; a page within n, an error,
// or a reply that is not a page pass through as they came. It sits inside
// enumKeeper, which reads a page whole, and outside replyLimit, so a page
// of any size is cut before the reply limit would fail it.
type cutPages struct{}

func (cutPages) Intercept(p khttp.Pipeline, i int, req *nethttp.Request) (*nethttp.Response, error) {
	resp, err := p.Next(req, i)
	o, ok := req.Context().Value(keepFirstKey).(*keepFirst)
	if err != nil || !ok || resp == nil || resp.Body == nil || resp.StatusCode != nethttp.StatusOK || req.Method != nethttp.MethodGet {
		return resp, err
	}
	body, cut := cutPage(resp.Body, o.n)
	o.cut = cut
	if cut {
		resp.ContentLength = -1
		resp.Header.Del("Content-Length")
	}
	resp.Body = body
	return resp, nil
}

// cutPage reads a page ({..., "value": [...], ...}) from body up to its
// n+1-th value. With no more than n values it returns the page as it came
// (cut false). Otherwise it closes body, unread past that value, and
// returns a page of the first n values and the properties read before
// them, less the nextLink (following it would skip what was cut): what
// stays in memory is n values, however long the page.
func cutPage(body io.ReadCloser, n int) (io.ReadCloser, bool) {
	var read bytes.Buffer // what the decoder took from body, to give back when nothing is cut
	dec := json.NewDecoder(io.TeeReader(body, &read))
	asCame := func() (io.ReadCloser, bool) {
		return struct {
			io.Reader
			io.Closer
		}{io.MultiReader(&read, body), body}, false
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return asCame()
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey {
			return asCame()
		}
		if key != "value" {
			var raw json.RawMessage
			if dec.Decode(&raw) != nil {
				return asCame()
			}
			if key != "@odata.nextLink" {
				writeMember(&out, key, raw)
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return asCame()
		}
		out.WriteString(`"value":[`)
		for kept := 0; dec.More(); kept++ {
			if kept == n {
				body.Close()
				out.WriteString("]}")
				return io.NopCloser(&out), true
			}
			var raw json.RawMessage
			if dec.Decode(&raw) != nil {
				return asCame()
			}
			if kept > 0 {
				out.WriteByte(',')
			}
			out.Write(raw)
		}
		if _, err := dec.Token(); err != nil { // the closing ]
			return asCame()
		}
		out.WriteString("],")
	}
	return asCame()
}

// writeMember writes "key":raw, to a JSON object being built.
func writeMember(out *bytes.Buffer, key string, raw json.RawMessage) {
	k, _ := json.Marshal(key)
	out.Write(k)
	out.WriteByte(':')
	out.Write(raw)
	out.WriteByte(',')
}
