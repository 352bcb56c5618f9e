package plan

import (
	"time"
	"unicode/utf8"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

// BindContext is what the binder needs from the session.
type BindContext struct {
	Catalog    *catalog.Catalog
	SearchPath []string // default: ["public"]
	User       string   // default: root
	Database   string   // default: the catalog's database
	// Params are type hints for $1..$n (Unknown: infer). The binder
	// infers the rest; ParamTypes returns the result.
	Params []base.Type
	// SQL is the statement text the AST was parsed from. It is optional
	// and only used to turn AST byte offsets into the 1-based character
	// positions PostgreSQL reports (without it: byte offset + 1).
	SQL string
	// Location is the session time zone, used to parse timestamptz
	// literals at bind time (default UTC).
	Location *time.Location
	// KeepPrimaryKeys makes every Scan read its relation's primary key
	// (incl. hidden _row_id) even when unused: streaming plans need row
	// identity. NoPrune disables projection pruning altogether (Scans
	// then read every column).
	KeepPrimaryKeys bool
	NoPrune         bool
}

// Binder turns AST statements into logical plans. A Binder binds one
// statement (plus nested expressions and defaults); it is not safe for
// concurrent use.
type Binder struct {
	ctx    BindContext
	params []base.Type

	nextCTEID int
	// colPos remembers, per bound column reference, where it was written
	// and how to name it in GROUP BY errors (the bound tree carries no
	// positions).
	colPos   map[*expr.ColRef]colInfo
	outerPos map[*expr.OuterRef]colInfo
	// ctes is the stack of visible WITH clauses, innermost last.
	ctes []*cteScope
	// lits maps unknown-typed literals and parameters to their source
	// offsets for coercion errors.
	lits map[expr.Expr]int
	// insertColPos locates INSERT target column k in the text.
	insertColPos func(k int) int
	// viewDepth guards against views that (through corruption) refer to
	// themselves.
	viewDepth int
}

type colInfo struct {
	pos  int    // 0-based byte offset of the reference
	qual string // "t.x" as PostgreSQL prints it in 42803 errors
}

// bailout carries a bind error through panics inside the binder; every
// exported entry point recovers it. It never escapes the package.
type bailout struct{ err error }

// NewBinder returns a binder for one statement.
func NewBinder(ctx BindContext) *Binder {
	if len(ctx.SearchPath) == 0 {
		ctx.SearchPath = []string{"public"}
	}
	if ctx.User == "" {
		ctx.User = catalog.RootUser
	}
	if ctx.Database == "" {
		if ctx.Catalog != nil {
			ctx.Database = ctx.Catalog.Database()
		} else {
			ctx.Database = catalog.DefaultDatabase
		}
	}
	if ctx.Location == nil {
		ctx.Location = time.UTC
	}
	b := &Binder{ctx: ctx, colPos: map[*expr.ColRef]colInfo{}, outerPos: map[*expr.OuterRef]colInfo{}}
	b.params = append([]base.Type(nil), ctx.Params...)
	return b
}

// ParamTypes returns the types of $1..$n: the hints, completed by
// inference; parameters whose type nothing determined are text.
func (b *Binder) ParamTypes() []base.Type {
	out := append([]base.Type(nil), b.params...)
	for i, t := range out {
		if t.Kind == base.KindUnknown {
			out[i] = base.Text
		}
	}
	return out
}

func (b *Binder) catch(err *error) {
	if r := recover(); r != nil {
		bo, ok := r.(bailout)
		if !ok {
			panic(r)
		}
		*err = bo.err
	}
}

// fail aborts binding with err.
func (b *Binder) fail(err error) {
	panic(bailout{err})
}

// failAt aborts with err positioned at AST byte offset off.
func (b *Binder) failAt(err error, off int) {
	e := base.AsError(err)
	if e.Position == 0 {
		e = withPos(e, b.position(off))
	}
	b.fail(e)
}

func withPos(e *base.Error, pos int) *base.Error {
	c := *e
	if pos > 0 {
		c.Position = pos
	}
	return &c
}

// errorf aborts with a new error with code and message at offset off
// (off < 0: no position).
func (b *Binder) errorf(off int, code, format string, args ...any) {
	e := base.Errorf(code, format, args...)
	if off >= 0 {
		e.Position = b.position(off)
	}
	b.fail(e)
}

// position converts a 0-based byte offset to PostgreSQL's 1-based
// character position.
func (b *Binder) position(off int) int {
	if off < 0 {
		return 0
	}
	if b.ctx.SQL != "" && off <= len(b.ctx.SQL) {
		return utf8.RuneCountInString(b.ctx.SQL[:off]) + 1
	}
	return off + 1
}

// Bind binds any supported statement: a query, INSERT, UPDATE or DELETE.
// Like PostgreSQL, it fails with 42P18 when the type of a parameter $n
// could not be determined (no hint and no context).
func (b *Binder) Bind(stmt ast.Statement) (n Node, err error) {
	switch s := stmt.(type) {
	case *ast.Query:
		n, err = b.BindQuery(s)
	case *ast.InsertStmt:
		n, err = b.BindInsert(s)
	case *ast.UpdateStmt:
		n, err = b.BindUpdate(s)
	case *ast.DeleteStmt:
		n, err = b.BindDelete(s)
	default:
		return nil, base.NotSupported("statement %T cannot be planned", stmt)
	}
	if err != nil {
		return nil, err
	}
	for i, t := range b.params {
		if t.Kind == base.KindUnknown {
			return nil, base.Errorf(codeIndeterminateType, "could not determine data type of parameter $%d", i+1)
		}
	}
	return n, nil
}

// BindQuery binds SELECT / VALUES / set operations / WITH queries. The
// root's Columns() are exactly the result columns.
func (b *Binder) BindQuery(stmt ast.Statement) (n Node, err error) {
	defer b.catch(&err)
	q, ok := stmt.(*ast.Query)
	if !ok {
		return nil, base.NotSupported("statement %T is not a query", stmt)
	}
	n = b.bindQuery(q, nil, true)
	return b.pruneRoot(optimize(n)), nil
}

// BindExpr binds a standalone expression over scope s (nil: no columns).
// Aggregates and window functions are rejected.
func (b *Binder) BindExpr(e ast.Expr, s *Scope) (x expr.Expr, err error) {
	defer b.catch(&err)
	if s == nil {
		s = &Scope{}
	}
	x = b.bindExpr(s, e, exprCtx{clause: "this context"})
	return b.resolveUnknown(x), nil
}

// BindDefault binds the SQL text of a column DEFAULT for column col of
// rel, cast (assignment) to the column's type.
func (b *Binder) BindDefault(rel *catalog.Relation, col int) (x expr.Expr, err error) {
	defer b.catch(&err)
	return b.defaultExpr(rel, col), nil
}

func (b *Binder) defaultExpr(rel *catalog.Relation, col int) expr.Expr {
	c := rel.Columns[col]
	if c.Default == "" {
		return &expr.Const{Val: base.NullOf(c.Type.Kind), Typ: c.Type}
	}
	ae, err := parser.ParseExpr(c.Default)
	if err != nil {
		b.fail(base.Errorf(base.CodeInternalError, "invalid default expression for column %q: %v", c.Name, err))
	}
	// Positions inside the default text mean nothing in the statement.
	ast.ClearPositions(ae)
	saved := b.ctx.SQL
	b.ctx.SQL = ""
	defer func() { b.ctx.SQL = saved }()
	x := b.bindExpr(&Scope{}, ae, exprCtx{clause: "DEFAULT expressions"})
	return b.assignCoerce(x, c.Type, c.Name, -1)
}

// lookupRelation resolves a table name (schema-qualified or through the
// search path); errors carry the position of the reference.
func (b *Binder) lookupRelation(name ast.ObjectName, off int) *catalog.Relation {
	if b.ctx.Catalog == nil {
		b.errorf(off, base.CodeUndefinedTable, "relation %q does not exist", name.Last())
	}
	schema := ""
	switch len(name) {
	case 1:
	case 2:
		schema = name[0]
	case 3:
		if name[0] != b.ctx.Database {
			b.errorf(off, base.CodeFeatureNotSupported, "cross-database references are not implemented: %s", name.String())
		}
		schema = name[1]
	default:
		b.errorf(off, base.CodeSyntaxError, "improper relation name (too many dotted names): %s", name.String())
	}
	r, err := b.resolveRelation(schema, name.Last())
	if err != nil {
		b.failAt(err, off)
	}
	return r
}

// currentSchema is the first schema of the search path that exists.
func (b *Binder) currentSchema() string {
	for _, s := range b.ctx.SearchPath {
		if b.ctx.Catalog == nil {
			return s
		}
		if _, err := b.ctx.Catalog.SchemaByName(s); err == nil {
			return s
		}
	}
	return ""
}

func internalf(format string, args ...any) *base.Error {
	return base.Errorf(base.CodeInternalError, "plan: "+format, args...)
}
