package simtenant

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// predicate reports whether a sign-in matches a parsed $filter.
type predicate func(*SignIn) bool

// parseFilter parses the subset of OData $filter that Graph accepts on
// sign-ins: eq/ne/ge/le/gt/lt comparisons and startswith(field,'x'), joined
// with and/or, grouped with parentheses. An unknown field or a syntax error
// is an error, answered 400 like the service does.
func parseFilter(src string) (predicate, error) {
	if strings.TrimSpace(src) == "" {
		return func(*SignIn) bool { return true }, nil
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	pred, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("unexpected %q at the end of the filter", p.toks[p.pos].text)
	}
	return pred, nil
}

type tokKind int

const (
	tokIdent tokKind = iota
	tokString
	tokLParen
	tokRParen
	tokComma
)

type token struct {
	kind tokKind
	text string
}

func lex(src string) ([]token, error) {
	var toks []token
	rs := []rune(src)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{tokLParen, "("})
			i++
		case r == ')':
			toks = append(toks, token{tokRParen, ")"})
			i++
		case r == ',':
			toks = append(toks, token{tokComma, ","})
			i++
		case r == '\'':
			var b strings.Builder
			i++
			for {
				if i >= len(rs) {
					return nil, fmt.Errorf("unterminated string literal")
				}
				if rs[i] == '\'' {
					if i+1 < len(rs) && rs[i+1] == '\'' {
						b.WriteRune('\'')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteRune(rs[i])
				i++
			}
			toks = append(toks, token{tokString, b.String()})
		default:
			start := i
			for i < len(rs) && !unicode.IsSpace(rs[i]) && !strings.ContainsRune("(),'", rs[i]) {
				i++
			}
			toks = append(toks, token{tokIdent, string(rs[start:i])})
		}
	}
	return toks, nil
}

type parser struct {
	toks []token
	pos  int
}

func (p *parser) peekWord(w string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == tokIdent && strings.EqualFold(p.toks[p.pos].text, w)
}

func (p *parser) next() (token, error) {
	if p.pos >= len(p.toks) {
		return token{}, fmt.Errorf("the filter ends too early")
	}
	t := p.toks[p.pos]
	p.pos++
	return t, nil
}

func (p *parser) expect(k tokKind, what string) (token, error) {
	t, err := p.next()
	if err != nil {
		return t, err
	}
	if t.kind != k {
		return t, fmt.Errorf("expected %s, found %q", what, t.text)
	}
	return t, nil
}

func (p *parser) or() (predicate, error) {
	left, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peekWord("or") {
		p.pos++
		right, err := p.and()
		if err != nil {
			return nil, err
		}
		l := left
		left = func(s *SignIn) bool { return l(s) || right(s) }
	}
	return left, nil
}

func (p *parser) and() (predicate, error) {
	left, err := p.primary()
	if err != nil {
		return nil, err
	}
	for p.peekWord("and") {
		p.pos++
		right, err := p.primary()
		if err != nil {
			return nil, err
		}
		l := left
		left = func(s *SignIn) bool { return l(s) && right(s) }
	}
	return left, nil
}

func (p *parser) primary() (predicate, error) {
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	switch {
	case t.kind == tokLParen:
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		if _, err := p.expect(tokRParen, "')'"); err != nil {
			return nil, err
		}
		return inner, nil
	case t.kind == tokIdent && strings.EqualFold(t.text, "startswith"):
		return p.startswith()
	case t.kind == tokIdent && t.text == "signInEventTypes/any":
		return p.anyEventType()
	case t.kind == tokIdent:
		return p.comparison(t.text)
	}
	return nil, fmt.Errorf("unexpected %q", t.text)
}

func (p *parser) startswith() (predicate, error) {
	if _, err := p.expect(tokLParen, "'(' after startswith"); err != nil {
		return nil, err
	}
	field, err := p.expect(tokIdent, "a property name")
	if err != nil {
		return nil, err
	}
	get, ok := stringFields[field.text]
	if !ok {
		return nil, fmt.Errorf("startswith is not supported on %q", field.text)
	}
	if _, err := p.expect(tokComma, "','"); err != nil {
		return nil, err
	}
	lit, err := p.expect(tokString, "a string literal")
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tokRParen, "')'"); err != nil {
		return nil, err
	}
	prefix := strings.ToLower(lit.text)
	return func(s *SignIn) bool { return strings.HasPrefix(strings.ToLower(get(s)), prefix) }, nil
}

