package graph

import "strings"

// legacyClients are the clientAppUsed values of legacy authentication:
// Exchange ActiveSync and the "Other clients" of Conditional Access,
// which speak basic authentication and cannot do MFA (docs/graph.md,
// "Client apps"), with a short name for a narrow cell.
var legacyClients = map[string]string{
	"authenticated smtp":               "SMTP",
	"autodiscover":                     "AutoDiscover",
	"exchange activesync":              "ActiveSync",
	"exchange online powershell":       "EXO PowerShell",
	"exchange web services":            "EWS",
	"imap4":                            "IMAP4",
	"mapi over http":                   "MAPI",
	"offline address book":             "OAB",
	"outlook anywhere (rpc over http)": "RPC/HTTP",
	"outlook service":                  "Outlook Service",
	"pop3":                             "POP3",
	"reporting web services":           "Reporting WS",
	"other clients":                    "other",
}

// LegacyClient reports whether a sign-in's client app (clientAppUsed) is
// a legacy authentication protocol, and a short name for it.
func LegacyClient(clientApp string) (short string, legacy bool) {
	short, legacy = legacyClients[strings.ToLower(clientApp)]
	return short, legacy
}
