package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	abstractions "github.com/microsoft/kiota-abstractions-go"

	"github.com/signin-triage/signin-triage/graph/cloud"
)

// fakeLogin answers the Entra endpoints an app-only sign-in calls (instance
// and tenant discovery, the token endpoint) from memory, and records every
// request, so a test can see which authority was asked for which scope.
type fakeLogin struct {
	mu       sync.Mutex
	hosts    []string
	scopes   []string
	tokens   int
	tokenFor string
}

func (f *fakeLogin) Do(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hosts = append(f.hosts, req.URL.Host)
	host, tenant := req.URL.Host, strings.Split(strings.Trim(req.URL.Path, "/"), "/")[0]
	var body string
	switch {
	case strings.Contains(req.URL.Path, "discovery/instance"):
		body = fmt.Sprintf(`{"tenant_discovery_endpoint":"https://%s/%s/v2.0/.well-known/openid-configuration","api-version":"1.1","metadata":[{"preferred_network":"%s","preferred_cache":"%s","aliases":["%s"]}]}`,
			host, tenant, host, host, host)
	case strings.HasSuffix(req.URL.Path, "openid-configuration"):
		body = fmt.Sprintf(`{"token_endpoint":"https://%s/%s/oauth2/v2.0/token","authorization_endpoint":"https://%s/%s/oauth2/v2.0/authorize","issuer":"https://%s/%s/v2.0"}`,
			host, tenant, host, tenant, host, tenant)
	case strings.HasSuffix(req.URL.Path, "/devicecode"):
		body = `{"user_code":"FAKE-CODE","device_code":"dc-1","verification_uri":"https://microsoft.com/devicelogin","expires_in":900,"interval":1,"message":"To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-CODE."}`
	case strings.HasSuffix(req.URL.Path, "/token"):
		b, _ := io.ReadAll(req.Body)
		form, _ := url.ParseQuery(string(b))
		f.scopes = append(f.scopes, strings.Fields(form.Get("scope"))...)
		f.tokens++
		if strings.Contains(form.Get("grant_type"), "device_code") || form.Get("grant_type") == "refresh_token" {
			body = fmt.Sprintf(`{"access_token":"%s","refresh_token":"refresh-secret","id_token":"%s","client_info":"%s","expires_in":3600,"ext_expires_in":3600,"token_type":"Bearer","scope":"%s"}`,
				f.tokenFor, fakeIDToken(host, form.Get("client_id")), b64(`{"uid":"oid-1","utid":"tid-1"}`), form.Get("scope"))
			break
		}
		body = fmt.Sprintf(`{"access_token":"%s","expires_in":3600,"ext_expires_in":3600,"token_type":"Bearer"}`, f.tokenFor)
	default:
		return &http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader("{}")), Header: http.Header{}, Request: req}, nil
	}
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(body)),
		Header: http.Header{"Content-Type": {"application/json"}}, Request: req}, nil
}

func authorization(t *testing.T, p interface {
	AuthenticateRequest(context.Context, *abstractions.RequestInformation, map[string]any) error
}, rawURL string) string {
	t.Helper()
	ri := abstractions.NewRequestInformation()
	u, _ := url.Parse(rawURL)
	ri.SetUri(*u)
	if err := p.AuthenticateRequest(context.Background(), ri, nil); err != nil {
		t.Fatalf("authenticating %s: %v", rawURL, err)
	}
	if v := ri.Headers.Get("Authorization"); len(v) > 0 {
		return v[0]
	}
	return ""
}

