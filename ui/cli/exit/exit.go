// Package exit is signin-triage's exit status, one type for every command
// and the UI (README, "Exit statuses"), and the one place that listens
// for the signals that end a command. It imports nothing of
// signin-triage's, so that ui and every command can share it.
package exit

import (
	"errors"
	"fmt"
)

// Status is the status the program exits with. As an error, it is a
// command's last word once it has said everything else: the command line
// prints nothing more for it.
type Status int

// The statuses, for every command.
const (
	// OK: all well; every verdict sent was accepted (or a dry run).
	OK Status = 0
	// Trouble: a request failed, ended unknown or was not sent, or an
	// export stopped early.
	Trouble Status = 1
	// Usage: bad usage or configuration, refused before anything was sent.
	Usage Status = 2
	// Signal, plus the signal's number: ended by a signal (143 for
	// SIGTERM, 130 for SIGINT).
	Signal Status = 128
)

func (s Status) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// Err is s as a command's error: nil for OK.
func (s Status) Err() error {
	if s == OK {
		return nil
	}
	return s
}

// UsageError is a bad flag, config value or combination, or input
// refused before anything was sent: the program exits with Usage, after
// printing Err.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Of is the status a command's error means: OK for none, the Status it
// carries, Usage for a UsageError, and Trouble for any other.
func Of(err error) Status {
	var s Status
	switch {
	case err == nil:
		return OK
	case errors.As(err, &s):
		return s
	case errors.As(err, new(UsageError)):
		return Usage
	}
	return Trouble
}
