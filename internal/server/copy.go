package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/batch"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/pgwire"
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
)

// copyFormat reads COPY's options (already normalized by the parser).
func copyFormat(opts []*ast.Option) (pgwire.CopyFormat, error) {
	var f pgwire.CopyFormat
	str := func(o *ast.Option) (string, error) {
		switch v := o.Value.(type) {
		case *ast.StringLit:
			return v.Value, nil
		case *ast.ColumnRef:
			return v.Name(), nil
		case *ast.BoolLit:
			if v.Value {
				return "true", nil
			}
			return "false", nil
		case nil:
			return "true", nil
		}
		return "", base.Errorf(base.CodeSyntaxError, "invalid value for COPY option %q", o.Key)
	}
	oneByte := func(o *ast.Option) (byte, error) {
		s, err := str(o)
		if err != nil {
			return 0, err
		}
		if len(s) != 1 {
			return 0, base.Errorf(base.CodeFeatureNotSupported, "COPY %s must be a single one-byte character", o.Key)
		}
		return s[0], nil
	}
	for _, o := range opts {
		var err error
		switch o.Key {
		case "format":
			var s string
			s, err = str(o)
			switch strings.ToLower(s) {
			case "text":
				f.Kind = pgwire.CopyText
			case "csv":
				f.Kind = pgwire.CopyCSV
			case "binary":
				f.Kind = pgwire.CopyBinary
			default:
				return f, base.Errorf(base.CodeInvalidParameterValue, "COPY format %q not recognized", s)
			}
		case "header":
			var s string
			s, err = str(o)
			b, cerr := checkBool(s)
			if cerr != nil {
				return f, base.Errorf(base.CodeInvalidParameterValue, "header requires a Boolean value")
			}
			f.Header = b == "on"
		case "delimiter":
			f.Delimiter, err = oneByte(o)
		case "quote":
			f.Quote, err = oneByte(o)
		case "escape":
			f.Escape, err = oneByte(o)
		case "null":
			f.Null, err = str(o)
			f.NullSet = true
		case "encoding":
			var s string
			s, err = str(o)
			if _, cerr := checkEncoding(s); cerr != nil {
				return f, base.NotSupported("COPY encoding %q is not supported: only UTF8", s)
			}
		default:
			return f, base.Errorf(base.CodeSyntaxError, "option %q not recognized", o.Key)
		}
		if err != nil {
			return f, err
		}
	}
	return f, nil
}

func (s *session) execCopy(ctx context.Context, n *ast.CopyStmt, st *statement) (pgwire.Result, error) {
	if n.File != "" {
		return nil, base.Errorf(base.CodeInsufficientPrivilege, "COPY to or from a file is not supported: use COPY ... FROM STDIN / TO STDOUT (psql's \\copy)")
	}
	f, err := copyFormat(n.Options)
	if err != nil {
		return nil, err
	}
	if n.To {
		sql := ""
		if n.Query != nil {
			sql = ast.Format(n.Query)
		} else {
			cols := "*"
			if len(n.Columns) > 0 {
				q := make([]string, len(n.Columns))
				for i, c := range n.Columns {
					q[i] = ast.QuoteIdent(c)
				}
				cols = strings.Join(q, ", ")
			}
			sql = "SELECT " + cols + " FROM " + ast.Format(&ast.TableRef{Name: n.Table})
		}
		q, err := parser.ParseOne(sql)
		if err != nil {
			return nil, err
		}
		res, err := s.runQuery(ctx, &statement{sql: sql, node: q}, nil)
		if err != nil {
			return nil, err
		}
		qr := res.(*queryResult)
		qr.sess = s
		return &copyOut{queryResult: qr, f: f}, nil
	}
	cat := s.srv.Catalog()
	rel, err := cat.LookupRelation(s.searchPath(), qualifier(n.Table), n.Table.Last())
	if err != nil {
		return nil, err
	}
	if rel.Kind != catalog.KindTable {
		return nil, base.Errorf(base.CodeWrongObjectType, "cannot copy to %s %q", rel.Kind, rel.Name)
	}
	ci := &copyIn{s: s, rel: rel, f: f}
	if len(n.Columns) == 0 {
		for i, c := range rel.Columns {
			if !c.Hidden {
				ci.targets = append(ci.targets, i)
			}
		}
	} else {
		for _, name := range n.Columns {
			i := rel.ColumnIndex(name)
			if i < 0 || rel.Columns[i].Hidden {
				return nil, base.Errorf(base.CodeUndefinedColumn, "column %q of relation %q does not exist", name, rel.Name)
			}
			ci.targets = append(ci.targets, i)
		}
	}
	for _, i := range ci.targets {
		ci.cols = append(ci.cols, pgwire.Column{Name: rel.Columns[i].Name, Type: rel.Columns[i].Type})
	}
	// Defaults of the columns COPY does not fill are bound once.
	ci.defaults = make([]expr.Expr, len(rel.Columns))
	filled := map[int]bool{}
	for _, i := range ci.targets {
		filled[i] = true
	}
	b := plan.NewBinder(s.bindContext(cat, st.sql, nil))
	for i, c := range rel.Columns {
		if !filled[i] && c.Default != "" {
			if ci.defaults[i], err = b.BindDefault(rel, i); err != nil {
				return nil, err
			}
		}
	}
	return ci, nil
}

