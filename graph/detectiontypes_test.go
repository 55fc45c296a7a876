package graph

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// undescribed are types docs/risk-events.md lists because Graph's enum
// does, though Microsoft describes them nowhere: the code shows no
// meaning for them rather than a guess.
var undescribed = []string{"maliciousIPAddressValidCredentialsBlockedIP", "investigationsThreatIntelligenceSigninLinked"}

// TestRiskEventsPageKeepsStepWithTheCode: every type the details explain
// has its section in docs/risk-events.md (meaning, timing, what to check,
// source), and every section is a type the code explains or one Microsoft
// leaves undescribed.
func TestRiskEventsPageKeepsStepWithTheCode(t *testing.T) {
	page, err := os.ReadFile("../docs/risk-events.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^### `([A-Za-z]+)`$").FindAllSubmatch(page, -1) {
		documented = append(documented, string(m[1]))
	}
	for eventType, known := range eventTypes {
		if !slices.Contains(documented, eventType) {
			t.Errorf("%s has a meaning in the code but no section in docs/risk-events.md", eventType)
		}
		if known.meaning == "" || known.check == "" {
			t.Errorf("%s lacks its meaning or what to check, which the details show beside it", eventType)
		}
	}
	// Each section gives what an analyst checks, which the code condenses.
	sections := regexp.MustCompile("(?m)^### `").Split(string(page), -1)[1:]
	for _, sec := range sections {
		name, _, _ := strings.Cut(sec, "`")
		if !strings.Contains(sec, "- **Check:**") {
			t.Errorf("docs/risk-events.md: %s says nothing under Check", name)
		}
	}
	for _, eventType := range documented {
		if EventMeaning(eventType) == "" && !slices.Contains(undescribed, eventType) {
			t.Errorf("docs/risk-events.md explains %s, which the code does not know", eventType)
		}
	}
}
