package doctor

import (
	"context"
	"slices"
	"strings"
)

// Need is a permission the session relies on, what for, and the broader
// permissions that cover it too.
type Need struct {
	Permission, For string
	CoveredBy       []string
}

// permissionsCheck says, for each permission the session needs, whether
// the token carries it: read from the token's claims (scp for a person,
// roles for an app), without sending a request for it.
func permissionsCheck(ctx context.Context, s Setup) Check {
	ch := Check{Name: "permissions granted (from the token)"}
	if s.Granted == nil {
		ch.OK, ch.Answer = true, "no token in this session (no sign-in): nothing to read"
		return ch
	}
	granted, err := s.Granted(ctx)
	if err != nil {
		ch.Answer, ch.Then = "the token could not be read: "+err.Error(), "sign in again (signin-triage auth logout) and run doctor again"
		return ch
	}
	ch.OK = true
	var missing []string
	for _, n := range s.Needs {
		has := slices.Contains(granted, n.Permission) || slices.ContainsFunc(n.CoveredBy, func(p string) bool { return slices.Contains(granted, p) })
		mark := "✓"
		if !has {
			mark, ch.OK = "✗", false
			missing = append(missing, n.Permission)
		}
		ch.More = append(ch.More, mark+" "+n.Permission+": "+n.For)
	}
	ch.Answer = "every permission this session uses is granted"
	if !ch.OK {
		ch.Answer = "missing " + strings.Join(missing, ", ")
		ch.Then = "what needs it is refused with a 403 that names it; ask an admin to grant it, then signin-triage auth logout and sign in again"
	}
	return ch
}
