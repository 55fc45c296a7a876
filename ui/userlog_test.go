package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// openUserLog moves to the first row whose sign-in pick accepts, presses
// U, and waits for the user's log to be read whole.
func openUserLog(t *testing.T, h *harness, pick func(graph.SignIn) bool) (*userLogScreen, graph.SignIn) {
	t.Helper()
	h.press(keys.Top)
	for range h.shownLen() {
		if s, _ := h.current(); pick(s) {
			h.press(keys.UserLog)
			u, ok := h.m.top().(*userLogScreen)
			if !ok {
				t.Fatalf("U opened %T", h.m.top())
			}
			h.waitFor("the user's log", func() bool { return u.done })
			return u, s
		}
		h.press(keys.Down)
	}
	t.Fatal("no row to open the user's log on")
	return nil, graph.SignIn{}
}

// everydayCounts counts each user's never-flagged sign-ins in the
// tenant, only those on a registered device if onDevice.
func everydayCounts(sim *simtenant.Server, onDevice bool) map[string]int {
	out := map[string]int{}
	for _, o := range sim.SignIns() {
		if o.RiskState == "none" && (!onDevice || o.DeviceDetail.DeviceID != "") {
			out[o.UserID]++
		}
	}
	return out
}

// TestTheUserLogListsTheUsersOwnSignIns: U on a flagged sign-in from a
// stranger's machine abroad lists every sign-in of that user in the
// window, whatever its risk, by a query of its own (userId eq); flagged
// ones are marked; the baseline names the user's usual country and
// device; the flagged sign-in is marked a new country and a new device,
// and a sign-in from home on the usual laptop is not.
func TestTheUserLogListsTheUsersOwnSignIns(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 200}, 0)
	h := loaded(t, e, 200, 60)
	// A user with everyday sign-ins on a registered device.
	everyday := everydayCounts(e.sim, true)
	u, s := openUserLog(t, h, func(s graph.SignIn) bool {
		return s.DeviceID == "" && s.Country != "" && everyday[s.UserID] >= 3
	})
	if u.err != nil {
		t.Fatalf("the log stopped: %v", u.err)
	}

	var want []string
	for _, o := range e.sim.SignIns() {
		if o.UserID == s.UserID && !o.CreatedDateTime.Before(u.q.Since) {
			want = append(want, o.ID)
		}
	}
	var got []string
	for _, r := range u.rows {
		got = append(got, r.ID)
	}
	slices.Sort(want)
	slices.Sort(got)
	if len(want) < 3 || !slices.Equal(got, want) {
		t.Fatalf("the log lists %d sign-ins, the tenant holds %d of this user in the window", len(got), len(want))
	}
	last := e.sim.Requests()[len(e.sim.Requests())-1]
	if !strings.Contains(last.Filter, "userId eq '"+s.UserID+"'") || strings.Contains(last.Filter, "riskState") {
		t.Errorf("the log's query: %q", last.Filter)
	}

	text := u.text()
	for _, r := range u.rows {
		line := userLogLine(&r, r.ID == s.ID, h.m.session.width, "")
		if !strings.Contains(text, strings.TrimRight(line, " ")[:20]) {
			t.Errorf("the log does not show %s", r.ID)
		}
		mark := string([]rune(line)[:2])
		if flagged := r.RiskState != graph.RiskStateNone; flagged != strings.Contains(mark, "⚑") {
			t.Errorf("%s (%s) is marked %q", r.ID, r.RiskState, mark)
		}
	}

	// The usual country and device: those of most earlier sign-ins.
	b := newBaseline(u.rows, &s)
	home := usual(b.countries, 1, func(k string) string { return k })
	if home == "none" || !strings.Contains(text, "Countries    "+home) {
		t.Errorf("the baseline does not lead with the usual country %q:\n%s", home, text)
	}
	laptop := usual(b.devices, 1, func(k string) string { return b.deviceIs[k] })
	if !strings.Contains(text, "Devices      "+laptop) {
		t.Errorf("the baseline does not lead with the usual device %q:\n%s", laptop, text)
	}
	for _, news := range []string{"new country " + s.Country, "new device"} {
		if !strings.Contains(text, news) {
			t.Errorf("the flagged sign-in from %s on a stranger's machine is not marked %q:\n%s", s.Country, news, text)
		}
	}

	// A sign-in from home on the usual laptop, with earlier ones before it.
	var atHome *graph.SignIn
	for i := range u.rows {
		r := &u.rows[i]
		if r.DeviceID != "" && b.deviceIs[r.DeviceID] != "" && newBaseline(u.rows, r).before > 0 &&
			strings.HasPrefix(home, r.Country+" ") {
			atHome = r
			break
		}
	}
	if atHome == nil {
		t.Fatal("the user has no sign-in from home on the usual laptop")
	}
	for _, news := range newBaseline(u.rows, atHome).firstTimes(atHome) {
		if strings.HasPrefix(news, "new country") || news == "new device" {
			t.Errorf("a sign-in from home on the usual laptop is marked %q", news)
		}
	}
}

