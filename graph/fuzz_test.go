package graph

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// FuzzSignInMapping feeds arbitrary sign-in JSON through the SDK's parser
// and our mapping: it must never panic, and no string it keeps may carry a
// control, format or escape character.
func FuzzSignInMapping(f *testing.F) {
	for _, seed := range []string{
		`{"id":"1","userDisplayName":"Eve\u001b]0;t\u0007","ipAddress":"1.2.3.4\r\n","riskState":"atRisk"}`,
		`{"id":"2","location":{"city":null,"geoCoordinates":{"latitude":1.5}},"deviceDetail":null,"status":{"errorCode":50126}}`,
		`{"id":"3","appliedConditionalAccessPolicies":[{"displayName":"\u202epolicy","result":"success"},null],"riskEventTypes_v2":["a\u200bb"]}`,
		`{"riskLevelAggregated":"high","riskLevelDuringSignIn":"hidden","createdDateTime":"2025-03-13T19:15:41.6195833Z"}`,
		`{}`, `null`, `[]`, `{"id":5}`, `{"id":"a\u200bb\u001b[2J"}`,
	} {
		f.Add([]byte(seed))
	}
	in := newInterner()
	f.Fuzz(func(t *testing.T, data []byte) {
		node, err := jsonserialization.NewJsonParseNode(data)
		if err != nil {
			return
		}
		v, err := node.GetObjectValue(models.CreateSignInFromDiscriminatorValue)
		if err != nil || v == nil {
			return
		}
		m, ok := v.(models.SignInable)
		if !ok {
			return
		}
		s := fromModel(m, in)
		if id := m.GetId(); (id == nil && s.ID != "") || (id != nil && s.ID != *id) {
			t.Fatalf("the ID %q was not kept verbatim: %q", deref(id), s.ID)
		}
		s.ID = "" // kept as Graph sent it (IDs verbatim); sanitized where shown
		checkInert(t, reflect.ValueOf(s))
	})
}

// checkInert walks every string reachable from v.
func checkInert(t *testing.T, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.String:
		for _, r := range v.String() {
			if r == 0x1b || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("a mapped string keeps %U: %q", r, v.String())
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			checkInert(t, v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				checkInert(t, v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			checkInert(t, v.Index(i))
		}
	}
}

// FuzzQuote: any text quoted for $filter is one OData string literal:
// it starts and ends with a quote, and every quote inside comes in pairs.
func FuzzQuoteOData(f *testing.F) {
	for _, s := range []string{"o'neil", "'", "''", "a#b&c%d", "ü\\", "x' or 1 eq 1 or 'y", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := quoteOData(s)
		if !strings.HasPrefix(q, "'") || !strings.HasSuffix(q, "'") || len(q) < 2 {
			t.Fatalf("quoteOData(%q) = %q", s, q)
		}
		inner := q[1 : len(q)-1]
		if strings.ReplaceAll(inner, "''", "") != strings.ReplaceAll(s, "'", "") {
			t.Fatalf("quoteOData(%q) = %q: a quote is not doubled", s, q)
		}
		if got := strings.ReplaceAll(inner, "''", "'"); got != s {
			t.Fatalf("quoteOData(%q) does not read back: %q", s, got)
		}
	})
}
