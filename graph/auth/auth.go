// Package auth signs signin-triage in to Microsoft Entra: it turns --auth,
// --cloud, --tenant and --client-id into an azidentity credential, the
// scopes to ask for, and a kiota authentication provider that attaches the
// token to requests for the cloud's Graph host and to no other host.
package auth

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	kiotaazure "github.com/microsoft/kiota-authentication-azure-go"

	"github.com/signin-triage/signin-triage/graph/cloud"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// Mode is how to sign in: what --auth takes.
type Mode string

// The sign-in modes.
const (
	Device  Mode = "device"  // device code: a code to enter in any browser; works over SSH
	Browser Mode = "browser" // interactive browser on this machine
	AzCLI   Mode = "azcli"   // reuse `az login`
	Env     Mode = "env"     // an app registration through AZURE_* variables
	Managed Mode = "managed" // the managed identity of the machine it runs on
	None    Mode = "none"    // no token: loopback test endpoints only
)

// Modes lists every mode, the default first.
func Modes() []Mode { return []Mode{Device, Browser, AzCLI, Env, Managed, None} }

// ParseMode reads --auth.
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes() {
		if string(m) == s {
			return m, nil
		}
	}
	names := make([]string, 0, 6)
	for _, m := range Modes() {
		names = append(names, string(m))
	}
	return "", fmt.Errorf("%q is not known: use one of %s", s, strings.Join(names, ", "))
}

// DefaultClientID is the public client "Microsoft Graph Command Line Tools",
// which may ask for arbitrary Graph scopes (the Azure CLI's may not).
const DefaultClientID = "14d82eec-204b-4c2f-b7e8-296a70dab67e"

// DefaultTenant lets any work or school account sign in; personal
// Microsoft accounts cannot use these APIs.
const DefaultTenant = "organizations"

// The permissions a person's sign-in asks for.
const (
	PermAuditLogRead   = "AuditLog.Read.All"
	PermDirectoryRead  = "Directory.Read.All"
	PermRiskyUserWrite = "IdentityRiskyUser.ReadWrite.All"
	// The details' reads: risk detections and users' risk.
	PermRiskEventRead = "IdentityRiskEvent.Read.All"
	PermRiskyUserRead = "IdentityRiskyUser.Read.All"
	// PermPolicyRead reads the named locations (the tenant's networks).
	PermPolicyRead = "Policy.Read.All"
	// PermRevokeSessions is asked for only when the user actions are on
	// (Options.UserActions): revoking a user's sessions.
	PermRevokeSessions = "User.RevokeSessions.All"
)

// DeviceCode is what a person needs to finish a device code sign-in: the
// address to open in any browser and the code to type there.
type DeviceCode struct {
	URL     string
	Code    string
	Message string // Entra's own instruction, sanitized
}

// Options says how to sign in.
type Options struct {
	Mode     Mode
	Cloud    cloud.Cloud
	TenantID string // empty means DefaultTenant
	ClientID string // empty means DefaultClientID
	// ReadOnly leaves the write permission out of the delegated scopes.
	ReadOnly bool
	// UserActions adds the user actions' permission (PermRevokeSessions)
	// to the delegated scopes, unless ReadOnly.
	UserActions bool
	// Prompt shows a device code to the person; it must not block.
	Prompt func(DeviceCode)
	// Transport replaces the HTTP transport of the sign-in (tests).
	Transport policy.Transporter
	// RecordPath is where a Session keeps who signed in (device code,
	// browser); empty keeps nothing.
	RecordPath string
	// Persistent asks for azidentity's persistent token cache.
	Persistent bool

	cache  azidentity.Cache                // set by Session
	record azidentity.AuthenticationRecord // set by Session
}

