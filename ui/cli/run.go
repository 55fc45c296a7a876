package cli

import (
	"context"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/ui"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// run validates the options, builds the client and runs the UI. When the UI
// ends it prints the session's record of what was sent.
func run(ctx context.Context, o options, stdout io.Writer) error {
	// The device code prompt arrives from the credential while the program
	// runs; it reaches the UI as a message.
	var program *tea.Program
	prompt := func(d auth.DeviceCode) {
		program.Send(ui.SignInPromptMsg{URL: d.URL, Code: d.Code, Message: d.Message})
	}
	cfg, cleanup, err := configure(o, time.Now(), prompt)
	if err != nil {
		return err
	}
	defer cleanup()
	cfg.KeyFile = o.keys
	model := ui.New(cfg)
	if err := model.CheckKeys(); err != nil {
		return exit.UsageError{Err: err} // before the terminal is taken over, so that it can be read
	}
	program = tea.NewProgram(model, tea.WithContext(ctx), tea.WithoutSignalHandler())
	status, err := ui.Run(program, model, stdout)
	if err != nil {
		return err
	}
	return status.Err()
}
