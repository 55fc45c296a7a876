package ui

import (
	"fmt"
	"io"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/export"
)

// exportDialog asks which rows to export: those in view or the selection.
type exportDialog struct {
	ses              *session
	inView, selected int
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(100, func(ses *session) screen { return &exportDialog{ses: ses} })
}

func (d *exportDialog) title() string { return "Export" }

func (d *exportDialog) layer() layer { return layerDialog }

func (d *exportDialog) commands() []command {
	k := d.ses.keys
	return []command{
		offUnless(d.inView > 0, "no row is in view", k.ExportView, func() action { return popScreen{then: exportRows{selected: false}} }),
		offUnless(d.selected > 0, "nothing is selected", k.ExportSelection, func() action { return popScreen{then: exportRows{selected: true}} }),
		offUnless(len(d.ses.followUps()) > 0, "no user to follow up yet (their sign-ins confirmed compromised)", k.ExportFollowUp,
			func() action { return popScreen{then: exportRows{followUps: true}} }),
		live(k.Cancel, func() action { return popScreen{note: "Export canceled."} }),
	}
}

func (d *exportDialog) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(d.commands(), msg)
}

func (d *exportDialog) view(width, height int) string {
	ses := d.ses
	st, k := ses.styles, ses.keys
	text := st.DialogTitle.Render("Export to CSV and JSON") + "\n\n" +
		fmt.Sprintf("%s  the %s in view\n", st.Key.Render(k.ExportView.Help().Key), plural(d.inView, "row")) +
		fmt.Sprintf("%s  the %s\n", st.Key.Render(k.ExportSelection.Help().Key), plural(d.selected, "selected sign-in")) +
		d.followUpLine() + "\n" +
		fmt.Sprintf("Both files go to %s.\n%s cancels.", ses.exportDir, st.Key.Render(k.Cancel.Help().Key))
	return dialogBox(st.Dialog, text, 72, width, height)
}

// followUpLine offers the users to follow up, when there are any.
func (d *exportDialog) followUpLine() string {
	n := len(d.ses.followUps())
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%s  the %s to follow up (CSV)\n", d.ses.styles.Key.Render(d.ses.keys.ExportFollowUp.Help().Key), plural(n, "user"))
}

// exportDoneMsg answers exportCmd.
type exportDoneMsg struct {
	n     int
	paths []string
	what  string // what was exported, one of it: "" means sign-in
	err   error
}

// export picks the rows in view, or the selection, and starts writing
// them.
func (m *Model) export(selected bool) tea.Cmd {
	var recs []export.Record
	if !selected {
		for i := range m.table.shownLen() {
			recs = append(recs, m.exportRecord(m.table.at(i)))
		}
		return exportCmd(recs, m.exportDir, m.log.now())
	}
	for i := range m.table.rows {
		if s := &m.table.rows[i]; m.selected.has(s.ID) {
			recs = append(recs, m.exportRecord(s))
		}
	}
	if m.notLoaded > 0 {
		m.log.add(logInfo, fmt.Sprintf("%d selected sign-ins are not loaded and are not in the export.", m.notLoaded))
	}
	return exportCmd(recs, m.exportDir, m.log.now())
}

// exportRecord is a sign-in as exported, with what this session decided
// for it: the verdict Graph accepted, when, its request-id and the note.
func (m *Model) exportRecord(s *graph.SignIn) export.Record {
	r := export.FromSignIn(s)
	if o := m.outcomes[s.ID]; o.kind == outcomeAccepted {
		at := o.at.UTC()
		r.SessionVerdict, r.SessionTime, r.SessionRequestID, r.SessionNote = o.verdict, &at, o.requestID, o.note
	}
	return r
}

// exportCmd writes the records to a CSV and a JSON file named after the
// time, both or neither, off the update loop.
func exportCmd(recs []export.Record, dir string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		var parts []export.Part
		for _, f := range []export.Format{export.CSV, export.JSON} {
			parts = append(parts, export.Part{Ext: "." + string(f), Write: func(w io.Writer) error { return writeRecords(w, recs, f) }})
		}
		paths, err := export.WriteFiles(dir, "signin-triage-"+now.UTC().Format("20060102-150405"), parts)
		if err != nil {
			return exportDoneMsg{err: err}
		}
		return exportDoneMsg{n: len(recs), paths: paths}
	}
}

func writeRecords(w io.Writer, recs []export.Record, f export.Format) error {
	out, err := export.NewWriter(w, f)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := out.WriteRecord(r); err != nil {
			return err
		}
	}
	return out.Close()
}

func (m *Model) handleExportDone(msg exportDoneMsg) {
	if msg.err != nil {
		m.log.add(logErr, "✗ Export failed: "+msg.err.Error())
		return
	}
	if msg.what != "" {
		m.log.add(logOK, fmt.Sprintf("✓ Exported %s to %s", plural(msg.n, msg.what), strings.Join(msg.paths, " and ")))
		return
	}
	m.log.add(logOK, fmt.Sprintf("✓ Exported %s to %s and %s", plural(msg.n, "sign-in"), msg.paths[0], msg.paths[1]))
}