// Scopes are what the sign-in asks for: the read permissions (and, unless
// read-only, the write one) of the cloud's Graph for a person; the cloud's
// .default for an app, a managed identity, or the Azure CLI (which takes
// one scope and its own pre-authorised permissions).
func (o Options) Scopes() []string {
	switch o.Mode {
	case Device, Browser:
		// PermPolicyRead (the named locations) is not asked for: a
		// tenant that consented to the others would refuse the whole
		// sign-in until an admin consents again, and a token carries
		// every permission granted to the app anyway (docs/graph.md).
		perms := []string{PermAuditLogRead, PermDirectoryRead, PermRiskEventRead}
		if o.ReadOnly {
			perms = append(perms, PermRiskyUserRead)
		} else {
			perms = append(perms, PermRiskyUserWrite) // includes reading risky users
			if o.UserActions {
				perms = append(perms, PermRevokeSessions)
			}
		}
		return o.Cloud.DelegatedScopes(perms...)
	case None:
		return nil
	}
	return []string{o.Cloud.AppScope()}
}

func (o Options) tenant() string {
	if o.TenantID == "" {
		return DefaultTenant
	}
	return o.TenantID
}

func (o Options) clientID() string {
	if o.ClientID == "" {
		return DefaultClientID
	}
	return o.ClientID
}

// clientOptions points every credential at the cloud's login authority.
func (o Options) clientOptions() azcore.ClientOptions {
	opts := azcore.ClientOptions{Cloud: o.Cloud.Login}
	if o.Transport != nil {
		opts.Transport = o.Transport
	}
	return opts
}

// prompt hands a device code to Prompt, made inert: it comes from the
// network and goes to the screen.
func (o Options) prompt(_ context.Context, m azidentity.DeviceCodeMessage) error {
	if o.Prompt == nil {
		return fmt.Errorf("no way to show the device code: use another --auth")
	}
	o.Prompt(DeviceCode{URL: sanitize.String(m.VerificationURL), Code: sanitize.String(m.UserCode), Message: sanitize.String(m.Message)})
	return nil
}

// NewCredential builds the credential for o.Mode. Nothing is asked of the
// person yet: the first token request does that. Its failures come back as
// *SignInError, so that they read as a sign-in problem and not a Graph one.
func NewCredential(o Options) (azcore.TokenCredential, error) {
	cred, err := newCredential(o)
	if err != nil {
		return nil, err
	}
	return reporting{cred: cred, mode: o.Mode}, nil
}

func newCredential(o Options) (azcore.TokenCredential, error) {
	switch o.Mode {
	case Device:
		return azidentity.NewDeviceCodeCredential(&azidentity.DeviceCodeCredentialOptions{
			ClientOptions: o.clientOptions(), TenantID: o.tenant(), ClientID: o.clientID(), UserPrompt: o.prompt,
			Cache: o.cache, AuthenticationRecord: o.record,
		})
	case Browser:
		return azidentity.NewInteractiveBrowserCredential(&azidentity.InteractiveBrowserCredentialOptions{
			ClientOptions: o.clientOptions(), TenantID: o.tenant(), ClientID: o.clientID(),
			Cache: o.cache, AuthenticationRecord: o.record,
		})
	case AzCLI:
		tenant := o.TenantID // the CLI's own tenant unless one is named
		return azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: tenant})
	case Env:
		cred, err := azidentity.NewEnvironmentCredential(&azidentity.EnvironmentCredentialOptions{ClientOptions: o.clientOptions()})
		if err != nil {
			return nil, fmt.Errorf("--auth env needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH): %w", err)
		}
		return cred, nil
	case Managed:
		return azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ClientOptions: o.clientOptions()})
	}
	return nil, fmt.Errorf("--auth %s signs nothing in", o.Mode)
}

