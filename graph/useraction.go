package graph

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/microsoftgraph/msgraph-sdk-go/users"
)

// Subject is what an action's IDs name.
type Subject int

// The subjects.
const (
	// SubjectSignIns: the IDs are sign-in (request) IDs; the verdicts.
	SubjectSignIns Subject = iota
	// SubjectUsers: the IDs are users' object IDs; the user actions.
	SubjectUsers
)

// Noun is n of the subject in words: "3 sign-ins", "1 user".
func (s Subject) Noun(n int) string {
	word := "sign-in"
	if s == SubjectUsers {
		word = "user"
	}
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// The user actions' names, as the journal records them and the guard
// remembers them.
const (
	ActionConfirmUserCompromised = "confirmUserCompromised"
	ActionDismissUserRisk        = "dismissUserRisk"
	ActionRevokeSessions         = "revokeSignInSessions"
)

// MaxDismissUsers is the most users one riskyUsers dismiss takes: the cap
// Microsoft's beta page gives (docs/graph.md, "User follow-up").
const MaxDismissUsers = 60

// The role a signed-in analyst needs for the risky-user actions, and for
// revoking sessions (docs/graph.md, "User follow-up").
const (
	riskyUserRole = "Security Operator (or Security Administrator)"
	revokeRole    = "Helpdesk Administrator for users without an admin role; User Administrator or Privileged Authentication Administrator for the others"
)

// UserActions are the three actions on users that follow a verdict
// (docs/graph.md, "User follow-up"): confirm the user compromised,
// dismiss the user's risk, revoke the user's sessions.
func UserActions() Verdicts {
	return Verdicts{
		{
			Name: ActionRevokeSessions, Subject: SubjectUsers, Path: "/users/{id}/revokeSignInSessions", PerID: true,
			Verb: "revoke the sessions of", Short: "revoke", Ask: "Revoke the sessions of %s?",
			Effect: "signs each user out of every app and browser: refresh tokens and session cookies issued before now stop working " +
				"within minutes. It does not change the password, and it does not reach guests, who sign in at home.",
			Permission: "User.RevokeSessions.All", Role: revokeRole,
		},
		{
			Name: ActionConfirmUserCompromised, Subject: SubjectUsers, Path: "/identityProtection/riskyUsers/confirmCompromised", BodyKey: "userIds",
			Verb: "confirm compromised", Short: "user compromised", Ask: "Confirm %s compromised?",
			Effect:     "sets each user's risk to high, confirmed compromised: a user-risk policy may then block them or force a secure password change.",
			Conflicts:  []string{ActionDismissUserRisk},
			Permission: "IdentityRiskyUser.ReadWrite.All", Role: riskyUserRole,
		},
		{
			Name: ActionDismissUserRisk, Subject: SubjectUsers, Path: "/identityProtection/riskyUsers/dismiss", BodyKey: "userIds", MaxBatch: MaxDismissUsers,
			Verb: "dismiss the risk of", Short: "dismiss user", Ask: "Dismiss all the risk of %s?",
			Effect: "closes all of each user's risk, the risk of their past sign-ins included. It cannot be undone: " +
				"a user whose password an attacker knows stays exposed.",
			Conflicts:  []string{ActionConfirmUserCompromised},
			Permission: "IdentityRiskyUser.ReadWrite.All", Role: riskyUserRole,
		},
	}
}

// MemoryKey is where the guard's memory keeps what action did to id:
// a user's sessions apart from the user's risk, which confirm and dismiss
// share (the later one counts); everything else by the ID itself.
func MemoryKey(action, id string) string {
	if action == ActionRevokeSessions {
		return "sessions " + CanonicalID(id)
	}
	return CanonicalID(id)
}

// FailureKey is where the memory keeps why the user action named action
// last failed for user id: each action apart, so that a failed dismissal
// does not read as a failed confirmation.
func FailureKey(action, id string) string { return action + " " + CanonicalID(id) }

// userPart is where a user falls for the user action v: by what the
// memory says the user actions and the verdicts on the user's sign-ins
// did. Confirming after a dismiss, and dismissing after a confirm, reverse
// it (PartConflict); so does dismissing a user whose sign-in was confirmed
// compromised, which would close that sign-in's risk too. Doing again what
// was done is PartDecided; a request in doubt, PartUnknown.
func (vs Verdicts) userPart(v Verdict, mem *Memory, id string) (Part, string) {
	prior := mem.Verdict(MemoryKey(v.Name, id))
	switch {
	case prior == v.Name:
		return PartDecided, ""
	case prior != "" && containsName(v.Conflicts, prior):
		return PartConflict, ""
	case v.Name == ActionDismissUserRisk && vs.compromisedBySignIn(mem, id):
		return PartConflict, ""
	}
	if d := mem.Doubt(MemoryKey(v.Name, id)); d != "" {
		return PartUnknown, d
	}
	return PartOpen, ""
}

// compromisedBySignIn reports whether the memory holds a sign-in of the
// user whose last verdict leaves follow-up work (confirmed compromised).
func (vs Verdicts) compromisedBySignIn(mem *Memory, user string) bool {
	for _, s := range mem.SignInsOf(user) {
		if v, ok := vs.Named(mem.Verdict(s)); ok && v.FollowUp != "" {
			return true
		}
	}
	return false
}

func containsName(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// CheckUserID is nil for an ID that can name a user in a path: a GUID. A
// user principal name is resolved to its ID first (ResolveUser).
func CheckUserID(id string) error {
	if !isGUID(id) {
		return fmt.Errorf("%q is not a user's object ID (a GUID like 0a1b2c3d-0000-4000-8000-00000000a11c) nor a user principal name", clipText(id, 80))
	}
	return nil
}

// IsUPN reports whether s looks like a user principal name: one @ with
// text on both sides, and no character a path or a query would read.
func IsUPN(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || at == len(s)-1 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r > '~' || strings.ContainsRune(`/\?#%"'<>{}|^`+"`", r) {
			return false
		}
	}
	return true
}

// clipText is s cut to at most n bytes on a character boundary, with an
// ellipsis when cut.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// UserActionsOff is why a user action is refused in a session that did
// not enable them.
const UserActionsOff = "user actions are off in this session: start signin-triage with --user-actions " +
	"(or set user-actions = true in the config), which asks for IdentityRiskyUser.ReadWrite.All and User.RevokeSessions.All; nothing was sent"

// Check is nil for an ID v can be sent for: a user's object ID for a user
// action (CheckUserID), any sign-in ID Graph issues for a verdict (CheckID).
func (v Verdict) Check(id string) error {
	if v.Subject == SubjectUsers {
		return CheckUserID(id)
	}
	return CheckID(id)
}

// OpResolveUser is resolving a user principal name to the user's ID.
const OpResolveUser Op = "resolve a user"

// ResolveUser is the object ID of the user whose principal name is upn:
// GET /users/{upn}?$select=id. A user Graph does not know is an error
// that says so (404); an ID that is not a GUID is refused.
func (c *Client) ResolveUser(ctx context.Context, upn string) (string, error) {
	if !IsUPN(upn) {
		return "", &Error{Op: OpResolveUser, Kind: KindOther, Err: fmt.Errorf("%q is not a user principal name", clipText(upn, 80))}
	}
	release, err := c.pacer.Turn(ctx, false)
	if err != nil {
		return "", classify(OpResolveUser, c.host, err)
	}
	defer release()
	u, err := c.sdk.Users().ByUserId(upn).Get(ctx, &users.UserItemRequestBuilderGetRequestConfiguration{
		QueryParameters: &users.UserItemRequestBuilderGetQueryParameters{Select: []string{"id"}}})
	if err != nil {
		return "", classify(OpResolveUser, c.host, err)
	}
	if u == nil || u.GetId() == nil || CheckUserID(*u.GetId()) != nil {
		return "", &Error{Op: OpResolveUser, Kind: KindBadReply, Host: c.host, Err: errors.New("the reply names no user ID (a GUID)")}
	}
	return CanonicalID(*u.GetId()), nil
}
