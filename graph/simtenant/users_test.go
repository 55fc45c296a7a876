package simtenant

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// do sends a request to the tenant and decodes its JSON reply, if any.
func do(t *testing.T, method, rawURL string, body any) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		json.NewEncoder(&buf).Encode(body)
	}
	req, _ := http.NewRequest(method, rawURL, &buf)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func userRiskOf(t *testing.T, s *Server, id string) (level, state string) {
	t.Helper()
	status, body := do(t, "GET", s.URL()+"/identityProtection/riskyUsers/"+id, nil)
	if status != http.StatusOK {
		t.Fatalf("riskyUsers/%s: %d %v", id, status, body)
	}
	return fmt.Sprint(body["riskLevel"]), fmt.Sprint(body["riskState"])
}

// TestUserRiskFollowsTheVerdicts: as Microsoft documents, confirming a
// sign-in compromised raises its user to high; closing the user's last
// open risky sign-in lowers the user's risk; dismissing the user closes
// the user's risk and the risk of the user's past sign-ins; confirming
// the user compromised makes the risk high.
func TestUserRiskFollowsTheVerdicts(t *testing.T) {
	s := start(t, Options{SignIns: 250})
	atRisk := map[string][]string{}
	for _, si := range s.SignIns() {
		if si.RiskState == "atRisk" {
			atRisk[si.UserID] = append(atRisk[si.UserID], si.ID)
		}
	}
	var a, b, c string // three users with open risky sign-ins
	for id, ids := range atRisk {
		switch {
		case a == "" && len(ids) >= 2:
			a = id
		case b == "" && id != a:
			b = id
		case c == "" && id != a && id != b:
			c = id
		}
	}
	if a == "" || b == "" || c == "" {
		t.Fatal("not enough users at risk")
	}

	post(t, s, "confirmCompromised", atRisk[a][:1], false)
	if level, state := userRiskOf(t, s, a); level != "high" || state != "confirmedCompromised" {
		t.Errorf("after a sign-in confirmed compromised the user is %s, %s", level, state)
	}

	post(t, s, "dismiss", atRisk[b], false)
	if level, state := userRiskOf(t, s, b); level != "none" || state == "atRisk" {
		t.Errorf("after the last open risky sign-in closed the user is %s, %s", level, state)
	}

	if status, body := do(t, "POST", s.URL()+"/identityProtection/riskyUsers/dismiss", map[string]any{"userIds": []string{c}}); status != http.StatusNoContent {
		t.Fatalf("dismiss: %d %v", status, body)
	}
	if level, state := userRiskOf(t, s, c); level != "none" || state != "dismissed" {
		t.Errorf("after the user was dismissed the user is %s, %s", level, state)
	}
	for _, si := range s.SignIns() {
		if si.UserID == c && si.RiskState == "atRisk" {
			t.Errorf("the dismissed user's sign-in %s is still at risk", si.ID)
		}
	}

	if status, _ := do(t, "POST", s.URL()+"/identityProtection/riskyUsers/confirmCompromised", map[string]any{"userIds": []string{c}}); status != http.StatusNoContent {
		t.Fatalf("confirmCompromised: %d", status)
	}
	if level, state := userRiskOf(t, s, c); level != "high" || state != "confirmedCompromised" {
		t.Errorf("after the user was confirmed compromised the user is %s, %s", level, state)
	}
	reqs := s.ActionRequests()
	if last := reqs[len(reqs)-1]; last.Action != ActionConfirmUserCompromised || len(last.IDs) != 1 || last.IDs[0] != c {
		t.Errorf("the last action recorded: %+v", last)
	}

	status, body := do(t, "GET", s.URL()+"/identityProtection/riskyUsers?$filter="+url.QueryEscape("riskState eq 'confirmedCompromised'"), nil)
	if status != http.StatusOK {
		t.Fatalf("riskyUsers list: %d %v", status, body)
	}
	var listed []string
	for _, u := range body["value"].([]any) {
		listed = append(listed, fmt.Sprint(u.(map[string]any)["id"]))
	}
	if len(listed) != 2 || !(listed[0] == c || listed[1] == c) || !(listed[0] == a || listed[1] == a) {
		t.Errorf("confirmedCompromised lists %v, want %s and %s", listed, a, c)
	}
}

// TestUserActionsAnswerAsGraphDoes: dismiss takes at most 60 users;
// revokeSignInSessions takes an object ID or a UPN, answers 200 with
// {"value": true}, 404 for a user the tenant does not hold, and 403
// without User.RevokeSessions.All; users/{upn} resolves a UPN.
func TestUserActionsAnswerAsGraphDoes(t *testing.T) {
	s := start(t, Options{SignIns: 100})
	si := s.SignIns()[0]
	ids := make([]string, MaxDismissUsers+1)
	for i := range ids {
		ids[i] = si.UserID
	}
	if status, _ := do(t, "POST", s.URL()+"/identityProtection/riskyUsers/dismiss", map[string]any{"userIds": ids}); status != http.StatusBadRequest {
		t.Errorf("dismiss of %d users: %d, want 400", len(ids), status)
	}
	if status, _ := do(t, "POST", s.URL()+"/identityProtection/riskyUsers/dismiss", map[string]any{"userIds": ids[:MaxDismissUsers]}); status != http.StatusNoContent {
		t.Errorf("dismiss of %d users: %d, want 204", MaxDismissUsers, status)
	}
	status, body := do(t, "POST", s.URL()+"/users/"+url.PathEscape(si.UserPrincipalName)+"/revokeSignInSessions", nil)
	if status != http.StatusOK || body["value"] != true {
		t.Errorf("revoke by UPN: %d %v", status, body)
	}
	if _, ok := s.Revoked()[si.UserID]; !ok {
		t.Errorf("the revoke was not recorded against %s", si.UserID)
	}
	if status, _ := do(t, "POST", s.URL()+"/users/nobody@contoso.com/revokeSignInSessions", nil); status != http.StatusNotFound {
		t.Errorf("revoke of an unknown user: %d, want 404", status)
	}
	status, body = do(t, "GET", s.URL()+"/users/"+url.PathEscape(si.UserPrincipalName)+"?$select=id", nil)
	if status != http.StatusOK || body["id"] != si.UserID {
		t.Errorf("users/{upn}: %d %v", status, body)
	}

	denied := start(t, Options{SignIns: 20, MissingPermissions: []string{PermRevokeSessions, PermRiskyUserWrite}})
	u := denied.SignIns()[0].UserID
	if status, _ := do(t, "POST", denied.URL()+"/users/"+u+"/revokeSignInSessions", nil); status != http.StatusForbidden {
		t.Errorf("revoke without %s: %d, want 403", PermRevokeSessions, status)
	}
	if status, _ := do(t, "POST", denied.URL()+"/identityProtection/riskyUsers/confirmCompromised", map[string]any{"userIds": []string{u}}); status != http.StatusForbidden {
		t.Errorf("confirmCompromised without %s: %d, want 403", PermRiskyUserWrite, status)
	}
}
