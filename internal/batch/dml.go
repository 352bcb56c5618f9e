package batch

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
)

// Shared helpers of the DML operators (insert.go, update.go, delete.go).

// checkNotNull fails with 23502 on the first NULL in a NOT NULL column of
// the full-width rows in c. skip is a column exempt from the check (the
// _row_id the writer fills in), or -1.
func checkNotNull(rel *catalog.Relation, c *base.Chunk, skip int) error {
	for col, meta := range rel.Columns {
		if !meta.NotNull || col == skip || col >= len(c.Cols) {
			continue
		}
		v := c.Cols[col]
		if v.Nulls == nil {
			continue
		}
		for i := 0; i < c.Len(); i++ {
			if v.IsNull(i) {
				return notNullViolation(rel, col, c.Row(i))
			}
		}
	}
	return nil
}

// checkNotNullRow is checkNotNull for one row.
func checkNotNullRow(rel *catalog.Relation, row []base.Datum) error {
	for col, meta := range rel.Columns {
		if meta.NotNull && col < len(row) && row[col].Null {
			return notNullViolation(rel, col, row)
		}
	}
	return nil
}

func notNullViolation(rel *catalog.Relation, col int, row []base.Datum) error {
	return base.Errorf(base.CodeNotNullViolation, "null value in column %q of relation %q violates not-null constraint",
		rel.Columns[col].Name, rel.Name).WithDetail("Failing row contains (%s).", formatRow(rel, row))
}

// formatRow renders the visible columns as PostgreSQL's "Failing row
// contains" detail does.
func formatRow(rel *catalog.Relation, row []base.Datum) string {
	var b strings.Builder
	first := true
	for i, c := range rel.Columns {
		if c.Hidden || i >= len(row) {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		if row[i].Null {
			b.WriteString("null")
		} else {
			b.WriteString(base.FormatText(row[i], c.Type, nil))
		}
	}
	return b.String()
}

// returning evaluates RETURNING expressions over full-width rows.
type returning struct {
	exprs []expr.Expr
	out   base.Chunk
}

func (r *returning) eval(ctx *ExecContext, rows *base.Chunk) (*base.Chunk, error) {
	if len(r.exprs) == 0 || rows == nil || rows.Len() == 0 {
		return nil, nil
	}
	r.out.Cols = r.out.Cols[:0]
	for _, e := range r.exprs {
		v, err := e.Eval(ctx.Eval, rows)
		if err != nil {
			return nil, err
		}
		r.out.Cols = append(r.out.Cols, v)
	}
	r.out.Rows = rows.Len()
	return &r.out, nil
}

func needWriter(ctx *ExecContext, rel *catalog.Relation) error {
	if ctx.Writer == nil {
		return base.Errorf(base.CodeInternalError, "no table writer to modify %s", rel.QualifiedName())
	}
	return nil
}
