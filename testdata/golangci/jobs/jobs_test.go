package jobs_test

import (
	"context"
	"testing"

	"example.com/domain/services/userctx"
	"example.com/gcl/jobs"
)

// These tests describe the code after `golangci-lint run --fix`.

func TestRunIsTheUsers(t *testing.T) {
	if got, want := jobs.Run(&userctx.UserContext{UserID: "carol"}, "x"), "carol/x"; got != want {
		t.Errorf("Run = %q, want %q", got, want)
	}
}

func TestScheduleIsTheContextUsers(t *testing.T) {
	ctx := userctx.With(context.Background(), &userctx.UserContext{UserID: "dave"})
	if got, want := jobs.Schedule(ctx, "x"), "dave/x"; got != want {
		t.Errorf("Schedule = %q, want %q", got, want)
	}
}

func TestUnfixedSitesStayShared(t *testing.T) {
	if got := jobs.Warmup(); got != "shared/warmup" {
		t.Errorf("Warmup = %q", got)
	}
	if got := jobs.Metrics(); got != "shared/metrics" {
		t.Errorf("Metrics = %q", got)
	}
}
