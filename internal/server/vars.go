package server

import (
	"sort"
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/pgwire"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

func (s *session) execSet(n *ast.SetStmt) (pgwire.Result, error) {
	st, err := lookupSetting(n.Name)
	if err != nil {
		return nil, err
	}
	if n.Default {
		if st.readOnly {
			return nil, base.Errorf("55P02", "parameter %q cannot be changed", st.name)
		}
		s.reset(st)
		return tagOnly("SET"), nil
	}
	vals := make([]string, 0, len(n.Values))
	for _, v := range n.Values {
		switch x := v.(type) {
		case *ast.StringLit:
			vals = append(vals, x.Value)
		case *ast.NumberLit:
			vals = append(vals, x.Text)
		default:
			return nil, base.Errorf(base.CodeSyntaxError, "invalid value for parameter %q", st.name)
		}
	}
	if len(vals) > 1 && !strings.EqualFold(st.name, "search_path") && !strings.EqualFold(st.name, "DateStyle") {
		return nil, base.Errorf(base.CodeInvalidParameterValue, "SET %s takes only one argument", st.name)
	}
	if err := s.set(st, strings.Join(vals, ", ")); err != nil {
		return nil, err
	}
	return tagOnly("SET"), nil
}

func (s *session) execReset(n *ast.ResetStmt) (pgwire.Result, error) {
	if n.All {
		for _, st := range settings {
			if !st.readOnly {
				if _, changed := s.vars[strings.ToLower(st.name)]; changed {
					s.reset(st)
				}
			}
		}
		return tagOnly("RESET"), nil
	}
	st, err := lookupSetting(n.Name)
	if err != nil {
		return nil, err
	}
	if st.readOnly {
		return nil, base.Errorf("55P02", "parameter %q cannot be changed", st.name)
	}
	s.reset(st)
	return tagOnly("RESET"), nil
}

func textCols(names ...string) []pgwire.Column {
	cols := make([]pgwire.Column, len(names))
	for i, n := range names {
		cols[i] = pgwire.Column{Name: n, Type: base.Varchar, TypeMod: -1}
	}
	return cols
}

// showColumns is the RowDescription of a SHOW statement.
func (s *session) showColumns(n *ast.ShowStmt) ([]pgwire.Column, error) {
	switch n.Kind {
	case ast.ShowVariable:
		st, err := lookupSetting(n.Name)
		if err != nil {
			return nil, err
		}
		return textCols(strings.ToLower(st.name)), nil
	case ast.ShowAll:
		return textCols("name", "setting", "description"), nil
	case ast.ShowColumns:
		return textCols("Name", "Type", "Is Hidden", "Description"), nil
	case ast.ShowCreate:
		return textCols("Name", "Create Sql"), nil
	case ast.ShowUsers:
		return textCols("Name"), nil
	}
	return textCols("Name"), nil
}

func (s *session) execShow(n *ast.ShowStmt) (pgwire.Result, error) {
	cols, err := s.showColumns(n)
	if err != nil {
		return nil, err
	}
	res := &rowsResult{cols: cols, tag: "SHOW"}
	add := func(vals ...string) {
		row := make([]base.Datum, len(vals))
		for i, v := range vals {
			row[i] = base.DText(v)
		}
		res.rows = append(res.rows, row)
	}
	cat := s.srv.Catalog()
	switch n.Kind {
	case ast.ShowVariable:
		st, _ := lookupSetting(n.Name)
		add(s.get(st))
		return res, nil
	case ast.ShowAll:
		for _, st := range sortedSettings() {
			add(st.name, s.get(st), st.desc)
		}
		return res, nil
	case ast.ShowSchemas:
		for _, sc := range cat.Schemas() {
			add(sc.Name)
		}
	case ast.ShowDatabases:
		add(cat.Database())
	case ast.ShowUsers:
		for _, u := range cat.Users() {
			add(u.Name)
		}
	case ast.ShowTables, ast.ShowViews, ast.ShowMaterializedViews, ast.ShowSources, ast.ShowSinks:
		want := map[ast.ShowKind]catalog.Kind{
			ast.ShowTables: catalog.KindTable, ast.ShowViews: catalog.KindView,
			ast.ShowMaterializedViews: catalog.KindMaterializedView, ast.ShowSources: catalog.KindSource,
			ast.ShowSinks: catalog.KindSink,
		}[n.Kind]
		schema := "public"
		if len(n.From) > 0 {
			schema = n.From.Last()
			if _, err := cat.SchemaByName(schema); err != nil {
				return nil, err
			}
		} else if cs, err := s.currentSchema(cat); err == nil {
			schema = cs
		}
		for _, r := range cat.Relations() {
			if r.Kind == want && r.Schema == schema {
				add(r.Name)
			}
		}
	case ast.ShowColumns:
		rel, err := cat.LookupRelation(s.searchPath(), qualifier(n.From), n.From.Last())
		if err != nil {
			return nil, err
		}
		for _, c := range rel.Columns {
			hidden := "false"
			if c.Hidden {
				hidden = "true"
			}
			desc := base.NullOf(base.KindText)
			row := []base.Datum{base.DText(c.Name), base.DText(formatType(c.Type)), base.DText(hidden), desc}
			if c.Comment != "" {
				row[3] = base.DText(c.Comment)
			}
			res.rows = append(res.rows, row)
		}
		return res, nil
	case ast.ShowCreate:
		rel, err := cat.LookupRelation(s.searchPath(), qualifier(n.From), n.From.Last())
		if err != nil {
			return nil, err
		}
		add(rel.QualifiedName(), showCreate(rel))
		return res, nil
	default:
		return nil, base.NotSupported("SHOW %s is not supported yet", showKindName(n.Kind))
	}
	sort.Slice(res.rows, func(i, j int) bool { return res.rows[i][0].S < res.rows[j][0].S })
	return res, nil
}

func showKindName(k ast.ShowKind) string {
	switch k {
	case ast.ShowIndexes:
		return "INDEXES"
	case ast.ShowSecrets:
		return "SECRETS"
	case ast.ShowConnections:
		return "CONNECTIONS"
	case ast.ShowFunctions:
		return "FUNCTIONS"
	case ast.ShowParameters:
		return "PARAMETERS"
	case ast.ShowJobs:
		return "JOBS"
	case ast.ShowProcessList:
		return "PROCESSLIST"
	}
	return "this object kind"
}

// qualifier returns the schema part of a possibly qualified name ("" if
// unqualified). Database-qualified names must name this database.
func qualifier(n ast.ObjectName) string {
	if len(n) >= 2 {
		return n[len(n)-2]
	}
	return ""
}

// formatType prints a type with its modifier as format_type does.
func formatType(t base.Type) string {
	name := t.String()
	if t.Mod > 0 {
		switch {
		case t.Kind == base.KindText && t.Varchar:
			return name + "(" + itoa(int64(t.Mod)) + ")"
		case t.Kind == base.KindNumeric:
			if p, sc, ok := base.NumericPrecisionScale(t.Mod); ok {
				return "numeric(" + itoa(int64(p)) + "," + itoa(int64(sc)) + ")"
			}
		}
	}
	return name
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// showCreate returns the stored definition of a relation.
func showCreate(rel *catalog.Relation) string {
	return rel.Definition
}
