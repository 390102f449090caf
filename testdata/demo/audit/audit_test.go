package audit_test

import (
	"strings"
	"testing"

	"example.com/demo/audit"
	"example.com/domain/services/userctx"
)

func TestRecord(t *testing.T) {
	var b strings.Builder
	if err := audit.Record(&b, &userctx.UserContext{UserID: "ann", Tenant: "acme"}, "planner"); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); !strings.HasPrefix(got, "user=ann tenant=acme agent=planner owner=") {
		t.Errorf("Record wrote %q", got)
	}
}