// TestEachCloudSignsInAtItsAuthorityAndSendsTheTokenOnlyToItsGraph: an app
// registration (--auth env) in each cloud asks that cloud's login authority
// for that cloud's Graph scope, and the token goes to that cloud's Graph
// host and to no other.
func TestEachCloudSignsInAtItsAuthorityAndSendsTheTokenOnlyToItsGraph(t *testing.T) {
	t.Setenv("AZURE_TENANT_ID", "11111111-2222-3333-4444-555555555555")
	t.Setenv("AZURE_CLIENT_ID", "66666666-7777-8888-9999-000000000000")
	t.Setenv("AZURE_CLIENT_SECRET", "test-secret-not-real")
	for _, c := range cloud.All() {
		t.Run(c.Name, func(t *testing.T) {
			login := &fakeLogin{tokenFor: "token-for-" + c.Name}
			o := Options{Mode: Env, Cloud: c, Transport: login}
			cred, err := NewCredential(o)
			if err != nil {
				t.Fatal(err)
			}
			p, err := NewProvider(cred, o.Scopes(), c, c.GraphURL("v1.0"))
			if err != nil {
				t.Fatal(err)
			}
			if got := authorization(t, p, c.GraphURL("v1.0")+"/auditLogs/signIns"); got != "Bearer token-for-"+c.Name {
				t.Fatalf("Authorization for its own Graph = %q", got)
			}
			authority, _ := url.Parse(c.Login.ActiveDirectoryAuthorityHost)
			for _, h := range login.hosts {
				if h != authority.Host {
					t.Errorf("the sign-in called %s, want only the authority %s", h, authority.Host)
				}
			}
			if !slices.Contains(login.scopes, c.AppScope()) {
				t.Errorf("asked for scopes %v, want %s", login.scopes, c.AppScope())
			}
			for _, other := range cloud.All() {
				if other.Name == c.Name || other.GraphHost() == c.GraphHost() {
					continue
				}
				if got := authorization(t, p, other.GraphURL("v1.0")+"/auditLogs/signIns"); got != "" {
					t.Errorf("a %s token was attached for %s", c.Name, other.GraphHost())
				}
			}
			for _, elsewhere := range []string{"https://evil.example/v1.0/me", "https://graph.microsoft.com.evil.example/v1.0"} {
				if got := authorization(t, p, elsewhere); got != "" {
					t.Errorf("the token was attached for %s", elsewhere)
				}
			}
		})
	}
}

func TestNewProviderRefusesAnotherCloudsHost(t *testing.T) {
	if _, err := NewProvider(nil, nil, cloud.USGov(), "https://graph.microsoft.com/v1.0"); err == nil ||
		!strings.Contains(err.Error(), "graph.microsoft.us") {
		t.Fatalf("got %v", err)
	}
	if _, err := NewProvider(staticToken("t"), nil, cloud.USGov(), "https://127.0.0.1:8443/v1.0"); err != nil {
		t.Fatalf("loopback refused: %v", err)
	}
}

// TestTokensGoOnlyToTheOriginOverHTTPS: an http Graph root is refused at
// start for a real sign-in (the token would go in clear text), and a token
// goes only to the exact origin of the root: not to another port or
// scheme of the same host.
func TestTokensGoOnlyToTheOriginOverHTTPS(t *testing.T) {
	for _, root := range []string{"http://127.0.0.1:8080/v1.0", "http://graph.microsoft.com/v1.0"} {
		if _, err := NewProvider(staticToken("t"), nil, cloud.Global(), root); err == nil || !strings.Contains(err.Error(), "not https") {
			t.Errorf("%s: %v", root, err)
		}
	}
	p, err := NewProvider(staticToken("t"), nil, cloud.Global(), "https://graph.microsoft.com/v1.0")
	if err != nil {
		t.Fatal(err)
	}
	for rawURL, want := range map[string]bool{
		"https://graph.microsoft.com/v1.0/auditLogs/signIns":       true,
		"https://GRAPH.microsoft.com:443/v1.0/auditLogs/signIns":   true,
		"https://graph.microsoft.com:8443/v1.0/auditLogs/signIns":  false,
		"http://graph.microsoft.com/v1.0/auditLogs/signIns":        false,
		"https://graph.microsoft.com.evil.example/v1.0/auditLogs/": false,
	} {
		if got := authorization(t, p, rawURL) != ""; got != want {
			t.Errorf("%s: token attached %v, want %v", rawURL, got, want)
		}
	}
	loop, err := NewProvider(staticToken("t"), nil, cloud.Global(), "https://127.0.0.1:8443/v1.0")
	if err != nil {
		t.Fatal(err)
	}
	if authorization(t, loop, "https://127.0.0.1:9999/v1.0/x") != "" || authorization(t, loop, "https://127.0.0.1:8443/v1.0/x") == "" {
		t.Error("a loopback root's token went to another port, or not to its own")
	}
}

