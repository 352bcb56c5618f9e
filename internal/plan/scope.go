package plan

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// Scope is the set of names visible to an expression: the FROM items of
// the query block being bound (each a namespace item with columns at
// fixed positions of the block's row) and, through parent, the enclosing
// query blocks for correlated references.
//
// It mirrors PostgreSQL's namespace: an item may be visible by its name
// (relVisible: "t.x" works), by its columns (colsVisible: unqualified "x"
// works), both, or neither (kept only for error hints).
type Scope struct {
	items  []*nsItem
	parent *Scope
	// lateral-free: a FROM item never sees its siblings; only WHERE etc.
	// see the whole scope.
}

type nsItem struct {
	name        string // alias or relation name; "" for an unaliased join
	schema      string // schema of a base relation referenced without alias
	relName     string // the relation's own name when aliased (for hints)
	relVisible  bool
	colsVisible bool
	isJoin      bool // join items are skipped by fuzzy hints, as in PG
	cols        []scopeCol
}

type scopeCol struct {
	name   string
	typ    base.Type
	idx    int // position in the block's row
	hidden bool
	relID  uint32
	attNum int
}

// NewScope returns a scope with one item named table (may be "") whose
// columns are cols at positions 0..len(cols)-1. Servers use it to bind
// expressions over a relation's row (watermarks, generated columns).
func NewScope(table string, cols []Column) *Scope {
	it := &nsItem{name: table, relVisible: table != "", colsVisible: true}
	for i, c := range cols {
		it.cols = append(it.cols, scopeCol{name: c.Name, typ: c.Type, idx: i, hidden: c.Hidden, relID: c.RelID, attNum: c.AttNum})
	}
	return &Scope{items: []*nsItem{it}}
}

// relationItem is the namespace item of a base relation read in full
// (all columns, in order, starting at row position off).
func relationItem(rel *catalog.Relation, alias *ast.Alias, off int) *nsItem {
	it := &nsItem{name: rel.Name, schema: rel.Schema, relVisible: true, colsVisible: true}
	if alias != nil {
		it.name, it.schema, it.relName = alias.Name, "", rel.Name
	}
	for i, c := range rel.Columns {
		it.cols = append(it.cols, scopeCol{name: c.Name, typ: c.Type, idx: off + i, hidden: c.Hidden, relID: rel.ID, attNum: i + 1})
	}
	return it
}

// shifted returns a copy of it with every column position moved by d.
func (it *nsItem) shifted(d int) *nsItem {
	c := *it
	c.cols = make([]scopeCol, len(it.cols))
	for i, col := range it.cols {
		col.idx += d
		c.cols[i] = col
	}
	return &c
}

// qualName is how PostgreSQL names a column in messages: "t.x".
func (it *nsItem) qualName(c scopeCol) string {
	if it.name == "" {
		return c.name
	}
	return it.name + "." + c.name
}

// resolveColumn binds a column reference, searching enclosing scopes for
// correlated references.
func (b *Binder) resolveColumn(s *Scope, ref *ast.ColumnRef) expr.Expr {
	parts := ref.Parts
	colName := parts[len(parts)-1]
	var qual []string
	if len(parts) > 1 {
		qual = parts[:len(parts)-1]
	}
	if len(qual) > 3 {
		b.errorf(ref.Pos(), base.CodeSyntaxError, "improper qualified name (too many dotted names): %s", ast.ObjectName(parts).String())
	}
	depth := 0
	for sc := s; sc != nil; sc, depth = sc.parent, depth+1 {
		it, col, found := b.lookupIn(sc, qual, colName, ref)
		if !found {
			continue
		}
		if depth == 0 {
			cr := &expr.ColRef{Idx: col.idx, Typ: col.typ, Name: it.qualName(col)}
			b.colPos[cr] = colInfo{pos: ref.Pos(), qual: it.qualName(col)}
			return cr
		}
		or := &expr.OuterRef{Depth: depth - 1, Idx: col.idx, Typ: col.typ, Name: it.qualName(col)}
		b.outerPos[or] = colInfo{pos: ref.Pos(), qual: it.qualName(col)}
		return or
	}
	// Not found anywhere.
	if qual != nil && !b.qualifierExists(s, qual) {
		b.missingTable(s, qual, ref.Pos())
	}
	b.missingColumn(s, qual, colName, ref.Pos())
	return nil
}

// lookupIn searches one scope level. With a qualifier, only the item of
// that name is searched (and a missing column there is reported at once,
// as PostgreSQL does, rather than searching outer levels).
func (b *Binder) lookupIn(s *Scope, qual []string, colName string, ref *ast.ColumnRef) (*nsItem, scopeCol, bool) {
	if qual != nil {
		it := b.findItem(s, qual, ref.Pos())
		if it == nil {
			return nil, scopeCol{}, false
		}
		var hit *scopeCol
		for i := range it.cols {
			c := &it.cols[i]
			if c.name == colName {
				if hit != nil {
					b.errorf(ref.Pos(), base.CodeAmbiguousColumn, "column reference %q is ambiguous", strings.Join(ref.Parts, "."))
				}
				hit = c
			}
		}
		if hit == nil {
			b.missingColumn(s, qual, colName, ref.Pos())
		}
		return it, *hit, true
	}
	var hitItem *nsItem
	var hit scopeCol
	n := 0
	for _, it := range s.items {
		if !it.colsVisible {
			continue
		}
		for _, c := range it.cols {
			if c.name == colName {
				if n > 0 && !(hitItem == it && hit.idx == c.idx) {
					b.errorf(ref.Pos(), base.CodeAmbiguousColumn, "column reference %q is ambiguous", colName)
				}
				hitItem, hit = it, c
				n++
			}
		}
	}
	return hitItem, hit, n > 0
}

