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

// enumKeeper is a middleware for the pages signin-triage reads (sign-ins,
// risk detections, risky users). Graph adds enum members over time
// (riskDetail, a policy's result, ...); the SDK turns a member it does not
// know into nothing. enumKeeper copies each such value to a property of its
// own, so the analyst sees what Graph said rather than a blank. Replies
// with nothing unknown pass through untouched.
type enumKeeper struct{}

type enumParser func(string) (any, error)

// enumParsers are the enum properties of the resource at path, with the
// SDK's parser for each, which returns nil for a member it does not know;
// nil for a path enumKeeper leaves alone.
func enumParsers(path string) map[string]enumParser {
	risk := map[string]enumParser{
		"riskState":  models.ParseRiskState,
		"riskDetail": models.ParseRiskDetail,
		"riskLevel":  models.ParseRiskLevel,
	}
	switch {
	case strings.Contains(path, "/auditLogs/signIns"):
		delete(risk, "riskLevel") // a sign-in has two levels instead
		risk["riskLevelAggregated"] = models.ParseRiskLevel
		risk["riskLevelDuringSignIn"] = models.ParseRiskLevel
		risk["conditionalAccessStatus"] = models.ParseConditionalAccessStatus
		return risk
	case strings.Contains(path, "/identityProtection/riskDetections"):
		risk["detectionTimingType"] = models.ParseRiskDetectionTimingType
		risk["activity"] = models.ParseActivityType
		return risk
	case strings.Contains(path, "/identityProtection/riskyUsers"):
		return risk
	}
	return nil
}

func (enumKeeper) Intercept(p khttp.Pipeline, i int, req *nethttp.Request) (*nethttp.Response, error) {
	resp, err := p.Next(req, i)
	parsers := enumParsers(req.URL.Path)
	if err != nil || resp.StatusCode != nethttp.StatusOK || req.Method != nethttp.MethodGet || parsers == nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if kept, ok := keepUnknownEnums(body, parsers); ok {
		body = kept
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// keepUnknownEnums rewrites a reply (a page under "value", or one entity)
// whose values hold enum members the SDK does not know; ok is false when
// there are none (or the reply is not JSON, which the SDK will report).
func keepUnknownEnums(body []byte, parsers map[string]enumParser) ([]byte, bool) {
	if !anyUnknownEnum(body, parsers) {
		return nil, false
	}
	var reply map[string]json.RawMessage
	if json.Unmarshal(body, &reply) != nil {
		return nil, false
	}
	page, isPage := reply["value"]
	if !isPage {
		var one map[string]any
		if json.Unmarshal(body, &one) != nil || !keepEntity(one, parsers) {
			return nil, false
		}
		out, err := json.Marshal(one)
		return out, err == nil
	}
	var values []map[string]any
	if json.Unmarshal(page, &values) != nil {
		return nil, false
	}
	changed := false
	for _, v := range values {
		changed = keepEntity(v, parsers) || changed
	}
	if !changed {
		return nil, false
	}
	b, err := json.Marshal(values)
	if err != nil {
		return nil, false
	}
	reply["value"] = b
	out, err := json.Marshal(reply)
	return out, err == nil
}

// enumValues are the enum properties enumKeeper reads, as one entity
// holds them. Decoding a page into them skips every other property
// without building a map of it: finding that a page of 999 sign-ins holds
// nothing unknown (nearly always) costs a fraction of decoding it whole,
// which was a fifth of the CPU a listing spends (docs/performance.md).
type enumValues struct {
	RiskState               *string `json:"riskState"`
	RiskDetail              *string `json:"riskDetail"`
	RiskLevel               *string `json:"riskLevel"`
	RiskLevelAggregated     *string `json:"riskLevelAggregated"`
	RiskLevelDuringSignIn   *string `json:"riskLevelDuringSignIn"`
	ConditionalAccessStatus *string `json:"conditionalAccessStatus"`
	DetectionTimingType     *string `json:"detectionTimingType"`
	Activity                *string `json:"activity"`
	Policies                []struct {
		Result *string `json:"result"`
	} `json:"appliedConditionalAccessPolicies"`
}

// field is the value of the enum property name; nil when absent or null.
func (v *enumValues) field(name string) *string {
	switch name {
	case "riskState":
		return v.RiskState
	case "riskDetail":
		return v.RiskDetail
	case "riskLevel":
		return v.RiskLevel
	case "riskLevelAggregated":
		return v.RiskLevelAggregated
	case "riskLevelDuringSignIn":
		return v.RiskLevelDuringSignIn
	case "conditionalAccessStatus":
		return v.ConditionalAccessStatus
	case "detectionTimingType":
		return v.DetectionTimingType
	case "activity":
		return v.Activity
	}
	return nil
}

// unknown reports an enum member of v that its parser does not know.
func (v *enumValues) unknown(parsers map[string]enumParser) bool {
	for name, parse := range parsers {
		if s := v.field(name); s != nil {
			if known, _ := parse(*s); known == nil {
				return true
			}
		}
	}
	for _, p := range v.Policies {
		if p.Result != nil {
			if known, _ := models.ParseAppliedConditionalAccessPolicyResult(*p.Result); known == nil {
				return true
			}
		}
	}
	return false
}

// anyUnknownEnum reports whether a reply (a page under "value", or one
// entity) holds an enum member its parser does not know, or may: a reply
// that does not decode here is left to the whole rewrite to judge.
func anyUnknownEnum(body []byte, parsers map[string]enumParser) bool {
	var reply struct {
		Value []enumValues `json:"value"`
		enumValues
	}
	if json.Unmarshal(body, &reply) != nil {
		return true
	}
	if reply.enumValues.unknown(parsers) {
		return true
	}
	for i := range reply.Value {
		if reply.Value[i].unknown(parsers) {
			return true
		}
	}
	return false
}

// keepEntity sets aside v's unknown enum members; it reports whether there
// were any.
func keepEntity(v map[string]any, parsers map[string]enumParser) bool {
	changed := false
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
	return changed
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
