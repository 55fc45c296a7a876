package simtenant

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// detectionDefaultTop is Graph's page of risk detections when $top does
// not ask (the API reference of List riskDetections; its most is 500).
const detectionDefaultTop = 20

// detectionSet is what a detections read answers, in order: the matching
// detections of the newest sign-in (head), its ManyDetections more, made
// one at a time as they are written (60,000 held and encoded whole would
// weigh on every process that runs the tenant), then the other sign-ins'
// (tail).
type detectionSet struct {
	head []Detection
	si   SignIn // the newest sign-in, copied under s.mu: many are made from it after
	many int
	tail []Detection
}

func (d *detectionSet) len() int { return len(d.head) + d.many + len(d.tail) }

func (d *detectionSet) at(i int) Detection {
	switch {
	case i < len(d.head):
		return d.head[i]
	case i < len(d.head)+d.many:
		return manyDetection(&d.si, i-len(d.head))
	}
	return d.tail[i-len(d.head)-d.many]
}

// streamed is a reply written as it is made, never held whole.
type streamed interface {
	writeTo(w *bufio.Writer) error
}

// detectionPage is a reply of detections [from, to) of set, with a
// nextLink when next is set.
type detectionPage struct {
	set      *detectionSet
	from, to int
	next     string
}

func (p detectionPage) writeTo(w *bufio.Writer) error {
	w.WriteString(`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#identityProtection/riskDetections","value":[`)
	for i := p.from; i < p.to; i++ {
		if i > p.from {
			w.WriteByte(',')
		}
		b, err := json.Marshal(p.set.at(i))
		if err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err // the client is gone: stop making them
		}
	}
	w.WriteByte(']')
	if p.next != "" {
		b, _ := json.Marshal(p.next)
		w.WriteString(`,"@odata.nextLink":`)
		w.Write(b)
	}
	w.WriteString("}\n")
	return w.Flush()
}

// detectionReply is the reply to a detections read of set: one page of
// it, as $top, $skiptoken and Options.DetectionPage say; all of it when
// DetectionPage is zero.
func (s *Server) detectionReply(r *http.Request, set *detectionSet) detectionPage {
	if s.opts.DetectionPage <= 0 {
		return detectionPage{set: set, to: set.len()}
	}
	q := r.URL.Query()
	top := detectionDefaultTop
	if n, err := strconv.Atoi(q.Get("$top")); err == nil && n > 0 {
		top = n
	}
	top = min(top, s.opts.DetectionPage)
	from := 0
	if tok, ok := strings.CutPrefix(q.Get("$skiptoken"), "d"); ok {
		if n, err := strconv.Atoi(tok); err == nil && n > 0 {
			from = min(n, set.len())
		}
	}
	p := detectionPage{set: set, from: from, to: min(from+top, set.len())}
	if p.to < set.len() {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("$skiptoken", "d"+strconv.Itoa(p.to))
		p.next = origin(r) + r.URL.Path + "?" + next.Encode()
	}
	return p
}

// writeStream writes a streamed reply; a client that hangs up stops it.
func (s *Server) writeStream(w http.ResponseWriter, status int, body streamed) {
	w.Header().Set("Content-Type", "application/json; odata.metadata=minimal")
	w.Header().Set("request-id", s.requestID())
	w.WriteHeader(status)
	body.writeTo(bufio.NewWriter(w)) //nolint:errcheck // the client may be gone
}
