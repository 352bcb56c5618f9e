package plan

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
)

// SetCall is one set-returning function of a ProjectSet. Args (already
// cast to Func.Args) are evaluated over the ProjectSet's input row.
type SetCall struct {
	Func *expr.SetFunc
	Args []expr.Expr
	Name string // output column name (the function name)
}

// Type is the type of the SRF's output column.
func (c SetCall) Type() base.Type { return c.Func.Ret }

func (c SetCall) String() string { return c.Func.Name + "(" + exprs(c.Args) + ")" }

// ProjectSet evaluates the set-returning functions of a select list
// (PostgreSQL's ProjectSet, e.g. SELECT unnest(arr) FROM t). For each input
// row it runs every SetCall (over that row) in lockstep and emits as many
// rows as the longest set: the input columns followed by one column per
// SetCall, NULL where that call's set is already exhausted. An input row
// for which every set is empty emits nothing. A strict SRF with a NULL
// argument yields an empty set. Output = input columns ++ len(Funcs)
// columns; a Project above computes the select list from them.
type ProjectSet struct {
	Input Node
	Funcs []SetCall
}

func (n *ProjectSet) Columns() []Column {
	in := n.Input.Columns()
	out := make([]Column, 0, len(in)+len(n.Funcs))
	out = append(out, in...)
	for _, f := range n.Funcs {
		out = append(out, Column{Name: f.Name, Type: f.Type()})
	}
	return out
}

func (n *ProjectSet) Children() []Node { return []Node{n.Input} }

func (n *ProjectSet) String() string {
	fs := make([]string, len(n.Funcs))
	for i, f := range n.Funcs {
		fs[i] = f.String()
	}
	return "ProjectSet " + strings.Join(fs, ", ")
}
