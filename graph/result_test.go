package graph

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// TestStatusCodesMatchTheDocs: every row of docs/sign-in-results.md is in
// StatusCodes with the same name, result and password answer, and the
// other way round.
func TestStatusCodesMatchTheDocs(t *testing.T) {
	data, err := os.ReadFile("../docs/sign-in-results.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^\| (\d+) \| ([^|]+) \| [^|]+ \| (\w+) \| ([^|]+) \| [^|]+ \|$`)
	docs := map[int32][3]string{}
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		code, _ := strconv.Atoi(m[1])
		docs[int32(code)] = [3]string{strings.TrimSpace(m[2]), m[3], strings.TrimSpace(m[4])}
	}
	codes := StatusCodes()
	if len(docs) != len(codes) {
		t.Errorf("the docs have %d rows, the code %d", len(docs), len(codes))
	}
	for _, c := range codes {
		d, ok := docs[c.Code]
		if !ok {
			t.Errorf("%d is not in the docs", c.Code)
			continue
		}
		if d != [3]string{c.Name, c.Result.String(), c.Password.String()} {
			t.Errorf("%d: docs %q, code %q %s %s", c.Code, d, c.Name, c.Result, c.Password)
		}
	}
}

// signInFromJSON maps one sign-in as Graph would send it.
func signInFromJSON(t *testing.T, js string) SignIn {
	t.Helper()
	node, err := jsonserialization.NewJsonParseNode([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	v, err := node.GetObjectValue(models.CreateSignInFromDiscriminatorValue)
	if err != nil {
		t.Fatal(err)
	}
	return fromModel(v.(models.SignInable), newInterner())
}

// TestResultOfEachKindOfStatus: no status is unknown (never success), 0 is
// success, a known code reads as the table says, an unknown one is a
// failure that can't tell.
func TestResultOfEachKindOfStatus(t *testing.T) {
	tests := []struct {
		json     string
		result   Result
		password Password
		code     string
	}{
		{`{"id":"a"}`, ResultUnknown, PasswordCantTell, ""},
		{`{"id":"a","status":null}`, ResultUnknown, PasswordCantTell, ""},
		{`{"id":"a","status":{"failureReason":"x"}}`, ResultUnknown, PasswordCantTell, ""},
		{`{"id":"a","status":{"errorCode":0}}`, ResultSuccess, PasswordVerified, "0"},
		{`{"id":"a","status":{"errorCode":50126}}`, ResultFailure, PasswordNotVerified, "50126"},
		{`{"id":"a","status":{"errorCode":50074}}`, ResultInterrupted, PasswordVerified, "50074"},
		{`{"id":"a","status":{"errorCode":53003}}`, ResultInterrupted, PasswordVerified, "53003"},
		{`{"id":"a","status":{"errorCode":50053}}`, ResultFailure, PasswordCantTell, "50053"},
		{`{"id":"a","status":{"errorCode":99999}}`, ResultFailure, PasswordCantTell, "99999"},
	}
	for _, tt := range tests {
		s := signInFromJSON(t, tt.json)
		if s.Result() != tt.result || s.Password() != tt.password || s.CodeText() != tt.code {
			t.Errorf("%s: %s, password %s, code %q; want %s, %s, %q", tt.json, s.Result(), s.Password(), s.CodeText(),
				tt.result, tt.password, tt.code)
		}
	}
}

// TestAbsentIsInteractiveIsUnknown: an isInteractive Graph left out is
// neither yes nor no.
func TestAbsentIsInteractiveIsUnknown(t *testing.T) {
	for js, want := range map[string]Tri{`{"id":"a"}`: TriUnknown, `{"id":"a","isInteractive":true}`: Yes, `{"id":"a","isInteractive":false}`: No} {
		if got := signInFromJSON(t, js).Interactive; got != want {
			t.Errorf("%s: %v, want %v", js, got, want)
		}
	}
}