func TestScopes(t *testing.T) {
	us := cloud.USGov()
	tests := []struct {
		o    Options
		want []string
	}{
		{Options{Mode: Device, Cloud: us}, []string{"https://graph.microsoft.us/AuditLog.Read.All", "https://graph.microsoft.us/Directory.Read.All",
			"https://graph.microsoft.us/IdentityRiskEvent.Read.All", "https://graph.microsoft.us/IdentityRiskyUser.ReadWrite.All"}},
		{Options{Mode: Browser, Cloud: us, ReadOnly: true}, []string{"https://graph.microsoft.us/AuditLog.Read.All", "https://graph.microsoft.us/Directory.Read.All",
			"https://graph.microsoft.us/IdentityRiskEvent.Read.All", "https://graph.microsoft.us/IdentityRiskyUser.Read.All"}},
		{Options{Mode: Env, Cloud: us}, []string{"https://graph.microsoft.us/.default"}},
		{Options{Mode: Managed, Cloud: us}, []string{"https://graph.microsoft.us/.default"}},
		{Options{Mode: AzCLI, Cloud: us}, []string{"https://graph.microsoft.us/.default"}},
	}
	for _, tt := range tests {
		if got := tt.o.Scopes(); !slices.Equal(got, tt.want) {
			t.Errorf("%s read-only=%v: %v, want %v", tt.o.Mode, tt.o.ReadOnly, got, tt.want)
		}
	}
}

func TestDelegatedDefaults(t *testing.T) {
	o := Options{Mode: Device, Cloud: cloud.Global()}
	if o.clientID() != "14d82eec-204b-4c2f-b7e8-296a70dab67e" || o.tenant() != "organizations" {
		t.Fatalf("defaults: client %s tenant %s", o.clientID(), o.tenant())
	}
	for _, c := range cloud.All() {
		if got := (Options{Cloud: c}).clientOptions().Cloud; got.ActiveDirectoryAuthorityHost != c.Login.ActiveDirectoryAuthorityHost {
			t.Errorf("%s: credentials would sign in at %s", c.Name, got.ActiveDirectoryAuthorityHost)
		}
	}
	if _, err := ParseMode("kerberos"); err == nil || !strings.Contains(err.Error(), "device, browser, azcli, env, managed, none") {
		t.Errorf("ParseMode: %v", err)
	}
}

type staticToken string