// TestTheUserLogSaysNothingIsNewBeforeItIsRead: until the log is read,
// the screen says it is loading and marks nothing new or usual.
func TestTheUserLogSaysNothingIsNewBeforeItIsRead(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 160, 50)
	s, _ := h.current()
	u := newUserLogScreen(&h.m.session, s)
	text := u.text()
	if !strings.Contains(text, "loading…") || !strings.Contains(text, "known once the log is read") ||
		strings.Contains(text, "new country") || strings.Contains(text, "nothing new") {
		t.Errorf("before any page is read:\n%s", text)
	}
}

// TestTheDetailsContextWaitsForTheUserLog: the loaded rows are the risky
// sign-ins only, so before U has read the user's log the details'
// "Same device" and "Previous sign-in" say it is not read yet, never
// "none"; once it is read they come from it, the latest earlier
// sign-in of the user whatever its risk, and say what was searched.
func TestTheDetailsContextWaitsForTheUserLog(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 200}, 0)
	h := loaded(t, e, 160, 60)
	everyday := everydayCounts(e.sim, true)
	pick := func(s graph.SignIn) bool { return s.DeviceID != "" && everyday[s.UserID] >= 3 }
	h.press(keys.Top)
	for range h.shownLen() {
		if s, _ := h.current(); pick(s) {
			break
		}
		h.press(keys.Down)
	}
	s, _ := h.current()
	if !pick(s) {
		t.Fatal("no flagged sign-in of a user with everyday sign-ins on a device")
	}
	context := func() map[string]string {
		out := map[string]string{}
		for _, f := range h.m.session.contextLines(&s) {
			out[f[0]] = f[1]
		}
		return out
	}
	h.press(keys.Details)
	if !h.detailsOpen() {
		t.Fatal("the details did not open")
	}
	before := context()
	for _, field := range []string{"Same device", "Previous sign-in"} {
		if v := before[field]; strings.HasPrefix(v, "none") || strings.Contains(v, "on no other") || !strings.Contains(v, "U reads the user's log") {
			t.Errorf("before the user's log is read, %s says %q", field, v)
		}
	}
	if !strings.Contains(h.screen(), "U reads the user's log") {
		t.Errorf("the details do not say the user's log is not read:\n%s", h.screen())
	}

	h.press(keys.UserLog)
	u, ok := h.m.top().(*userLogScreen)
	if !ok {
		t.Fatalf("U in the details opened %T", h.m.top())
	}
	h.waitFor("the user's log", func() bool { return u.done })
	h.press(keys.Back)
	if !h.detailsOpen() {
		t.Fatalf("esc from the user's log left %T on top", h.m.top())
	}
	var prev *simtenant.SignIn
	onDevice := 0
	for _, o := range e.sim.SignIns() {
		if o.UserID != s.UserID || o.ID == s.ID || o.CreatedDateTime.Before(u.q.Since) {
			continue
		}
		if o.DeviceDetail.DeviceID == s.DeviceID {
			onDevice++
		}
		if o.CreatedDateTime.Before(s.Created) && (prev == nil || o.CreatedDateTime.After(prev.CreatedDateTime)) {
			prev = &o
		}
	}
	after := context()
	if prev == nil {
		t.Fatal("the user has no earlier sign-in to compare with")
	}
	if v := after["Previous sign-in"]; !strings.Contains(v, timeText(prev.CreatedDateTime)) || !strings.Contains(v, "from the user's log") {
		t.Errorf("after the log is read, the previous sign-in (%s, %s) reads %q", prev.ID, timeText(prev.CreatedDateTime), v)
	}
	if v := after["Same device"]; !strings.Contains(v, plural(onDevice, "other sign-in")) || !strings.Contains(v, "searched the user's log: "+plural(len(u.rows), "sign-in")) {
		t.Errorf("after the log is read, same device (%d others) reads %q", onDevice, v)
	}
}

