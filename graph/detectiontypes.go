package graph

// EventMeaning is a one-line meaning of a risk detection type
// (riskEventType), from Microsoft's "What are risk detections?" page and
// Graph's riskDetection resource; docs/risk-events.md gives each one's
// source and what an analyst checks. "" for a type not in the table.
func EventMeaning(eventType string) string {
	return eventMeanings[eventType]
}

var eventMeanings = map[string]string{
	"anonymizedIPAddress":                  "Anonymous IP address: from an anonymizer such as Tor or an anonymizing VPN.",
	"unfamiliarFeatures":                   "Unfamiliar sign-in properties: IP, ASN, location, device or browser not seen recently for this user.",
	"unlikelyTravel":                       "Atypical travel: two places too far apart for the time between the sign-ins.",
	"maliciousIPAddress":                   "Malicious IP address: many failed sign-ins from it, or known bad by threat intelligence.",
	"malwareInfectedIPAddress":             "Malware-linked IP address: seen talking to a bot server (deprecated: no longer generated).",
	"suspiciousIPAddress":                  "Malicious IP address (older name): an IP known to be malicious at the time of the sign-in.",
	"leakedCredentials":                    "Leaked credentials: the user's valid password was found leaked (paste sites, dark web).",
	"investigationsThreatIntelligence":     "Threat intelligence: activity unusual for the user or matching a known attack pattern.",
	"passwordSpray":                        "Password spray: many accounts tried with common passwords, and this one's was right.",
	"newCountry":                           "New country: a country new or infrequent for this user and the tenant (Defender for Cloud Apps).",
	"mcasImpossibleTravel":                 "Impossible travel (Defender for Cloud Apps): places too far apart for the time between.",
	"impossibleTravel":                     "Impossible travel (Defender for Cloud Apps): places too far apart for the time between.",
	"anomalousToken":                       "Anomalous token: unusual token lifetime, or a token replayed from an unfamiliar place.",
	"tokenIssuerAnomaly":                   "Token issuer anomaly: the SAML token issuer may be compromised.",
	"suspiciousBrowser":                    "Suspicious browser: the same browser signing in across tenants from different countries.",
	"suspiciousInboxForwarding":            "Suspicious inbox forwarding: rules that forward mail to an outside address.",
	"mcasSuspiciousInboxManipulationRules": "Suspicious inbox manipulation rules: rules that delete or move mail (Defender for Cloud Apps).",
	"suspiciousAPITraffic":                 "Suspicious API traffic: unusual Graph calls or directory enumeration.",
	"mcasFinSuspiciousFileAccess":          "Mass access to sensitive files: unusual access to files (Defender for Cloud Apps).",
	"attemptedPrtAccess":                   "Attempted access to the Primary Refresh Token: a possible pass-the-PRT attack on the device.",
	"suspiciousSendingPatterns":            "Suspicious sending patterns: mail sent in a pattern unusual for this user.",
	"userReportedSuspiciousActivity":       "User reported suspicious activity: the user denied an MFA prompt and reported it.",
	"attackerinTheMiddle":                  "Attacker in the middle: the sign-in passed through a malicious reverse proxy.",
	"adminConfirmedUserCompromised":        "An administrator confirmed the user compromised.",
	"anomalousUserActivity":                "Anomalous user activity: unusual directory changes, by this user or to this user's object.",
	"riskyIPAddress":                       "Activity from anonymous IP address: Defender for Cloud Apps saw the user behind an anonymous proxy.",
	"nationStateIP":                        "Verified threat actor IP: an IP tied to a nation-state actor or cybercrime group (always high).",
	"generic":                              "Additional risk detected: a premium detection shown as generic without Entra ID P2.",
}
