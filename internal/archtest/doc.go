// Package archtest holds the test that enforces DESIGN.md's layering: data
// flows one way (SQL text → AST → plan → operators → state), so a package
// may import only the layers below it. It has no non-test code.
package archtest
