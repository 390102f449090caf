package analyzer

// Schema documents the configuration for humans: the CLI prints it in its
// -help text and docs/configuration.md repeats it. A test decodes its example, so it
// cannot drift from the decoder.
const Schema = `Configuration (YAML or JSON; unknown fields are errors):

  rules:                # process-wide singletons and their per-request replacements
    - singleton: example.com/app/agents/supervisor.GetAgentInstanceFactory
                        # required: a package-level func or var, "import/path.Name"
      replacement: example.com/app/agents/supervisor.CreateAgentInstanceFactory
                        # required: a func whose first parameter is the per-request
                        # value; its other parameters are the singleton's
      message: agents must not be shared between users
                        # optional: one line added to every diagnostic
  constructors:         # optional: build the per-request value from a context,
    - example.com/app/services/userctx.FromContext
                        # tried in order before discovered constructors
  test-constructors:    # optional: build it from a testing.TB or *testing.T,
    - example.com/app/services/userctx.ForTest
                        # in _test.go files, tried in order before the above
  phases:               # optional: migration phases for "factoryscope report" and -phase
    - name: examples    # the first phase with a glob matching the file wins;
      paths: ["examples/**", "scripts/**", "**/example_test.go"]
    - name: tests       # files no phase matches are in phase production
      paths: ["**/*_test.go", "**/testutil/**"]
                        # globs are relative to the module root: * ? [a-z] match
                        # within a path element, ** any number of elements.
                        # Without phases: **/*_test.go are tests; files under
                        # examples, example, scripts, tools or hack are examples

Where it comes from: -config FILE; otherwise the block under
` + SettingsPath + `
in the nearest .golangci.yml, .golangci.yaml or .golangci.json found from
the working directory upward; with neither, only //factoryscope:singleton
source directives apply. A //factoryscope:constructor directive on a
constructor's declaration chooses it without configuration.
`
