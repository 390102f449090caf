package analyzer

import (
	"fmt"
	"strings"

	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/singleton"
)

// Validate checks cfg and returns the first problem as a one-line
// *FieldError that names the field and its bad value. The empty Config is
// valid: only source directives apply then.
func (cfg Config) Validate() error {
	_, err := cfg.settings()
	return err
}

// settings validates cfg and converts it to the singleton pass's settings.
func (cfg Config) settings() (singleton.Settings, error) {
	var s singleton.Settings
	singletons := make(map[objref.Ref]int) // singleton -> index of its rule
	for i, r := range cfg.Rules {
		field := fmt.Sprintf("rules[%d]", i)
		single, err := parseRef(field+".singleton", r.Singleton)
		if err != nil {
			return singleton.Settings{}, err
		}
		if j, dup := singletons[single]; dup {
			return singleton.Settings{}, fieldErrorf(field+".singleton", "%q is already the singleton of rules[%d]", r.Singleton, j)
		}
		singletons[single] = i
		repl, err := parseRef(field+".replacement", r.Replacement)
		if err != nil {
			return singleton.Settings{}, err
		}
		if repl == single {
			return singleton.Settings{}, fieldErrorf(field+".replacement", "%q is the singleton itself", r.Replacement)
		}
		if strings.ContainsAny(r.Message, "\r\n") {
			return singleton.Settings{}, fieldErrorf(field+".message", "%q is not a single line", r.Message)
		}
		s.Rules = append(s.Rules, singleton.Rule{Singleton: single, Replacement: repl, Message: r.Message})
	}
	// A replacement that is itself a singleton would turn every fix into a
	// new finding.
	for i, r := range s.Rules {
		if j, ok := singletons[r.Replacement]; ok {
			return singleton.Settings{}, fieldErrorf(fmt.Sprintf("rules[%d].replacement", i), "%q is itself the singleton of rules[%d]", cfg.Rules[i].Replacement, j)
		}
	}
	ctors := make(map[objref.Ref]int)
	for i, c := range cfg.Constructors {
		field := fmt.Sprintf("constructors[%d]", i)
		ref, err := parseRef(field, c)
		if err != nil {
			return singleton.Settings{}, err
		}
		if j, dup := ctors[ref]; dup {
			return singleton.Settings{}, fieldErrorf(field, "%q is already constructors[%d]", c, j)
		}
		ctors[ref] = i
		s.Constructors = append(s.Constructors, ref)
	}
	return s, nil
}

func parseRef(field, s string) (objref.Ref, error) {
	if s == "" {
		return objref.Ref{}, fieldErrorf(field, "missing: want an import path followed by a name, e.g. example.com/app/pkg.Name")
	}
	ref, err := objref.Parse(s)
	if err != nil {
		return objref.Ref{}, &FieldError{Field: field, Msg: err.Error()}
	}
	return ref, nil
}
