package graph

import (
	"strings"
	"sync"
)

// interner keeps one copy of each repeated string (user, app, place,
// device, enum names): a tenant's sign-ins repeat a few hundred users and
// apps across hundreds of thousands of rows, and sharing their bytes keeps
// a loaded sign-in well under the 1 KB budget. Unique values (IDs) are not
// interned. It grows with the distinct values seen, which are few.
type interner struct {
	mu       sync.Mutex
	m        map[string]string
	events   map[string][]string
	policies map[string][]Policy
	places   map[Place]*Place
	devices  map[DeviceInfo]*DeviceInfo
}

func newInterner() *interner {
	return &interner{m: map[string]string{}, events: map[string][]string{}, policies: map[string][]Policy{},
		places: map[Place]*Place{}, devices: map[DeviceInfo]*DeviceInfo{}}
}

// place shares one *Place among sign-ins from the same place.
func (in *interner) place(p Place) *Place {
	in.mu.Lock()
	defer in.mu.Unlock()
	if v, ok := in.places[p]; ok {
		return v
	}
	v := &p
	in.places[p] = v
	return v
}

// device shares one *DeviceInfo among sign-ins from the same device.
func (in *interner) device(d DeviceInfo) *DeviceInfo {
	in.mu.Lock()
	defer in.mu.Unlock()
	if v, ok := in.devices[d]; ok {
		return v
	}
	v := &d
	in.devices[d] = v
	return v
}

// eventList shares one slice among every sign-in with the same risk event
// types. Callers never modify it.
func (in *interner) eventList(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	key := strings.Join(v, "\x00")
	in.mu.Lock()
	defer in.mu.Unlock()
	if s, ok := in.events[key]; ok {
		return s
	}
	in.events[key] = v
	return v
}

// policyList shares one slice among every sign-in with the same applied
// policies and results. Callers never modify it.
func (in *interner) policyList(v []Policy) []Policy {
	if len(v) == 0 {
		return nil
	}
	var b strings.Builder
	for _, p := range v {
		b.WriteString(p.Name)
		b.WriteByte(0)
		b.WriteString(p.Result)
		b.WriteByte(0)
		b.WriteString(p.Grant)
		b.WriteByte(0)
	}
	key := b.String()
	in.mu.Lock()
	defer in.mu.Unlock()
	if s, ok := in.policies[key]; ok {
		return s
	}
	in.policies[key] = v
	return v
}

func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if v, ok := in.m[s]; ok {
		return v
	}
	in.m[s] = s
	return s
}
