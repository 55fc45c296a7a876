package graph

import (
	"strings"
	"testing"

	"github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// TestASignInsTextsAreBounded: a sign-in whose names, place and status
// text run to 300,000 characters is mapped with each cut to
// sanitize.MaxText, marked; its ID is kept whole (CheckID bounds it).
func TestASignInsTextsAreBounded(t *testing.T) {
	long := strings.Repeat("A", 300_000)
	data := `{"id":"` + long + `","userDisplayName":"` + long + `","userPrincipalName":"` + long + `","appDisplayName":"` + long +
		`","clientAppUsed":"` + long + `","location":{"city":"` + long + `"},"status":{"errorCode":50126,"failureReason":"` + long + `"}}`
	node, err := jsonserialization.NewJsonParseNode([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	v, err := node.GetObjectValue(models.CreateSignInFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	s := fromModel(v.(models.SignInable), newInterner())
	for name, text := range map[string]string{"display name": s.UserDisplayName, "UPN": s.UPN, "app": s.App,
		"client app": s.ClientApp, "city": s.City, "failure reason": s.FailureReason} {
		if len(text) > sanitize.MaxText || !strings.HasSuffix(text, "…") {
			t.Errorf("the %s keeps %d bytes", name, len(text))
		}
	}
	if s.ID != long {
		t.Errorf("the ID was cut to %d characters", len(s.ID))
	}
}
