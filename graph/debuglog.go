package graph

import (
	"fmt"
	"io"
	nethttp "net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	khttp "github.com/microsoft/kiota-http-go"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// debugLogger is a middleware that writes one line per HTTP attempt: method,
// URL, status, time taken, Graph's request-id, and the request headers with
// every credential replaced by [redacted]. It sits last in the pipeline, so
// it sees each retry and the headers as they go out.
type debugLogger struct {
	mu *sync.Mutex
	w  io.Writer
}

// secretHeaders are never written, whatever their case.
func isSecretHeader(name string) bool {
	return slices.Contains([]string{"authorization", "proxy-authorization", "cookie", "set-cookie", "x-ms-token"},
		strings.ToLower(name))
}

func (d debugLogger) Intercept(p khttp.Pipeline, i int, req *nethttp.Request) (*nethttp.Response, error) {
	start := time.Now()
	resp, err := p.Next(req, i)
	var headers []string
	for name, values := range req.Header {
		v := strings.Join(values, ",")
		if isSecretHeader(name) {
			v = "[redacted]"
		}
		headers = append(headers, name+": "+v)
	}
	slices.Sort(headers)
	line := fmt.Sprintf("%s %s %s", start.UTC().Format(time.RFC3339Nano), req.Method, req.URL.Redacted())
	if err != nil {
		line += fmt.Sprintf(" -> error after %s: %v", time.Since(start).Round(time.Millisecond), err)
	} else {
		line += fmt.Sprintf(" -> %d in %s request-id=%s", resp.StatusCode, time.Since(start).Round(time.Millisecond),
			sanitize.Header(resp.Header.Get("request-id")))
	}
	line += " | " + strings.Join(headers, "; ")
	d.mu.Lock()
	fmt.Fprintln(d.w, sanitize.String(line))
	d.mu.Unlock()
	return resp, err
}

// OpenDebugLog opens the file --debug-log names for appending, readable by
// its owner only.
func OpenDebugLog(path string) (io.WriteCloser, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("--debug-log: %w", err)
	}
	return f, nil
}
