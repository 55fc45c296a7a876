package graph

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// Kind says what sort of failure an Error is, which decides what the analyst
// can do about it.
type Kind int

// The kinds of failure. The zero value is an unclassified failure.
const (
	KindOther        Kind = iota
	KindUnauthorized      // 401: the token is missing, expired or for another resource
	KindForbidden         // 403: a permission or role is missing
	KindNotPremium        // 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant
	KindBadRequest        // 400: Graph refused the request itself (bad IDs, bad filter)
	KindThrottled         // 429 after the SDK's retries
	KindServer            // 5xx after the SDK's retries
	KindNetwork           // no HTTP reply: DNS, TCP, TLS, timeout
	KindBadReply          // a reply that could not be read
	KindCanceled          // the user quit or stopped the request
	KindReadOnly          // the client was built read-only: nothing may be sent
	KindSignIn            // no token: the sign-in failed before anything was sent
	KindJournal           // the journal could not record the intent: nothing was sent
	KindStopped           // the analyst stopped the dispatch before this request
	KindGuard             // the sign-in already received a verdict: left out unless included
	KindNotOffered        // this cloud does not offer the endpoint (Identity Protection in China)
	KindUnsafeReply       // a reply that would lead elsewhere (a nextLink to another origin)
	KindRedirected        // a 3xx in reply to an action: not followed, so not applied
	KindNotEnabled        // the session did not enable this kind of action: nothing was sent
)

// Op names the call that failed, because the same status means different
// things for listing and for acting (a 403 names different permissions).
type Op string

// OpList is listing sign-ins; actions use their Action's name.
const OpList Op = "list sign-ins"

// Error is a failed Graph call, classified. Its Error text is a sentence an
// analyst can act on; the raw parts stay available for the status pane and
// for records.
type Error struct {
	Op        Op
	Kind      Kind
	Status    int    // HTTP status, 0 when no reply came
	Code      string // Graph error code, e.g. "Authorization_RequestDenied"
	Message   string // Graph's message, sanitized
	RequestID string // Graph request-id, for a support ticket
	Host      string // the host that was called, for network failures
	// Unsent is true when the failure happened before the request left
	// (no connection could be made), so Graph cannot have acted on it.
	Unsent bool
	Err    error // the underlying error
}

func (e *Error) Unwrap() error { return e.Err }

// Error returns the reason followed by Graph's own words when there are any.
func (e *Error) Error() string {
	r := e.Reason()
	if e.Message != "" && e.Kind != KindNetwork {
		r += " Graph said: " + e.Message
	}
	return r
}

// Reason is what went wrong and what to do, without Graph's raw message.
func (e *Error) Reason() string {
	switch e.Kind {
	case KindUnauthorized:
		return "Graph refused the sign-in (401): the token is missing, expired or for another cloud; sign in again (quit and start signin-triage again)."
	case KindForbidden:
		switch e.Op {
		case OpDetections:
			return "Graph denied reading risk detections (403): it needs IdentityRiskEvent.Read.All (delegated, with a role such as Security Reader, Security Operator or Global Reader; or application) and Entra ID P2. Ask an admin to consent to it, then run signin-triage auth logout and sign in again."
		case OpRiskyUser, OpRiskyUsers:
			return "Graph denied reading the user's risk (403): it needs IdentityRiskyUser.Read.All (delegated, with a role such as Security Reader, Security Operator or Global Reader; or application) and Entra ID P2. Ask an admin to consent to it, then run signin-triage auth logout and sign in again."
		case OpNamedLocations:
			return "Graph denied reading the named locations (403): it needs " + PermPolicyRead + " (delegated, with a role such as Security Reader, Global Reader or Conditional Access Administrator; or application). Without it no sign-in is marked by network. Ask an admin to consent to it, then run signin-triage auth logout and sign in again."
		case OpList:
			return "Graph denied listing sign-ins (403): the app needs AuditLog.Read.All and Directory.Read.All, and a delegated user also a reader role (Reports Reader, Security Reader or Global Reader)."
		}
		if a, ok := UserActions().Named(string(e.Op)); ok {
			return fmt.Sprintf("Graph denied %s (403): it needs the permission %s (granted to the app; run signin-triage with --user-actions so that it is asked for) "+
				"and, for an analyst signed in, the role %s. Ask an admin for what is missing, then run signin-triage auth logout and sign in again.", a.Name, a.Permission, a.Role)
		}
		return fmt.Sprintf("Graph denied %s (403): it needs IdentityRiskyUser.ReadWrite.All (delegated, with the Security Operator or Security Administrator role) or IdentityRiskEvent.ReadWrite.All (application).", e.Op)
	case KindNotPremium:
		return "Graph denied access (403): sign-in logs need a tenant with Microsoft Entra ID P1 or P2."
	case KindBadRequest:
		return fmt.Sprintf("Graph rejected the request (400%s).", codeSuffix(e.Code))
	case KindThrottled:
		return "Graph is throttling this app (429) and the retries ran out: wait a minute, then retry."
	case KindServer:
		return fmt.Sprintf("Graph failed (%d%s) and the retries ran out: retry later.", e.Status, codeSuffix(e.Code))
	case KindNetwork:
		switch {
		case e.Op == OpList:
			return fmt.Sprintf("No reply from %s: %v. Nothing was marked: listing only reads.", e.Host, e.Err)
		case e.Unsent:
			return fmt.Sprintf("Could not reach %s, so nothing was sent: %v.", e.Host, e.Err)
		}
		return fmt.Sprintf("No reply from %s: %v.", e.Host, e.Err)
	case KindBadReply:
		return fmt.Sprintf("Graph's reply could not be read: %v.", e.Err)
	case KindCanceled:
		if e.Unsent {
			return "Not sent: the session was stopped before this request went out."
		}
		return "Cut off: the session was stopped before Graph replied."
	case KindSignIn:
		return fmt.Sprintf("Nothing was sent: %v.", e.Err)
	case KindStopped:
		return "Not sent: the dispatch was stopped before this request."
	case KindGuard:
		if _, ok := UserActions().Named(string(e.Op)); ok {
			return "Left out: the journal says this was done for the user, or the opposite was (a compromise confirmed, on the user or a sign-in), or a request for the user is in doubt; include the left-out ones to send it anyway (twice to reverse)."
		}
		return "Left out: Graph already accepted a verdict for it, or a request for it is in doubt (this session, or the journal of this tenant); include the left-out ones to send it anyway."
	case KindJournal:
		return fmt.Sprintf("Nothing was sent: the action journal could not record it (%v).", e.Err)
	case KindUnsafeReply:
		return fmt.Sprintf("Stopped: %v.", e.Err)
	case KindRedirected:
		return fmt.Sprintf("Graph redirected the request (%d); not applied, and the redirect was not followed. Nothing more is sent; please report this (with the request-id) to your Graph administrator and to signin-triage.", e.Status)
	case KindNotOffered:
		return fmt.Sprintf("Not offered here: %v.", e.Err)
	case KindReadOnly:
		return fmt.Sprintf("Not sent: this session refuses every action (%v), so %s is refused.", e.Err, e.Op)
	case KindNotEnabled:
		return fmt.Sprintf("Not sent: %v.", e.Err)
	}
	if e.Status != 0 {
		return fmt.Sprintf("Graph answered %d%s.", e.Status, codeSuffix(e.Code))
	}
	return fmt.Sprintf("Request failed: %v.", e.Err)
}

