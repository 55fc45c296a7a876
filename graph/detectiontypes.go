package graph

// EventMeaning is a one-line meaning of a risk detection type
// (riskEventType), from Microsoft's "What are risk detections?" page and
// Graph's riskDetection resource; docs/risk-events.md gives each one's
// source and what an analyst checks. "" for a type not in the table.
func EventMeaning(eventType string) string {
	return eventTypes[eventType].meaning
}

// EventShort is a short form of a risk detection type, for a table cell
// too narrow for the full names ("anonIP" for anonymizedIPAddress); the
// type itself when it has none.
func EventShort(eventType string) string {
	if short := eventTypes[eventType].short; short != "" {
		return short
	}
	return eventType
}

// eventType is what the program knows of a risk detection type.
type eventType struct {
	short, meaning string
}

var eventTypes = map[string]eventType{
	"anonymizedIPAddress":                  {"anonIP", "Anonymous IP address: from an anonymizer such as Tor or an anonymizing VPN."},
	"unfamiliarFeatures":                   {"unfamiliar", "Unfamiliar sign-in properties: IP, ASN, location, device or browser not seen recently for this user."},
	"unlikelyTravel":                       {"travel", "Atypical travel: two places too far apart for the time between the sign-ins."},
	"maliciousIPAddress":                   {"malIP", "Malicious IP address: many failed sign-ins from it, or known bad by threat intelligence."},
	"malwareInfectedIPAddress":             {"malwareIP", "Malware-linked IP address: seen talking to a bot server (deprecated: no longer generated)."},
	"suspiciousIPAddress":                  {"suspIP", "Malicious IP address (older name): an IP known to be malicious at the time of the sign-in."},
	"leakedCredentials":                    {"leaked", "Leaked credentials: the user's valid password was found leaked (paste sites, dark web)."},
	"investigationsThreatIntelligence":     {"threatIntel", "Threat intelligence: activity unusual for the user or matching a known attack pattern."},
	"passwordSpray":                        {"spray", "Password spray: many accounts tried with common passwords, and this one's was right."},
	"newCountry":                           {"newCountry", "New country: a country new or infrequent for this user and the tenant (Defender for Cloud Apps)."},
	"mcasImpossibleTravel":                 {"impTravel", "Impossible travel (Defender for Cloud Apps): places too far apart for the time between."},
	"impossibleTravel":                     {"impTravel", "Impossible travel (Defender for Cloud Apps): places too far apart for the time between."},
	"anomalousToken":                       {"anomToken", "Anomalous token: unusual token lifetime, or a token replayed from an unfamiliar place."},
	"tokenIssuerAnomaly":                   {"issuer", "Token issuer anomaly: the SAML token issuer may be compromised."},
	"suspiciousBrowser":                    {"suspBrowser", "Suspicious browser: the same browser signing in across tenants from different countries."},
	"suspiciousInboxForwarding":            {"forwarding", "Suspicious inbox forwarding: rules that forward mail to an outside address."},
	"mcasSuspiciousInboxManipulationRules": {"inboxRules", "Suspicious inbox manipulation rules: rules that delete or move mail (Defender for Cloud Apps)."},
	"suspiciousAPITraffic":                 {"apiTraffic", "Suspicious API traffic: unusual Graph calls or directory enumeration."},
	"mcasFinSuspiciousFileAccess":          {"fileAccess", "Mass access to sensitive files: unusual access to files (Defender for Cloud Apps)."},
	"attemptedPrtAccess":                   {"prt", "Attempted access to the Primary Refresh Token: a possible pass-the-PRT attack on the device."},
	"suspiciousSendingPatterns":            {"sending", "Suspicious sending patterns: mail sent in a pattern unusual for this user."},
	"userReportedSuspiciousActivity":       {"userReported", "User reported suspicious activity: the user denied an MFA prompt and reported it."},
	"attackerinTheMiddle":                  {"AitM", "Attacker in the middle: the sign-in passed through a malicious reverse proxy."},
	"adminConfirmedUserCompromised":        {"adminConfirmed", "An administrator confirmed the user compromised."},
	"anomalousUserActivity":                {"userActivity", "Anomalous user activity: unusual directory changes, by this user or to this user's object."},
	"riskyIPAddress":                       {"riskyIP", "Activity from anonymous IP address: Defender for Cloud Apps saw the user behind an anonymous proxy."},
	"nationStateIP":                        {"actorIP", "Verified threat actor IP: an IP tied to a nation-state actor or cybercrime group (always high)."},
	"generic":                              {"generic", "Additional risk detected: a premium detection shown as generic without Entra ID P2."},
}