func (s staticToken) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: string(s), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// TestSessionResetSignsInAnew: after Reset the next request asks the
// authority for a new token instead of reusing the refused one.
func TestSessionResetSignsInAnew(t *testing.T) {
	t.Setenv("AZURE_TENANT_ID", "11111111-2222-3333-4444-555555555555")
	t.Setenv("AZURE_CLIENT_ID", "66666666-7777-8888-9999-000000000000")
	t.Setenv("AZURE_CLIENT_SECRET", "test-secret-not-real")
	login := &fakeLogin{tokenFor: "first"}
	c := cloud.Global()
	s, err := NewSession(Options{Mode: Env, Cloud: c, Transport: login})
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProvider(s, []string{c.AppScope()}, c, c.GraphURL("v1.0"))
	if err != nil {
		t.Fatal(err)
	}
	authorization(t, p, c.GraphURL("v1.0")+"/auditLogs/signIns")
	authorization(t, p, c.GraphURL("v1.0")+"/auditLogs/signIns")
	if n := login.tokens; n != 1 {
		t.Fatalf("%d token requests for two calls, want 1 (cached)", n)
	}
	login.tokenFor = "second"
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if got := authorization(t, p, c.GraphURL("v1.0")+"/auditLogs/signIns"); got != "Bearer second" {
		t.Fatalf("after Reset the token is %q, want a new one", got)
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// fakeIDToken is an unsigned ID token, which is all the client reads of it.
func fakeIDToken(host, clientID string) string {
	now := time.Now().Unix()
	claims := fmt.Sprintf(`{"aud":"%s","iss":"https://%s/tid-1/v2.0","iat":%d,"nbf":%d,"exp":%d,"name":"Test Analyst","oid":"oid-1","preferred_username":"analyst@contoso.com","sub":"sub-1","tid":"tid-1","ver":"2.0"}`,
		clientID, host, now, now, now+3600)
	return b64(`{"alg":"none","typ":"JWT"}`) + "." + b64(claims) + "."
}

// TestDeviceCodeSignInIsRemembered runs the device code flow against the
// fake authority: the code reaches the prompt, the token reaches Graph, and
// who signed in is saved with mode 0600 and no token in it; Reset forgets
// it and the next request asks again.
func TestDeviceCodeSignInIsRemembered(t *testing.T) {
	login := &fakeLogin{tokenFor: "device-token"}
	recordPath := filepath.Join(t.TempDir(), "state", "record.json")
	var prompts []DeviceCode
	o := Options{Mode: Device, Cloud: cloud.Global(), Transport: login, RecordPath: recordPath,
		Prompt: func(d DeviceCode) { prompts = append(prompts, d) }}
	s, err := NewSession(o)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProvider(s, o.Scopes(), o.Cloud, o.Cloud.GraphURL("v1.0"))
	if err != nil {
		t.Fatal(err)
	}
	if got := authorization(t, p, "https://graph.microsoft.com/v1.0/auditLogs/signIns"); got != "Bearer device-token" {
		t.Fatalf("Authorization %q", got)
	}
	if len(prompts) != 1 || prompts[0].Code != "FAKE-CODE" || prompts[0].URL != "https://microsoft.com/devicelogin" {
		t.Fatalf("prompts %+v", prompts)
	}
	for _, want := range []string{"AuditLog.Read.All", "IdentityRiskyUser.ReadWrite.All", "IdentityRiskEvent.Read.All"} {
		if !slices.ContainsFunc(login.scopes, func(s string) bool { return strings.HasSuffix(s, want) }) {
			t.Errorf("the sign-in did not ask for %s: %v", want, login.scopes)
		}
	}
	info, err := os.Stat(recordPath)
	if err != nil {
		t.Fatalf("no saved sign-in: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the record has mode %v, want 0600", info.Mode().Perm())
	}
	data, _ := os.ReadFile(recordPath)
	if !strings.Contains(string(data), "analyst@contoso.com") || strings.Contains(string(data), "device-token") || strings.Contains(string(data), "refresh-secret") {
		t.Errorf("record %s", data)
	}

	authorization(t, p, "https://graph.microsoft.com/v1.0/auditLogs/signIns")
	if len(prompts) != 1 {
		t.Errorf("asked again for a code while the token is good")
	}
	again, err := NewSession(o) // the next run
	if err != nil || again.record == nil || again.record.Username != "analyst@contoso.com" {
		t.Fatalf("the next run did not find the saved sign-in: %v %+v", err, again.record)
	}

	// A record saved for fewer scopes (before the details' reads were
	// asked for) is not used: the next run signs in again, to consent.
	older := o
	older.ReadOnly = true                // asks for less than o
	old, _ := json.Marshal(again.record) // the format before scopes were kept
	if err := os.WriteFile(recordPath, old, 0o600); err != nil {
		t.Fatal(err)
	}
	if stale, err := NewSession(o); err != nil || stale.record != nil {
		t.Errorf("a record without its scopes was used: %v %+v", err, stale.record)
	}
	if err := saveRecord(recordPath, *again.record, older.Scopes()); err != nil {
		t.Fatal(err)
	}
	if fewer, _ := NewSession(o); fewer.record != nil {
		t.Error("a record for fewer scopes than asked was used")
	}
	if same, _ := NewSession(older); same.record == nil {
		t.Error("a record for the scopes asked was not used")
	}

	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(recordPath); !os.IsNotExist(err) {
		t.Errorf("Reset left the record: %v", err)
	}
	authorization(t, p, "https://graph.microsoft.com/v1.0/auditLogs/signIns")
	if len(prompts) != 2 {
		t.Errorf("after Reset: %d prompts, want a second device code", len(prompts))
	}
}

func TestSignInErrorsSayWhatToDo(t *testing.T) {
	tests := map[string]string{
		"AADSTS500200: User account 'x@outlook.com' is a personal Microsoft account.":          "personal Microsoft accounts cannot use",
		"AADSTS65002: Consent between first party application and resource must be configured": "use --client-id",
		"AADSTS65001: The user or administrator has not consented":                             "an administrator must grant consent",
		"AADSTS700016: Application with identifier 'x' was not found":                          "check --client-id, --tenant and --cloud",
		"AADSTS7000215: Invalid client secret provided.":                                       "AZURE_CLIENT_SECRET",
	}
	for raw, want := range tests {
		err := &SignInError{Mode: Device, Err: errors.New(raw + "\nTroubleshooting: https://aka.ms/x")}
		if msg := err.Error(); !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
			t.Errorf("%q reads %q", raw, msg)
		}
	}
}

func TestRequireLoopback(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/v1.0", "http://localhost/v1.0", "http://[::1]:9/v1.0", "http://127.9.9.9/v1.0"} {
		if err := RequireLoopback(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"https://graph.microsoft.com/v1.0", "http://10.0.0.1/v1.0", "http://127.0.0.1.evil.example/v1.0", "not a url"} {
		if err := RequireLoopback(u); err == nil {
			t.Errorf("%s was allowed without a token", u)
		}
	}
}

func TestStateDirAndRecordPath(t *testing.T) {
	dir := t.TempDir()
	state := StateDir(func(k string) (string, bool) {
		if k == "XDG_STATE_HOME" {
			return dir, true
		}
		return "", false
	})
	if state != filepath.Join(dir, "signin-triage") {
		t.Fatalf("state dir %s", state)
	}
	path := RecordPath(state, "usgov", "contoso.onmicrosoft.us", "")
	if filepath.Dir(path) != state || !strings.Contains(filepath.Base(path), "usgov-contoso.onmicrosoft.us-default-client") {
		t.Fatalf("record path %s", path)
	}
	if p := RecordPath(state, "global", "../../etc", ""); filepath.Dir(p) != state {
		t.Fatalf("a tenant name escaped the state dir: %s", p)
	}
}

// A run that asks for the persistent token cache either gets one or says
// that tokens stay in memory, and why: never silently the latter (a macOS
// build without cgo, a host without a keyring).
func TestAMemoryOnlyTokenCacheIsSaid(t *testing.T) {
	o := Options{Mode: Device, Cloud: cloud.Global(), Transport: &fakeLogin{tokenFor: "t"}, Persistent: true}
	s, err := NewSession(o)
	if err != nil {
		t.Fatal(err)
	}
	_, cacheErr := persistentCache()
	notices := s.Notices()
	switch {
	case cacheErr == nil && len(notices) != 0:
		t.Errorf("the cache works here, yet the session says %q", notices)
	case cacheErr != nil && (len(notices) != 1 || !strings.Contains(notices[0], "in memory for this run only") || !strings.Contains(notices[0], cacheErr.Error())):
		t.Errorf("no cache (%v), and the session says %q", cacheErr, notices)
	}
	s.memoryOnly = "no keyring"
	if n := s.Notices(); len(n) != 1 || !strings.Contains(n[0], "no keyring") || !strings.Contains(n[0], "sign in again") {
		t.Errorf("Notices() = %q", n)
	}
}
