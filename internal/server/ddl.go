package server

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/batch"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/pgwire"
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/state"
)

// ddl is one catalog-changing statement in progress: it works on a
// private copy of the catalog and a state batch, and publishes both at
// once in commit, so a failure leaves nothing half done.
type ddl struct {
	s   *session
	cat *catalog.Catalog
	b   *state.Batch
	// onFail undoes side effects outside the batch (a started job) when
	// the statement fails; afterCommit runs once the catalog is published.
	onFail      []func()
	afterCommit []func() error
	// dropped are the relations the statement removed: their jobs stop
	// after the commit.
	dropped []*catalog.Relation
}

func (s *session) execDDL(ctx context.Context, st *statement) (pgwire.Result, error) {
	s.srv.writeMu.Lock()
	defer s.srv.writeMu.Unlock()
	d := &ddl{s: s, cat: s.srv.Catalog().Clone(), b: s.srv.store.NewBatch()}
	defer d.b.Close()
	tag, err := d.run(ctx, st)
	if err == nil {
		// Stop the jobs of dropped views before their rows and state are
		// deleted, so no later epoch writes into the cleared ranges. If
		// the commit then fails, the next restart rebuilds those views.
		for _, r := range d.dropped {
			if r.Kind == catalog.KindMaterializedView {
				if derr := s.srv.rt.DropJob(r.ID); derr != nil {
					s.srv.log.Warn("stopping a dropped view's job", "view", r.QualifiedName(), "err", derr)
				}
			}
		}
		err = s.srv.commitCatalog(d.cat, d.b)
	}
	if err != nil {
		for _, f := range d.onFail {
			f()
		}
		return nil, err
	}
	for _, f := range d.afterCommit {
		if err := f(); err != nil {
			return nil, err
		}
	}
	if s.tx == 'T' {
		s.txWrites++
	}
	return tagOnly(tag), nil
}

func (d *ddl) run(ctx context.Context, st *statement) (string, error) {
	switch n := st.node.(type) {
	case *ast.CreateSchemaStmt:
		return d.createSchema(n)
	case *ast.CreateTableStmt:
		return d.createTable(ctx, n, st)
	case *ast.CreateViewStmt:
		return d.createView(n, st)
	case *ast.DropStmt:
		return d.drop(n)
	case *ast.AlterObjectStmt:
		return d.alter(ctx, n)
	case *ast.CommentStmt:
		return d.comment(n)
	case *ast.TruncateStmt:
		return d.truncate(n)
	case *ast.CreateMaterializedViewStmt:
		return d.createMaterializedView(ctx, n, st)
	case *ast.CreateSourceStmt:
		return d.createSource(n)
	case *ast.CreateSinkStmt:
		return "", base.NotSupported("CREATE SINK is not supported yet: connectors are not built")
	case *ast.CreateSecretStmt, *ast.AlterSecretStmt:
		return "", base.NotSupported("secrets are not supported yet")
	case *ast.GrantStmt:
		return "", base.NotSupported("GRANT and REVOKE are not supported yet: access control is not built")
	case *ast.CreateIndexStmt:
		return "", base.NotSupported("CREATE INDEX is not supported yet")
	case *ast.CreateDatabaseStmt:
		return "", base.NotSupported("CREATE DATABASE is not supported: use schemas (one database, %q, per server)", d.cat.Database())
	case *ast.CreateRoleStmt:
		return d.createRole(n)
	case *ast.AlterRoleStmt:
		return d.alterRole(n)
	}
	return "", base.NotSupported("%s is not supported yet", statementName(st.node))
}

// targetSchema resolves the schema a new object goes into.
func (d *ddl) targetSchema(name ast.ObjectName) (string, error) {
	if len(name) > 3 {
		return "", base.Errorf(base.CodeSyntaxError, "improper qualified name (too many dotted names): %s", name.String())
	}
	if len(name) == 3 && name[0] != d.cat.Database() {
		return "", base.NotSupported("cross-database references are not implemented: %s", name.String())
	}
	if q := qualifier(name); q != "" {
		if _, err := d.cat.SchemaByName(q); err != nil {
			return "", err
		}
		return q, nil
	}
	return d.s.currentSchema(d.cat)
}

