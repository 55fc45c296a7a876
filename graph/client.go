// Package graph talks to Microsoft Graph through msgraph-sdk-go: it lists
// sign-ins page by page, sends the three risk actions in batches and turns
// failures into reasons a person can act on. It knows nothing of the UI.
package graph

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	nethttp "net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	msgraph "github.com/microsoftgraph/msgraph-sdk-go"
)

// DefaultBaseURL is the Global cloud's Graph v1.0 root.
const DefaultBaseURL = "https://graph.microsoft.com/v1.0"

// Batch sizes for the actions. Graph documents no maximum; the comparable
// riskyUsers dismiss is capped at 60 (docs/graph.md).
const (
	DefaultBatchSize = 60
	MaxBatchSize     = 1000
)

// Options configures a Client.
type Options struct {
	// BaseURL is the Graph root including the version, e.g.
	// https://graph.microsoft.com/v1.0. Empty means DefaultBaseURL.
	BaseURL string
	// Auth attaches tokens to requests. Nil sends none (loopback only:
	// checked by the caller, which knows why it wants no token).
	Auth authentication.AuthenticationProvider
	// BatchSize is the most IDs one action request carries; zero means
	// DefaultBatchSize.
	BatchSize int
	// Retry tunes the SDK's retry middleware (429, 503, 504).
	Retry RetryPolicy
	// Timeout bounds one HTTP exchange, retries not included; zero means
	// the SDK's 100 s.
	Timeout time.Duration
	// SignInAgain, when set, throws the current sign-in away so that the
	// next request signs in anew (after a 401). Nil: the client has no
	// sign-in to renew (the demo, --auth none).
	SignInAgain func() error
	// Pace is the least time between two action requests of a dispatch;
	// zero sends them back to back. Identity Protection allows one request
	// per second per tenant.
	Pace time.Duration
	// DryRun makes Dispatch report the requests it would send and send
	// none of them.
	DryRun bool
	// DebugLog, when set, receives a line per HTTP attempt with every
	// credential header redacted.
	DebugLog io.Writer
	// Recorder, when set, records every action request: an intent before
	// it goes out (a request whose intent cannot be recorded is not sent),
	// and its outcome after.
	Recorder Recorder
	// Memory is what Graph accepted before, from the journal; nil starts
	// empty. The client adds every verdict Graph accepts.
	Memory *Memory
	// Verdicts are the verdicts the client may send; nil means
	// StandardVerdicts. A verdict not in it is refused by the dispatcher.
	Verdicts Verdicts
	// UserActions are the user actions the client may send (UserActions());
	// nil refuses each one, saying how to turn them on (UserActionsOff).
	UserActions Verdicts
	// NoRiskReads, when set, says why this cloud offers no Identity
	// Protection reads (risk detections, risky users): China (21Vianet).
	NoRiskReads string
	// PaceListing keeps the listing to Graph's reports limit (ListRequests
	// per ListWindow) on Clock, rather than learning it from 429s: on for
	// the real clouds.
	PaceListing bool
	// MaxRetryAfter caps a single Retry-After wait; zero means
	// DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// MaxReply is the largest reply body read; zero means
	// DefaultMaxReply.
	MaxReply int64
	// Transport, when set, carries the requests under the SDK's middleware
	// (tests: a simulated tenant over https); nil is net/http's default.
	Transport nethttp.RoundTripper
	// Clock keeps the pacer's time; nil is the wall clock (tests inject
	// one).
	Clock Clock
	// ReadOnly makes the client refuse every action: Dispatch reports each
	// batch NotSent and sends nothing. Hiding keys in the UI is a courtesy;
	// this is the guarantee.
	ReadOnly bool
	// ReadOnlyReason says why, when it is not --read-only (no journal, or
	// one that does not verify).
	ReadOnlyReason string
}

// RetryPolicy tunes the SDK's retry handler. Zero values keep the SDK's
// defaults: 3 retries, exponential back-off from 3 s, Retry-After honoured.
type RetryPolicy struct {
	MaxRetries   int
	DelaySeconds int
}

// Client is a Graph connection for one tenant. It is safe for concurrent use.
type Client struct {
	sdk      *msgraph.GraphServiceClient
	adapter  abstractions.RequestAdapter
	verdicts Verdicts
	// userActions are the user actions this session may send; empty when
	// they are off (Options.UserActions).
	userActions Verdicts
	memory      *Memory
	host        string
	root        *url.URL // the Graph root: nextLinks must keep to its origin
	batchSize   int
	readOnly    string // why every action is refused; "" sends them
	dryRun      bool
	pacer       *Pacer
	recorder    Recorder
	beta        bool
	signIn      func() error
	intern      *interner
	// neRefused is set once Graph refused "status/errorCode ne 0": from
	// then on that term is left out and each page is filtered here.
	neRefused atomic.Bool
	// topRefused is set once Graph refused a $top of 1000: from then on
	// listings ask for FallbackPageSize (docs/graph.md, "Page size").
	topRefused atomic.Bool
	// requestIDRefused is set once Graph refused filtering detections on
	// requestId: from then on they are matched here.
	requestIDRefused atomic.Bool
	noRiskReads      string
	throttles        throttles
	listing          *window // nil: the listing is not paced
	tenant           tenantID
}

