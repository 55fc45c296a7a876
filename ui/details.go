package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
)

// detailsScreen shows every field of one sign-in and what the other
// loaded sign-ins say about it.
type detailsScreen struct {
	pager
	ses *session
	id  string
	seq int // counts the times a sign-in was shown here: a settle for an earlier one is stale
	// ctx is the details' reads' (riskreads.go), from when they are shown
	// until they close.
	ctx    context.Context
	cancel context.CancelFunc
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(40, func(ses *session) screen { return newDetailsScreen(ses, "") })
}

func newDetailsScreen(ses *session, id string) *detailsScreen {
	return &detailsScreen{pager: newPager(), ses: ses, id: id}
}

// closing cancels the reads still waiting for their turn.
func (d *detailsScreen) closing() {
	if d.cancel != nil {
		d.cancel()
	}
}

func (d *detailsScreen) title() string { return "Details of a sign-in" }

func (d *detailsScreen) commands() []command {
	ses, k := d.ses, d.ses.keys
	cmds := []command{
		live(described(k.Back, "back"), func() action { return popScreen{} }),
		live(described(k.Details, "back"), func() action { return popScreen{} }),
		live(k.CopyID, func() action {
			return d.copy("Copied the sign-in ID to the clipboard (OSC 52): ", d.id)
		}),
		live(k.CopyUserIP, func() action {
			s := ses.signInByID(d.id)
			return d.copy("Copied to the clipboard (OSC 52): ", s.UPN+" "+s.IP)
		}),
		live(described(k.Toggle, "select this sign-in"), func() action { ses.selected.toggle(d.id); return nil }),
		live(k.UserLog, func() action {
			if s := ses.signInByID(d.id); s != nil {
				return pushScreen{newUserLogScreen(ses, *s)}
			}
			return nil
		}),
	}
	cmds = append(cmds, ses.readerQuitCommands()...)
	cmds = append(cmds,
		live(described(k.Down, "next sign-in"), func() action { return d.step(1) }),
		live(described(k.Up, "previous sign-in"), func() action { return d.step(-1) }),
		live(described(k.UserFirst, "this user's first sign-in in view (the earliest)"), func() action { return d.userEnd(false) }),
		live(described(k.UserLast, "this user's last sign-in in view (the latest)"), func() action { return d.userEnd(true) }))
	vp := &d.vp
	cmds = append(cmds,
		live(k.PageUp, func() action { vp.PageUp(); return nil }),
		live(k.PageDown, func() action { vp.PageDown(); return nil }),
		live(described(k.Top, "top of the page"), func() action { vp.GotoTop(); return nil }),
		live(described(k.Bottom, "end of the page"), func() action { vp.GotoBottom(); return nil }),
	)
	return append(cmds, ses.helpCommand(d))
}

// step shows the next (1) or previous (-1) sign-in of the table's view
// without leaving the details, moving the table's cursor with it; its
// Identity Protection reads wait until it has stayed on screen a moment.
func (d *detailsScreen) step(delta int) action {
	t := &d.ses.table
	if s, ok := t.current(); !ok || s.ID != d.id {
		i := slices.IndexFunc(t.view, func(pos int) bool { return t.rows[pos].ID == d.id })
		switch {
		case i < 0 && t.byID(d.id) == nil:
			d.ses.note = "This sign-in is from the user's log, not the listing: j and k step through the listing's view; " +
				d.ses.keys.Back.Help().Key + " goes back."
			return nil
		case i < 0:
			d.ses.note = "This sign-in has left the view (a verdict, a filter), so it has no next or previous; " +
				d.ses.keys.Back.Help().Key + " goes back to the rows."
			return nil
		}
		t.moveTo(i)
	}
	t.move(delta)
	s, ok := t.current()
	if !ok || s.ID == d.id {
		d.ses.note = "No " + map[bool]string{true: "next", false: "previous"}[delta > 0] + " sign-in in view."
		return nil
	}
	d.id = s.ID
	d.vp.GotoTop()
	return runCmd{d.focus()}
}