// NewProvider attaches tokens from cred, for scopes, to requests for
// graphURL's exact origin only (scheme, host and port). That host must be
// the cloud's Graph host, or loopback (a local proxy or test endpoint), and
// the scheme https: a token for one cloud is never sent anywhere else, nor
// in clear text.
func NewProvider(cred azcore.TokenCredential, scopes []string, c cloud.Cloud, graphURL string) (authentication.AuthenticationProvider, error) {
	u, err := url.Parse(graphURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("graph URL %q is not a URL like %s", graphURL, c.GraphURL("v1.0"))
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("graph URL %q is not https: a sign-in's token is never sent in clear text; use an https URL, or --auth none for a loopback endpoint without a token", graphURL)
	}
	if u.Hostname() != c.GraphHost() && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("graph URL host %q is not the %s cloud's Graph (%s): tokens are sent only there (or to loopback)", u.Hostname(), c.Name, c.GraphHost())
	}
	inner, err := kiotaazure.NewAzureIdentityAuthenticationProviderWithScopesAndValidHostsAndObservabilityOptionsAndIsCaeEnabled(
		cred, scopes, []string{u.Hostname()}, kiotaazure.ObservabilityOptions{}, caeEnabled)
	if err != nil {
		return nil, err
	}
	return originOnly{inner: inner, origin: origin(u)}, nil
}

// originOnly attaches tokens only to requests for one origin. kiota's
// allowed-hosts check compares host names alone, so a nextLink to another
// port of the same host would receive the token.
type originOnly struct {
	inner  authentication.AuthenticationProvider
	origin string
}

func (o originOnly) AuthenticateRequest(ctx context.Context, req *abstractions.RequestInformation, extra map[string]any) error {
	u, err := req.GetUri()
	if err != nil {
		return err
	}
	if origin(u) != o.origin {
		return nil // no token, as kiota does for a host it does not allow
	}
	return o.inner.AuthenticateRequest(ctx, req, extra)
}

// origin is u's scheme, host and port, the port written even when it is
// the scheme's default, so that https://h and https://h:443 are one origin.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[strings.ToLower(u.Scheme)]
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// caeEnabled: requests ask for continuous-access-evaluation tokens (kiota's
// default). azidentity keeps CAE and non-CAE tokens in separate caches, so
// every token request of a run must agree, or a fresh sign-in is not found
// and the person is asked again.
const caeEnabled = true

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SignInError is a failed token request: the person or the app could not be
// signed in, so nothing reached Graph.
type SignInError struct {
	Mode Mode
	Err  error
}

func (e *SignInError) Error() string {
	msg := sanitize.String(e.Err.Error())
	if hint := signInHint(msg); hint != "" {
		return fmt.Sprintf("signing in with --auth %s failed: %s (%s)", e.Mode, hint, msg)
	}
	return fmt.Sprintf("signing in with --auth %s failed: %s", e.Mode, msg)
}

// signInHint turns the Entra errors people meet most into what to do.
func signInHint(msg string) string {
	switch {
	case strings.Contains(msg, "AADSTS500200"), strings.Contains(msg, "personal Microsoft account"):
		return "personal Microsoft accounts cannot use the sign-in log and risk APIs: sign in with a work or school account"
	case strings.Contains(msg, "AADSTS65002"):
		return "this app may not ask for these Graph permissions: use --client-id with the Microsoft Graph Command Line Tools app or your own app registration"
	case strings.Contains(msg, "AADSTS65001"), strings.Contains(msg, "AADSTS90094"):
		return "the permissions are not consented: an administrator must grant consent to the app for AuditLog.Read.All, Directory.Read.All and IdentityRiskyUser.ReadWrite.All"
	case strings.Contains(msg, "AADSTS700016"):
		return "the app (--client-id) is not found in this tenant or cloud: check --client-id, --tenant and --cloud"
	case strings.Contains(msg, "AADSTS90002"):
		return "the tenant (--tenant) is not found in this cloud: check --tenant and --cloud"
	case strings.Contains(msg, "AADSTS7000215"):
		return "the client secret is wrong or expired: check AZURE_CLIENT_SECRET"
	}
	return ""
}

func (e *SignInError) Unwrap() error { return e.Err }

// SignInFailed marks the error for the graph package, which classifies it
// without importing this one.
func (e *SignInError) SignInFailed() {}

// reporting wraps a credential so that its failures are *SignInError.
type reporting struct {
	cred azcore.TokenCredential
	mode Mode
}

func (r reporting) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	tok, err := r.cred.GetToken(ctx, opts)
	if err != nil && ctx.Err() == nil {
		return tok, &SignInError{Mode: r.mode, Err: err}
	}
	return tok, err
}
