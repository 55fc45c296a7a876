package auth

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/microsoft/kiota-abstractions-go/authentication"

	"github.com/signin-triage/signin-triage/graph/cloud"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// Target is what the command line says about signing in: how, in which
// cloud and tenant, as which app, and which Graph to talk to.
type Target struct {
	Auth, Cloud, Tenant, ClientID string
	// ClientIDFrom names the environment variable ClientID came from
	// (AZURE_CLIENT_ID), or is empty when the person gave it themselves
	// (--client-id, the config file) or gave none.
	ClientIDFrom string
	// API is v1.0 or beta; GraphURL, when set, overrides the cloud's root.
	API, GraphURL string
	ReadOnly      bool
	// UserActions asks for the user actions' permissions too.
	UserActions bool
	// StateDir keeps who signed in between runs; empty keeps nothing.
	StateDir string
	// Prompt shows a device code.
	Prompt func(DeviceCode)
}

// Connection is a Graph root and the sign-in that reaches it.
type Connection struct {
	GraphURL string
	// Provider attaches tokens; nil sends none (--auth none, loopback only).
	Provider authentication.AuthenticationProvider
	// Session is the sign-in, nil for --auth none.
	Session *Session
	// Source says in a few words where the data comes from, for the header.
	Source string
	// NoRiskReads says why the cloud has no Identity Protection reads.
	NoRiskReads string
	// Notices are said at start, in the status pane or on standard error.
	Notices []string
}

// Connect checks the target and builds its sign-in. Nothing is asked of
// the person until the first request needs a token.
func Connect(t Target) (Connection, error) {
	mode, err := ParseMode(t.Auth)
	if err != nil {
		return Connection{}, fmt.Errorf("--auth %v", err)
	}
	c, err := cloud.ByName(t.Cloud)
	if err != nil {
		return Connection{}, fmt.Errorf("--cloud %v", err)
	}
	if mode == None {
		if t.GraphURL == "" {
			return Connection{}, errors.New("--auth none needs a loopback --graph-url, like http://127.0.0.1:8080/v1.0")
		}
		if err := RequireLoopback(t.GraphURL); err != nil {
			return Connection{}, err
		}
		return Connection{GraphURL: t.GraphURL, Source: "no sign-in · " + t.GraphURL, NoRiskReads: c.NoRiskReads}, nil
	}
	graphURL := t.GraphURL
	if graphURL == "" {
		graphURL = c.GraphURL(t.API)
	}
	o := Options{
		Mode: mode, Cloud: c, ReadOnly: t.ReadOnly, UserActions: t.UserActions, Prompt: t.Prompt, TenantID: t.Tenant, ClientID: t.ClientID,
		// Who signed in is kept per cloud, tenant and app: a record of one
		// never serves another.
		RecordPath: RecordPath(t.StateDir, c.Name, t.Tenant, t.ClientID),
		Persistent: t.StateDir != "",
	}
	session, err := NewSession(o)
	if err != nil {
		return Connection{}, err
	}
	provider, err := NewProvider(session, o.Scopes(), c, graphURL)
	if err != nil {
		return Connection{}, err
	}
	return Connection{GraphURL: graphURL, Provider: provider, Session: session, NoRiskReads: c.NoRiskReads,
		Source: fmt.Sprintf("%s cloud · --auth %s", c.Title, mode), Notices: appNotice(mode, t)}, nil
}

// appNotice says when the environment, not the person, chose the app a
// person signs in to: AZURE_CLIENT_ID is often set for other tools (and
// for --auth env), and would otherwise change the app, its consent and
// its permissions without a word. The ID is shown inert.
func appNotice(mode Mode, t Target) []string {
	if !mode.remembers() || t.ClientIDFrom == "" || t.ClientID == "" || t.ClientID == DefaultClientID {
		return nil
	}
	return []string{fmt.Sprintf("Signing in with app %s from %s, not signin-triage's default app (Microsoft Graph Command Line Tools, %s); give --client-id, or unset %s, to choose.",
		sanitize.Visible(t.ClientID), t.ClientIDFrom, DefaultClientID, t.ClientIDFrom)}
}

// RequireLoopback refuses to send tokenless requests anywhere but this
// machine: --auth none exists for local test endpoints and proxies.
func RequireLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--graph-url %q is not a URL like http://127.0.0.1:8080/v1.0", raw)
	}
	if !isLoopback(u.Hostname()) {
		return fmt.Errorf("--auth none sends no token, so it is allowed only for a loopback --graph-url (localhost, 127.0.0.1, ::1), not %q", u.Hostname())
	}
	return nil
}

// StateDir is where signin-triage keeps state between runs:
// $XDG_STATE_HOME/signin-triage, else ~/.local/state/signin-triage; empty
// when there is no home. env looks up environment variables.
func StateDir(env func(string) (string, bool)) string {
	if d, ok := env("XDG_STATE_HOME"); ok && filepath.IsAbs(d) {
		return filepath.Join(d, "signin-triage")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".local", "state", "signin-triage")
}

// RecordPath names the saved sign-in for one cloud, tenant and app in dir;
// no name can leave dir.
func RecordPath(dir, cloudName, tenant, clientID string) string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, fmt.Sprintf("signin-%s-%s-%s.json", cloudName, fileWord(tenant, DefaultTenant), fileWord(clientID, defaultClientWord)))
}

// defaultClientWord stands for DefaultClientID in a record's file name.
const defaultClientWord = "default-client"

// fileWord is s as a part of a file name that cannot leave its directory,
// or def when s is empty.
func fileWord(s, def string) string {
	if s == "" {
		return def
	}
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == os.PathSeparator || r < ' ' {
			return '_'
		}
		return r
	}, s)
}

// CheckTenant refuses a tenant that can never work: "consumers" means
// personal Microsoft accounts, which have no sign-in log or risk APIs.
func CheckTenant(tenant string) error {
	if strings.EqualFold(tenant, "consumers") {
		return fmt.Errorf("%q means personal Microsoft accounts, which cannot use the sign-in log and risk APIs: use your organisation's tenant", tenant)
	}
	return nil
}
