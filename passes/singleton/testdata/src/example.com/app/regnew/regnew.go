package regnew

import (
	"context"

	"example.com/app/reg"
)

func Create(ctx context.Context) *reg.T { return nil }
