package config

import (
	"fmt"
	"strconv"
	"time"
)

// The rules a flag's value meets wherever it came from (command line,
// environment, config file): each returns an error that says what is
// wrong and what to use instead.

// AnyText is the rule of a flag that takes any text.
func AnyText(string) error { return nil }

// IsBool is the rule of a switch.
func IsBool(v string) error {
	if _, err := strconv.ParseBool(v); err != nil {
		return fmt.Errorf("%q is not true or false", v)
	}
	return nil
}

// InRange is the rule of a whole number from lo to hi; note is added to
// the error when it is out of range.
func InRange(lo, hi int, note string) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		} else if n < lo || n > hi {
			return fmt.Errorf("%d is out of range: use %d to %d%s", n, lo, hi, note)
		}
		return nil
	}
}

// DurationIn is the rule of a duration from lo to hi, written as Go
// writes them: "90s", "2m".
func DurationIn(lo, hi time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(v)
		switch {
		case err != nil:
			return fmt.Errorf("%q is not a duration like 90s or 2m", v)
		case d < lo || d > hi:
			return fmt.Errorf("%s is out of range: use %s to %s", d, lo, hi)
		}
		return nil
	}
}

// Flag is a flag as pflag sees it: its text lives in Values under Name,
// and Check is applied as it is set, from any source (command line,
// environment, config file). A Default of "false" makes it a switch.
type Flag struct {
	Values        map[string]string
	Name, Default string
	Check         func(string) error
}

func (f Flag) String() string { return f.Values[f.Name] }

// Set checks v and keeps it.
func (f Flag) Set(v string) error {
	if err := f.Check(v); err != nil {
		return err
	}
	f.Values[f.Name] = v
	return nil
}

// Type names the kind of value in --help: a switch, a number, or text.
func (f Flag) Type() string {
	if _, err := strconv.Atoi(f.Default); err == nil {
		return "int"
	} else if f.Default == "false" {
		return "bool"
	}
	return "string"
}
