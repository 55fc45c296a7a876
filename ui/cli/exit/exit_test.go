package exit

import (
	"errors"
	"fmt"
	"testing"
)

// TestOfEachError: no error exits 0, a Status its own, a usage error 2
// wrapped or not, and any other error 1.
func TestOfEachError(t *testing.T) {
	for err, want := range map[error]Status{
		nil:                               OK,
		Status(143):                       143,
		fmt.Errorf("x: %w", Trouble):      Trouble,
		UsageError{errors.New("bad")}:     Usage,
		fmt.Errorf("x: %w", UsageError{}): Usage,
		errors.New("a request failed"):    Trouble,
	} {
		if got := Of(err); got != want {
			t.Errorf("%v: %d, want %d", err, got, want)
		}
	}
	if OK.Err() != nil || Trouble.Err() == nil {
		t.Error("OK must be no error, and any other status one")
	}
}
