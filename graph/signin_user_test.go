package graph

import "testing"

func TestUserKeyAndName(t *testing.T) {
	tests := []struct {
		s         SignIn
		key, name string
	}{
		{SignIn{UserID: "u1", UPN: "adele@contoso.com", UserDisplayName: "Adele"}, "u1", "adele@contoso.com"},
		{SignIn{UserID: "u1", UserDisplayName: "Adele"}, "u1", "Adele"},
		{SignIn{UPN: "bob@contoso.com", UserDisplayName: "Bob"}, "bob@contoso.com", "bob@contoso.com"},
		{SignIn{UserDisplayName: "Carol"}, "Carol", "Carol"},
		{SignIn{}, "", ""},
	}
	for _, tt := range tests {
		if k, n := tt.s.UserKey(), tt.s.UserName(); k != tt.key || n != tt.name {
			t.Errorf("%+v: key %q name %q, want %q %q", tt.s, k, n, tt.key, tt.name)
		}
	}
}
