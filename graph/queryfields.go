package graph

import (
	"fmt"
	"strconv"
	"strings"
)

// QueryField is one thing a listing can be narrowed by, described once:
// its flag (which is also its config key and, through it, its environment
// variable), its place in the query editor, and its phrase in the header.
// Everything that offers a query field ranges over QueryFields.
type QueryField struct {
	// Name is the long flag and the config key: "since".
	Name string
	// Label names it in the query editor: "Since".
	Label string
	// Usage is the flag's help; Hint the editor's placeholder.
	Usage, Hint string
	// Empty is what the field left empty means, in words ("any risk
	// state"); "" where it may not be left empty.
	Empty string
	// Default is the value when nothing sets it, as text.
	Default string
	// Switch marks an on/off field: a boolean flag, not in the editor.
	Switch bool
	// Get writes the field of q as the analyst would type it.
	Get func(q Query) string
	// Set reads text into q; an error says what is allowed.
	Set func(q *Query, text string) error
	// Phrase is the field in the header's words, "" when it narrows
	// nothing.
	Phrase func(q Query) string
}

// QueryFields is every query field, in the order the header and the
// editor show them.
func QueryFields() []QueryField {
	return []QueryField{
		{
			Name: "state", Label: "Risk states", Default: string(RiskStateAtRisk),
			Usage: "risk states to list, comma-separated (" + joinList(RiskStates()) + "); empty lists any",
			Hint:  joinList(RiskStates()), Empty: "any risk state",
			Get: func(q Query) string { return joinList(q.RiskStates) },
			Set: func(q *Query, s string) (err error) {
				q.RiskStates, err = parseRiskStates(s)
				return err
			},
			Phrase: func(q Query) string {
				if len(q.RiskStates) == 0 {
					return "any state"
				}
				return strings.ReplaceAll(joinList(q.RiskStates), ",", ", ")
			},
		},
		{
			Name: "risk-level", Label: "Risk levels",
			Usage: "aggregated risk levels to list, comma-separated (" + joinList(RiskLevels()) + "); empty lists any",
			Hint:  joinList(RiskLevels()), Empty: "any risk level",
			Get: func(q Query) string { return joinList(q.RiskLevels) },
			Set: func(q *Query, s string) (err error) {
				q.RiskLevels, err = parseRiskLevels(s)
				return err
			},
			Phrase: func(q Query) string {
				if len(q.RiskLevels) == 0 {
					return ""
				}
				return "risk " + strings.ReplaceAll(joinList(q.RiskLevels), ",", ", ")
			},
		},
		{
			Name: "since", Label: "Since", Default: formatWindow(DefaultWindow),
			Usage: "how far back to list, e.g. 7d, 36h, 90m (at most 90d)",
			Hint:  "7d, 36h, 90m (at most 90d)",
			Get:   func(q Query) string { return formatWindow(q.Window) },
			Set: func(q *Query, s string) (err error) {
				q.Window, err = parseWindow(s)
				return err
			},
			Phrase: func(q Query) string {
				if q.Since.IsZero() {
					return ""
				}
				return "since " + q.Since.UTC().Format("2006-01-02 15:04") + " UTC"
			},
		},
		prefixField("user", "User starts with", "list only users whose UPN starts with this", "a UPN prefix", "user", "any user",
			func(q *Query) *string { return &q.UPNPrefix }),
		prefixField("app", "App starts with", "list only apps whose name starts with this", "an app name prefix", "app", "any app",
			func(q *Query) *string { return &q.AppPrefix }),
		prefixField("ip", "IP starts with", "list only IP addresses that start with this", "an IP prefix", "IP", "any IP address",
			func(q *Query) *string { return &q.IPPrefix }),
		{
			Name: "result", Label: "Result",
			Usage: "list only sign-ins that succeeded (success) or did not (not-success: failed, interrupted, or no status); empty lists both",
			Hint:  "success, not-success", Empty: "succeeded or not",
			Get: func(q Query) string { return q.Result },
			Set: func(q *Query, s string) error {
				switch s = strings.TrimSpace(s); s {
				case "", ResultOnlySuccess, ResultNotSuccess:
					q.Result = s
					return nil
				}
				return fmt.Errorf("%q is not a result: use %s or %s, or leave it empty", s, ResultOnlySuccess, ResultNotSuccess)
			},
			Phrase: func(q Query) string {
				switch q.Result {
				case ResultOnlySuccess:
					return "succeeded"
				case ResultNotSuccess:
					return "did not succeed"
				}
				return ""
			},
		},
		{
			Name: "max-rows", Label: "Max rows", Default: strconv.Itoa(DefaultMaxRows),
			Usage: fmt.Sprintf("stop a listing after this many sign-ins, saying so (1 to %d)", MaxMaxRows),
			Hint:  fmt.Sprintf("1 to %d", MaxMaxRows),
			Get:   func(q Query) string { return strconv.Itoa(q.RowCap()) },
			Set: func(q *Query, s string) error {
				n, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil || n < 1 || n > MaxMaxRows {
					return fmt.Errorf("%q is not a row cap: use a whole number from 1 to %d", s, MaxMaxRows)
				}
				q.MaxRows = n
				return nil
			},
			Phrase: func(q Query) string {
				if q.RowCap() == DefaultMaxRows {
					return ""
				}
				return fmt.Sprintf("at most %d sign-ins", q.RowCap())
			},
		},
		{
			Name: "include-noninteractive", Label: "Non-interactive", Switch: true, Default: "false",
			Usage: "list non-interactive sign-ins too (needs --api beta)",
			Get:   func(q Query) string { return strconv.FormatBool(q.IncludeNonInteractive) },
			Set: func(q *Query, s string) (err error) {
				if q.IncludeNonInteractive, err = strconv.ParseBool(s); err != nil {
					return badSwitch(s)
				}
				return nil
			},
			Phrase: func(q Query) string {
				if q.IncludeNonInteractive {
					return "with non-interactive"
				}
				return ""
			},
		},
	}
}