// copyOut streams a query's rows as COPY data.
type copyOut struct {
	*queryResult
	f pgwire.CopyFormat
}

func (c *copyOut) CopyFormat() pgwire.CopyFormat { return c.f }
func (c *copyOut) Tag() string                   { return fmt.Sprintf("COPY %d", c.count) }

// copyIn collects COPY FROM rows and commits them in one batch at the end,
// so a failed COPY stores nothing.
type copyIn struct {
	s        *session
	rel      *catalog.Relation
	f        pgwire.CopyFormat
	targets  []int
	cols     []pgwire.Column
	defaults []expr.Expr
	rows     *base.Chunk
	count    int
}

func (c *copyIn) Columns() []pgwire.Column                   { return c.cols }
func (c *copyIn) Next(context.Context) ([]base.Datum, error) { return nil, nil }
func (c *copyIn) Tag() string                                { return fmt.Sprintf("COPY %d", c.count) }
func (c *copyIn) Close() error                               { return nil }
func (c *copyIn) CopyFormat() pgwire.CopyFormat              { return c.f }

func (c *copyIn) CopyRows(ctx context.Context, rows [][]base.Datum) error {
	if c.rows == nil {
		c.rows = base.NewChunk(columnTypes(c.rel), len(rows))
	}
	ev := c.s.evalContext(nil)
	full := make([]base.Datum, len(c.rel.Columns))
	for _, r := range rows {
		for i, col := range c.rel.Columns {
			full[i] = base.NullOf(col.Type.Kind)
			if c.defaults[i] != nil {
				v, err := c.defaults[i].EvalRow(ev, nil)
				if err != nil {
					return err
				}
				full[i] = v
			}
		}
		for j, i := range c.targets {
			full[i] = r[j]
		}
		for i, col := range c.rel.Columns {
			if full[i].Null && col.NotNull && !(col.Hidden && !c.rel.HasUserPK) {
				return notNullViolation(c.rel, i, full)
			}
		}
		c.rows.AppendRow(full)
	}
	return nil
}

func (c *copyIn) CopyEnd(ctx context.Context, failed error) (err error) {
	defer func() {
		if err != nil {
			c.s.failTx()
		}
	}()
	if failed != nil || c.rows == nil {
		return failed
	}
	srv := c.s.srv
	srv.writeMu.Lock()
	defer srv.writeMu.Unlock()
	// The table may have been altered or dropped while data was arriving.
	if cur := srv.Catalog().RelationByID(c.rel.ID); cur == nil || cur.Version != c.rel.Version {
		return base.Errorf(base.CodeObjectNotInPrerequisiteState, "table %q changed during COPY", c.rel.Name)
	}
	snap := srv.store.NewSnapshot()
	defer snap.Close()
	wb := srv.store.NewBatch()
	defer wb.Close()
	w := newTableWriter(srv, snap, wb)
	n, _, err := w.Insert(ctx, c.rel, c.rows, batch.InsertOptions{Conflict: batch.ConflictOverwrite})
	if err != nil {
		return err
	}
	if err := wb.Commit(true); err != nil {
		return base.Errorf(base.CodeIOError, "could not commit: %v", err)
	}
	srv.publish(w)
	c.count = n
	return c.s.implicitFlush(ctx)
}

func notNullViolation(rel *catalog.Relation, col int, row []base.Datum) error {
	vals := make([]string, 0, len(row))
	for i, d := range row {
		if rel.Columns[i].Hidden {
			continue
		}
		if d.Null {
			vals = append(vals, "null")
		} else {
			vals = append(vals, base.FormatText(d, rel.Columns[i].Type, nil))
		}
	}
	return base.Errorf(base.CodeNotNullViolation, "null value in column %q of relation %q violates not-null constraint", rel.Columns[col].Name, rel.Name).
		WithDetail("Failing row contains (%s).", strings.Join(vals, ", "))
}