func (d *ddl) createSchema(n *ast.CreateSchemaStmt) (string, error) {
	name := n.Name.Last()
	if _, err := d.cat.SchemaByName(name); err == nil && n.IfNotExists {
		d.s.notice("schema %q already exists, skipping", name)
		return "CREATE SCHEMA", nil
	}
	owner := n.Authorization
	if owner == "" {
		owner = d.s.user
	} else if _, err := d.cat.User(owner); err != nil {
		return "", base.Errorf(base.CodeUndefinedObject, "role %q does not exist", owner)
	}
	if _, err := d.cat.CreateSchema(name, owner, n.IfNotExists); err != nil {
		return "", err
	}
	return "CREATE SCHEMA", nil
}

func (d *ddl) binder(sql string) *plan.Binder {
	return plan.NewBinder(d.s.bindContext(d.cat, sql, nil))
}

func (d *ddl) createTable(ctx context.Context, n *ast.CreateTableStmt, st *statement) (string, error) {
	if len(n.With) > 0 || n.Format != nil || len(n.FromSource) > 0 {
		return "", base.NotSupported("tables with connectors (WITH/FORMAT/FROM source) are not supported yet")
	}
	if len(n.Watermarks) > 0 {
		return "", base.NotSupported("WATERMARK on tables is not supported yet")
	}
	if len(n.Include) > 0 {
		return "", base.NotSupported("INCLUDE on tables is not supported yet")
	}
	schema, err := d.targetSchema(n.Name)
	if err != nil {
		return "", err
	}
	name := n.Name.Last()
	if existing, err := d.cat.LookupRelation(nil, schema, name); err == nil {
		if n.IfNotExists {
			d.s.notice("relation %q already exists, skipping", name)
			return "CREATE TABLE", nil
		}
		_ = existing
		return "", base.Errorf(base.CodeDuplicateTable, "relation %q already exists", name)
	}
	rel := &catalog.Relation{Schema: schema, Name: name, Kind: catalog.KindTable, Owner: d.s.user,
		Definition: ast.Format(n), AppendOnly: n.AppendOnly, Created: time.Now().UTC()}
	var query plan.Node
	if n.Query != nil {
		if len(n.Columns) > 0 {
			return "", base.NotSupported("CREATE TABLE AS with a column list is not supported yet")
		}
		query, err = d.binder(st.sql).BindQuery(n.Query)
		if err != nil {
			return "", err
		}
		for _, c := range query.Columns() {
			t := c.Type
			if t.Kind == base.KindUnknown {
				t = base.Text
			}
			rel.Columns = append(rel.Columns, catalog.Column{Name: c.Name, Type: t})
		}
	}
	var pk []string
	for _, c := range n.Columns {
		if c.Generated != nil {
			return "", base.NotSupported("generated columns are not supported yet")
		}
		if c.Check != nil || c.Unique || c.References != nil {
			return "", base.NotSupported("column constraints other than PRIMARY KEY, NOT NULL and DEFAULT are not supported yet (column %q)", c.Name)
		}
		t, err := plan.ResolveType(c.Type)
		if err != nil {
			return "", err
		}
		col := catalog.Column{Name: c.Name, Type: t, NotNull: c.NotNull}
		if c.Default != nil {
			col.Default = ast.Format(c.Default)
		}
		if c.PrimaryKey {
			pk = append(pk, c.Name)
		}
		rel.Columns = append(rel.Columns, col)
	}
	for _, tc := range n.Constraints {
		if tc.Kind != ast.PrimaryKeyConstraint {
			return "", base.NotSupported("table constraints other than PRIMARY KEY are not supported yet")
		}
		if len(pk) > 0 {
			return "", base.Errorf("42P16", "multiple primary keys for table %q are not allowed", name)
		}
		pk = append(pk, tc.Columns...)
	}
	if len(pk) > 0 {
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
		rel.HasUserPK = true
	} else {
		rel.PK = []int{len(rel.Columns)}
		rel.Columns = append(rel.Columns, catalog.Column{Name: catalog.RowIDColumn, Type: base.Int64, Hidden: true, NotNull: true})
	}
	if len(rel.Columns) > 1600 {
		return "", base.Errorf(base.CodeProgramLimitExceeded, "tables can have at most 1600 columns")
	}
	created, err := d.cat.CreateRelation(rel, false)
	if err != nil {
		return "", err
	}
	// Defaults are bound now so a bad DEFAULT fails CREATE TABLE, not the
	// first INSERT.
	for i, c := range created.Columns {
		if c.Default != "" {
			if _, err := d.binder(c.Default).BindDefault(created, i); err != nil {
				return "", err
			}
		}
	}
	if query != nil {
		return d.fillFromQuery(ctx, created, query)
	}
	return "CREATE TABLE", nil
}