// prefixField is a "starts with" field; word names it in the header,
// empty says what it means left empty.
func prefixField(name, label, usage, hint, word, empty string, at func(*Query) *string) QueryField {
	return QueryField{
		Name: name, Label: label, Usage: usage, Hint: hint, Empty: empty,
		Get: func(q Query) string { return *at(&q) },
		Set: func(q *Query, s string) error {
			*at(q) = strings.TrimSpace(s)
			return nil
		},
		Phrase: func(q Query) string {
			if v := *at(&q); v != "" {
				return word + " " + v + "*"
			}
			return ""
		},
	}
}

func badSwitch(s string) error {
	return fmt.Errorf("%q is not true or false", s)
}

// DescribeQuery says in a few words what q lists, field by field, the
// fields apart with " · " and a field's values with commas, as typed:
// "atRisk, dismissed · risk high · since 2026-11-01 00:00 UTC".
func DescribeQuery(q Query) string {
	var parts []string
	for _, f := range QueryFields() {
		if p := f.Phrase(q); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// QueryFromFields builds a query from each field's text; a field missing
// from text takes its default. An error names the field.
func QueryFromFields(text map[string]string) (Query, error) {
	var q Query
	for _, f := range QueryFields() {
		v, ok := text[f.Name]
		if !ok {
			v = f.Default
		}
		if err := f.Set(&q, v); err != nil {
			return Query{}, &FieldError{Field: f, Err: err}
		}
	}
	return q, nil
}

// FieldError is a query field's value that does not parse.
type FieldError struct {
	Field QueryField
	Err   error
}

func (e *FieldError) Error() string { return e.Field.Name + ": " + e.Err.Error() }

func (e *FieldError) Unwrap() error { return e.Err }
