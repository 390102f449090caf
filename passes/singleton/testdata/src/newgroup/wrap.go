package newgroup

import (
	"io"

	"example.com/app/readers"
	"example.com/app/reg"
	"example.com/app/regnew"
)

var _ = regnew.Create

func reader() io.Reader { return readers.Get() } // want `readers.Get is a process-wide singleton`

func registry() *reg.T { return reg.Get() } // want `reg.Get is a process-wide singleton`
