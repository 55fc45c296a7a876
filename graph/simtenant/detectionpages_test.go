package simtenant

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

type detectionReply struct {
	Value    []Detection `json:"value"`
	NextLink string      `json:"@odata.nextLink"`
}

func getDetections(t *testing.T, rawURL string) detectionReply {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body detectionReply
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", rawURL, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("decoding %s: %v", rawURL, err)
	}
	return body
}

func detectionsURL(s *Server, requestID string, top int) string {
	v := url.Values{"$filter": {"requestId eq '" + requestID + "'"}}
	if top != 0 {
		v.Set("$top", strconv.Itoa(top))
	}
	return s.URL() + "/identityProtection/riskDetections?" + v.Encode()
}

// TestManyDetectionsComeInOneReply: without DetectionPage, the newest
// sign-in's ManyDetections come in one reply whatever $top asks, each
// once, as a hostile server would send them.
func TestManyDetectionsComeInOneReply(t *testing.T) {
	s := start(t, Options{SignIns: 20, ManyDetections: 3000})
	newest := s.SignIns()[0]
	got := getDetections(t, detectionsURL(s, newest.ID, 50))
	want := len(newest.RiskEventTypesV2) + 3000
	if len(got.Value) != want || got.NextLink != "" {
		t.Fatalf("%d detections, nextLink %q; want %d in one reply", len(got.Value), got.NextLink, want)
	}
	seen := map[string]bool{}
	for _, d := range got.Value {
		if d.RequestID != newest.ID || seen[d.ID] {
			t.Fatalf("detection %+v: not the newest sign-in's, or twice", d)
		}
		seen[d.ID] = true
	}
}

// TestPagedDetections: with DetectionPage, detections come $top at a
// time (Graph's 20 when not asked), at most DetectionPage a page, with a
// nextLink that keeps the filter and $top, until every one has come once.
func TestPagedDetections(t *testing.T) {
	s := start(t, Options{SignIns: 20, ManyDetections: 130, DetectionPage: 500})
	newest := s.SignIns()[0]
	want := len(newest.RiskEventTypesV2) + 130
	for _, tc := range []struct{ top, first int }{{0, 20}, {50, 50}, {5000, want}} {
		link, pages, seen := detectionsURL(s, newest.ID, tc.top), 0, map[string]bool{}
		for link != "" {
			got := getDetections(t, link)
			if pages == 0 && len(got.Value) != tc.first {
				t.Errorf("$top=%d: first page of %d, want %d", tc.top, len(got.Value), tc.first)
			}
			for _, d := range got.Value {
				if d.RequestID != newest.ID || seen[d.ID] {
					t.Fatalf("$top=%d: detection %+v not the sign-in's, or twice", tc.top, d)
				}
				seen[d.ID] = true
			}
			link, pages = got.NextLink, pages+1
		}
		if len(seen) != want {
			t.Errorf("$top=%d: %d detections in %d pages, want %d", tc.top, len(seen), pages, want)
		}
	}
	// Another sign-in's few detections: one page, no link.
	other := s.SignIns()[1]
	if got := getDetections(t, detectionsURL(s, other.ID, 50)); len(got.Value) != len(other.RiskEventTypesV2) || got.NextLink != "" {
		t.Errorf("another sign-in: %d detections, nextLink %q", len(got.Value), got.NextLink)
	}
	// Short pages: fewer than $top asks, every page.
	short := start(t, Options{SignIns: 20, ManyDetections: 130, DetectionPage: 7})
	if got := getDetections(t, detectionsURL(short, newest.ID, 50)); len(got.Value) != 7 || got.NextLink == "" {
		t.Errorf("DetectionPage 7: a page of %d, nextLink %q", len(got.Value), got.NextLink)
	}
}
