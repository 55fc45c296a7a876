package graph

import (
	"fmt"
	"io"
	nethttp "net/http"

	khttp "github.com/microsoft/kiota-http-go"
)

// DefaultMaxReply is the largest reply body read: a page of 1,000 sign-ins
// is a few MB, so anything near this is not a page (docs/graph.md).
const DefaultMaxReply = 64 << 20

// ReplyTooLargeError is a reply whose body passed the cap.
type ReplyTooLargeError struct{ Max int64 }

func (e *ReplyTooLargeError) Error() string {
	return fmt.Sprintf("the reply is larger than %d MB, far more than a page of sign-ins: not read", e.Max>>20)
}

// replyLimit is a middleware next to the wire that fails a reply whose
// body is larger than max, before anything reads it whole (a 300 MB reply
// took 1.1 GB of memory).
type replyLimit struct{ max int64 }

func (l replyLimit) Intercept(p khttp.Pipeline, i int, req *nethttp.Request) (*nethttp.Response, error) {
	resp, err := p.Next(req, i)
	if err != nil || resp == nil || resp.Body == nil {
		return resp, err
	}
	if resp.ContentLength > l.max {
		resp.Body.Close()
		return nil, &ReplyTooLargeError{Max: l.max}
	}
	resp.Body = &cappedBody{ReadCloser: resp.Body, max: l.max, left: l.max}
	return resp, nil
}

// cappedBody fails a read past its cap, for bodies of unknown length.
type cappedBody struct {
	io.ReadCloser
	max, left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left == 0 {
		p = make([]byte, 1) // one byte more tells a body of exactly the cap from a longer one
		for {
			n, err := b.ReadCloser.Read(p)
			switch {
			case n > 0:
				return 0, &ReplyTooLargeError{Max: b.max}
			case err != nil:
				return 0, err
			}
		}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}
