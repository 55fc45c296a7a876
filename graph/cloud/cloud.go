// Package cloud names the Microsoft clouds signin-triage runs in. Each sets
// three things together: where to sign in (the login authority), which Graph
// to call, and which token scope to ask for. An app registration and its
// tokens belong to one cloud; they never cross.
package cloud

import (
	"fmt"
	"net/url"
	"strings"

	azcloud "github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
)

// Cloud is one Microsoft cloud.
type Cloud struct {
	// Name is what --cloud takes.
	Name string
	// Title is the cloud's name in words.
	Title string
	// Login is the sign-in authority (azcore's cloud configuration).
	Login azcloud.Configuration
	// GraphRoot is the Graph endpoint without a version, e.g.
	// https://graph.microsoft.com.
	GraphRoot string
	// NoRiskReads, when set, says why this cloud's Graph has no Identity
	// Protection reads (risk detections, risky users).
	NoRiskReads string
}

// The clouds, as docs/graph.md lists them. Functions, not variables: nothing
// here can be changed by a caller.

// Global is the worldwide Microsoft cloud.
func Global() Cloud {
	return Cloud{Name: "global", Title: "Global", Login: azcloud.AzurePublic, GraphRoot: "https://graph.microsoft.com"}
}

// USGov is US Government L4 (GCC High).
func USGov() Cloud {
	return Cloud{Name: "usgov", Title: "US Government L4 (GCC High)", Login: azcloud.AzureGovernment, GraphRoot: "https://graph.microsoft.us"}
}

// USGovDoD is US Government L5 (DoD).
func USGovDoD() Cloud {
	return Cloud{Name: "usgovdod", Title: "US Government L5 (DoD)", Login: azcloud.AzureGovernment, GraphRoot: "https://dod-graph.microsoft.us"}
}

// China is Microsoft Azure operated by 21Vianet.
func China() Cloud {
	return Cloud{Name: "china", Title: "China (21Vianet)", Login: azcloud.AzureChina, GraphRoot: "https://microsoftgraph.chinacloudapi.cn",
		NoRiskReads: "China (21Vianet) does not offer Identity Protection's risk detections and risky users in Graph (docs/graph.md)"}
}

// All lists every cloud, Global first.
func All() []Cloud { return []Cloud{Global(), USGov(), USGovDoD(), China()} }

// Names lists the names --cloud takes.
func Names() []string {
	var names []string
	for _, c := range All() {
		names = append(names, c.Name)
	}
	return names
}

// ByName finds a cloud by its --cloud name.
func ByName(name string) (Cloud, error) {
	for _, c := range All() {
		if strings.EqualFold(c.Name, name) {
			return c, nil
		}
	}
	return Cloud{}, fmt.Errorf("%q is not known: use one of %s", name, strings.Join(Names(), ", "))
}

// GraphURL is the Graph root with an API version: v1.0 or beta.
func (c Cloud) GraphURL(version string) string { return c.GraphRoot + "/" + version }

// GraphHost is the host tokens for this cloud may be sent to.
func (c Cloud) GraphHost() string {
	u, _ := url.Parse(c.GraphRoot)
	return u.Host
}

// AppScope is the scope an app-only (client credentials, managed identity)
// sign-in asks for: every application permission the app was granted.
func (c Cloud) AppScope() string { return c.GraphRoot + "/.default" }

// DelegatedScopes are the scopes a person's sign-in asks for, qualified with
// this cloud's Graph resource (a bare "AuditLog.Read.All" means the Global
// Graph).
func (c Cloud) DelegatedScopes(permissions ...string) []string {
	out := make([]string, len(permissions))
	for i, p := range permissions {
		out[i] = c.GraphRoot + "/" + p
	}
	return out
}

// CheckAPI accepts the Graph API versions signin-triage speaks: v1.0, and
// beta (the version the confirmSafe page documents).
func CheckAPI(version string) error {
	if version != "v1.0" && version != "beta" {
		return fmt.Errorf("%q is not an API version: use v1.0 or beta", version)
	}
	return nil
}
