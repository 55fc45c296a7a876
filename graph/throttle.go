package graph

import (
	"bytes"
	"io"
	"math"
	nethttp "net/http"
	"strconv"
	"time"

	khttp "github.com/microsoft/kiota-http-go"
)

// DefaultMaxRetryAfter is the longest single wait a Retry-After may ask
// for: Graph's are seconds; one of days would hold a request until the
// client gives up, and then a 429 (certainly not applied) would read as
// unknown.
const DefaultMaxRetryAfter = 2 * time.Minute

// Throttle is Graph asking to wait before a retry, as the retry handler
// is about to honour it.
type Throttle struct {
	Status  int           // 429, 503 or 504
	Wait    time.Duration // after the cap
	Asked   time.Duration // what Retry-After asked for; 0 when it said nothing
	Attempt int           // the retry about to be made, from 1
	Of      int           // the most retries
	At      time.Time     // when the wait began
}

// retryAfterCap is a middleware inside the retry handler: it cuts a
// reply's Retry-After to max before the handler reads it (kiota's has no
// cap), whether it is seconds or an HTTP date.
type retryAfterCap struct{ max time.Duration }

func (c retryAfterCap) Intercept(p khttp.Pipeline, i int, req *nethttp.Request) (*nethttp.Response, error) {
	resp, err := p.Next(req, i)
	if err != nil || resp == nil {
		return resp, err
	}
	if asked, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && asked > c.max {
		resp.Header.Set(askedHeader, resp.Header.Get("Retry-After"))
		resp.Header.Set("Retry-After", strconv.Itoa(int(math.Ceil(c.max.Seconds()))))
	}
	return resp, nil
}

// askedHeader keeps what Retry-After said before the cap, for the report.
const askedHeader = "X-Signin-Triage-Retry-After-Asked"

// freshBody is a middleware inside the retry handler that gives every
// attempt its own reader of the request body. net/http may still be
// writing the body of an attempt that Graph answered early (a 429 before
// the body was read) while the retry handler rewinds it for the next, and
// the next attempt then went out with an empty body.
type freshBody struct{}

func (freshBody) Intercept(p khttp.Pipeline, i int, req *nethttp.Request) (*nethttp.Response, error) {
	if req.GetBody == nil && req.Body != nil && req.Body != nethttp.NoBody {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		req.Body = body
	}
	return p.Next(req, i)
}

// retryAfter reads a Retry-After header: seconds (Graph sends fractions,
// "2.128") or an HTTP date; ok is false when there is none or it is not
// one of those.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && !math.IsInf(s, 0) {
		return time.Duration(math.Min(s, 1e9) * float64(time.Second)), true
	}
	if t, err := nethttp.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// throttleReporter is the retry handler's ShouldRetry: it always retries
// (the handler keeps its own limits) and reports each wait it is about to
// make, as the handler computes it.
func throttleReporter(retries, delaySeconds int, report func(Throttle)) func(time.Duration, int, *nethttp.Request, *nethttp.Response) bool {
	return func(_ time.Duration, done int, _ *nethttp.Request, resp *nethttp.Response) bool {
		if report == nil || resp == nil {
			return true
		}
		t := Throttle{Status: resp.StatusCode, Attempt: done + 1, Of: retries, At: time.Now()}
		if wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			t.Wait, t.Asked = wait, wait
			if asked, ok := retryAfter(resp.Header.Get(askedHeader), time.Now()); ok {
				t.Asked = asked
			}
		} else {
			t.Wait = time.Duration(delaySeconds<<done) * time.Second // the handler's back-off, less its jitter
		}
		report(t)
		return true
	}
}