// fillFromQuery runs CREATE TABLE AS's query into the new table's batch.
func (d *ddl) fillFromQuery(ctx context.Context, rel *catalog.Relation, q plan.Node) (string, error) {
	snap := d.s.srv.store.NewSnapshot()
	defer snap.Close()
	w := newTableWriter(d.s.srv, snap, d.b)
	ev := d.s.evalContext(nil)
	ectx := &batch.ExecContext{Ctx: ctx, Eval: ev, Storage: d.s.storage(snap, ev), MemoryLimit: d.s.srv.memLimit}
	types := columnTypes(rel)
	total := 0
	err := batch.Run(ectx, q, func(c *base.Chunk) error {
		full := base.NewChunk(types, c.Len())
		for i := 0; i < c.Len(); i++ {
			row := c.Row(i)
			if !rel.HasUserPK {
				row = append(row, base.NullOf(base.KindInt64))
			}
			for j := range row {
				if row[j].K != types[j].Kind && !row[j].Null {
					v, err := base.Cast(row[j], types[j], d.s.loc)
					if err != nil {
						return err
					}
					row[j] = v
				}
			}
			full.AppendRow(row)
		}
		n, _, err := w.Insert(ctx, rel, full, batch.InsertOptions{Conflict: batch.ConflictOverwrite})
		total += n
		return err
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("SELECT %d", total), nil
}

func (d *ddl) createView(n *ast.CreateViewStmt, st *statement) (string, error) {
	schema, err := d.targetSchema(n.Name)
	if err != nil {
		return "", err
	}
	name := n.Name.Last()
	q, err := d.binder(st.sql).BindQuery(n.Query)
	if err != nil {
		return "", err
	}
	cols := q.Columns()
	if len(n.Columns) > len(cols) {
		return "", base.Errorf(base.CodeSyntaxError, "CREATE VIEW specifies more column names than columns")
	}
	rel := &catalog.Relation{Schema: schema, Name: name, Kind: catalog.KindView, Owner: d.s.user,
		Definition: ast.Format(n.Query), Created: time.Now().UTC(), DependsOn: d.referencedRelations(n.Query)}
	for i, c := range cols {
		cn := c.Name
		if i < len(n.Columns) {
			cn = n.Columns[i]
		}
		t := c.Type
		if t.Kind == base.KindUnknown {
			t = base.Text
		}
		rel.Columns = append(rel.Columns, catalog.Column{Name: cn, Type: t})
	}
	if existing, err := d.cat.LookupRelation(nil, schema, name); err == nil {
		switch {
		case n.IfNotExists:
			d.s.notice("relation %q already exists, skipping", name)
			return "CREATE VIEW", nil
		case n.OrReplace && existing.Kind == catalog.KindView:
			// PostgreSQL only lets a replacement add columns at the end.
			if len(rel.Columns) < len(existing.Columns) {
				return "", base.Errorf("42P16", "cannot drop columns from view")
			}
			for i, c := range existing.Columns {
				if rel.Columns[i].Name != c.Name {
					return "", base.Errorf("42P16", "cannot change name of view column %q to %q", c.Name, rel.Columns[i].Name)
				}
				if rel.Columns[i].Type != c.Type {
					return "", base.Errorf("42P16", "cannot change data type of view column %q from %s to %s", c.Name, c.Type, rel.Columns[i].Type)
				}
			}
			r := existing.Clone()
			r.Columns, r.Definition, r.DependsOn = rel.Columns, rel.Definition, rel.DependsOn
			if err := d.cat.ReplaceRelation(r); err != nil {
				return "", err
			}
			return "CREATE VIEW", nil
		}
		return "", base.Errorf(base.CodeDuplicateTable, "relation %q already exists", name)
	}
	if _, err := d.cat.CreateRelation(rel, false); err != nil {
		return "", err
	}
	return "CREATE VIEW", nil
}

// referencedRelations lists the catalog relations a query names (CTE
// names that shadow nothing are skipped), for dependency tracking.
func (d *ddl) referencedRelations(q ast.Node) []uint32 {
	seen := map[uint32]bool{}
	var ids []uint32
	ast.Inspect(q, func(n ast.Node) bool {
		var name ast.ObjectName
		switch t := n.(type) {
		case *ast.TableRef:
			name = t.Name
		case *ast.FuncTable:
			if t.Func != nil && len(t.Func.Args) > 0 {
				if c, ok := t.Func.Args[0].(*ast.ColumnRef); ok {
					name = ast.ObjectName(c.Parts)
				}
			}
		default:
			return true
		}
		if len(name) == 0 {
			return true
		}
		if r, err := d.cat.LookupRelation(d.s.searchPath(), qualifier(name), name.Last()); err == nil && !seen[r.ID] {
			seen[r.ID] = true
			ids = append(ids, r.ID)
		}
		return true
	})
	return ids
}

var dropKinds = map[ast.ObjectKind]catalog.Kind{
	ast.ObjTable:            catalog.KindTable,
	ast.ObjView:             catalog.KindView,
	ast.ObjMaterializedView: catalog.KindMaterializedView,
	ast.ObjSource:           catalog.KindSource,
	ast.ObjSink:             catalog.KindSink,
	ast.ObjIndex:            catalog.KindIndex,
}

func (d *ddl) drop(n *ast.DropStmt) (string, error) {
	tag := "DROP " + n.Kind.String()
	switch n.Kind {
	case ast.ObjSchema:
		for _, name := range n.Names {
			if _, err := d.cat.SchemaByName(name.Last()); err != nil {
				if n.IfExists {
					d.s.notice("schema %q does not exist, skipping", name.Last())
					continue
				}
				return "", err
			}
			dropped, err := d.cat.DropSchema(name.Last(), n.IfExists, n.Behavior == ast.DropCascade)
			if err != nil {
				return "", err
			}
			d.clearData(dropped)
		}
		return tag, nil
	case ast.ObjUser, ast.ObjRole:
		for _, name := range n.Names {
			if name.Last() == d.s.user {
				return "", base.Errorf(base.CodeObjectInUse, "current user cannot be dropped")
			}
			if err := d.cat.DropUser(name.Last(), n.IfExists); err != nil {
				return "", err
			}
		}
		return tag, nil
	}
	want, ok := dropKinds[n.Kind]
	if !ok {
		return "", base.NotSupported("DROP %s is not supported yet", n.Kind)
	}
	for _, name := range n.Names {
		rel, err := d.cat.LookupRelation(d.s.searchPath(), qualifier(name), name.Last())
		if err != nil {
			if n.IfExists {
				d.s.notice("%s %q does not exist, skipping", strings.ToLower(n.Kind.String()), name.Last())
				continue
			}
			return "", base.Errorf(base.CodeUndefinedTable, "%s %q does not exist", strings.ToLower(n.Kind.String()), name.Last())
		}
		if rel.Kind != want {
			return "", base.Errorf(base.CodeWrongObjectType, "%q is not a %s", name.Last(), want).
				WithHint("Use DROP %s to remove a %s.", strings.ToUpper(rel.Kind.String()), rel.Kind)
		}
		dropped, err := d.cat.DropRelation(rel.ID, n.Behavior == ast.DropCascade)
		if err != nil {
			return "", err
		}
		for _, r := range dropped {
			if r.ID != rel.ID {
				d.s.notice("drop cascades to %s %s", r.Kind, r.QualifiedName())
			}
		}
		d.clearData(dropped)
	}
	return tag, nil
}

// clearData deletes the stored rows and internal state of dropped relations.
func (d *ddl) clearData(rels []*catalog.Relation) {
	d.dropped = append(d.dropped, rels...)
	for _, r := range rels {
		if r.IsMaterialized() {
			d.b.DeleteRange(r.ID)
		}
		for _, t := range r.InternalTables {
			d.b.DeleteRange(t)
		}
		if r.Kind == catalog.KindSource {
			d.b.DeleteSourceOffsets(r.ID)
		}
	}
}

func (d *ddl) truncate(n *ast.TruncateStmt) (string, error) {
	for _, name := range n.Names {
		rel, err := d.cat.LookupRelation(d.s.searchPath(), qualifier(name), name.Last())
		if err != nil {
			return "", err
		}
		if rel.Kind != catalog.KindTable {
			return "", base.Errorf(base.CodeWrongObjectType, "%q is not a table", name.Last())
		}
		if err := d.publishTruncate(rel); err != nil {
			return "", err
		}
		d.b.DeleteRange(rel.ID)
	}
	return "TRUNCATE TABLE", nil
}

func (d *ddl) comment(n *ast.CommentStmt) (string, error) {
	text := n.Text
	if n.Null {
		text = ""
	}
	switch n.Kind {
	case ast.ObjSchema:
		sc, err := d.cat.SchemaByName(n.Name.Last())
		if err != nil {
			return "", err
		}
		return "COMMENT", d.cat.SetComment(sc.ID, "", text)
	case ast.ObjColumn:
		if len(n.Name) < 2 {
			return "", base.Errorf(base.CodeSyntaxError, "column name must be qualified")
		}
		relName := n.Name[:len(n.Name)-1]
		rel, err := d.cat.LookupRelation(d.s.searchPath(), qualifier(relName), relName.Last())
		if err != nil {
			return "", err
		}
		col := n.Name.Last()
		if rel.ColumnIndex(col) < 0 {
			return "", base.Errorf(base.CodeUndefinedColumn, "column %q of relation %q does not exist", col, rel.Name)
		}
		return "COMMENT", d.cat.SetComment(rel.ID, col, text)
	}
	want, ok := dropKinds[n.Kind]
	if !ok {
		return "", base.NotSupported("COMMENT ON %s is not supported yet", n.Kind)
	}
	rel, err := d.cat.LookupRelation(d.s.searchPath(), qualifier(n.Name), n.Name.Last())
	if err != nil {
		return "", err
	}
	if rel.Kind != want {
		return "", base.Errorf(base.CodeWrongObjectType, "%q is not a %s", rel.Name, want)
	}
	return "COMMENT", d.cat.SetComment(rel.ID, "", text)
}

// publishTruncate arranges for the views reading rel to see every row of
// it deleted once the TRUNCATE commits.
func (d *ddl) publishTruncate(rel *catalog.Relation) error {
	if len(d.cat.Dependents(rel.ID)) == 0 {
		return nil
	}
	snap := d.s.srv.store.NewSnapshot()
	defer snap.Close()
	it, err := (&snapshotStorage{snap: snap}).ScanTable(context.Background(), rel, nil)
	if err != nil {
		return err
	}
	defer it.Close()
	dels := base.NewChunk(columnTypes(rel), 0)
	for {
		c, err := it.Next()
		if err != nil {
			return err
		}
		if c == nil {
			break
		}
		for i := 0; i < c.Len(); i++ {
			dels.AppendRow(c.Row(i))
			dels.Ops = append(dels.Ops, base.OpDelete)
		}
	}
	srv := d.s.srv
	d.afterCommit = append([]func() error{func() error { srv.rt.Publish(rel.ID, dels); return nil }}, d.afterCommit...)
	return nil
}
