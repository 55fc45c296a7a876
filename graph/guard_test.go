package graph

import "testing"

func TestPartOf(t *testing.T) {
	vs := StandardVerdicts()
	safe, _ := vs.Named("confirmSafe")
	comp, _ := vs.Named("confirmCompromised")
	dismiss, _ := vs.Named("dismiss")
	tests := []struct {
		v      Verdict
		prior  string
		state  RiskState
		loaded bool
		want   Part
	}{
		{safe, "", RiskStateAtRisk, true, PartOpen},
		{safe, "", RiskStateNone, true, PartNeverFlagged},
		{comp, "", RiskStateNone, true, PartNeverFlagged},
		{dismiss, "", RiskStateNone, true, PartDecided},
		{safe, "confirmCompromised", RiskStateAtRisk, true, PartConflict}, // Graph has not applied it yet
		{comp, "confirmSafe", "", false, PartConflict},
		{comp, "dismiss", RiskStateDismissed, true, PartConflict},
		{safe, "dismiss", RiskStateAtRisk, true, PartDecided},
		{safe, "confirmSafe", RiskStateConfirmedSafe, true, PartDecided},
		{safe, "", RiskStateConfirmedCompromised, true, PartConflict},
		{dismiss, "", RiskStateConfirmedCompromised, true, PartConflict},
		{safe, "", RiskStateDismissed, true, PartDecided},
		{comp, "", RiskStateRemediated, true, PartDecided},
		{safe, "", "", false, PartUnknown},
		{safe, "", "unknownFutureValue", true, PartUnknown},
		{safe, "", "", true, PartUnknown},
	}
	for _, tt := range tests {
		if got := vs.PartOf(tt.v, tt.prior, tt.state, tt.loaded); got != tt.want {
			t.Errorf("%s on %q (prior %q, loaded %v): %s, want %s", tt.v, tt.state, tt.prior, tt.loaded, got, tt.want)
		}
	}
}
