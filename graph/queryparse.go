package graph

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxWindow is the longest time window worth asking for: risky sign-ins
// are kept 90 days on Entra ID P2.
const MaxWindow = 90 * 24 * time.Hour

// parseWindow reads a time window: Nd (days), or anything time.ParseDuration
// takes (36h, 90m, 1h30m), up to MaxWindow.
func parseWindow(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a window: use days or hours like 7d, 36h or 90m, at most 90d", s)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, bad
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, bad
		}
	}
	if d <= 0 || d > MaxWindow {
		return 0, bad
	}
	return d, nil
}

// formatWindow writes a window back as ParseWindow reads it, in the largest
// whole unit: 720h is 30d, 36h stays 36h, 90m stays 90m.
func formatWindow(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d%time.Minute == 0:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
	return d.String()
}

// RiskStates lists the states a query may ask for.
func RiskStates() []RiskState {
	return []RiskState{RiskStateAtRisk, RiskStateConfirmedSafe, RiskStateConfirmedCompromised, RiskStateDismissed,
		RiskStateRemediated, RiskStateNone}
}

// RiskLevels lists the levels a query may ask for.
func RiskLevels() []RiskLevel {
	return []RiskLevel{RiskLevelHigh, RiskLevelMedium, RiskLevelLow, RiskLevelHidden, RiskLevelNone}
}

// parseRiskStates reads a comma-separated list ("atRisk,dismissed"); empty
// means any state.
func parseRiskStates(s string) ([]RiskState, error) {
	return parseList(s, RiskStates())
}

// parseRiskLevels reads a comma-separated list ("high,medium"); empty means
// any level.
func parseRiskLevels(s string) ([]RiskLevel, error) {
	return parseList(s, RiskLevels())
}

func parseList[T ~string](s string, known []T) ([]T, error) {
	var out []T
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		i := slices.IndexFunc(known, func(k T) bool { return strings.EqualFold(string(k), part) })
		if i < 0 {
			names := make([]string, len(known))
			for j, k := range known {
				names[j] = string(k)
			}
			return nil, fmt.Errorf("%q is not one of %s", part, strings.Join(names, ", "))
		}
		if !slices.Contains(out, known[i]) {
			out = append(out, known[i])
		}
	}
	return out, nil
}

// joinList writes a list back as ParseRiskStates and ParseRiskLevels read it.
func joinList[T ~string](list []T) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = string(v)
	}
	return strings.Join(parts, ",")
}
