package analyzer

// Config is factoryscope's configuration, the same for every driver: the
// CLI's -config file, the settings block of .golangci.yml, and the
// language server.
type Config struct {
	Rules        []Rule   `json:"rules,omitempty"`
	Constructors []string `json:"constructors,omitempty"`
}

// Rule maps a process-wide singleton to its per-request replacement.
type Rule struct {
	Singleton   string `json:"singleton"`
	Replacement string `json:"replacement"`
	Message     string `json:"message,omitempty"`
}
