package ui

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

func TestDistanceAndSpeed(t *testing.T) {
	// London to New York: about 5,570 km.
	km := distanceKm(51.5074, -0.1278, 40.7128, -74.0060)
	if math.Abs(km-5570) > 10 {
		t.Fatalf("London to New York is %.0f km", km)
	}
	if d := distanceKm(47.0269, 28.8416, 47.0269, 28.8416); d != 0 {
		t.Fatalf("same point: %f km", d)
	}
	speed, ok := speedKmh(km, 2*time.Hour)
	if !ok || math.Abs(speed-km/2) > 0.001 {
		t.Fatalf("speed %f", speed)
	}
	if _, ok := speedKmh(km, 0); ok {
		t.Fatal("a speed over no time")
	}
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	london := &graph.SignIn{Created: at, Place: &graph.Place{City: "London", HasCoordinates: true, Latitude: 51.5074, Longitude: -0.1278}}
	newYork := &graph.SignIn{Created: at.Add(90 * time.Minute), Place: &graph.Place{City: "New York", HasCoordinates: true, Latitude: 40.7128, Longitude: -74.0060}}
	if got := travelText(london, newYork); got != "5570 km in 1.5 h: 3713 km/h (faster than an airliner)" {
		t.Errorf("travelText = %q", got)
	}
	if got := travelText(london, &graph.SignIn{Created: at.Add(time.Hour), Place: &graph.Place{}}); !strings.Contains(got, "no coordinates") {
		t.Errorf("without coordinates: %q", got)
	}
}

func fullSignIn() graph.SignIn {
	return graph.SignIn{
		ID: "66ea54eb-6301-4ee5-be62-ff5a759b0100", CorrelationID: "d79f5bee-5860-4832-928f-3133e22ae912",
		Created:         time.Date(2026, 11, 27, 9, 15, 41, 0, time.UTC),
		UserDisplayName: "Test Contoso", UPN: "testaccount1@contoso.com", UserID: "26be570a-ae82-4189-b4e2-a37c6808512d",
		App: "Graph Explorer", AppID: "de8bc8b5-d9f9-48b1-a8ad-b748da725064", Resource: "Microsoft Graph",
		ResourceID: "00000003-0000-0000-c000-000000000000", ClientApp: "Browser", IP: "178.17.170.23",
		Place: &graph.Place{City: "Chisinau", State: "Chisinau", Country: "MD", HasCoordinates: true, Latitude: 47.0269, Longitude: 28.8416},
		DeviceInfo: &graph.DeviceInfo{OS: "Windows 10", Browser: "Firefox 78.0", DeviceName: "LAPTOP-7", DeviceID: "d1e2",
			TrustType: "Azure AD joined", Compliant: graph.Yes, Managed: graph.No},
		ErrorCode: 50126, HasStatus: true, FailureReason: "Error validating credentials due to invalid username or password.",
		StatusExtra: "The user didn't enter the right credentials.", ConditionalAccess: "notApplied",
		Policies: []graph.Policy{{Name: "Medium signin risk block", Result: "notEnabled"}, {Name: "Require MFA", Result: "success", Grant: "Mfa"}},
		Auth: &graph.AuthInfo{Requirement: "multiFactorAuthentication", UserAgent: "Mozilla/5.0 (Windows NT 10.0; rv:78.0) Gecko/20100101 Firefox/78.0",
			Steps: []graph.AuthStep{
				{Method: "Password", Succeeded: graph.No, Detail: "Invalid username or password", Time: time.Date(2026, 11, 27, 9, 15, 41, 0, time.UTC)},
			}},
		RiskLevel: graph.RiskLevelMedium, RiskDuring: graph.RiskLevelMedium, RiskState: graph.RiskStateAtRisk,
		RiskDetail: "none", RiskEventTypes: []string{"anonymizedIPAddress", "unfamiliarFeatures"}, Interactive: graph.Yes,
	}
}

// TestDetailsGolden pins the details of a sign-in with every field set and
// of one with almost nothing, at 80 and 160 columns.
func TestDetailsGolden(t *testing.T) {
	full := fullSignIn()
	earlier := fullSignIn()
	earlier.ID, earlier.Created, earlier.IP = "earlier", full.Created.Add(-3*time.Hour), "81.2.69.160"
	earlier.Place = &graph.Place{City: "London", Country: "GB", HasCoordinates: true, Latitude: 51.5074, Longitude: -0.1278}
	sparse := graph.SignIn{ID: "0000null-0000-4000-8000-000000000000", Place: &graph.Place{}, DeviceInfo: &graph.DeviceInfo{}}
	for _, size := range [][2]int{{80, 60}, {160, 45}} {
		for name, s := range map[string]graph.SignIn{"full": full, "sparse": sparse} {
			t.Run(fmt.Sprintf("%s-%d", name, size[0]), func(t *testing.T) {
				m := New(Config{Graph: offlineGraph(t), Source: "test"})
				appendRows(m, s, earlier)
				if name == "full" {
					m.risk.gotDetections(detectionsMsg{id: s.ID, d: graph.Detections{List: []graph.Detection{
						{EventType: "anonymizedIPAddress", Timing: "realtime", Source: "IdentityProtection", Activity: "signin",
							DetectedTime: s.Created, State: "atRisk", Level: "medium"},
						{EventType: "unfamiliarFeatures", Timing: "offline", Source: "IdentityProtection", Activity: "signin",
							DetectedTime: s.Created.Add(200 * time.Minute), State: "atRisk", Level: "low"},
					}}}, testNow)
					m.risk.gotUser(riskyUserMsg{userID: s.UserID, r: graph.UserRisk{Level: "medium", State: "atRisk", Detail: "none", Updated: s.Created}}, testNow)
				}
				text := ansi.Strip(detailsTextOf(m, s.ID, size[0]))
				for i, line := range strings.Split(text, "\n") {
					if w := ansi.StringWidth(line); w > size[0] {
						t.Errorf("line %d is %d wide", i, w)
					}
				}
				golden.RequireEqual(t, []byte(text))
			})
		}
	}
}

func TestDetailsOpenCopyAndClose(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 100}, 0)
	h := loaded(t, e, 120, 50)
	h.press(keys.Down)
	s, _ := h.current()
	h.press(keys.Details)
	if !h.detailsOpen() || !strings.Contains(h.screen(), s.ID) || !strings.Contains(h.screen(), "Context") {
		t.Fatalf("details:\n%s", h.screen())
	}
	h.update(keyPress(keys.CopyID.Keys()[0]))
	if !strings.Contains(h.prose(), "Copied the sign-in ID to the clipboard (OSC 52): "+s.ID) {
		t.Errorf("no word of the copy:\n%s", h.screen())
	}
	h.press(keys.Toggle)
	if !h.isSelected(s.ID) || !strings.Contains(h.screen(), "Selected 1") {
		t.Error("space in the details did not select the sign-in")
	}
	h.press(keys.Back)
	if h.detailsOpen() || !strings.Contains(h.screen(), "TIME (UTC)") {
		t.Fatalf("esc did not go back to the table:\n%s", h.screen())
	}
}

// offlineGraph is a client that is never called: for tests that feed the
// model rows directly.
func offlineGraph(t testing.TB) *graph.Client {
	g, err := graph.New(graph.Options{BaseURL: "http://127.0.0.1:9/v1.0"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}
