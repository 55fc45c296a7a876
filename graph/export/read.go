package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ReadJSON reads a JSON export back.
func ReadJSON(r io.Reader) ([]Record, error) {
	var out []Record
	if err := json.NewDecoder(r).Decode(&out); err != nil {
		return nil, fmt.Errorf("reading the JSON export: %w", err)
	}
	return out, nil
}

// ReadCSV reads a CSV export back.
func ReadCSV(r io.Reader) ([]Record, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the CSV header: %w", err)
	}
	if !slices.Equal(header, columns()) {
		return nil, fmt.Errorf("the CSV header is not signin-triage's")
	}
	var out []Record
	for line := 2; ; line++ {
		row, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("CSV line %d: %w", line, err)
		}
		rec, err := fromRow(row)
		if err != nil {
			return nil, fmt.Errorf("CSV line %d: %w", line, err)
		}
		out = append(out, rec)
	}
}

func fromRow(row []string) (Record, error) {
	for i := range row {
		row[i] = strings.TrimPrefix(row[i], "'") // undo defuse
	}
	var r Record
	var err error
	get := func(i int) string { return row[i] }
	r.ID = get(0)
	if r.CreatedDateTime, err = time.Parse(time.RFC3339Nano, get(1)); err != nil {
		return r, err
	}
	r.UserDisplayName, r.UserPrincipalName, r.UserID = get(2), get(3), get(4)
	r.AppDisplayName, r.AppID, r.ResourceDisplayName, r.ResourceID, r.ClientAppUsed = get(5), get(6), get(7), get(8), get(9)
	r.IPAddress, r.City, r.State, r.CountryOrRegion = get(10), get(11), get(12), get(13)
	if r.Latitude, err = parseFloat(get(14)); err != nil {
		return r, err
	}
	if r.Longitude, err = parseFloat(get(15)); err != nil {
		return r, err
	}
	r.DeviceName, r.DeviceID, r.OperatingSystem, r.Browser = get(16), get(17), get(18), get(19)
	if r.IsCompliant, err = parseBool(get(20)); err != nil {
		return r, err
	}
	if r.IsManaged, err = parseBool(get(21)); err != nil {
		return r, err
	}
	r.TrustType = get(22)
	code, err := strconv.Atoi(get(23))
	if err != nil {
		return r, err
	}
	r.StatusErrorCode = int32(code)
	r.FailureReason, r.StatusAdditionalDetails, r.ConditionalAccessStatus = get(24), get(25), get(26)
	if err := json.Unmarshal([]byte(get(27)), &r.AppliedPolicies); err != nil {
		return r, err
	}
	r.RiskLevelAggregated, r.RiskLevelDuringSignIn, r.RiskState, r.RiskDetail = get(28), get(29), get(30), get(31)
	if err := json.Unmarshal([]byte(get(32)), &r.RiskEventTypes); err != nil {
		return r, err
	}
	r.CorrelationID = get(33)
	r.IsInteractive, err = strconv.ParseBool(get(34))
	return r, err
}

func parseFloat(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	return &f, err
}

func parseBool(s string) (*bool, error) {
	if s == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(s)
	return &b, err
}
