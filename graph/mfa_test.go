package graph

import "testing"

// TestMFASaysHowItWasSatisfied: each source of the answer, and the order
// they are read in: a status code says more than a policy's result.
func TestMFASaysHowItWasSatisfied(t *testing.T) {
	mfaPolicy := func(result string) []Policy { return []Policy{{Name: "Require MFA", Result: result, Grant: "Mfa"}} }
	tests := []struct {
		name string
		s    SignIn
		want MFA
	}{
		{"a policy's MFA grant passed", SignIn{HasStatus: true, Policies: mfaPolicy("success")}, MFAPassed},
		{"Graph says completed", SignIn{HasStatus: true, StatusExtra: "MFA completed in Azure AD"}, MFAPassed},
		{"a claim in the token", SignIn{HasStatus: true, StatusExtra: "MFA requirement satisfied by claim in the token"}, MFAToken},
		{"the token, on beta", SignIn{HasStatus: true, Auth: &AuthInfo{Requirement: "multiFactorAuthentication",
			Steps: []AuthStep{{Method: "Previously satisfied", Detail: "MFA requirement satisfied by claim in the token"}}}}, MFAToken},
		{"asked and stopped there", SignIn{HasStatus: true, ErrorCode: 50074, Policies: mfaPolicy("failure")}, MFARequired},
		{"must register", SignIn{HasStatus: true, ErrorCode: 50079}, MFARequired},
		{"denied", SignIn{HasStatus: true, ErrorCode: 500121, Policies: mfaPolicy("failure")}, MFAFailed},
		{"a policy's MFA grant failed", SignIn{HasStatus: true, ErrorCode: 53003, Policies: mfaPolicy("failure")}, MFAFailed},
		{"single factor, on beta", SignIn{HasStatus: true, Auth: &AuthInfo{Requirement: "singleFactorAuthentication"}}, MFANone},
		{"multifactor and successful, on beta", SignIn{HasStatus: true, Auth: &AuthInfo{Requirement: "multiFactorAuthentication"}}, MFAPassed},
		{"a policy not applied", SignIn{HasStatus: true, Policies: mfaPolicy("notApplied")}, MFAUnknown},
		{"nothing said", SignIn{HasStatus: true}, MFAUnknown},
		{"no status", SignIn{}, MFAUnknown},
	}
	for _, tt := range tests {
		if got := tt.s.MFA(); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
