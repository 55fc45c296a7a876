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

// EventCheck is what an analyst checks before a verdict on a sign-in with
// this risk detection type, in one line condensed from
// docs/risk-events.md (which gives the sources); "" for a type not in
// the table.
func EventCheck(eventType string) string {
	return eventTypes[eventType].check
}

// eventType is what the program knows of a risk detection type.
type eventType struct {
	short, meaning, check string
}

var eventTypes = map[string]eventType{
	"anonymizedIPAddress":                  {"anonIP", "Anonymous IP address: from an anonymizer such as Tor or an anonymizing VPN.", "Does the user or the company use this VPN? Compare the IP's owner with the user's usual IPs; then the password and MFA."},
	"unfamiliarFeatures":                   {"unfamiliar", "Unfamiliar sign-in properties: IP, ASN, location, device or browser not seen recently for this user.", "Which properties are new against the user's history: country, IP and ASN, device, OS and browser, app?"},
	"unlikelyTravel":                       {"travel", "Atypical travel: two places too far apart for the time between the sign-ins.", "Compare both sign-ins with the user's history: a confirmed trip, a work IP or a sanctioned VPN is safe; else compromised."},
	"maliciousIPAddress":                   {"malIP", "Malicious IP address: many failed sign-ins from it, or known bad by threat intelligence.", "Find the other sign-ins from this IP: did they fail, for which users? A work IP is safe; else reset and revoke."},
	"malwareInfectedIPAddress":             {"malwareIP", "Malware-linked IP address: seen talking to a bot server (deprecated: no longer generated).", "As for a malicious IP: the other sign-ins from this IP, and whether it is one the user works from."},
	"suspiciousIPAddress":                  {"suspIP", "Malicious IP address (older name): an IP known to be malicious at the time of the sign-in.", "As for a malicious IP: the other sign-ins from this IP, and whether it is one the user works from."},
	"leakedCredentials":                    {"leaked", "Leaked credentials: the user's valid password was found leaked (paste sites, dark web).", "Microsoft's guidance: confirm compromised and reset the password; then which sign-ins used it, legacy ones first."},
	"investigationsThreatIntelligence":     {"threatIntel", "Threat intelligence: activity unusual for the user or matching a known attack pattern.", "Read its reason: a suspicious IP failing for many users, a spray, or a pattern; check as for that."},
	"passwordSpray":                        {"spray", "Password spray: many accounts tried with common passwords, and this one's was right.", "The password is known even if MFA stopped it: reset it. Look for the same IP, ASN, agent and timing across users."},
	"newCountry":                           {"newCountry", "New country: a country new or infrequent for this user and the tenant (Defender for Cloud Apps).", "Is the country new for the user and the organization? Known travel, a VPN or mobile exit, how MFA was met."},
	"mcasImpossibleTravel":                 {"impTravel", "Impossible travel (Defender for Cloud Apps): places too far apart for the time between.", "As for atypical travel; the Defender for Cloud Apps alert shows which activities were paired."},
	"impossibleTravel":                     {"impTravel", "Impossible travel (Defender for Cloud Apps): places too far apart for the time between.", "As for atypical travel; the Defender for Cloud Apps alert shows which activities were paired."},
	"anomalousToken":                       {"anomToken", "Anomalous token: unusual token lifetime, or a token replayed from an unfamiliar place.", "Compare location, app, IP and user agent with the user's history: unexpected is compromised (reset, revoke tokens)."},
	"tokenIssuerAnomaly":                   {"issuer", "Token issuer anomaly: the SAML token issuer may be compromised.", "As for an anomalous token; if the issuer is a federation server, other users' sign-ins through it are suspect."},
	"suspiciousBrowser":                    {"suspBrowser", "Suspicious browser: the same browser signing in across tenants from different countries.", "Is this browser and OS one the user uses, and does the activity match them? If not: compromised, reset."},
	"suspiciousInboxForwarding":            {"forwarding", "Suspicious inbox forwarding: rules that forward mail to an outside address.", "Does the rule still exist, where does it forward, which sign-in made it? Ask the user out of band."},
	"mcasSuspiciousInboxManipulationRules": {"inboxRules", "Suspicious inbox manipulation rules: rules that delete or move mail (Defender for Cloud Apps).", "As for inbox forwarding: the rule, what it hides, and the sign-in that created it."},
	"suspiciousAPITraffic":                 {"apiTraffic", "Suspicious API traffic: unusual Graph calls or directory enumeration.", "Which app and sign-in made the calls, and does the user run such tools?"},
	"mcasFinSuspiciousFileAccess":          {"fileAccess", "Mass access to sensitive files: unusual access to files (Defender for Cloud Apps).", "Open the Defender for Cloud Apps alert: which session and IP; a large download from a new place is a strong sign."},
	"attemptedPrtAccess":                   {"prt", "Attempted access to the Primary Refresh Token: a possible pass-the-PRT attack on the device.", "Which device? Then the user's sign-ins from other devices or IPs after the attempt; remediate promptly."},
	"suspiciousSendingPatterns":            {"sending", "Suspicious sending patterns: mail sent in a pattern unusual for this user.", "The sign-ins behind the sending (IP, client app: SMTP is legacy) and any inbox rules."},
	"userReportedSuspiciousActivity":       {"userReported", "User reported suspicious activity: the user denied an MFA prompt and reported it.", "Find the sign-in that raised the prompt: MFA not completed after the password means someone has it: reset."},
	"attackerinTheMiddle":                  {"AitM", "Attacker in the middle: the sign-in passed through a malicious reverse proxy.", "MFA does not help: the proxy relays it. Sign-ins reusing the session from another IP or device are the attacker's."},
	"adminConfirmedUserCompromised":        {"adminConfirmed", "An administrator confirmed the user compromised.", "Is the confirmation still current (remediated since?), and who made it?"},
	"anomalousUserActivity":                {"userActivity", "Anomalous user activity: unusual directory changes, by this user or to this user's object.", "The directory changes in the audit log: who made them, from which sign-in, and were they expected?"},
	"riskyIPAddress":                       {"riskyIP", "Activity from anonymous IP address: Defender for Cloud Apps saw the user behind an anonymous proxy.", "As for an anonymous IP; the Defender for Cloud Apps alert shows the activity behind it."},
	"nationStateIP":                        {"actorIP", "Verified threat actor IP: an IP tied to a nation-state actor or cybercrime group (always high).", "The IP is the actor's: check how far they got (password, MFA, result, app) and other users from the IP."},
	"generic":                              {"generic", "Additional risk detected: a premium detection shown as generic without Entra ID P2.", "The type tells no more without P2: weigh the sign-in's own signals (IP, device, password, MFA, history)."},
}
