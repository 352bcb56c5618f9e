package server

import (
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	_ "github.com/tributarydb/tributary/internal/connector/all" // built-in connectors
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/stream"
)

// Sources are catalog relations of KindSource: columns, WITH options,
// FORMAT/ENCODE. They hold no rows; each streaming job reading one opens
// its own connector reader (stream.Input.Reader), whose checkpoints the
// runtime commits with each epoch. A source without a primary key is
// append-only and gets a hidden _row_id from the streaming planner's
// source operator.
//
// Restart: views are rebuilt from scratch (startRuntime), so readers
// start from the beginning again (datagen and nexmark regenerate the same
// rows, posix_fs re-reads its files). Resuming readers from the committed
// offsets (state.Store.SourceOffsets) belongs with durable job state.

// createSource runs CREATE SOURCE.
func (d *ddl) createSource(n *ast.CreateSourceStmt) (string, error) {
	schema, err := d.targetSchema(n.Name)
	if err != nil {
		return "", err
	}
	name := n.Name.Last()
	if _, err := d.cat.LookupRelation(nil, schema, name); err == nil {
		if n.IfNotExists {
			d.s.notice("relation %q already exists, skipping", name)
			return "CREATE_SOURCE", nil
		}
		return "", base.Errorf(base.CodeDuplicateTable, "relation %q already exists", name)
	}
	if len(n.Include) > 0 {
		return "", base.NotSupported("INCLUDE %s is not supported yet", n.Include[0].Kind)
	}
	opts, err := withOptions(n.With)
	if err != nil {
		return "", err
	}
	rel := &catalog.Relation{Schema: schema, Name: name, Kind: catalog.KindSource, Owner: d.s.user,
		Definition: ast.Format(n), AppendOnly: true, Created: time.Now().UTC(), Options: opts}
	if n.Format != nil {
		rel.Format, rel.Encode = strings.ToLower(n.Format.Format), strings.ToLower(n.Format.Encode)
		if rel.FormatOptions, err = withOptions(n.Format.Options); err != nil {
			return "", err
		}
	}
	var pk []string
	for _, c := range n.Columns {
		if c.Generated != nil {
			return "", base.NotSupported("generated columns are not supported yet")
		}
		if c.Default != nil || c.Check != nil || c.Unique || c.References != nil {
			return "", base.NotSupported("column constraints other than PRIMARY KEY and NOT NULL are not supported on sources (column %q)", c.Name)
		}
		t, err := plan.ResolveType(c.Type)
		if err != nil {
			return "", err
		}
		if rel.ColumnIndex(c.Name) >= 0 {
			return "", base.Errorf(base.CodeDuplicateColumn, "column %q specified more than once", c.Name)
		}
		rel.Columns = append(rel.Columns, catalog.Column{Name: c.Name, Type: t, NotNull: c.NotNull})
		if c.PrimaryKey {
			pk = append(pk, c.Name)
		}
	}
	for _, tc := range n.Constraints {
		if tc.Kind != ast.PrimaryKeyConstraint {
			return "", base.NotSupported("table constraints other than PRIMARY KEY are not supported on sources")
		}
		pk = append(pk, tc.Columns...)
	}
	cfg := connector.SourceConfig{Relation: rel, Options: opts, Format: rel.Format, Encode: rel.Encode, FormatOptions: rel.FormatOptions, Splits: 1}
	spec, _, err := connector.Resolve(cfg)
	if err != nil && len(rel.Columns) > 0 {
		return "", err
	}
	if len(rel.Columns) == 0 {
		if spec.Columns == nil {
			if err != nil {
				return "", err
			}
			return "", base.Errorf(base.CodeInvalidParameterValue, "connector %q needs the source's columns: CREATE SOURCE %s (col type, ...) WITH (...)", cfg.Name(), name)
		}
		if rel.Columns, err = spec.Columns(cfg); err != nil {
			return "", err
		}
		if err := connector.Validate(cfg); err != nil {
			return "", err
		}
	}
	for _, w := range n.Watermarks {
		if rel.ColumnIndex(w.Column) < 0 {
			return "", base.Errorf(base.CodeUndefinedColumn, "column %q named in WATERMARK does not exist", w.Column)
		}
		rel.Watermarks = append(rel.Watermarks, catalog.Watermark{Column: w.Column, Expr: ast.Format(w.Expr)})
	}
	seen := map[string]bool{}
	for _, c := range pk {
		i := rel.ColumnIndex(c)
		if i < 0 {
			return "", base.Errorf(base.CodeUndefinedColumn, "column %q named in key does not exist", c)
		}
		if seen[c] {
			return "", base.Errorf(base.CodeDuplicateColumn, "column %q appears twice in primary key constraint", c)
		}
		seen[c] = true
		rel.PK = append(rel.PK, i)
		rel.Columns[i].NotNull = true
	}
	rel.HasUserPK = len(rel.PK) > 0
	if _, err := d.cat.CreateRelation(rel, false); err != nil {
		return "", err
	}
	return "CREATE_SOURCE", nil
}

// withOptions converts WITH (...) options to the catalog's map: keys lower
// case, values as text (SECRET s → catalog.SecretRef).
func withOptions(with []*ast.Option) (map[string]string, error) {
	if len(with) == 0 {
		return nil, nil
	}
	m := make(map[string]string, len(with))
	for _, o := range with {
		k := strings.ToLower(o.Key)
		if _, dup := m[k]; dup {
			return nil, base.Errorf(base.CodeSyntaxError, "option %q specified more than once", k)
		}
		var v string
		switch x := o.Value.(type) {
		case nil:
			v = "true"
		case *ast.StringLit:
			v = x.Value
		case *ast.NumberLit:
			v = x.Text
		case *ast.BoolLit:
			v = "false"
			if x.Value {
				v = "true"
			}
		case *ast.ColumnRef:
			v = x.Name()
		case *ast.SecretRef:
			v = catalog.SecretRef(qualifier(x.Name), x.Name.Last())
		case *ast.UnaryExpr:
			v = ast.Format(x)
		default:
			return nil, base.Errorf(base.CodeSyntaxError, "invalid value for option %q: %s", k, ast.Format(o.Value))
		}
		m[k] = v
	}
	return m, nil
}

// sourceReader opens the connector reader of one job reading source rel.
func sourceReader(rel *catalog.Relation) (stream.SourceReader, error) {
	for _, v := range rel.Options {
		if _, _, ok := catalog.ParseSecretRef(v); ok {
			return nil, base.NotSupported("source %s: secrets in connector options are not supported yet", rel.QualifiedName())
		}
	}
	r, err := connector.NewReader(connector.SourceConfig{Relation: rel, Options: rel.Options, Format: rel.Format,
		Encode: rel.Encode, FormatOptions: rel.FormatOptions, Split: 0, Splits: 1})
	if err != nil {
		return nil, base.Errorf(base.CodeObjectNotInPrerequisiteState, "source %s: %v", rel.QualifiedName(), err)
	}
	return r, nil
}

// closeInputs releases inputs not (yet) handed to the runtime.
func closeInputs(inputs map[uint32]stream.Input) {
	for _, in := range inputs {
		if in.Sub != nil {
			in.Sub.Close()
		}
		if in.Reader != nil {
			_ = in.Reader.Close()
		}
	}
}
