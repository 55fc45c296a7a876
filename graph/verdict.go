package graph

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// Verdict is one decision an analyst sends Graph about risky sign-ins:
// what it is called, where it goes, and what it does. The verdicts are a
// table (Verdicts) handed to the client in Options and to the UI in its
// Config; the dispatcher, the keymap (by Name), the dialogs, the status
// lines and the journal all read that table, and nothing else knows what
// verdicts there are.
type Verdict struct {
	// Name is Graph's name for the action, the last segment of its path:
	// "confirmSafe". The keymap and the journal call the verdict by it.
	Name string
	// Path is where the verdict is posted, under the Graph root (with its
	// version): "/auditLogs/signIns/confirmSafe". The body is always
	// {"requestIds": [...]} and success is 204.
	Path string
	// Verb is the verdict in words, for dialogs: "confirm safe"; Short in
	// a word, for the footer: "safe".
	Verb, Short string
	// State and Detail are the risk state and detail Graph gives a sign-in
	// that receives the verdict.
	State  RiskState
	Detail string
	// UserRisk is what the verdict does to the risk of the sign-ins' users,
	// as the end of "The risk of 3 users ...", or "" when it leaves it.
	UserRisk string
	// Conflicts names the verdicts this one contradicts: sending it for a
	// sign-in that carries one of them reverses an earlier verdict.
	Conflicts []string
	// NeverFlagged says the verdict may be sent for a sign-in Graph never
	// flagged (risk state none): documented for confirm safe; for confirm
	// compromised not documented either way, so offered; not for dismiss.
	NeverFlagged bool
	// NeverFlaggedCaveat, when set, is what the dialog says of sending it
	// for never-flagged sign-ins (it is not documented).
	NeverFlaggedCaveat string
	// FollowUp is what the verdict leaves to do for each of the sign-ins'
	// users once Graph accepted it, or "" when nothing.
	FollowUp string
	// ToDo is FollowUp's action alone, short enough for a status line.
	ToDo string
	// RightPasswordWarning, when set, is what sending the verdict says
	// of sign-ins where the password was right (they succeeded, or stopped
	// after it): "dismissing says the attacker did not get in".
	RightPasswordWarning string
	// WrongPasswordWarning, when set, is what sending it does to the users
	// of sign-ins that failed on a wrong password; %d is their count.
	WrongPasswordWarning string

	// The fields below are the user actions' (useraction.go); a sign-in
	// verdict leaves them zero.

	// Subject is what the IDs name: sign-ins, or users.
	Subject Subject
	// BodyKey is the body's one key: "" is "requestIds".
	BodyKey string
	// MaxBatch, when set, is the most IDs Graph takes in one request,
	// whatever the client's batch size.
	MaxBatch int
	// PerID says the action goes one request per ID, the ID in Path's
	// "{id}", with no body.
	PerID bool
	// Effect is what the action does, in a sentence for its dialog; Ask
	// is its dialog's question, %s the users ("Revoke the sessions of %s?").
	Effect, Ask string
	// Permission and Role are what a 403 on it names: the permission the
	// app needs, and the role a signed-in analyst needs.
	Permission, Role string
}

// Verdicts is a table of verdicts, in the order they are offered.
type Verdicts []Verdict

// StandardVerdicts is the three verdicts Graph takes on risky sign-ins,
// with the effects docs/graph.md records.
func StandardVerdicts() Verdicts {
	return Verdicts{
		{
			Name: "confirmSafe", Path: "/auditLogs/signIns/confirmSafe", Verb: "confirm safe", Short: "safe",
			State: RiskStateConfirmedSafe, Detail: "adminConfirmedSigninSafe",
			Conflicts: []string{"confirmCompromised"}, NeverFlagged: true,
			RightPasswordWarning: "confirming safe says it was the user",
		},
		{
			Name: "confirmCompromised", Path: "/auditLogs/signIns/confirmCompromised", Verb: "confirm compromised", Short: "compromised",
			State: RiskStateConfirmedCompromised, Detail: "adminConfirmedSigninCompromised",
			UserRisk:  "becomes high; a user-risk policy may force a password reset",
			Conflicts: []string{"confirmSafe", "dismiss"}, NeverFlagged: true,
			NeverFlaggedCaveat: "unverified: Graph documents verdicts on never-flagged sign-ins for confirm safe only, and may refuse these",
			FollowUp: "confirming raises the user's risk but neither resets the password nor revokes the sessions " +
				"already issued: reset each user's password and revoke their sessions",
			ToDo:                 "reset the password and revoke the sessions",
			WrongPasswordWarning: "confirming raises %d users to high risk",
		},
		{
			Name: "dismiss", Path: "/auditLogs/signIns/dismiss", Verb: "dismiss", Short: "dismiss",
			State: RiskStateDismissed, Detail: "adminDismissedRiskForSignIn",
			Conflicts:            []string{"confirmCompromised"},
			RightPasswordWarning: "dismissing says the attacker did not get in",
		},
	}
}

// Named finds a verdict by name.
func (vs Verdicts) Named(name string) (Verdict, bool) {
	for _, v := range vs {
		if v.Name == name {
			return v, true
		}
	}
	return Verdict{}, false
}

// String is the verdict's name.
func (v Verdict) String() string { return v.Name }

// post sends one verdict request through the SDK's request adapter, so it
// has the same middleware (retry, probe, journal-free debug log), the same
// sign-in and the same error mapping as every other Graph call.
func (c *Client) post(ctx context.Context, v Verdict, ids []string, opts []abstractions.RequestOption) error {
	if v.Path == "" || v.Path[0] != '/' {
		return errors.New("the verdict " + v.Name + " has no path")
	}
	info := abstractions.NewRequestInformationWithMethodAndUrlTemplateAndPathParameters(abstractions.POST,
		"{+baseurl}"+v.Path, map[string]string{"baseurl": c.adapter.GetBaseUrl()})
	if strings.Contains(v.Path, "{id}") != v.PerID {
		return errors.New("the action " + v.Name + " has a path that does not fit how it is sent")
	}
	info.AddRequestOptions(opts)
	info.Headers.TryAdd("Accept", "application/json")
	if v.PerID {
		// One ID, in the path; the action takes no body.
		if len(ids) != 1 {
			return errors.New("the action " + v.Name + " takes one ID a request")
		}
		info.PathParameters["id"] = ids[0]
		info.Headers.TryAdd("Content-Length", "0")
		return c.adapter.SendNoContent(ctx, info, abstractions.ErrorMappings{
			"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue,
		})
	}
	if err := info.SetContentFromParsable(ctx, c.adapter, "application/json", &requestIDs{key: cmp.Or(v.BodyKey, "requestIds"), ids: ids}); err != nil {
		return err
	}
	// With a length the body goes out whole, not chunked: some corporate
	// proxies answer a chunked POST with 411 (docs/graph.md).
	info.Headers.TryAdd("Content-Length", strconv.Itoa(len(info.Content)))
	return c.adapter.SendNoContent(ctx, info, abstractions.ErrorMappings{
		"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue,
	})
}

// requestIDs is the body the verdicts take, {"requestIds": [...]}, and the
// risky-user actions, {"userIds": [...]}.
type requestIDs struct {
	key string
	ids []string
}

var _ serialization.Parsable = (*requestIDs)(nil)

func (b *requestIDs) Serialize(w serialization.SerializationWriter) error {
	return w.WriteCollectionOfStringValues(b.key, b.ids)
}

func (b *requestIDs) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	return map[string]func(serialization.ParseNode) error{}
}
