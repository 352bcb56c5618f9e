package ast

import (
	"strings"
)

func (p *printer) stmt(s Statement) {
	switch s := s.(type) {
	case *Query:
		p.query(s)
	case *InsertStmt:
		p.insert(s)
	case *UpdateStmt:
		p.update(s)
	case *DeleteStmt:
		p.delete(s)
	case *CreateSchemaStmt:
		p.w("CREATE SCHEMA ")
		p.ifNotExists(s.IfNotExists)
		if len(s.Name) > 0 {
			p.name(s.Name)
		}
		if s.Authorization != "" {
			if len(s.Name) > 0 {
				p.w(" ")
			}
			p.w("AUTHORIZATION " + roleName(s.Authorization))
		}
	case *CreateDatabaseStmt:
		p.w("CREATE DATABASE ")
		p.ifNotExists(s.IfNotExists)
		p.w(QuoteIdent(s.Name))
		if s.Owner != "" {
			p.w(" WITH OWNER = " + roleName(s.Owner))
		}
	case *CreateTableStmt:
		p.createTable(s)
	case *CreateSourceStmt:
		p.w("CREATE SOURCE ")
		p.ifNotExists(s.IfNotExists)
		p.name(s.Name)
		if len(s.Columns)+len(s.Constraints)+len(s.Watermarks) > 0 {
			p.w(" ")
			p.tableElements(s.Columns, s.Constraints, s.Watermarks)
		}
		p.includes(s.Include)
		p.withOptions(s.With, true)
		p.optFormat(s.Format)
	case *CreateSinkStmt:
		p.w("CREATE SINK ")
		p.ifNotExists(s.IfNotExists)
		p.name(s.Name)
		if len(s.Into) > 0 {
			p.w(" INTO ")
			p.name(s.Into)
		}
		if s.Query != nil {
			p.w(" AS ")
			p.query(s.Query)
		} else {
			p.w(" FROM ")
			p.name(s.From)
		}
		p.withOptions(s.With, false)
		p.optFormat(s.Format)
	case *CreateViewStmt:
		p.w("CREATE ")
		if s.OrReplace {
			p.w("OR REPLACE ")
		}
		p.w("VIEW ")
		p.ifNotExists(s.IfNotExists)
		p.name(s.Name)
		if len(s.Columns) > 0 {
			p.w(" ")
			p.identList(s.Columns)
		}
		p.w(" AS ")
		p.query(s.Query)
	case *CreateMaterializedViewStmt:
		p.w("CREATE MATERIALIZED VIEW ")
		p.ifNotExists(s.IfNotExists)
		p.name(s.Name)
		if len(s.Columns) > 0 {
			p.w(" ")
			p.identList(s.Columns)
		}
		p.withOptions(s.With, false)
		p.w(" AS ")
		p.query(s.Query)
		if s.EmitOnWindowClose {
			p.w(" EMIT ON WINDOW CLOSE")
		}
	case *CreateIndexStmt:
		p.w("CREATE ")
		if s.Unique {
			p.w("UNIQUE ")
		}
		p.w("INDEX ")
		p.ifNotExists(s.IfNotExists)
		if s.Name != "" {
			p.w(QuoteIdent(s.Name) + " ")
		}
		p.w("ON ")
		p.name(s.Table)
		p.w(" (")
		for i, it := range s.Items {
			if i > 0 {
				p.w(", ")
			}
			p.orderByItem(it)
		}
		p.w(")")
		if len(s.Include) > 0 {
			p.w(" INCLUDE ")
			p.identList(s.Include)
		}
		if len(s.DistributedBy) > 0 {
			p.w(" DISTRIBUTED BY (")
			p.exprList(s.DistributedBy)
			p.w(")")
		}
	case *CreateSecretStmt:
		p.w("CREATE SECRET ")
		p.ifNotExists(s.IfNotExists)
		p.name(s.Name)
		p.withOptions(s.With, false)
		p.w(" AS " + QuoteString(s.Value))
	case *AlterSecretStmt:
		p.w("ALTER SECRET ")
		p.name(s.Name)
		p.withOptions(s.With, false)
		p.w(" AS " + QuoteString(s.Value))
	case *CreateConnectionStmt:
		p.w("CREATE CONNECTION ")
		p.ifNotExists(s.IfNotExists)
		p.name(s.Name)
		p.withOptions(s.With, true)
	case *CreateRoleStmt:
		p.w("CREATE ")
		if s.IsUser {
			p.w("USER ")
		} else {
			p.w("ROLE ")
		}
		p.ifNotExists(s.IfNotExists)
		p.w(roleName(s.Name))
		p.roleOptions(s.Options)
	case *AlterRoleStmt:
		p.w("ALTER ")
		if s.IsUser {
			p.w("USER ")
		} else {
			p.w("ROLE ")
		}
		p.w(roleName(s.Name))
		if s.RenameTo != "" {
			p.w(" RENAME TO " + roleName(s.RenameTo))
		} else {
			p.roleOptions(s.Options)
		}
	case *DropStmt:
		p.w("DROP " + s.Kind.String() + " ")
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		if s.Kind == ObjUser || s.Kind == ObjRole {
			for i, n := range s.Names {
				if i > 0 {
					p.w(", ")
				}
				p.w(roleName(n.Last()))
			}
		} else {
			p.nameList(s.Names)
		}
		p.dropBehavior(s.Behavior)
	case *AlterObjectStmt:
		p.w("ALTER " + s.Kind.String() + " ")
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		p.name(s.Name)
		for i, a := range s.Actions {
			if i > 0 {
				p.w(",")
			}
			p.w(" ")
			p.alterAction(a)
		}
	case *GrantStmt:
		p.grant(s)
	case *CommentStmt:
		p.w("COMMENT ON " + s.Kind.String() + " ")
		p.name(s.Name)
		if s.Null {
			p.w(" IS NULL")
		} else {
			p.w(" IS " + QuoteString(s.Text))
		}
	case *SetStmt:
		p.set(s)
	case *ShowStmt:
		p.show(s)
	case *ResetStmt:
		if s.All {
			p.w("RESET ALL")
		} else {
			p.w("RESET " + varNameAvoiding(s.Name, "all", "time"))
		}
	case *ExplainStmt:
		p.w("EXPLAIN ")
		if len(s.Options) > 0 {
			p.w("(")
			for i, o := range s.Options {
				if i > 0 {
					p.w(", ")
				}
				p.w(label(o.Key))
				if o.Value != nil {
					p.w(" ")
					p.optionValue(o.Value)
				}
			}
			p.w(") ")
		}
		p.stmt(s.Stmt)
	case *TransactionStmt:
		switch s.Kind {
		case TxnBegin:
			p.w("BEGIN")
			for i, m := range s.Modes {
				if i > 0 {
					p.w(",")
				}
				p.w(" " + strings.ToUpper(m))
			}
		case TxnCommit:
			p.w("COMMIT")
		case TxnRollback:
			p.w("ROLLBACK")
		}
	case *FlushStmt:
		p.w("FLUSH")
	case *TruncateStmt:
		p.w("TRUNCATE TABLE ")
		p.nameList(s.Names)
	case *DiscardStmt:
		p.w("DISCARD " + strings.ToUpper(s.Target))
	case *DeallocateStmt:
		if s.All {
			p.w("DEALLOCATE ALL")
		} else {
			p.w("DEALLOCATE " + QuoteIdent(s.Name))
		}
	case *PrepareStmt:
		p.w("PREPARE " + QuoteIdent(s.Name))
		if len(s.Types) > 0 {
			p.w(" (")
			for i, t := range s.Types {
				if i > 0 {
					p.w(", ")
				}
				p.typeName(t)
			}
			p.w(")")
		}
		p.w(" AS ")
		p.stmt(s.Stmt)
	case *ExecuteStmt:
		p.w("EXECUTE " + QuoteIdent(s.Name))
		if len(s.Params) > 0 {
			p.w(" (")
			p.exprList(s.Params)
			p.w(")")
		}
	case *CopyStmt:
		p.copyStmt(s)
	default:
		p.wf("/* %T */", s)
	}
}

