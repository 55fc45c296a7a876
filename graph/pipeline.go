package graph

import (
	"cmp"
	nethttp "net/http"
	"sync"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	khttp "github.com/microsoft/kiota-http-go"
	msgraph "github.com/microsoftgraph/msgraph-sdk-go"
	msgraphcore "github.com/microsoftgraph/msgraph-sdk-go-core"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// newHTTPClient builds the SDK's middleware pipeline by hand, in a fixed
// order, without request-body compression. khttp.GetDefaultMiddlewares
// orders the handlers by ranging over a map, so the order changes from run
// to run; when the retry handler lands before the compression handler, a
// retried POST goes out as plain JSON still labelled "Content-Encoding:
// gzip" (seen against the simulated tenant), and the service would reject a
// retried confirmSafe. Action bodies are a few kilobytes: compressing them
// buys nothing worth that risk.
func newHTTPClient(opts Options, report func(Throttle)) *nethttp.Client {
	clientOpts := msgraph.GetDefaultClientOptions()
	retries, delay := cmp.Or(opts.Retry.MaxRetries, 3), cmp.Or(opts.Retry.DelaySeconds, 3) // kiota's defaults
	retry := khttp.RetryHandlerOptions{
		MaxRetries:   opts.Retry.MaxRetries,
		DelaySeconds: opts.Retry.DelaySeconds,
		ShouldRetry:  throttleReporter(retries, delay, report),
	}
	middleware := []khttp.Middleware{
		outcomeProbe{}, // first, so that it sees the final reply after retries
		msgraphcore.NewGraphTelemetryHandler(&clientOpts),
		khttp.NewUrlReplaceHandler(true, msgraphcore.ReplacementPairs),
		khttp.NewRetryHandlerWithOptions(retry),
		retryAfterCap{max: cmp.Or(opts.MaxRetryAfter, DefaultMaxRetryAfter)}, // inside the retry handler: it reads what this leaves
		freshBody{}, // each attempt its own body
		khttp.NewRedirectHandlerWithOptions(khttp.RedirectHandlerOptions{ShouldRedirect: readsOnly}),
		khttp.NewParametersNameDecodingHandler(),
		khttp.NewUserAgentHandler(),
		khttp.NewHeadersInspectionHandler(),
		enumKeeper{},                                            // next to the wire: it sees the page as Graph sent it
		cutPages{},                                              // before anything reads a page whole: a page longer than asked is cut
		replyLimit{max: cmp.Or(opts.MaxReply, DefaultMaxReply)}, // before anything reads a body whole
	}
	if opts.DebugLog != nil {
		middleware = append(middleware, debugLogger{mu: &sync.Mutex{}, w: opts.DebugLog})
	}
	hc := khttp.GetDefaultClient(middleware...)
	if opts.Transport != nil {
		hc.Transport = khttp.NewCustomTransportWithParentTransport(opts.Transport, middleware...)
	}
	if opts.Timeout > 0 {
		hc.Timeout = opts.Timeout
	}
	return hc
}

// readsOnly follows a redirect for a read only. A verdict redirected is
// not followed: kiota would resend it with its Content-Length and no body
// (its outcome then unknown), and a verdict must reach Graph itself, not
// wherever a reply points. The 3xx comes back to Client.send, which
// reports it failed (KindRedirected). docs/graph.md, "Redirects".
func readsOnly(req *nethttp.Request, _ *nethttp.Response) bool {
	return req.Method == nethttp.MethodGet || req.Method == nethttp.MethodHead
}

// throttles passes the retry handler's waits on to whoever watches
// (Throttles); a wait no one takes is dropped, never blocking a request.
type throttles struct{ ch chan Throttle }

func (t throttles) report(th Throttle) {
	select {
	case t.ch <- th:
	default:
	}
}

// Throttles delivers each wait Graph asks for before a retry (429, 503,
// 504), as it begins: the UI counts it down.
func (c *Client) Throttles() <-chan Throttle { return c.throttles.ch }

// outcomeProbe is a middleware that copies the final HTTP status and Graph's
// request-id into an outcome carried by the request, so that a successful
// action (the SDK returns only nil for it) still records what Graph answered.
type outcomeProbe struct{}

var outcomeKey = abstractions.RequestOptionKey{Key: "signin-triage/outcome"}

// outcome is a request option; kiota places request options in the request
// context under their key, which is how the probe finds it.
type outcome struct {
	status    int
	requestID string
}

func (o *outcome) GetKey() abstractions.RequestOptionKey { return outcomeKey }

func (outcomeProbe) Intercept(p khttp.Pipeline, i int, req *nethttp.Request) (*nethttp.Response, error) {
	resp, err := p.Next(req, i)
	if o, ok := req.Context().Value(outcomeKey).(*outcome); ok && resp != nil {
		o.status = resp.StatusCode
		o.requestID = sanitize.Header(resp.Header.Get("request-id"))
	}
	return resp, err
}
