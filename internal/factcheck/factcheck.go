// Package factcheck checks that an analysis fact survives the trip
// between processes that go vet and golangci-lint put it through: gob
// encoding and decoding. x/tools' checker does the same with its
// SanityCheck option; this one also requires the decoded fact to be equal
// to the original, so a field gob cannot carry (an unexported one, a
// func) is caught too.
package factcheck

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// RoundTrip encodes fact with gob twice, requires the same bytes both
// times (a map, encoded in its random order, fails this), decodes them
// and requires a value deeply equal to fact, which it returns.
func RoundTrip(fact analysis.Fact) (analysis.Fact, error) {
	var one, two bytes.Buffer
	if err := gob.NewEncoder(&one).Encode(fact); err != nil {
		return nil, fmt.Errorf("encoding %T fact: %w", fact, err)
	}
	if err := gob.NewEncoder(&two).Encode(fact); err != nil {
		return nil, fmt.Errorf("encoding %T fact: %w", fact, err)
	}
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		return nil, fmt.Errorf("encoding of %T fact is nondeterministic", fact)
	}
	decoded := reflect.New(reflect.TypeOf(fact).Elem()).Interface().(analysis.Fact)
	if err := gob.NewDecoder(&one).Decode(decoded); err != nil {
		return nil, fmt.Errorf("decoding %T fact: %w", fact, err)
	}
	if !reflect.DeepEqual(decoded, fact) {
		// The structs, not the pointers: a fact's String method would
		// hide the difference.
		return nil, fmt.Errorf("%T fact %+v is %+v after a gob round trip", fact,
			reflect.ValueOf(fact).Elem().Interface(), reflect.ValueOf(decoded).Elem().Interface())
	}
	return decoded, nil
}
