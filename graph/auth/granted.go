package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Granted are the permissions a Graph access token carries: its scp claim
// (a person's delegated permissions, space-separated) and its roles claim
// (an application's). The token's signature is not checked: this says
// what Graph will be shown, for the doctor, and decides nothing.
func Granted(token string) ([]string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("the token is not a JWT (three dot-separated parts)")
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, fmt.Errorf("the token's claims do not decode: %w", err)
	}
	var claims struct {
		Scp   string   `json:"scp"`
		Roles []string `json:"roles"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, fmt.Errorf("the token's claims are not JSON: %w", err)
	}
	out := append(strings.Fields(claims.Scp), claims.Roles...)
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Granted are the permissions the session's token carries (signing in
// first, if no one has yet).
func (s *Session) Granted(ctx context.Context) ([]string, error) {
	tok, err := s.GetToken(ctx, policy.TokenRequestOptions{Scopes: s.o.Scopes(), EnableCAE: caeEnabled})
	if err != nil {
		return nil, err
	}
	return Granted(tok.Token)
}
