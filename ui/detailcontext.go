package ui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/signin-triage/signin-triage/graph"
)

// contextLines is what the other sign-ins say of this one: this user's
// loaded count, where else the user's device signed in, the sign-in just
// before this one with the travel it implies, and who else used this IP.
//
// The loaded rows are the listing's (risky ones, as a rule), so the
// device and the previous sign-in come from the user's own log once U
// has read it, and say so; before, they say it is not read yet, never
// "none", which would read as "new device, no history".
func (ses *session) contextLines(s *graph.SignIn) [][2]string {
	var out [][2]string
	userCount, ipCount := 0, 0
	ipUsers := map[string]bool{}
	var mine []graph.SignIn
	for i := range ses.table.rows {
		o := &ses.table.rows[i]
		if s.IP != "" && o.IP == s.IP {
			ipCount++
			ipUsers[o.UserKey()] = true
		}
		if o.UserKey() == s.UserKey() && o.ID != s.ID {
			userCount++
			mine = append(mine, *o)
		}
	}
	out = append(out, [2]string{"This user", fmt.Sprintf("%s loaded besides this one", plural(userCount, "other sign-in"))})
	log, read := ses.userLogs[s.UserID]
	if read {
		mine = log.rows
	}
	onDevice, places := sameDevice(mine, s)
	prev := previousOf(mine, s)
	switch {
	case deviceOf(s).DeviceID == "":
		out = append(out, [2]string{"Same device", "unknown: the device has no ID (not registered in the tenant)"})
	case read && onDevice == 0:
		out = append(out, [2]string{"Same device", "on none of this user's other sign-ins; searched " + log.searched()})
	case read:
		out = append(out, [2]string{"Same device", fmt.Sprintf("on %s of this user, from %s; searched %s",
			plural(onDevice, "other sign-in"), strings.Join(places, "; "), log.searched())})
	case onDevice == 0:
		out = append(out, [2]string{"Same device", "not known yet: U reads the user's log; no loaded sign-in shares it"})
	default:
		out = append(out, [2]string{"Same device", fmt.Sprintf("on %s of this user, from %s; U reads the user's log",
			plural(onDevice, "other loaded sign-in"), strings.Join(places, "; "))})
	}
	switch {
	case read && prev == nil:
		out = append(out, [2]string{"Previous sign-in", "none in the user's log; searched " + log.searched()})
	case prev == nil:
		out = append(out, [2]string{"Previous sign-in", "not known yet: U reads the user's log; none earlier is loaded"})
	default:
		text := fmt.Sprintf("%s from %s (%s)", timeText(prev.Created), orDashText(prev.Location()), orDashText(prev.IP))
		if read {
			text += "; from the user's log"
		} else {
			text += ": the latest loaded; U reads the user's log"
		}
		out = append(out, [2]string{"Previous sign-in", text}, [2]string{"Travel", travelText(prev, s)})
	}
	if s.IP != "" {
		out = append(out, [2]string{"Same IP", fmt.Sprintf("%s by %s", plural(ipCount, "sign-in"), plural(len(ipUsers), "user"))})
	}
	return out
}

// sameDevice counts the other sign-ins among rows on the device of s,
// and names their places, each once.
func sameDevice(rows []graph.SignIn, s *graph.SignIn) (count int, places []string) {
	device := deviceOf(s).DeviceID
	for i := range rows {
		o := &rows[i]
		if device == "" || o.ID == s.ID || deviceOf(o).DeviceID != device {
			continue
		}
		count++
		if p := orDashText(o.Location()); !slices.Contains(places, p) {
			places = append(places, p)
		}
	}
	return count, places
}

// previousOf is the latest sign-in among rows before s.
func previousOf(rows []graph.SignIn, s *graph.SignIn) *graph.SignIn {
	var prev *graph.SignIn
	for i := range rows {
		o := &rows[i]
		if o.ID != s.ID && o.Created.Before(s.Created) && (prev == nil || o.Created.After(prev.Created)) {
			prev = o
		}
	}
	return prev
}

// travelText is the distance and the speed it implies between two
// sign-ins, when both have coordinates.
func travelText(from, to *graph.SignIn) string {
	a, b := placeOf(from), placeOf(to)
	if !a.HasCoordinates || !b.HasCoordinates {
		return "unknown: a location has no coordinates"
	}
	km := distanceKm(a.Latitude, a.Longitude, b.Latitude, b.Longitude)
	elapsed := to.Created.Sub(from.Created)
	speed, ok := speedKmh(km, elapsed)
	if !ok {
		return fmt.Sprintf("%.0f km at the same moment", km)
	}
	text := fmt.Sprintf("%.0f km in %s: %.0f km/h", km, durationText(elapsed), speed)
	if speed > 1000 {
		text += " (faster than an airliner)"
	}
	return text
}

// distanceKm is the great-circle distance between two points (haversine,
// mean Earth radius).
func distanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKm = 6371.0088
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Min(1, math.Sqrt(h)))
}

// speedKmh is km covered in elapsed; not ok when no time passed.
func speedKmh(km float64, elapsed time.Duration) (float64, bool) {
	if elapsed <= 0 {
		return 0, false
	}
	return km / elapsed.Hours(), true
}

func durationText(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
	return fmt.Sprintf("%.1f days", d.Hours()/24)
}
