package ast

import "strings"

// Format renders n as SQL text that re-parses to a tree Equal to n.
func Format(n Node) string {
	var b strings.Builder
	FormatTo(&b, n)
	return b.String()
}

// FormatTo appends the SQL text of n to b.
func FormatTo(b *strings.Builder, n Node) {
	(&printer{b: b}).node(n)
}

// QuoteIdent returns s as an SQL identifier, double-quoted when needed
// (not plain lower case, or a keyword that cannot be a bare column name).
func QuoteIdent(s string) string {
	if !identNeedsQuotes(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteString returns s as a standard SQL string literal, doubling
// embedded single quotes.
func QuoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
