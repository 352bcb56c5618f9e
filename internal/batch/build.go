package batch

import (
	"runtime/debug"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/plan"
)

// Build turns a logical plan into an operator tree. Sort directly under
// Limit becomes one top-N operator; a Join without equality keys becomes a
// nested-loop join.
func Build(n plan.Node) (Operator, error) {
	switch n := n.(type) {
	case *plan.Scan:
		return newScan(n.Rel, n.Cols), nil
	case *plan.Values:
		return &valuesOp{rows: n.Rows, types: colTypes(n.Cols)}, nil
	case *plan.TableFunc:
		return newTableFunc(n)
	case *plan.CTEScan:
		return &cteScanOp{n: n}, nil
	case *plan.WorkTableScan:
		return &workTableScanOp{n: n}, nil
	case *plan.Filter:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return &filterOp{input: in, cond: n.Cond}, nil
	case *plan.Project:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return newProject(in, n.Exprs, colTypes(n.Cols)), nil
	case *plan.Join:
		l, err := Build(n.Left)
		if err != nil {
			return nil, err
		}
		r, err := Build(n.Right)
		if err != nil {
			return nil, err
		}
		if len(n.LeftKeys) != len(n.RightKeys) {
			return nil, base.Errorf(base.CodeInternalError, "join with %d left and %d right keys", len(n.LeftKeys), len(n.RightKeys))
		}
		return newJoin(n, l, r), nil
	case *plan.Aggregate:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return newHashAgg(n, in), nil
	case *plan.Window:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return newWindow(n, in), nil
	case *plan.Sort:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return &sortOp{input: in, keys: n.Keys}, nil
	case *plan.Limit:
		if s, ok := n.Input.(*plan.Sort); ok && n.Count != nil {
			in, err := Build(s.Input)
			if err != nil {
				return nil, err
			}
			return &topNOp{input: in, keys: s.Keys, count: n.Count, offset: n.Offset}, nil
		}
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return &limitOp{input: in, count: n.Count, offset: n.Offset}, nil
	case *plan.Distinct:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		if n.On != nil {
			return &distinctOnOp{input: in, on: n.On}, nil
		}
		return &distinctOp{input: in}, nil
	case *plan.SetOp:
		l, err := Build(n.Left)
		if err != nil {
			return nil, err
		}
		r, err := Build(n.Right)
		if err != nil {
			return nil, err
		}
		types := colTypes(n.Cols)
		if n.Kind == plan.Union {
			var op Operator = &concatOp{inputs: []Operator{l, r}, types: types}
			if !n.All {
				op = &distinctOp{input: op}
			}
			return op, nil
		}
		return &setOpOp{kind: n.Kind, all: n.All, left: l, right: r, types: types}, nil
	case *plan.With:
		body, err := Build(n.Body)
		if err != nil {
			return nil, err
		}
		return &withOp{n: n, body: body}, nil
	case *plan.Hop:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return newHop(n, in)
	case *plan.ProjectSet:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return newProjectSet(n, in), nil
	case *plan.Insert:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return &insertOp{n: n, input: in, types: colTypes(n.ReturningCols)}, nil
	case *plan.Update:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return &updateOp{n: n, input: in, types: colTypes(n.ReturningCols)}, nil
	case *plan.Delete:
		in, err := Build(n.Input)
		if err != nil {
			return nil, err
		}
		return &deleteOp{n: n, input: in, types: colTypes(n.ReturningCols)}, nil
	case nil:
		return nil, base.Errorf(base.CodeInternalError, "nil plan node")
	}
	return nil, base.NotSupported("executing %T is not supported", n)
}

// Run executes plan n as one statement, passing each result chunk to fn
// (the chunk is only valid during the call). It initializes ctx for the
// statement: memory account, CTE registry, subquery runner. After Run,
// ctx.RowsAffected() holds the DML row count. A panic inside an operator
// is returned as an internal error (XX000) rather than crashing the
// server.
func Run(ctx *ExecContext, n plan.Node, fn func(*base.Chunk) error) (err error) {
	ctx.init()
	defer func() {
		if r := recover(); r != nil {
			err = base.Errorf(base.CodeInternalError, "internal error in executor: %v", r).
				WithDetail("%s", debug.Stack())
		}
	}()
	return runInto(ctx, n, fn)
}

// runInto builds and drains n under an initialized ctx.
func runInto(ctx *ExecContext, n plan.Node, fn func(*base.Chunk) error) error {
	op, err := Build(n)
	if err != nil {
		return err
	}
	return drain(ctx, op, fn)
}

// drain opens op, feeds every chunk to fn and closes op.
func drain(ctx *ExecContext, op Operator, fn func(*base.Chunk) error) (err error) {
	defer func() {
		if e := op.Close(); err == nil {
			err = e
		}
	}()
	if err := op.Open(ctx); err != nil {
		return err
	}
	for {
		c, err := op.Next()
		if err != nil {
			return err
		}
		if c == nil {
			return nil
		}
		if err := fn(c); err != nil {
			return err
		}
	}
}

// Collect runs n and returns all result rows as datums (tests, small
// results, subqueries).
func Collect(ctx *ExecContext, n plan.Node) ([][]base.Datum, error) {
	var rows [][]base.Datum
	err := Run(ctx, n, func(c *base.Chunk) error {
		for i := 0; i < c.Len(); i++ {
			rows = append(rows, c.Row(i))
		}
		return nil
	})
	return rows, err
}

// Start initializes ctx for one statement, builds n and opens it, for
// callers that pull chunks themselves (a portal streaming rows to a
// client). The caller drains the operator with Next and must Close it.
func Start(ctx *ExecContext, n plan.Node) (Operator, error) {
	ctx.init()
	op, err := Build(n)
	if err != nil {
		return nil, err
	}
	if err := op.Open(ctx); err != nil {
		op.Close()
		return nil, err
	}
	return op, nil
}