// findItem returns the visible item named by qual (["t"], ["s","t"] or
// ["db","s","t"]) in this scope level, or nil.
func (b *Binder) findItem(s *Scope, qual []string, off int) *nsItem {
	name := qual[len(qual)-1]
	schema := ""
	if len(qual) >= 2 {
		schema = qual[len(qual)-2]
	}
	if len(qual) == 3 && qual[0] != b.ctx.Database {
		b.errorf(off, base.CodeFeatureNotSupported, "cross-database references are not implemented: %s", ast.ObjectName(qual).String())
	}
	var found *nsItem
	for _, it := range s.items {
		if !it.relVisible || it.name != name {
			continue
		}
		if schema != "" && it.schema != schema {
			continue
		}
		if found != nil && found != it {
			b.errorf(off, codeAmbiguousAlias, "table reference %q is ambiguous", name)
		}
		found = it
	}
	return found
}

func (b *Binder) qualifierExists(s *Scope, qual []string) bool {
	for sc := s; sc != nil; sc = sc.parent {
		if b.findItem(sc, qual, -1) != nil {
			return true
		}
	}
	return false
}

// missingTable reports a qualifier that names no FROM item.
func (b *Binder) missingTable(s *Scope, qual []string, off int) {
	name := qual[len(qual)-1]
	for sc := s; sc != nil; sc = sc.parent {
		for _, it := range sc.items {
			if it.relName == name && it.relName != it.name {
				e := base.Errorf(base.CodeUndefinedTable, "invalid reference to FROM-clause entry for table %q", name).
					WithHint("Perhaps you meant to reference the table alias %q.", it.name)
				b.fail(withPos(e, b.position(off)))
			}
			if it.name == name && !it.relVisible && !it.isJoin {
				e := base.Errorf(base.CodeUndefinedTable, "invalid reference to FROM-clause entry for table %q", name).
					WithHint("There is an entry for table %q, but it cannot be referenced from this part of the query.", name)
				b.fail(withPos(e, b.position(off)))
			}
		}
	}
	b.errorf(off, base.CodeUndefinedTable, "missing FROM-clause entry for table %q", name)
}

const maxFuzzyDistance = 3

// missingColumn reports an undefined column with PostgreSQL's hints
// (errorMissingColumn / searchRangeTableForCol).
func (b *Binder) missingColumn(s *Scope, qual []string, colName string, off int) {
	alias := ""
	if qual != nil {
		alias = qual[len(qual)-1]
	}
	var msg string
	if qual != nil {
		msg = "column " + strings.Join(qual, ".") + "." + colName + " does not exist"
	} else {
		msg = "column \"" + colName + "\" does not exist"
	}
	e := &base.Error{Code: base.CodeUndefinedColumn, Message: msg, Position: b.position(off)}

	type match struct {
		it  *nsItem
		col string
	}
	dist := maxFuzzyDistance + 1
	var first, second *match
	exactHint := ""
search:
	for sc := s; sc != nil; sc = sc.parent {
		for _, it := range sc.items {
			if it.isJoin {
				continue
			}
			penalty := 0
			if alias != "" {
				penalty = levenshtein(alias, it.name)
				if penalty > maxFuzzyDistance {
					continue
				}
			}
			for _, c := range it.cols {
				if c.hidden {
					continue
				}
				if c.name == colName && penalty == 0 {
					exactHint = it.name
					break search
				}
			}
			for _, c := range it.cols {
				if c.hidden {
					continue
				}
				d := levenshtein(c.name, colName)
				if d > len(colName)/2 {
					continue
				}
				d += penalty
				switch {
				case d < dist:
					dist = d
					first, second = &match{it, c.name}, nil
				case d == dist:
					if second != nil {
						first, second = nil, nil
						dist = d - 1
					} else if first != nil {
						second = &match{it, c.name}
					} else if dist <= maxFuzzyDistance {
						first = &match{it, c.name}
					}
				}
			}
		}
	}
	switch {
	case exactHint != "":
		e.Hint = "There is a column named \"" + colName + "\" in table \"" + exactHint + "\", but it cannot be referenced from this part of the query."
	case first != nil && second != nil:
		e.Hint = "Perhaps you meant to reference the column \"" + first.it.name + "." + first.col +
			"\" or the column \"" + second.it.name + "." + second.col + "\"."
	case first != nil:
		e.Hint = "Perhaps you meant to reference the column \"" + first.it.name + "." + first.col + "\"."
	}
	b.fail(e)
}

// levenshtein is the edit distance with unit costs.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// starColumns expands * (qual nil) or t.* into scope columns with their
// items, in FROM order, excluding hidden columns.
func (b *Binder) starColumns(s *Scope, star *ast.StarExpr) []starCol {
	var out []starCol
	if star.Table != nil {
		it := b.findItem(s, star.Table, star.Pos())
		if it == nil {
			b.missingTable(s, star.Table, star.Pos())
		}
		for _, c := range it.cols {
			if !c.hidden {
				out = append(out, starCol{it, c})
			}
		}
		return out
	}
	any := false
	for _, it := range s.items {
		if !it.colsVisible {
			continue
		}
		any = true
		for _, c := range it.cols {
			if !c.hidden {
				out = append(out, starCol{it, c})
			}
		}
	}
	if !any {
		b.errorf(star.Pos(), base.CodeSyntaxError, "SELECT * with no tables specified is not valid")
	}
	return out
}

type starCol struct {
	it  *nsItem
	col scopeCol
}
