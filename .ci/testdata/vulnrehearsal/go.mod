// A module of its own, so that the main module's ./... never builds it and
// its old x/text never reaches signin-triage's go.mod.
module example.com/vulnrehearsal

go 1.26

require golang.org/x/text v0.3.5