// TestAVerdictFromTheUserLogGoesThroughTheGuard: in the user's log a
// sign-in the listing does not hold (an everyday one, never flagged) is
// selected with space beside the flagged one; S opens the same dialog,
// which counts it from the user's log and as never flagged, and y sends
// both, the never-flagged one in a batch of its own. Enter opens its
// details.
func TestAVerdictFromTheUserLogGoesThroughTheGuard(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 200}, 0)
	h := loaded(t, e, 160, 60)
	everyday := everydayCounts(e.sim, false)
	u, s := openUserLog(t, h, func(s graph.SignIn) bool { return everyday[s.UserID] >= 2 })
	// The cursor starts on the newest; walk to the first everyday one.
	var plain graph.SignIn
	for i, r := range u.rows {
		if r.RiskState == graph.RiskStateNone && h.signIn(r.ID) == nil {
			plain = r
			for range i {
				h.press(keys.Down)
			}
			break
		}
	}
	if plain.ID == "" || u.rows[u.at].ID != plain.ID {
		t.Fatalf("no everyday sign-in under the cursor (at %d)", u.at)
	}
	h.press(keys.Details)
	if !h.detailsOpen() || !strings.Contains(h.screen(), plain.ID) {
		t.Fatalf("enter in the user's log did not open its details:\n%s", h.screen())
	}
	h.press(keys.Back, keys.Toggle)
	if !h.isSelected(plain.ID) || !strings.Contains(u.text(), "● ") {
		t.Fatalf("space in the user's log did not select %s", plain.ID)
	}
	h.press(keys.Back) // to the listing, where the flagged one is
	if _, ok := h.m.top().(*userLogScreen); ok {
		t.Fatal("esc did not close the user's log")
	}
	h.m.selected.toggle(s.ID)
	h.press(keys.UserLog)
	h.press(verdictKey("confirmSafe"))
	d, ok := h.m.top().(*confirmDialog)
	if !ok {
		t.Fatalf("S opened %T", h.m.top())
	}
	text := strings.Join(strings.Fields(h.screen()), " ")
	for _, want := range []string{"Confirm safe 2 sign-ins?", "1 of the selected is from a user's log (U), not the listing", "1 of them is never flagged"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, h.screen())
		}
	}
	if got := d.plan.sent(); !slices.Contains(got, plain.ID) || !slices.Contains(got, s.ID) {
		t.Fatalf("the plan sends %v", got)
	}
	h.press(keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() && h.outcome(plain.ID).kind == outcomeAccepted })
	var sent []string
	for _, r := range e.sim.ActionRequests() {
		if r.Action == "confirmSafe" {
			sent = append(sent, strings.Join(r.IDs, ","))
		}
	}
	if !slices.Equal(sent, []string{s.ID, plain.ID}) {
		t.Errorf("the tenant received %v, want %s then %s in a batch of its own", sent, s.ID, plain.ID)
	}
	if !strings.Contains(u.text(), "✓ sent confirmSafe") {
		t.Errorf("the user's log does not say what was sent:\n%s", u.text())
	}
}