// blamesIDs reports a 400 whose message is about the request IDs (unknown,
// or not risky): splitting the batch finds the bad ones.
func (e *Error) blamesIDs() bool {
	return e != nil && e.Kind == KindBadRequest && strings.Contains(strings.ToLower(e.Message), "requestid")
}

// StopsDispatch reports whether every later request of a dispatch would fail
// the same way, so sending them is pointless.
func (e *Error) StopsDispatch() bool {
	switch e.Kind {
	case KindUnauthorized, KindForbidden, KindNotPremium, KindCanceled, KindReadOnly, KindSignIn, KindJournal, KindStopped, KindRedirected, KindNotEnabled:
		return true
	}
	return false
}

func codeSuffix(code string) string {
	if code == "" {
		return ""
	}
	return " " + code
}

// classify turns whatever the SDK returned into an *Error.
func classify(op Op, host string, err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	e = &Error{Op: op, Host: host, Err: err}

	var odata *odataerrors.ODataError
	var api *abstractions.ApiError
	var signIn interface{ SignInFailed() }
	var tooLarge *ReplyTooLargeError
	switch {
	case errors.As(err, &tooLarge):
		e.Kind = KindBadReply
		return e
	case errors.As(err, &signIn):
		e.Kind = KindSignIn
		return e
	case errors.As(err, &odata):
		e.Status = odata.ResponseStatusCode
		if main := odata.GetErrorEscaped(); main != nil {
			e.Code = deref(main.GetCode())
			e.Message = deref(main.GetMessage())
			if inner := main.GetInnerError(); inner != nil && inner.GetRequestId() != nil {
				e.RequestID = sanitize.Header(*inner.GetRequestId())
			}
		}
		if e.RequestID == "" {
			e.RequestID = header(odata.ResponseHeaders, "request-id")
		}
	case errors.As(err, &api):
		e.Status = api.ResponseStatusCode
		e.RequestID = header(api.ResponseHeaders, "request-id")
	case errors.Is(err, context.Canceled):
		e.Kind = KindCanceled
		return e
	case isNetwork(err):
		e.Kind, e.Unsent = KindNetwork, neverSent(err)
		return e
	default:
		e.Kind = KindBadReply
		return e
	}
	e.Kind = kindOfStatus(e.Status, e.Code)
	return e
}

func kindOfStatus(status int, code string) Kind {
	switch {
	case status == 401:
		return KindUnauthorized
	case status == 403 && code == "Authentication_RequestFromNonPremiumTenantOrB2CTenant":
		return KindNotPremium
	case status == 403:
		return KindForbidden
	case status == 400:
		return KindBadRequest
	case status == 429:
		return KindThrottled
	case status >= 500:
		return KindServer
	}
	return KindOther
}

func isNetwork(err error) bool {
	var netErr net.Error
	var urlErr *url.Error
	return errors.As(err, &netErr) || errors.As(err, &urlErr) || errors.Is(err, context.DeadlineExceeded)
}

// neverSent reports a failure to connect (DNS, TCP): the request cannot
// have reached Graph.
func neverSent(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial")
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return sanitize.Text(*p)
}

func header(h *abstractions.ResponseHeaders, name string) string {
	if h == nil {
		return ""
	}
	if v := h.Get(name); len(v) > 0 {
		return sanitize.Header(v[0])
	}
	return ""
}
