package dashboard_test

import (
	"os"
	"testing"

	"pjsx/data/pgtest"
)

// TestMain stops the throwaway PostgreSQL that PJSX_TEST_STORE=postgres starts (pgtest).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
