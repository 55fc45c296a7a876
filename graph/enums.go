package graph

import (
	"bytes"
	"encoding/json"
	"io"
	nethttp "net/http"
	"strings"

	khttp "github.com/microsoft/kiota-http-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// rawSuffix marks where enumKeeper keeps an enum value the SDK does not
// know: the SDK leaves such a field empty, and the value lands in the
// model's AdditionalData under this name instead.
const rawSuffix = "@signin-triage.raw"

// enumKeeper is a middleware for sign-in pages. Graph adds enum members
// over time (riskDetail, a policy's result, ...); the SDK turns a member it
// does not know into nothing. enumKeeper copies each such value to a
// property of its own, so the analyst sees what Graph said rather than a
// blank. Pages with nothing unknown pass through untouched.
type enumKeeper struct{}

// enumParsers are the sign-in's enum properties and the SDK's parser for
// each, which returns nil for a member it does not know.
func enumParsers() map[string]func(string) (any, error) {
	return map[string]func(string) (any, error){
		"riskState":               models.ParseRiskState,
		"riskDetail":              models.ParseRiskDetail,
		"riskLevelAggregated":     models.ParseRiskLevel,
		"riskLevelDuringSignIn":   models.ParseRiskLevel,
		"conditionalAccessStatus": models.ParseConditionalAccessStatus,
	}
}

func (enumKeeper) Intercept(p khttp.Pipeline, i int, req *nethttp.Request) (*nethttp.Response, error) {
	resp, err := p.Next(req, i)
	if err != nil || resp.StatusCode != nethttp.StatusOK || req.Method != nethttp.MethodGet ||
		!strings.Contains(req.URL.Path, "/auditLogs/signIns") {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if kept, ok := keepUnknownEnums(body); ok {
		body = kept
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// keepUnknownEnums rewrites a page whose sign-ins hold enum members the SDK
// does not know; ok is false when there are none (or the page is not JSON,
// which the SDK will report).
func keepUnknownEnums(body []byte) ([]byte, bool) {
	var page map[string]json.RawMessage
	if json.Unmarshal(body, &page) != nil {
		return nil, false
	}
	var values []map[string]any
	if json.Unmarshal(page["value"], &values) != nil {
		return nil, false
	}
	parsers, changed := enumParsers(), false
	for _, v := range values {
		for field, parse := range parsers {
			s, ok := v[field].(string)
			if !ok {
				continue
			}
			if known, _ := parse(s); known == nil {
				v[field+rawSuffix] = s
				delete(v, field)
				changed = true
			}
		}
		policies, _ := v["appliedConditionalAccessPolicies"].([]any)
		for _, p := range policies {
			pol, _ := p.(map[string]any)
			if s, ok := pol["result"].(string); ok {
				if known, _ := models.ParseAppliedConditionalAccessPolicyResult(s); known == nil {
					pol["result"+rawSuffix] = s
					delete(pol, "result")
					changed = true
				}
			}
		}
	}
	if !changed {
		return nil, false
	}
	b, err := json.Marshal(values)
	if err != nil {
		return nil, false
	}
	page["value"] = b
	out, err := json.Marshal(page)
	return out, err == nil
}

// raw is a value enumKeeper set aside, or "".
func raw(data map[string]any, field string) string {
	if s, ok := data[field+rawSuffix].(*string); ok && s != nil {
		return *s
	}
	if s, ok := data[field+rawSuffix].(string); ok {
		return s
	}
	return ""
}
