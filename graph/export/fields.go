package export

import (
	"encoding/json"
	"strconv"
	"time"
)

// field is one column of an export. Its name is both the CSV header and
// the JSON key of the Record field it stands for; cell writes that field as
// a CSV cell and parse reads it back. The table below is the one place a
// column is defined: the CSV header, the writer and the reader all range
// over it, and a test checks every Record field is in it.
type field struct {
	name  string
	cell  func(r *Record) string
	parse func(r *Record, cell string) error
}

// fields is every column, in Record's order.
func fields() []field {
	return []field{
		text("id", func(r *Record) *string { return &r.ID }),
		{"createdDateTime", func(r *Record) string { return r.CreatedDateTime.Format(time.RFC3339Nano) },
			func(r *Record, c string) (err error) {
				r.CreatedDateTime, err = time.Parse(time.RFC3339Nano, c)
				return err
			}},
		text("userDisplayName", func(r *Record) *string { return &r.UserDisplayName }),
		text("userPrincipalName", func(r *Record) *string { return &r.UserPrincipalName }),
		text("userId", func(r *Record) *string { return &r.UserID }),
		text("appDisplayName", func(r *Record) *string { return &r.AppDisplayName }),
		text("appId", func(r *Record) *string { return &r.AppID }),
		text("resourceDisplayName", func(r *Record) *string { return &r.ResourceDisplayName }),
		text("resourceId", func(r *Record) *string { return &r.ResourceID }),
		text("clientAppUsed", func(r *Record) *string { return &r.ClientAppUsed }),
		text("ipAddress", func(r *Record) *string { return &r.IPAddress }),
		text("city", func(r *Record) *string { return &r.City }),
		text("state", func(r *Record) *string { return &r.State }),
		text("countryOrRegion", func(r *Record) *string { return &r.CountryOrRegion }),
		optionalFloat("latitude", func(r *Record) **float64 { return &r.Latitude }),
		optionalFloat("longitude", func(r *Record) **float64 { return &r.Longitude }),
		text("deviceName", func(r *Record) *string { return &r.DeviceName }),
		text("deviceId", func(r *Record) *string { return &r.DeviceID }),
		text("operatingSystem", func(r *Record) *string { return &r.OperatingSystem }),
		text("browser", func(r *Record) *string { return &r.Browser }),
		optionalBool("isCompliant", func(r *Record) **bool { return &r.IsCompliant }),
		optionalBool("isManaged", func(r *Record) **bool { return &r.IsManaged }),
		text("trustType", func(r *Record) *string { return &r.TrustType }),
		{"statusErrorCode", func(r *Record) string {
			if r.StatusErrorCode == nil {
				return ""
			}
			return strconv.Itoa(int(*r.StatusErrorCode))
		}, func(r *Record, c string) error {
			if c == "" {
				r.StatusErrorCode = nil
				return nil
			}
			code, err := strconv.ParseInt(c, 10, 32)
			v := int32(code)
			r.StatusErrorCode = &v
			return err
		}},
		text("failureReason", func(r *Record) *string { return &r.FailureReason }),
		text("statusAdditionalDetails", func(r *Record) *string { return &r.StatusAdditionalDetails }),
		text("conditionalAccessStatus", func(r *Record) *string { return &r.ConditionalAccessStatus }),
		asJSON("appliedConditionalAccessPolicies", func(r *Record) any { return &r.AppliedPolicies }),
		text("riskLevelAggregated", func(r *Record) *string { return &r.RiskLevelAggregated }),
		text("riskLevelDuringSignIn", func(r *Record) *string { return &r.RiskLevelDuringSignIn }),
		text("riskState", func(r *Record) *string { return &r.RiskState }),
		text("riskDetail", func(r *Record) *string { return &r.RiskDetail }),
		asJSON("riskEventTypes", func(r *Record) any { return &r.RiskEventTypes }),
		text("correlationId", func(r *Record) *string { return &r.CorrelationID }),
		optionalBool("isInteractive", func(r *Record) **bool { return &r.IsInteractive }),
		text("sessionVerdict", func(r *Record) *string { return &r.SessionVerdict }),
		{"sessionVerdictTime", func(r *Record) string {
			if r.SessionTime == nil {
				return ""
			}
			return r.SessionTime.UTC().Format(time.RFC3339Nano)
		}, func(r *Record, c string) error {
			if c == "" {
				r.SessionTime = nil
				return nil
			}
			t, err := time.Parse(time.RFC3339Nano, c)
			r.SessionTime = &t
			return err
		}},
		text("sessionRequestId", func(r *Record) *string { return &r.SessionRequestID }),
		text("sessionNote", func(r *Record) *string { return &r.SessionNote }),
	}
}

// columns is the CSV header.
func columns() []string {
	fs := fields()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return names
}

// text is a string column.
func text(name string, at func(*Record) *string) field {
	return field{name,
		func(r *Record) string { return *at(r) },
		func(r *Record, c string) error { *at(r) = c; return nil }}
}

// optionalFloat is a number column; an empty cell is no value.
func optionalFloat(name string, at func(*Record) **float64) field {
	return field{name,
		func(r *Record) string {
			if p := *at(r); p != nil {
				return strconv.FormatFloat(*p, 'g', -1, 64)
			}
			return ""
		},
		func(r *Record, c string) error {
			if c == "" {
				*at(r) = nil
				return nil
			}
			f, err := strconv.ParseFloat(c, 64)
			*at(r) = &f
			return err
		}}
}

// optionalBool is a true/false column; an empty cell is no value.
func optionalBool(name string, at func(*Record) **bool) field {
	return field{name,
		func(r *Record) string {
			if p := *at(r); p != nil {
				return strconv.FormatBool(*p)
			}
			return ""
		},
		func(r *Record, c string) error {
			if c == "" {
				*at(r) = nil
				return nil
			}
			b, err := strconv.ParseBool(c)
			*at(r) = &b
			return err
		}}
}

// asJSON is a list column, written as JSON inside the cell.
func asJSON(name string, at func(*Record) any) field {
	return field{name,
		func(r *Record) string {
			b, _ := json.Marshal(at(r))
			return string(b)
		},
		func(r *Record, c string) error { return json.Unmarshal([]byte(c), at(r)) }}
}
