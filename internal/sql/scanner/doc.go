// Package scanner is Tributary's hand-written SQL lexer.
//
// It turns SQL text into Tokens carrying byte positions (Pos, End), the
// raw source text and a decoded value: unquoted identifiers folded to
// lower case (ASCII only, as PostgreSQL does), quoted identifiers kept
// exactly, strings decoded (doubled quotes, E-string backslash escapes, $tag$
// quoting, newline-separated literal continuation), numbers as source
// text, $n parameters, operators following PostgreSQL's operator lexing
// rules, and punctuation. Whitespace and comments (-- and nested /* */)
// are skipped.
//
// Invariants: Next never panics and always makes progress; after the end
// of input (or after an Illegal token, which consumes the rest of the
// input) it returns EOF forever. Keywords are not separate token kinds:
// they are Ident tokens, classified by KeywordCategory, so quoted
// identifiers never match a keyword.
package scanner
