// Package wrapped holds the end-to-end test of the indirect uses of a
// singleton on testdata/wrapped, a service whose handlers never name the
// singleton: they reach it through a wrapper of a wrapper in another
// package (api.Agents, deps.Agents, deps.current), the accessor of a
// variable set at start-up (deps.Fallback), a container's method
// ((*deps.Container).Agents) and a struct field filled by a constructor
// (server.Server.agents). The test builds the CLI, checks that the
// module's isolation tests fail before factoryscope -fix and pass after it
// (concurrent requests for alice and bob each act for their own caller
// through every one of these paths), compares the fixed files with their
// goldens, and checks that only the sites without a request are left,
// the indirect ones in category indirect.
package wrapped
