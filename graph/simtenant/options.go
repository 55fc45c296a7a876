package simtenant

import "time"

// Options configures a simulated tenant.
type Options struct {
	// SignIns is how many sign-ins to generate; zero means 250.
	SignIns int
	// Seed picks the tenant; the same seed gives the same sign-ins.
	Seed uint64
	// Practice draws the tenant's incidents from the library by Seed
	// (incidents.go), mixed with the same users' everyday sign-ins; seed
	// 1 stays the README's tenant. Without it every seed has the
	// README's incidents, in other users and IDs.
	Practice bool
	// Now anchors the generated times (the newest is just before it); zero
	// means time.Now().
	Now time.Time
	// Domain is the tenant's UPN domain; empty means contoso.com.
	Domain string
	// TenantID is the tenant's ID (GET /organization); empty means
	// DefaultTenantID.
	TenantID string
	// Latency delays every reply.
	Latency time.Duration
	// NonInteractive adds that many non-interactive sign-ins, which only
	// the beta endpoint lists, and only when asked for through
	// signInEventTypes (as the service does).
	NonInteractive int
	// RefuseErrorCodeNe refuses "status/errorCode ne ..." in $filter with a
	// 400, as Graph may: only eq is documented for that property.
	RefuseErrorCodeNe bool
	// RefuseTop1000 answers a $top of 1000 with a 400, as a tenant has been
	// said to (Graph documents 1,000 as the maximum): the client's fallback
	// to 999 is tested with it.
	RefuseTop1000 bool
	// VerdictDelay is how long an accepted verdict takes to show in the
	// sign-ins, as Graph processes them offline; zero applies at once.
	VerdictDelay time.Duration
	// RefuseNeverFlagged refuses confirm safe on sign-ins Graph never
	// flagged (risk state none) as "not risky", as a tenant may though
	// Graph documents confirm safe for them (docs/graph.md): the guard's
	// separate batches and their fallback are tested with it. By default
	// confirm safe is accepted on them. Confirm compromised and dismiss on
	// them are undocumented: refused unless AcceptNeverFlagged.
	RefuseNeverFlagged bool
	// AcceptNeverFlagged accepts every verdict on never-flagged sign-ins.
	AcceptNeverFlagged bool
	// RefuseRequestIDFilter refuses filtering risk detections on requestId
	// with a 400: Graph does not document that it accepts it.
	RefuseRequestIDFilter bool
	// MissingPermissions are permissions the caller's token lacks
	// (PermRiskEventRead, PermRiskyUserRead): their reads answer 403.
	MissingPermissions []string
	// RequestID, when set, is every reply's request-id (header and error
	// body), for hostile-reply tests; empty numbers them.
	RequestID string
	// ListLimit, when set, answers a listing request 429 (Retry-After 1)
	// when it would be the ListLimit+1th within ListWindow on Clock, as
	// Graph's reports limit does.
	ListLimit  int
	ListWindow time.Duration
	// UniqueIPs gives every sign-in an IP address of its own (from
	// 10.0.0.0/8), where the generator repeats a user's home and office:
	// for measuring what a loaded sign-in costs when nothing of it is
	// shared.
	UniqueIPs bool
	// Endless makes every listing page bring a page size of sign-ins
	// under fresh IDs, with a fresh nextLink, for ever, whatever the
	// filter: a listing that never repeats itself and never ends.
	Endless bool
	// ManyDetections, when set, gives the newest sign-in this many more
	// risk detections: all sent in one reply whatever $top asks, as a
	// hostile server might, unless DetectionPage is set.
	ManyDetections int
	// DetectionPage, when set, serves risk detections a page at a time,
	// as Graph does: $top of them (20 when not asked), but no more than
	// DetectionPage (Graph's most is 500; fewer makes short pages), with
	// a nextLink to the rest. Zero sends every detection of a read in one
	// reply, whatever $top asks.
	DetectionPage int
	// LongID, when set, makes the newest sign-in's ID this many
	// characters long (its GUID, then zeros), as no Graph issues: for
	// tests of what a hostile server's IDs may reach.
	LongID int
	// TLS serves https, with a certificate only Server.Transport trusts
	// (for tests of a real sign-in, whose token goes only over https).
	TLS bool
	// Clock stamps each request's At; nil is the wall clock.
	Clock func() time.Time
}

// Request is one request the tenant received, as the tests see it.
type Request struct {
	Method   string
	Path     string // e.g. /v1.0/auditLogs/signIns/confirmSafe
	RawQuery string
	// Action is confirmSafe, confirmCompromised or dismiss for an action
	// POST, "list" for a listing GET, "riskDetections" and "riskyUser" for
	// the Identity Protection reads, "" for anything else.
	Action string
	// Page is the 1-based page number of a listing request.
	Page int
	// Filter and Top are the listing's query options as received.
	Filter string
	Top    string
	// IDs are an action's requestIds as decoded from the body.
	IDs []string
	// ContentEncoding is the body's encoding (the SDK gzips bodies).
	ContentEncoding string
	// ContentLength is the body's declared length; -1 when it came
	// chunked, without one.
	ContentLength int64
	// Authorized reports whether an Authorization header came with it.
	Authorized bool
	// At is when it arrived, on Options.Clock.
	At time.Time
	// Status is what the tenant answered; 0 while it is still answering,
	// -1 when it applied an action and dropped the reply (Fault.LoseReply).
	Status int
}

// Fault makes the tenant answer matching requests with an error.
type Fault struct {
	// Action limits the fault to "list", one action name, or one read
	// ("riskDetections", "riskyUser"); "" matches any.
	Action string
	// Page limits a listing fault to one 1-based page; 0 matches any page.
	Page int
	// IDs limits an action fault to requests that carry one of these IDs.
	IDs []string
	// Times is how many matching requests it answers; 0 means all of them.
	Times int
	// Status is the HTTP status to answer.
	Status int
	// Code and Message fill Graph's error envelope.
	Code, Message string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Body, when set, replaces the error envelope (for malformed replies).
	Body string
	// LoseReply applies an action (or, for a listing, does nothing) and
	// then closes the connection without answering, as when a reply is lost
	// on the way back or a connection is reset.
	LoseReply bool
	// Delay holds the faulty reply this long first (for client timeouts).
	Delay time.Duration
	// EmptyWithNext answers a listing with no sign-ins and a nextLink back
	// to the same page, as the service sometimes does. Status is unused.
	EmptyWithNext bool
	// NextLink answers the listing page as usual but with this nextLink
	// ("self": a link back to the same page, which loops). Status is
	// unused.
	NextLink string
}
