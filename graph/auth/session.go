package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// Session is the credential of a run. For a person's sign-in (device code,
// browser) it remembers who signed in: an azidentity AuthenticationRecord
// saved with mode 0600 (no token in it), used with azidentity's persistent
// token cache where the platform has one, so that the next run can get a
// token without asking again. After a 401 it can be thrown away and built
// afresh, so that the next request signs in anew.
type Session struct {
	o     Options
	cache azidentity.Cache
	// memoryOnly says why tokens are kept in memory for this run only,
	// when a persistent cache was asked for and the platform gave none.
	memoryOnly string

	mu     sync.Mutex
	cred   azcore.TokenCredential
	record *azidentity.AuthenticationRecord // nil until someone signed in
}

// authenticator is what device code and browser credentials offer: an
// interactive sign-in that returns the record of who signed in.
type authenticator interface {
	Authenticate(context.Context, *policy.TokenRequestOptions) (azidentity.AuthenticationRecord, error)
}

// NewSession builds the first credential of a run, reading a saved record
// from o.RecordPath if there is one.
func NewSession(o Options) (*Session, error) {
	s := &Session{o: o}
	if o.Persistent && o.Mode.remembers() {
		// Without a keyring (a container, some SSH hosts, a macOS build
		// without cgo) tokens stay in memory for this run: not an error,
		// but the analyst is told, since the next run asks again.
		if c, err := persistentCache(); err == nil {
			s.cache = c
		} else {
			s.memoryOnly = err.Error()
		}
	}
	if o.RecordPath != "" && o.Mode.remembers() {
		rec, err := loadRecord(o.RecordPath, o.Scopes())
		if err != nil {
			return nil, err
		}
		s.record = rec
	}
	if err := s.build(); err != nil {
		return nil, err
	}
	return s, nil
}

// Notices say, when tokens are kept in memory only, why and what it means;
// none when they persist between runs (or were never meant to).
func (s *Session) Notices() []string {
	if s.memoryOnly == "" {
		return nil
	}
	return []string{"Tokens are kept in memory for this run only (" + s.memoryOnly + "): the next run asks you to sign in again."}
}

// remembers reports the modes that sign a person in interactively.
func (m Mode) remembers() bool { return m == Device || m == Browser }

func (s *Session) build() error {
	o := s.o
	o.cache = s.cache
	if s.record != nil {
		o.record = *s.record
	}
	cred, err := NewCredential(o)
	if err != nil {
		return err
	}
	s.cred = cred
	return nil
}

// GetToken gets a token. The first time a person signs in, it does so
// through Authenticate, to learn and save who signed in.
func (s *Session) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	s.mu.Lock()
	if s.record == nil && s.o.RecordPath != "" && s.o.Mode.remembers() {
		if err := s.authenticate(ctx); err != nil {
			s.mu.Unlock()
			return azcore.AccessToken{}, err
		}
	}
	cred := s.cred
	s.mu.Unlock()
	return cred.GetToken(ctx, opts)
}

// authenticate runs the interactive sign-in and saves its record. The
// credential keeps the tokens it got, so the GetToken after it is silent.
func (s *Session) authenticate(ctx context.Context) error {
	a, ok := unwrap(s.cred).(authenticator)
	if !ok {
		return nil
	}
	rec, err := a.Authenticate(ctx, &policy.TokenRequestOptions{Scopes: s.o.Scopes(), EnableCAE: caeEnabled})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &SignInError{Mode: s.o.Mode, Err: err}
	}
	s.record = &rec
	return saveRecord(s.o.RecordPath, rec, s.o.Scopes())
}

// Reset forgets who signed in (the saved record too) and builds a new
// credential, so the next token request signs in anew.
func (s *Session) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.record = nil
	if s.o.RecordPath != "" {
		if err := Forget(s.o.RecordPath); err != nil {
			return err
		}
	}
	return s.build()
}

// Forget deletes a saved sign-in record (auth logout, a 401's new
// sign-in). A missing one is fine.
func Forget(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("forgetting the sign-in: %w", err)
	}
	return nil
}

// savedRecord is who signed in and the scopes they consented to then: a
// record for fewer scopes than a run asks for (an older version's, or one
// saved before a permission was added) is not used, so that the sign-in
// runs again and asks for consent to the new ones.
type savedRecord struct {
	Record azidentity.AuthenticationRecord `json:"record"`
	Scopes []string                        `json:"scopes"`
}

func loadRecord(path string, scopes []string) (*azidentity.AuthenticationRecord, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the saved sign-in %s: %w", path, err)
	}
	var saved savedRecord
	if err := json.Unmarshal(data, &saved); err != nil {
		// A damaged record only costs a new sign-in: say so, do not stop.
		return nil, nil
	}
	for _, s := range scopes {
		if !slices.Contains(saved.Scopes, s) {
			return nil, nil
		}
	}
	return &saved.Record, nil
}

// saveRecord writes the record readable by its owner only. It holds who
// signed in and where, never a token.
func saveRecord(path string, rec azidentity.AuthenticationRecord, scopes []string) error {
	data, err := json.Marshal(savedRecord{Record: rec, Scopes: scopes})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("saving the sign-in: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("saving the sign-in: %w", err)
	}
	return os.Rename(tmp, path)
}

// unwrap returns the azidentity credential inside our reporting wrapper.
func unwrap(c azcore.TokenCredential) azcore.TokenCredential {
	if r, ok := c.(reporting); ok {
		return r.cred
	}
	return c
}

// Operator names who signs in, for the journal: the person's username once
// known, the app's client ID for app-only modes.
func (s *Session) Operator() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.record != nil && s.record.Username != "" {
		return s.record.Username
	}
	switch s.o.Mode {
	case Env, Managed:
		if id := os.Getenv("AZURE_CLIENT_ID"); id != "" {
			return "app " + id
		}
		return "app (" + string(s.o.Mode) + ")"
	}
	return "not signed in yet (--auth " + string(s.o.Mode) + ")"
}
