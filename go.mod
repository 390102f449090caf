module github.com/factoryscope/factoryscope

go 1.26.0

require (
	github.com/golangci/plugin-module-register v0.1.2
	go.lsp.dev/jsonrpc2 v1.0.1
	go.lsp.dev/protocol v1.0.1
	go.lsp.dev/uri v1.0.1
	go.yaml.in/yaml/v2 v2.4.2
	golang.org/x/mod v0.43.0
	golang.org/x/tools v0.52.0
	sigs.k8s.io/yaml v1.6.0
)

require (
	github.com/go-json-experiment/json v0.0.0-20260623181947-01eb4420fa68 // indirect
	golang.org/x/sync v0.24.0 // indirect
)