// TestTheUserLogOnBetaListsNonInteractiveSignIns: on beta the user's log
// asks for the non-interactive sign-ins too (signInEventTypes), which
// v1.0 cannot list, whatever the listing itself asks.
func TestTheUserLogOnBetaListsNonInteractiveSignIns(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 200, NonInteractive: 200})
	client, err := graph.New(graph.Options{BaseURL: sim.URLFor("beta"), Retry: graph.RetryPolicy{MaxRetries: 1, DelaySeconds: 1}})
	if err != nil {
		t.Fatal(err)
	}
	e := env{sim: sim, client: client}
	h := loaded(t, e, 160, 60)
	quiet := map[string]int{}
	for _, o := range sim.SignIns() {
		if !o.IsInteractive {
			quiet[o.UserID]++
		}
	}
	u, s := openUserLog(t, h, func(s graph.SignIn) bool { return quiet[s.UserID] > 0 })
	last := sim.Requests()[len(sim.Requests())-1]
	if !strings.Contains(last.Filter, "nonInteractiveUser") {
		t.Errorf("the user's log on beta asked %q", last.Filter)
	}
	got := 0
	for _, r := range u.rows {
		if r.Interactive == graph.No {
			got++
		}
	}
	want := 0
	for _, o := range sim.SignIns() {
		if o.UserID == s.UserID && !o.IsInteractive && !o.CreatedDateTime.Before(u.q.Since) {
			want++
		}
	}
	if got == 0 || got != want {
		t.Errorf("the user's log holds %d non-interactive sign-ins, the tenant %d", got, want)
	}
}

// TestTheUserLogFiltersAndSorts: / takes the table's filter syntax and
// narrows the user's log to what matches (the baseline stays the whole
// log's); o sorts by the next column, O reverses; space and enter act
// on the sign-in under the cursor in that view.
func TestTheUserLogFiltersAndSorts(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 200}, 0)
	h := loaded(t, e, 160, 60)
	u, s := openUserLog(t, h, func(graph.SignIn) bool { return true })
	baseline := newBaseline(u.rows, &s)
	h.press(keys.Filter)
	h.typeText("state:none")
	h.press(keys.FilterApply)
	if _, ok := h.m.top().(*userLogScreen); !ok {
		t.Fatalf("enter left %T on top", h.m.top())
	}
	want := 0
	for _, r := range u.rows {
		if r.RiskState == graph.RiskStateNone {
			want++
		}
	}
	if want == 0 || len(u.list.shown) != want {
		t.Fatalf("state:none shows %d of the user's %d never-flagged sign-ins", len(u.list.shown), want)
	}
	for _, i := range u.list.shown {
		if u.rows[i].RiskState != graph.RiskStateNone {
			t.Errorf("state:none shows %s (%s)", u.rows[i].ID, u.rows[i].RiskState)
		}
	}
	if got := newBaseline(u.rows, &s); got.before != baseline.before || !strings.Contains(u.text(), "filter state:none: "+plural(want, "sign-in")) {
		t.Errorf("the filter changed the baseline (%d before, %d after) or is not said:\n%s", baseline.before, got.before, u.text())
	}

	h.press(keys.Sort) // by IP
	ips := func() []string {
		var out []string
		for _, i := range u.list.shown {
			out = append(out, u.rows[i].IP)
		}
		return out
	}
	if got := ips(); !slices.IsSorted(got) || !strings.Contains(u.text(), "sorted by IP") {
		t.Errorf("o did not sort by IP: %v", got)
	}
	h.press(keys.SortOrder)
	got := ips()
	slices.Reverse(got)
	if !slices.IsSorted(got) {
		t.Errorf("O did not reverse the order: %v", ips())
	}
	h.press(keys.Bottom, keys.Toggle)
	last := u.rows[u.list.shown[len(u.list.shown)-1]]
	if !h.isSelected(last.ID) || h.selectedLen() != 1 {
		t.Errorf("space on the last row in view did not select %s", last.ID)
	}
	h.press(keys.Filter)
	h.press(keys.FilterClear)
	if _, ok := h.m.top().(*userLogScreen); !ok {
		t.Errorf("esc in the filter left %T on top, not the user's log", h.m.top())
	}
	if len(u.list.shown) != len(u.rows) {
		t.Errorf("esc in the filter left %d of %d shown", len(u.list.shown), len(u.rows))
	}
}