// roleName prints a role name; CURRENT_USER and friends are keywords.
func roleName(s string) string {
	switch s {
	case "current_user", "session_user", "current_role":
		return strings.ToUpper(s)
	}
	return QuoteIdent(s)
}

// varNameAvoiding is varName, but quotes a first part that the parser
// would read as one of the given keywords of the statement.
func varNameAvoiding(s string, specials ...string) string {
	parts := strings.Split(s, ".")
	for _, part := range parts {
		if part == "" {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	for i, part := range parts {
		parts[i] = label(part)
	}
	for _, sp := range specials {
		if parts[0] == sp {
			parts[0] = `"` + sp + `"`
		}
	}
	return strings.Join(parts, ".")
}

var txnModes = map[string]bool{
	"isolation level serializable": true, "isolation level repeatable read": true,
	"isolation level read committed": true, "isolation level read uncommitted": true,
	"read only": true, "read write": true, "deferrable": true, "not deferrable": true,
}

func isTxnModeList(vals []Expr) bool {
	for _, v := range vals {
		s, ok := v.(*StringLit)
		if !ok || !txnModes[s.Value] {
			return false
		}
	}
	return len(vals) > 0
}

func (p *printer) ifNotExists(b bool) {
	if b {
		p.w("IF NOT EXISTS ")
	}
}

func (p *printer) dropBehavior(b DropBehavior) {
	switch b {
	case DropCascade:
		p.w(" CASCADE")
	case DropRestrict:
		p.w(" RESTRICT")
	}
}

func (p *printer) returning(items []*SelectItem) {
	if len(items) > 0 {
		p.w(" RETURNING ")
		p.selectItems(items)
	}
}

func (p *printer) assignments(l []*Assignment) {
	for i, a := range l {
		if i > 0 {
			p.w(", ")
		}
		p.w(QuoteIdent(a.Column) + " = ")
		p.expr(a.Value)
	}
}

func (p *printer) insert(s *InsertStmt) {
	if s.With != nil {
		p.with(s.With)
		p.w(" ")
	}
	p.w("INSERT INTO ")
	p.name(s.Table)
	if s.Alias != "" {
		p.w(" AS " + QuoteIdent(s.Alias))
	}
	if len(s.Columns) > 0 {
		p.w(" ")
		p.identList(s.Columns)
	}
	if s.Source == nil {
		p.w(" DEFAULT VALUES")
	} else {
		p.w(" ")
		p.query(s.Source)
	}
	if oc := s.OnConflict; oc != nil {
		p.w(" ON CONFLICT")
		if len(oc.Columns) > 0 {
			p.w(" ")
			p.identList(oc.Columns)
		} else if oc.Constraint != "" {
			p.w(" ON CONSTRAINT " + QuoteIdent(oc.Constraint))
		}
		if oc.DoNothing {
			p.w(" DO NOTHING")
		} else {
			p.w(" DO UPDATE SET ")
			p.assignments(oc.Set)
			if oc.Where != nil {
				p.w(" WHERE ")
				p.expr(oc.Where)
			}
		}
	}
	p.returning(s.Returning)
}

func (p *printer) update(s *UpdateStmt) {
	if s.With != nil {
		p.with(s.With)
		p.w(" ")
	}
	p.w("UPDATE ")
	p.name(s.Table)
	if s.Alias != "" {
		p.w(" AS " + QuoteIdent(s.Alias))
	}
	p.w(" SET ")
	p.assignments(s.Set)
	if len(s.From) > 0 {
		p.w(" FROM ")
		p.fromList(s.From)
	}
	if s.Where != nil {
		p.w(" WHERE ")
		p.expr(s.Where)
	}
	p.returning(s.Returning)
}

func (p *printer) delete(s *DeleteStmt) {
	if s.With != nil {
		p.with(s.With)
		p.w(" ")
	}
	p.w("DELETE FROM ")
	p.name(s.Table)
	if s.Alias != "" {
		p.w(" AS " + QuoteIdent(s.Alias))
	}
	if len(s.Using) > 0 {
		p.w(" USING ")
		p.fromList(s.Using)
	}
	if s.Where != nil {
		p.w(" WHERE ")
		p.expr(s.Where)
	}
	p.returning(s.Returning)
}

// optionKey prints a dotted option key, or a string literal when some part
// would not read back as a word.
func optionKey(k string) string {
	for _, part := range strings.Split(k, ".") {
		if !isPlainWord(part) {
			return QuoteString(k)
		}
	}
	return k
}

func (p *printer) option(o *Option) {
	p.w(optionKey(o.Key))
	if o.Value != nil {
		p.w(" = ")
		p.optionValue(o.Value)
	}
}

// optionValue prints a WITH-option value; a ColumnRef is a bare word
// there, where any keyword is allowed.
func (p *printer) optionValue(v Expr) {
	if c, ok := v.(*ColumnRef); ok {
		for i, part := range c.Parts {
			if i > 0 {
				p.w(".")
			}
			if i == 0 && (part == "true" || part == "false") {
				p.w(`"` + part + `"`)
				continue
			}
			p.w(label(part))
		}
		return
	}
	p.expr(v)
}

func (p *printer) optionList(opts []*Option) {
	p.w("(")
	for i, o := range opts {
		if i > 0 {
			p.w(", ")
		}
		p.option(o)
	}
	p.w(")")
}

// withOptions prints WITH (...); required forces it even when empty.
func (p *printer) withOptions(opts []*Option, required bool) {
	if len(opts) == 0 && !required {
		return
	}
	p.w(" WITH ")
	p.optionList(opts)
}

func (p *printer) optFormat(f *FormatSpec) {
	if f != nil {
		p.w(" ")
		p.formatSpec(f)
	}
}

func (p *printer) formatSpec(f *FormatSpec) {
	p.w("FORMAT " + upperWord(f.Format) + " ENCODE " + upperWord(f.Encode))
	if len(f.Options) > 0 {
		p.w(" ")
		p.optionList(f.Options)
	}
	if f.KeyEncode != "" {
		p.w(" KEY ENCODE " + upperWord(f.KeyEncode))
	}
}

// labelLower prints a word that the parser lower-cases after reading
// (FORMAT/ENCODE names): plain words may be upper-cased freely, anything
// else must be quoted.
func labelLower(s string) string {
	if isPlainWord(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// upperWord is labelLower, upper-casing plain words for readability.
func upperWord(s string) string {
	if isPlainWord(s) {
		return strings.ToUpper(s)
	}
	return labelLower(s)
}

func (p *printer) includes(items []*IncludeItem) {
	for _, it := range items {
		p.w(" INCLUDE " + labelLower(it.Kind))
		if it.Inner != "" || it.Type != nil {
			p.w(" " + QuoteString(it.Inner))
		}
		if it.Type != nil {
			p.w(" ")
			p.typeName(it.Type)
		}
		if it.Alias != "" {
			p.w(" AS " + QuoteIdent(it.Alias))
		}
	}
}

func (p *printer) columnDef(c *ColumnDef) {
	p.w(QuoteIdent(c.Name))
	if c.Type != nil {
		p.w(" ")
		p.typeName(c.Type)
	}
	if c.NotNull {
		p.w(" NOT NULL")
	}
	if c.Nullable {
		p.w(" NULL")
	}
	if c.Default != nil {
		p.w(" DEFAULT ")
		p.sub(c.Default, precOp)
	}
	if c.PrimaryKey {
		p.w(" PRIMARY KEY")
	}
	if c.Unique {
		p.w(" UNIQUE")
	}
	if c.Check != nil {
		p.w(" CHECK (")
		p.expr(c.Check)
		p.w(")")
	}
	if c.References != nil {
		p.w(" ")
		p.references(c.References)
	}
	if c.Generated != nil {
		p.w(" AS ")
		p.expr(c.Generated)
	}
}

func (p *printer) references(fk *ForeignKey) {
	p.w("REFERENCES ")
	p.name(fk.Table)
	if len(fk.Columns) > 0 {
		p.w(" ")
		p.identList(fk.Columns)
	}
}

func (p *printer) tableConstraint(c *TableConstraint) {
	if c.Name != "" {
		p.w("CONSTRAINT " + QuoteIdent(c.Name) + " ")
	}
	switch c.Kind {
	case PrimaryKeyConstraint:
		p.w("PRIMARY KEY ")
		p.identList(c.Columns)
	case UniqueConstraint:
		p.w("UNIQUE ")
		p.identList(c.Columns)
	case CheckConstraint:
		p.w("CHECK (")
		p.expr(c.Check)
		p.w(")")
	case ForeignKeyConstraint:
		p.w("FOREIGN KEY ")
		p.identList(c.Columns)
		p.w(" ")
		p.references(c.References)
	}
}

func (p *printer) tableElements(cols []*ColumnDef, cons []*TableConstraint, wms []*WatermarkDef) {
	p.w("(")
	sep := ""
	for _, c := range cols {
		p.w(sep)
		p.columnDef(c)
		sep = ", "
	}
	for _, w := range wms {
		p.w(sep + "WATERMARK FOR " + QuoteIdent(w.Column) + " AS ")
		p.expr(w.Expr)
		sep = ", "
	}
	for _, c := range cons {
		p.w(sep)
		p.tableConstraint(c)
		sep = ", "
	}
	p.w(")")
}

func (p *printer) createTable(s *CreateTableStmt) {
	p.w("CREATE TABLE ")
	p.ifNotExists(s.IfNotExists)
	p.name(s.Name)
	if len(s.Columns)+len(s.Constraints)+len(s.Watermarks) > 0 || s.Query == nil {
		p.w(" ")
		p.tableElements(s.Columns, s.Constraints, s.Watermarks)
	}
	if s.AppendOnly {
		p.w(" APPEND ONLY")
	}
	p.includes(s.Include)
	p.withOptions(s.With, false)
	p.optFormat(s.Format)
	if len(s.FromSource) > 0 {
		p.w(" FROM ")
		p.name(s.FromSource)
		p.w(" TABLE " + QuoteString(s.FromTable))
	}
	if s.Query != nil {
		p.w(" AS ")
		p.query(s.Query)
	}
}

func (p *printer) roleOptions(opts []*RoleOption) {
	if len(opts) == 0 {
		return
	}
	p.w(" WITH")
	for _, o := range opts {
		p.w(" " + strings.ToUpper(o.Name))
		if o.Value != nil {
			p.w(" ")
			p.sub(o.Value, precUnary)
		}
	}
}

func (p *printer) alterAction(a AlterAction) {
	switch a := a.(type) {
	case *AddColumn:
		p.w("ADD COLUMN ")
		p.ifNotExists(a.IfNotExists)
		p.columnDef(a.Column)
	case *AddConstraint:
		p.w("ADD ")
		p.tableConstraint(a.Constraint)
	case *DropColumn:
		p.w("DROP COLUMN ")
		if a.IfExists {
			p.w("IF EXISTS ")
		}
		p.w(QuoteIdent(a.Name))
		p.dropBehavior(a.Behavior)
	case *RenameColumn:
		p.w("RENAME COLUMN " + QuoteIdent(a.Old) + " TO " + QuoteIdent(a.New))
	case *RenameTo:
		p.w("RENAME TO ")
		p.name(a.New)
	case *OwnerTo:
		p.w("OWNER TO " + roleName(a.Owner))
	case *SetSchema:
		p.w("SET SCHEMA " + QuoteIdent(a.Schema))
	case *SetOptions:
		if len(a.Options) == 1 && a.Options[0].Value != nil && a.Options[0].Key != "schema" {
			p.w("SET ")
			p.option(a.Options[0])
			return
		}
		p.w("SET ")
		p.optionList(a.Options)
	case *AlterColumn:
		p.w("ALTER COLUMN " + QuoteIdent(a.Column))
		switch {
		case a.Type != nil:
			p.w(" TYPE ")
			p.typeName(a.Type)
		case a.SetDefault != nil:
			p.w(" SET DEFAULT ")
			p.sub(a.SetDefault, precOp)
		case a.DropDefault:
			p.w(" DROP DEFAULT")
		case a.SetNotNull:
			p.w(" SET NOT NULL")
		case a.DropNotNull:
			p.w(" DROP NOT NULL")
		}
	}
}

func (p *printer) grant(s *GrantStmt) {
	if s.Revoke {
		p.w("REVOKE ")
		if s.GrantOptionFor {
			p.w("GRANT OPTION FOR ")
		}
	} else {
		p.w("GRANT ")
	}
	for i, priv := range s.Privileges {
		if i > 0 {
			p.w(", ")
		}
		if priv == "all" {
			p.w("ALL PRIVILEGES")
		} else {
			p.w(labelLower(priv))
		}
	}
	p.w(" ON ")
	if s.On.AllInSchema {
		kinds := map[ObjectKind]string{ObjTable: "TABLES", ObjMaterializedView: "MATERIALIZED VIEWS",
			ObjView: "VIEWS", ObjSource: "SOURCES", ObjSink: "SINKS", ObjFunction: "FUNCTIONS"}
		p.w("ALL " + kinds[s.On.Kind] + " IN SCHEMA ")
	} else {
		p.w(s.On.Kind.String() + " ")
	}
	p.nameList(s.On.Names)
	if s.Revoke {
		p.w(" FROM ")
	} else {
		p.w(" TO ")
	}
	for i, g := range s.Grantees {
		if i > 0 {
			p.w(", ")
		}
		p.w(roleName(g))
	}
	if s.WithGrantOption {
		p.w(" WITH GRANT OPTION")
	}
	if s.GrantedBy != "" {
		p.w(" GRANTED BY " + roleName(s.GrantedBy))
	}
	p.dropBehavior(s.Behavior)
}

func (p *printer) set(s *SetStmt) {
	p.w("SET ")
	if s.Scope != "" {
		p.w(strings.ToUpper(s.Scope) + " ")
	}
	if s.Name == "transaction" && isTxnModeList(s.Values) {
		if s.Scope == "session" {
			p.w("CHARACTERISTICS AS ")
		}
		p.w("TRANSACTION")
		for i, v := range s.Values {
			if i > 0 {
				p.w(",")
			}
			if sl, ok := v.(*StringLit); ok {
				p.w(" " + strings.ToUpper(sl.Value))
			}
		}
		return
	}
	if s.Name == "timezone" && len(s.Values) == 1 && !s.Default {
		p.w("TIME ZONE ")
		p.expr(s.Values[0])
		return
	}
	p.w(varNameAvoiding(s.Name, "time", "transaction", "session", "local", "characteristics"))
	if s.Default {
		p.w(" TO DEFAULT")
		return
	}
	p.w(" TO ")
	for i, v := range s.Values {
		if i > 0 {
			p.w(", ")
		}
		p.expr(v)
	}
}

func (p *printer) show(s *ShowStmt) {
	p.w("SHOW ")
	switch s.Kind {
	case ShowVariable:
		p.w(varNameAvoiding(s.Name, "all", "time", "transaction", "materialized", "columns",
			"indexes", "create", "tables", "views", "sources", "sinks", "schemas", "databases",
			"secrets", "users", "connections", "functions", "parameters", "jobs", "processlist"))
		return
	case ShowAll:
		p.w("ALL")
		return
	case ShowCreate:
		p.w("CREATE " + s.ObjKind.String() + " ")
		p.name(s.From)
		return
	case ShowColumns, ShowIndexes:
		if s.Kind == ShowColumns {
			p.w("COLUMNS FROM ")
		} else {
			p.w("INDEXES FROM ")
		}
		p.name(s.From)
	default:
		names := map[ShowKind]string{ShowTables: "TABLES", ShowViews: "VIEWS",
			ShowMaterializedViews: "MATERIALIZED VIEWS", ShowSources: "SOURCES", ShowSinks: "SINKS",
			ShowSchemas: "SCHEMAS", ShowDatabases: "DATABASES", ShowSecrets: "SECRETS",
			ShowUsers: "USERS", ShowConnections: "CONNECTIONS", ShowFunctions: "FUNCTIONS",
			ShowParameters: "PARAMETERS", ShowJobs: "JOBS", ShowProcessList: "PROCESSLIST"}
		p.w(names[s.Kind])
		if len(s.From) > 0 {
			p.w(" FROM ")
			p.name(s.From)
		}
	}
	if s.HasLike {
		p.w(" LIKE " + QuoteString(s.Like))
	}
}

func (p *printer) copyStmt(s *CopyStmt) {
	p.w("COPY ")
	if s.Query != nil {
		p.w("(")
		p.query(s.Query)
		p.w(")")
	} else {
		p.name(s.Table)
		if len(s.Columns) > 0 {
			p.w(" ")
			p.identList(s.Columns)
		}
	}
	switch {
	case s.To && s.File == "":
		p.w(" TO STDOUT")
	case s.To:
		p.w(" TO " + QuoteString(s.File))
	case s.File == "":
		p.w(" FROM STDIN")
	default:
		p.w(" FROM " + QuoteString(s.File))
	}
	if len(s.Options) > 0 {
		p.w(" WITH (")
		for i, o := range s.Options {
			if i > 0 {
				p.w(", ")
			}
			p.w(label(o.Key))
			if o.Value != nil {
				p.w(" ")
				p.optionValue(o.Value)
			}
		}
		p.w(")")
	}
}
