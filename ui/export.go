package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

var _ screen = (*exportDialog)(nil)

func (d *exportDialog) title() string { return "Export" }

func (d *exportDialog) layer() layer { return layerDialog }

func (d *exportDialog) commands() []command {
	k := d.ses.keys
	return []command{
		live(k.ExportView, func() action { return exportRows{selected: false} }),
		live(k.ExportSelection, func() action { return exportRows{selected: true} }),
		offUnless(len(d.ses.followUps) > 0, "no user to follow up yet (their sign-ins confirmed compromised)", k.ExportFollowUp,
			func() action { return exportRows{followUps: true} }),
		live(k.Cancel, func() action { return popScreen{note: "Export canceled."} }),
	}
}

func (d *exportDialog) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(d.commands(), msg)
}

func (d *exportDialog) view(width, _ int) string {
	ses := d.ses
	st, k := ses.styles, ses.keys
	text := st.DialogTitle.Render("Export to CSV and JSON") + "\n\n" +
		fmt.Sprintf("%s  the %s in view\n", st.Key.Render(k.ExportView.Help().Key), plural(d.inView, "row")) +
		fmt.Sprintf("%s  the %s\n", st.Key.Render(k.ExportSelection.Help().Key), plural(d.selected, "selected sign-in")) +
		d.followUpLine() + "\n" +
		fmt.Sprintf("Both files go to %s.\n%s cancels.", ses.exportDir, st.Key.Render(k.Cancel.Help().Key))
	return st.Dialog.Width(min(width, 72)).Render(text)
}

// followUpLine offers the users to follow up, when there are any.
func (d *exportDialog) followUpLine() string {
	n := len(d.ses.followUps)
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
	var rows []graph.SignIn
	if !selected {
		for i := range m.table.shownLen() {
			rows = append(rows, *m.table.at(i))
		}
		return exportCmd(rows, m.exportDir, m.log.now())
	}
	for _, s := range m.table.rows {
		if m.selected.has(s.ID) {
			rows = append(rows, s)
		}
	}
	if m.notLoaded > 0 {
		m.log.add(logInfo, fmt.Sprintf("%d selected sign-ins are not loaded and are not in the export.", m.notLoaded))
	}
	return exportCmd(rows, m.exportDir, m.log.now())
}

// exportCmd writes rows to two files named after the time, off the update
// loop.
func exportCmd(rows []graph.SignIn, dir string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		base := filepath.Join(dir, "signin-triage-"+now.UTC().Format("20060102-150405"))
		var paths []string
		for _, f := range []export.Format{export.CSV, export.JSON} {
			path := base + "." + string(f)
			if err := writeExport(path, rows, f); err != nil {
				return exportDoneMsg{err: err}
			}
			paths = append(paths, path)
		}
		return exportDoneMsg{n: len(rows), paths: paths}
	}
}

func writeExport(path string, rows []graph.SignIn, f export.Format) (err error) {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	defer func() { err = errors.Join(err, file.Close()) }()
	w, err := export.NewWriter(file, f)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := w.Write(&rows[i]); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return w.Close()
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
