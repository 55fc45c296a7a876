package auth

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// Logout is `auth logout`: it forgets every saved sign-in in dir and says
// so on w.
func Logout(w io.Writer, dir string) error {
	n, err := ForgetAll(dir)
	if err == nil {
		fmt.Fprintf(w, "signin-triage: forgot %d saved sign-in(s) in %s. The next run asks you to sign in.\n", n, sanitize.Visible(cmp.Or(dir, "no state directory")))
	}
	return err
}

// ForgetAll forgets every saved sign-in in dir and says how many there were.
func ForgetAll(dir string) (int, error) {
	records, err := savedRecords(dir)
	for _, r := range records {
		if err := Forget(r); err != nil {
			return 0, err
		}
	}
	return len(records), err
}

func savedRecords(dir string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	return filepath.Glob(filepath.Join(dir, "signin-*.json")) // sorted
}

// Status is `auth status`: a line on w for each saved sign-in in dir,
// from the record and its file name: who, which cloud, tenant and app,
// when. A record holds no token; the account's object ID is left out too.
// Every line is inert, whatever the file holds: a character that would
// hide or reorder text shows as its code point (sanitize.Visible), so
// that evil\u202e.cn never reads as another tenant's name.
func Status(w io.Writer, dir string) error {
	records, err := savedRecords(dir)
	if err != nil {
		return err
	}
	if len(records) == 0 {
		fmt.Fprintf(w, "signin-triage: no saved sign-ins in %s: the next run with --auth device or browser asks you to sign in.\n", sanitize.Visible(cmp.Or(dir, "no state directory")))
		return nil
	}
	fmt.Fprintf(w, "signin-triage: %d saved sign-in(s) in %s (signin-triage auth logout forgets them):\n", len(records), sanitize.Visible(dir))
	for _, path := range records {
		fmt.Fprintln(w, "  "+describeRecord(path))
	}
	return nil
}

// describeRecord says what the record at path is for, in a line.
func describeRecord(path string) string {
	base := sanitize.Visible(filepath.Base(path))
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("%s: cannot be read (%s)", base, sanitize.Visible(err.Error()))
	}
	var saved savedRecord
	if json.Unmarshal(data, &saved) != nil || saved.Record.Username == "" {
		// An older version saved the record alone.
		if json.Unmarshal(data, &saved.Record) != nil || saved.Record.Username == "" {
			return base + ": not a saved sign-in this version can read; the next run signs in anew"
		}
	}
	rec := saved.Record
	cloudName, tenant := recordTarget(filepath.Base(path), rec)
	app := sanitize.Visible(rec.ClientID)
	if rec.ClientID == DefaultClientID {
		app += " (signin-triage's default app)"
	}
	when := ""
	if fi, err := os.Stat(path); err == nil {
		when = ", saved " + fi.ModTime().UTC().Format("2006-01-02 15:04 UTC")
	}
	return fmt.Sprintf("%s · %s cloud · tenant %s (home tenant %s) · app %s%s", sanitize.Visible(rec.Username), sanitize.Visible(cloudName),
		sanitize.Visible(tenant), sanitize.Visible(rec.TenantID), app, when)
}

// recordTarget reads the cloud and the tenant asked for (the --cloud and
// --tenant of the run that saved it) back from a record's file name
// (RecordPath).
func recordTarget(base string, rec azidentity.AuthenticationRecord) (cloudName, tenant string) {
	name := strings.TrimSuffix(strings.TrimPrefix(base, "signin-"), ".json")
	cloudName, rest, _ := strings.Cut(name, "-") // cloud names have no dash
	for _, app := range []string{defaultClientWord, fileWord(rec.ClientID, defaultClientWord)} {
		if t, ok := strings.CutSuffix(rest, "-"+app); ok {
			return cloudName, t
		}
	}
	return cloudName, "unknown"
}
