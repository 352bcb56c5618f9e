package ast

import "strings"

// Span is the source extent of a node: byte offsets into the parsed SQL,
// Start inclusive, Stop exclusive. It is embedded in every node so that
// Pos/End come for free and positions can be ignored uniformly by Equal.
type Span struct {
	Start int
	Stop  int
}

// Pos is the byte offset (0-based) of the node's first byte in the source.
func (s Span) Pos() int { return s.Start }

// End is the byte offset just past the node's last byte in the source.
func (s Span) End() int { return s.Stop }

// Node is any AST node.
type Node interface {
	Pos() int
	End() int
}

// Statement is a top-level SQL statement.
type Statement interface {
	Node
	stmtNode()
}

// Expr is a scalar expression.
type Expr interface {
	Node
	exprNode()
}

// TableExpr is an item of a FROM clause: *TableRef, *DerivedTable,
// *FuncTable or *JoinExpr.
type TableExpr interface {
	Node
	tableExprNode()
}

// SetExpr is the body of a Query: *Select, *SetOperation, *Values, or a
// parenthesized *Query (which may carry its own ORDER BY / LIMIT).
type SetExpr interface {
	Node
	setExprNode()
}

// AlterAction is one action of an ALTER TABLE/VIEW/... statement.
type AlterAction interface {
	Node
	alterActionNode()
}

// ObjectName is a possibly qualified name, e.g. ["public", "t"]. Parts are
// already case-folded (unquoted) or preserved (quoted).
type ObjectName []string

// String renders the name as dotted SQL, quoting parts where needed.
func (n ObjectName) String() string {
	var b strings.Builder
	for i, p := range n {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(QuoteIdent(p))
	}
	return b.String()
}

// Last returns the unqualified (final) part of the name.
func (n ObjectName) Last() string {
	if len(n) == 0 {
		return ""
	}
	return n[len(n)-1]
}

// Qualifier returns all parts but the last (nil if unqualified).
func (n ObjectName) Qualifier() []string {
	if len(n) <= 1 {
		return nil
	}
	return n[:len(n)-1]
}
