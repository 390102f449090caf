// Package migration holds the end-to-end tests of factoryscope report on
// testdata/migration, a module with sites in the three phases (production
// code, tests, examples), sites that need a person for five different
// reasons, two wrappers and a holder. The tests build the CLI and check
// report's text, JSON and Markdown outputs against the golden files in
// testdata/, and walk the migration docs/migration.md describes: a baseline
// saved as JSON, -phase production -fix, the gate that fails only on new
// sites, then everything else fixed or removed until report exits 0; the
// module builds, vets and passes its tests after each step.
package migration