// userEnd shows this user's earliest (or latest) sign-in in the view,
// whatever the view's order, moving the table's cursor to it.
func (d *detailsScreen) userEnd(latest bool) action {
	t := &d.ses.table
	s := t.byID(d.id)
	if s == nil {
		d.ses.note = "This sign-in is from the user's log, not the listing: [ and ] find the user's sign-ins in the listing's view; " +
			d.ses.keys.Back.Help().Key + " goes back."
		return nil
	}
	user, at := s.UserKey(), -1
	for i, pos := range t.view {
		o := &t.rows[pos]
		if o.UserKey() != user {
			continue
		}
		if at < 0 || (latest && o.Created.After(t.at(at).Created)) || (!latest && o.Created.Before(t.at(at).Created)) {
			at = i
		}
	}
	word := map[bool]string{true: "last", false: "first"}[latest]
	switch {
	case at < 0:
		d.ses.note = "This user has no sign-in in view (this one has left it: a verdict, a filter)."
		return nil
	case t.at(at).ID == d.id:
		d.ses.note = "This is the user's " + word + " sign-in in view."
		return nil
	}
	t.moveTo(at)
	d.id = t.at(at).ID
	d.vp.GotoTop()
	return runCmd{d.focus()}
}

func (d *detailsScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(d.commands(), msg)
}

// refresh redraws the details' text after a message that may have changed
// the sign-in (a verdict, a reload) or the size; a reload that did not
// bring the sign-in back closes the details.
func (d *detailsScreen) refresh() bool {
	s := d.ses.signInByID(d.id)
	if s == nil {
		return false
	}
	summary := d.ses.renderSection(d.ses.summarySection(s), max(d.ses.width, 20), summaryLabelWidth)
	d.show(d.ses, d.glance(s)+"\n\n"+summary+"\n\n"+d.ses.detailsText(s, d.ses.width))
	return true
}

// glance is the details' first line: who, what, from where, how it
// ended, and where the sign-in stands in the view (j and k step through
// it).
func (d *detailsScreen) glance(s *graph.SignIn) string {
	ses, st := d.ses, d.ses.styles
	where := s.IP
	if loc := s.Location(); loc != "" {
		where += " (" + loc + ")"
	}
	if mark := netMarkText(s); mark != "" {
		where += " " + mark
	}
	res := s.Result().String()
	if code := s.CodeText(); res != "success" && code != "" {
		res += " " + code
	}
	parts := []string{orDashText(ses.table.userName(s)), orDashText(s.App), orDashText(where), res}
	pos := ""
	if cur, ok := ses.table.current(); ok && cur.ID == s.ID {
		pos = fmt.Sprintf("  ·  sign-in %d of %d in view", ses.table.cursor+1, ses.table.shownLen())
	}
	return wrapWords(st.Title.Render(strings.Join(parts, " · "))+st.Muted.Render(pos), max(ses.width, 20))
}

// detailsText lays the sign-in out in sections of label and value: one
// column, or two side by side from 140 columns.
func (ses *session) detailsText(s *graph.SignIn, width int) string {
	sections := ses.detailSections(s)
	if width < 140 {
		return strings.Join(ses.renderSections(sections, width), "\n\n")
	}
	colWidth := width/2 - 1
	left, right := sections[:5], sections[5:]
	l := strings.Join(ses.renderSections(left, colWidth), "\n\n")
	r := strings.Join(ses.renderSections(right, colWidth), "\n\n")
	return lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(colWidth+2).Render(l), r)
}

// detailSection is a titled list of label and value pairs.
type detailSection struct {
	title  string
	fields [][2]string
}

