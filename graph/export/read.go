package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
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

// fromRow reads CSV cells back into a record, in the order of fields.
func fromRow(row []string) (Record, error) {
	var r Record
	for i, f := range fields() {
		if err := f.parse(&r, strings.TrimPrefix(row[i], "'")); err != nil { // the prefix undoes Defuse
			return r, fmt.Errorf("column %s: %w", f.name, err)
		}
	}
	return r, nil
}
