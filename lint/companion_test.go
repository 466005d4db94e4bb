package lint_test

import (
	"os"
	"testing"

	"github.com/podlint/podlint/analyzer/extserver"
)

// TestMain answers charts, kustomizations and CRDs in the test process,
// through the companion's own code and messages (see extserver.InProcess).
func TestMain(m *testing.M) {
	extserver.InProcess()
	os.Exit(m.Run())
}
