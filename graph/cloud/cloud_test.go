package cloud

import (
	"strings"
	"testing"
)

func TestClouds(t *testing.T) {
	tests := []struct {
		name, authority, graph, scope string
	}{
		{"global", "https://login.microsoftonline.com/", "https://graph.microsoft.com/v1.0", "https://graph.microsoft.com/.default"},
		{"usgov", "https://login.microsoftonline.us/", "https://graph.microsoft.us/v1.0", "https://graph.microsoft.us/.default"},
		{"usgovdod", "https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/v1.0", "https://dod-graph.microsoft.us/.default"},
		{"china", "https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn/v1.0", "https://microsoftgraph.chinacloudapi.cn/.default"},
	}
	for _, tt := range tests {
		c, err := ByName(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if c.Login.ActiveDirectoryAuthorityHost != tt.authority || c.GraphURL("v1.0") != tt.graph || c.AppScope() != tt.scope {
			t.Errorf("%s: authority %s, graph %s, scope %s", tt.name, c.Login.ActiveDirectoryAuthorityHost, c.GraphURL("v1.0"), c.AppScope())
		}
		for _, s := range c.DelegatedScopes("AuditLog.Read.All") {
			if !strings.HasPrefix(s, strings.TrimSuffix(tt.scope, ".default")) {
				t.Errorf("%s: delegated scope %s is for another resource", tt.name, s)
			}
		}
	}
	if _, err := ByName("mars"); err == nil || !strings.Contains(err.Error(), "global, usgov, usgovdod, china") {
		t.Errorf("unknown cloud: %v", err)
	}
}
