package graph

// EventMeaning is a one-line meaning of a risk detection type
// (riskEventType), from Microsoft's "What are risk detections?" page
// (docs/graph.md); "" for a type not in the table.
func EventMeaning(eventType string) string {
	return eventMeanings[eventType]
}

var eventMeanings = map[string]string{
	"anonymizedIPAddress":                  "Anonymous IP address: from an anonymizer such as Tor or an anonymizing VPN.",
	"unfamiliarFeatures":                   "Unfamiliar sign-in properties: IP, ASN, location, device or browser not seen recently for this user.",
	"unlikelyTravel":                       "Atypical travel: two places too far apart for the time between the sign-ins.",
	"maliciousIPAddress":                   "Malicious IP address: many failed sign-ins from it, or known bad by threat intelligence.",
	"malwareInfectedIPAddress":             "Malware-linked IP address: seen talking to a bot server (replaced by maliciousIPAddress).",
	"suspiciousIPAddress":                  "Suspicious IP address: Microsoft's signals flag activity from it.",
	"leakedCredentials":                    "Leaked credentials: the user's valid password was found leaked (paste sites, dark web).",
	"investigationsThreatIntelligence":     "Threat intelligence: activity unusual for the user or matching a known attack pattern.",
	"passwordSpray":                        "Password spray: many accounts tried with common passwords, and this one's was right.",
	"newCountry":                           "New country: a country this user or the tenant has not signed in from (Defender for Cloud Apps).",
	"mcasImpossibleTravel":                 "Impossible travel (Defender for Cloud Apps): places too far apart for the time between.",
	"impossibleTravel":                     "Impossible travel (Defender for Cloud Apps): places too far apart for the time between.",
	"anomalousToken":                       "Anomalous token: unusual token lifetime, or a token replayed from an unfamiliar place.",
	"tokenIssuerAnomaly":                   "Token issuer anomaly: the SAML token issuer may be compromised.",
	"suspiciousBrowser":                    "Suspicious browser: one browser signing in to many tenants or countries.",
	"suspiciousInboxForwarding":            "Suspicious inbox forwarding: rules that forward mail to an outside address.",
	"mcasSuspiciousInboxManipulationRules": "Suspicious inbox manipulation rules: rules that delete or move mail (Defender for Cloud Apps).",
	"suspiciousAPITraffic":                 "Suspicious API traffic: unusual Graph calls or directory enumeration.",
	"attackerinTheMiddle":                  "Attacker in the middle: the sign-in passed through a malicious reverse proxy.",
	"adminConfirmedUserCompromised":        "An administrator confirmed the user compromised.",
	"anomalousUserActivity":                "Anomalous user activity: unusual changes to the directory by this user.",
	"riskyIPAddress":                       "Risky IP address: activity from an IP Defender for Cloud Apps flags.",
	"nationStateIP":                        "Nation state IP: an IP Microsoft ties to a nation-state actor.",
	"generic":                              "Generic: risk detected with no more specific type.",
}