// anyEventType parses the lambda beta takes on signInEventTypes:
// signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser').
func (p *parser) anyEventType() (predicate, error) {
	if _, err := p.expect(tokLParen, "'(' after any"); err != nil {
		return nil, err
	}
	v, err := p.expect(tokIdent, "a lambda variable like t:")
	if err != nil || !strings.HasSuffix(v.text, ":") {
		return nil, fmt.Errorf("expected a lambda variable such as t")
	}
	name := strings.TrimSuffix(v.text, ":")
	var want []string
	for {
		if _, err := p.expect(tokIdent, name); err != nil {
			return nil, err
		}
		if op, err := p.expect(tokIdent, "eq"); err != nil || op.text != "eq" {
			return nil, fmt.Errorf("signInEventTypes/any takes eq comparisons only")
		}
		lit, err := p.expect(tokString, "a string literal")
		if err != nil {
			return nil, err
		}
		want = append(want, lit.text)
		if !p.peekWord("or") {
			break
		}
		p.pos++
	}
	if _, err := p.expect(tokRParen, "')'"); err != nil {
		return nil, err
	}
	return func(s *SignIn) bool {
		for _, t := range s.SignInEventTypes {
			for _, w := range want {
				if strings.EqualFold(t, w) {
					return true
				}
			}
		}
		return false
	}, nil
}

func (p *parser) comparison(field string) (predicate, error) {
	opTok, err := p.expect(tokIdent, "an operator")
	if err != nil {
		return nil, err
	}
	op := strings.ToLower(opTok.text)
	if !strings.Contains(" eq ne ge le gt lt ", " "+op+" ") {
		return nil, fmt.Errorf("unknown operator %q", opTok.text)
	}
	val, err := p.next()
	if err != nil {
		return nil, err
	}
	switch field {
	case "createdDateTime":
		if val.kind != tokIdent {
			return nil, fmt.Errorf("createdDateTime takes an unquoted date-time, found '%s'", val.text)
		}
		t, err := time.Parse(time.RFC3339Nano, val.text)
		if err != nil {
			return nil, fmt.Errorf("invalid date-time %q", val.text)
		}
		return func(s *SignIn) bool { return compare(s.CreatedDateTime.Compare(t), op) }, nil
	case "status/errorCode":
		n, err := strconv.Atoi(val.text)
		if val.kind != tokIdent || err != nil {
			return nil, fmt.Errorf("status/errorCode takes a number, found %q", val.text)
		}
		return func(s *SignIn) bool { return compare(cmpInt(int(s.Status.ErrorCode), n), op) }, nil
	}
	get, ok := stringFields[field]
	if !ok {
		return nil, fmt.Errorf("filtering on %q is not supported", field)
	}
	if val.kind != tokString {
		return nil, fmt.Errorf("%s takes a quoted string, found %s", field, val.text)
	}
	if op != "eq" && op != "ne" {
		return nil, fmt.Errorf("%s supports eq and ne only", field)
	}
	want := val.text
	return func(s *SignIn) bool {
		return strings.EqualFold(get(s), want) == (op == "eq")
	}, nil
}

func compare(c int, op string) bool {
	switch op {
	case "eq":
		return c == 0
	case "ne":
		return c != 0
	case "ge":
		return c >= 0
	case "le":
		return c <= 0
	case "gt":
		return c > 0
	case "lt":
		return c < 0
	}
	return false
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// stringFields are the string properties the service filters on.
var stringFields = map[string]func(*SignIn) string{
	"id":                       func(s *SignIn) string { return s.ID },
	"userId":                   func(s *SignIn) string { return s.UserID },
	"userPrincipalName":        func(s *SignIn) string { return s.UserPrincipalName },
	"userDisplayName":          func(s *SignIn) string { return s.UserDisplayName },
	"appId":                    func(s *SignIn) string { return s.AppID },
	"appDisplayName":           func(s *SignIn) string { return s.AppDisplayName },
	"ipAddress":                func(s *SignIn) string { return s.IPAddress },
	"clientAppUsed":            func(s *SignIn) string { return s.ClientAppUsed },
	"correlationId":            func(s *SignIn) string { return s.CorrelationID },
	"conditionalAccessStatus":  func(s *SignIn) string { return s.ConditionalAccessStatus },
	"riskState":                func(s *SignIn) string { return s.RiskState },
	"riskDetail":               func(s *SignIn) string { return s.RiskDetail },
	"riskLevelAggregated":      func(s *SignIn) string { return s.RiskLevelAggregated },
	"riskLevelDuringSignIn":    func(s *SignIn) string { return s.RiskLevelDuringSignIn },
	"location/city":            func(s *SignIn) string { return s.Location.City },
	"location/state":           func(s *SignIn) string { return s.Location.State },
	"location/countryOrRegion": func(s *SignIn) string { return s.Location.CountryOrRegion },
}
