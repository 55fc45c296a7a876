package graph

import (
	"fmt"
	"testing"
)

// The quick look for unknown enum members reads every property the
// rewrite would: a property added to enumParsers and not to enumValues
// would let an unknown member through as a blank.
func TestTheQuickLookReadsEveryEnumProperty(t *testing.T) {
	for _, path := range []string{"/v1.0/auditLogs/signIns", "/v1.0/identityProtection/riskDetections", "/v1.0/identityProtection/riskyUsers/x"} {
		for name := range enumParsers(path) {
			body := fmt.Sprintf(`{"value":[{"id":"a"},{"id":"b",%q:"aMemberGraphAddedLater"}]}`, name)
			if !anyUnknownEnum([]byte(body), enumParsers(path)) {
				t.Errorf("%s: an unknown %s went unseen", path, name)
			}
			if _, ok := keepUnknownEnums([]byte(body), enumParsers(path)); !ok {
				t.Errorf("%s: an unknown %s was not kept", path, name)
			}
		}
	}
	policy := `{"value":[{"appliedConditionalAccessPolicies":[{"result":"success"},{"result":"aResultGraphAddedLater"}]}]}`
	if !anyUnknownEnum([]byte(policy), enumParsers("/v1.0/auditLogs/signIns")) {
		t.Error("an unknown policy result went unseen")
	}
	known := `{"value":[{"riskState":"atRisk","riskLevelAggregated":"high","appliedConditionalAccessPolicies":[{"result":"success"}]}]}`
	if anyUnknownEnum([]byte(known), enumParsers("/v1.0/auditLogs/signIns")) {
		t.Error("a page of known members was taken for one with unknown ones")
	}
}