// detailSections is every field of the sign-in, most telling first.
func (ses *session) detailSections(s *graph.SignIn) []detailSection {
	place, dev := placeOf(s), deviceOf(s)
	selected := "no"
	if ses.selected.has(s.ID) {
		selected = "yes"
	}
	return []detailSection{
		{"Sign-in", [][2]string{
			{"ID", idText(s.ID)}, {"Time (UTC)", timeText(s.Created)}, {"Correlation ID", s.CorrelationID},
			{"Interactive", s.Interactive.String()}, {"Client app", s.ClientApp},
			{"Result", resultText(s)}, {"Password", passwordText(s)},
			{"MFA", mfaText(s)}, {"Selected", selected},
		}},
		{"Risk", append([][2]string{
			{"Risk (aggregated)", string(s.RiskLevel)}, {"Risk at sign-in", string(s.RiskDuring)},
			{"Risk state", string(s.RiskState)}, {"Risk detail", s.RiskDetail},
		}, riskEventLines(s)...)},
		{"Context", ses.contextLines(s)},
		{"Risk detections (Identity Protection)", ses.detectionFields(s)},
		{"User's current risk", ses.userRiskFields(s)},
		{"User", [][2]string{{"Name", s.UserDisplayName}, {"UPN", s.UPN}, {"User ID", s.UserID}}},
		{"Device", [][2]string{
			{"Name", dev.DeviceName}, {"Device ID", dev.DeviceID}, {"Operating system", dev.OS}, {"Browser", dev.Browser},
			{"Compliant", dev.Compliant.String()}, {"Managed", dev.Managed.String()}, {"Trust type", dev.TrustType},
		}},
		{"Conditional access", policyFields(s)},
		{"Authentication", authFields(s)},
		{"Location", [][2]string{
			{"IP address", s.IP}, {"Named location", ses.networkText(s)}, {"Country location", ses.countryLocationsText(s)},
			{"City", place.City}, {"State", place.State}, {"Country", place.Country},
			{"Coordinates", coordinates(place)},
		}},
		{"App and resource", [][2]string{{"App", s.App}, {"App ID", s.AppID}, {"Resource", s.Resource}, {"Resource ID", s.ResourceID}}},
	}
}

// renderSections draws sections width cells wide, values wrapped.
func (ses *session) renderSections(sections []detailSection, width int) []string {
	out := make([]string, 0, len(sections))
	for _, sec := range sections {
		out = append(out, ses.renderSection(sec, width, 20))
	}
	return out
}

// renderSection draws one section: its title, then each label (in
// labelWidth cells) and value, wrapped to the width left.
func (ses *session) renderSection(sec detailSection, width, labelWidth int) string {
	st := ses.styles
	valueWidth := max(width-labelWidth-2, 16)
	var b strings.Builder
	b.WriteString(st.PaneTitle.Render(sec.title))
	for _, f := range sec.fields {
		value := f[1]
		if value == "" {
			value = "–"
		}
		for i, line := range strings.Split(ansi.Hardwrap(ansi.Wrap(value, valueWidth, ""), valueWidth, true), "\n") {
			label := ""
			if i == 0 {
				label = f[0]
			}
			b.WriteString("\n  " + st.HeaderLabel.Render(fit(label, labelWidth)) + line)
		}
	}
	return b.String()
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// resultText is how the sign-in ended, with its code and what it means:
// "interrupted (50074): MFA was required and the user did not pass it".
func resultText(s *graph.SignIn) string {
	r := s.Result()
	if r == graph.ResultUnknown {
		return "unknown: Graph sent no status (not a success)"
	}
	text := fmt.Sprintf("%s (%s)", r, s.CodeText())
	if c, ok := s.Status(); ok && s.ErrorCode != 0 {
		text += ": " + c.Meaning
	}
	if s.FailureReason != "" && s.ErrorCode != 0 {
		text += " Graph: " + s.FailureReason
	}
	if s.StatusExtra != "" {
		text += " " + s.StatusExtra
	}
	return text
}

func coordinates(p *graph.Place) string {
	if !p.HasCoordinates {
		return ""
	}
	return fmt.Sprintf("%.4f, %.4f", p.Latitude, p.Longitude)
}

// placeOf and deviceOf never return nil, so a sign-in built by hand (or a
// future reader of exports) cannot crash the details.
func placeOf(s *graph.SignIn) *graph.Place {
	if s.Place == nil {
		return &graph.Place{}
	}
	return s.Place
}

func deviceOf(s *graph.SignIn) *graph.DeviceInfo {
	if s.DeviceInfo == nil {
		return &graph.DeviceInfo{}
	}
	return s.DeviceInfo
}