// PacesListing reports whether the listing keeps to Graph's reports limit.
func (c *Client) PacesListing() bool { return c.listing != nil }

func listWindow(o Options) *window {
	if !o.PaceListing {
		return nil
	}
	return newWindow(ListRequests, ListWindow, o.Clock)
}

// New builds a Client on the SDK's request adapter and middleware (retry,
// redirect, telemetry), plus a probe that records each reply's outcome.
func New(opts Options) (*Client, error) {
	base := opts.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("graph URL %q is not an http(s) URL like %s", base, DefaultBaseURL)
	}
	batch := opts.BatchSize
	if batch == 0 {
		batch = DefaultBatchSize
	}
	if batch < 1 || batch > MaxBatchSize {
		return nil, fmt.Errorf("batch size %d is out of range: use 1 to %d", batch, MaxBatchSize)
	}
	auth := opts.Auth
	if auth == nil {
		auth = &authentication.AnonymousAuthenticationProvider{}
	}
	throttles := throttles{ch: make(chan Throttle, 16)}
	adapter, err := msgraph.NewGraphRequestAdapterWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(auth, nil, nil, newHTTPClient(opts, throttles.report))
	if err != nil {
		return nil, fmt.Errorf("building the Graph request adapter: %w", err)
	}
	adapter.SetBaseUrl(strings.TrimRight(base, "/"))
	verdicts := opts.Verdicts
	if verdicts == nil {
		verdicts = StandardVerdicts()
	}
	return &Client{
		sdk:         newServiceClient(adapter),
		adapter:     adapter,
		verdicts:    verdicts,
		userActions: opts.UserActions,
		memory:      cmp.Or(opts.Memory, NewMemory(nil)),
		host:        u.Host,
		root:        u,
		batchSize:   batch,
		readOnly:    readOnlyReason(opts),
		dryRun:      opts.DryRun,
		pacer:       newPacer(opts.Pace, opts.Clock),
		noRiskReads: opts.NoRiskReads,
		recorder:    opts.Recorder,
		beta:        strings.HasSuffix(strings.TrimRight(base, "/"), "/beta"),
		signIn:      opts.SignInAgain,
		intern:      newInterner(),
		throttles:   throttles,
		listing:     listWindow(opts),
	}, nil
}

// Verdicts is the table of verdicts this client sends.
func (c *Client) Verdicts() Verdicts { return c.verdicts }

// UserActions are the user actions this client sends; empty when they are
// off.
func (c *Client) UserActions() Verdicts { return c.userActions }

// Memory is what Graph accepted: the journal's verdicts and this
// session's.
func (c *Client) Memory() *Memory { return c.memory }

// BatchSize is the most IDs one action request carries.
func (c *Client) BatchSize() int { return c.batchSize }

// CanSignInAgain reports whether SignInAgain does anything.
func (c *Client) CanSignInAgain() bool { return c.signIn != nil }

// SignInAgain drops the current sign-in; the next request signs in anew.
func (c *Client) SignInAgain() error {
	if c.signIn == nil {
		return errors.New("this session has no sign-in to renew")
	}
	return c.signIn()
}

// Recorder keeps the record of every action request (see package journal).
type Recorder interface {
	// Intent records a request about to go out: users, when not nil, are
	// the users of ids (users[i] of ids[i], "" when not known).
	Intent(v Verdict, ids, users []string, note string) (request string, err error)
	Outcome(request string, r BatchResult) error
}

// Pace is the least time between two action requests.
func (c *Client) Pace() time.Duration { return c.pacer.Every() }

// Beta reports whether the client talks to the beta endpoint, the one
// that lists non-interactive sign-ins.
func (c *Client) Beta() bool { return c.beta }

// DryRun reports whether the client only shows what it would send.
func (c *Client) DryRun() bool { return c.dryRun }

// ReadOnly reports whether the client refuses actions.
func (c *Client) ReadOnly() bool { return c.readOnly != "" }

// ReadOnlyReason says why the client refuses actions; "" when it does not.
func (c *Client) ReadOnlyReason() string { return c.readOnly }

func readOnlyReason(o Options) string {
	switch {
	case !o.ReadOnly:
		return ""
	case o.ReadOnlyReason != "":
		return o.ReadOnlyReason
	}
	return "started with --read-only"
}

// Host is the Graph host this client talks to.
func (c *Client) Host() string { return c.host }

// newServiceClient is msgraph.NewGraphServiceClient without its write to
// a global: that constructor sets kiota's BackingStoreFactoryInstance
// each time, which every reply's parsing reads, so a client built while
// another is listing races with it (docs/graph.md, "The SDK as it
// behaves"). Given no factory, the adapter still turns its backing store
// on, and the global keeps the default it has from the start.
func newServiceClient(adapter *msgraph.GraphRequestAdapter) *msgraph.GraphServiceClient {
	return &msgraph.GraphServiceClient{GraphBaseServiceClient: *msgraph.NewGraphBaseServiceClient(adapter, nil)}
}
