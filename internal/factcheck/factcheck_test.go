package factcheck_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/internal/factcheck"
)

type plain struct {
	Name string
	List []string
	Next *plain
}

func (*plain) AFact() {}

type withMap struct{ M map[string]int }

func (*withMap) AFact() {}

type lossy struct {
	Kept string
	lost string
}

func (*lossy) AFact() {}

type withFunc struct{ F func() }

func (*withFunc) AFact() {}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	ok := &plain{Name: "a", List: []string{"x", "y"}, Next: &plain{Name: "b"}}
	got, err := factcheck.RoundTrip(ok)
	if err != nil || !reflect.DeepEqual(got, ok) || got == ok {
		t.Errorf("RoundTrip(%+v) = %+v, %v; want an equal copy", ok, got, err)
	}

	m := map[string]int{}
	for i := range 64 {
		m[fmt.Sprint(i)] = i
	}
	for _, tt := range []struct {
		fact analysis.Fact
		want string
	}{
		{&withMap{M: m}, "encoding of *factcheck_test.withMap fact is nondeterministic"},
		{&lossy{Kept: "k", lost: "l"}, "*factcheck_test.lossy fact {Kept:k lost:l} is {Kept:k lost:} after a gob round trip"},
		{&withFunc{F: func() {}}, "encoding *factcheck_test.withFunc fact: "},
	} {
		// Two encodings of a map can come out in the same order by chance;
		// a few tries make a miss of the nondeterminism check vanishingly rare.
		var err error
		for range 20 {
			if _, err = factcheck.RoundTrip(tt.fact); err != nil {
				break
			}
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("RoundTrip(%T): %v, want an error containing %q", tt.fact, err, tt.want)
		}
	}
}
