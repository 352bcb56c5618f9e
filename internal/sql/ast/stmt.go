package ast

// ObjectKind names a kind of catalog object in DROP, ALTER, COMMENT,
// GRANT, SHOW CREATE.
type ObjectKind int

const (
	ObjTable ObjectKind = iota
	ObjView
	ObjMaterializedView
	ObjSource
	ObjSink
	ObjSchema
	ObjSecret
	ObjUser
	ObjRole
	ObjIndex
	ObjDatabase
	ObjColumn
	ObjFunction
	ObjConnection
)

var objKindNames = [...]string{
	ObjTable:            "TABLE",
	ObjView:             "VIEW",
	ObjMaterializedView: "MATERIALIZED VIEW",
	ObjSource:           "SOURCE",
	ObjSink:             "SINK",
	ObjSchema:           "SCHEMA",
	ObjSecret:           "SECRET",
	ObjUser:             "USER",
	ObjRole:             "ROLE",
	ObjIndex:            "INDEX",
	ObjDatabase:         "DATABASE",
	ObjColumn:           "COLUMN",
	ObjFunction:         "FUNCTION",
	ObjConnection:       "CONNECTION",
}

// String returns the SQL keyword(s), e.g. "MATERIALIZED VIEW".
func (k ObjectKind) String() string {
	if int(k) < len(objKindNames) {
		return objKindNames[k]
	}
	return "?"
}

// Option is `key = value` in WITH (...), FORMAT ... ENCODE ... (...),
// EXPLAIN (...) and COPY ... WITH (...). Key is the dotted key as written,
// identifiers case-folded ("properties.bootstrap.server"). Value is one of
// *StringLit, *NumberLit (Text may carry a leading '-'), *BoolLit,
// *ColumnRef (a bare identifier/keyword value, e.g. latest, json),
// *SecretRef, or nil when the key is given alone (EXPLAIN (verbose)).
type Option struct {
	Span
	Key   string
	Value Expr
}

// FormatSpec is RisingWave's FORMAT f ENCODE e [(options)]. Format and
// Encode are lower case ("plain", "upsert", "debezium"; "json", "avro").
type FormatSpec struct {
	Span
	Format    string
	Encode    string
	Options   []*Option
	KeyEncode string // RisingWave's trailing KEY ENCODE e (sinks), or ""
}

// ColumnDef is a column in CREATE TABLE/SOURCE or ALTER TABLE ADD COLUMN.
// Nullable records an explicit NULL constraint. Generated is the
// RisingWave generated column `name AS expr` (Type may then be nil).
type ColumnDef struct {
	Span
	Name       string
	Type       *TypeName
	NotNull    bool
	Nullable   bool
	Default    Expr
	PrimaryKey bool
	Unique     bool
	Check      Expr
	Generated  Expr
	References *ForeignKey
}

// ForeignKey is REFERENCES table [(cols)] (parsed, not enforced).
type ForeignKey struct {
	Span
	Table   ObjectName
	Columns []string
}

// ConstraintKind is the kind of a table-level constraint.
type ConstraintKind int

const (
	PrimaryKeyConstraint ConstraintKind = iota
	UniqueConstraint
	CheckConstraint
	ForeignKeyConstraint
)

// TableConstraint is [CONSTRAINT name] PRIMARY KEY (cols) | UNIQUE (cols)
// | CHECK (expr) | FOREIGN KEY (cols) REFERENCES t [(cols)].
type TableConstraint struct {
	Span
	Name       string
	Kind       ConstraintKind
	Columns    []string
	Check      Expr
	References *ForeignKey
}

// WatermarkDef is WATERMARK FOR column AS expr.
type WatermarkDef struct {
	Span
	Column string
	Expr   Expr
}

// IncludeItem is RisingWave's INCLUDE kind ['inner'] [AS alias], e.g.
// INCLUDE key AS k, INCLUDE header 'trace_id' AS tid, INCLUDE timestamp.
type IncludeItem struct {
	Span
	Kind  string // lower case: key, timestamp, partition, offset, header, payload, ...
	Inner string // the quoted inner field, e.g. a header name
	Type  *TypeName
	Alias string
}

// CreateSchemaStmt is CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role].
type CreateSchemaStmt struct {
	Span
	IfNotExists   bool
	Name          ObjectName
	Authorization string
}

// CreateDatabaseStmt is CREATE DATABASE [IF NOT EXISTS] name [[WITH] OWNER [=] role].
type CreateDatabaseStmt struct {
	Span
	IfNotExists bool
	Name        string
	Owner       string
}

// CreateTableStmt is CREATE TABLE. Columns/Constraints/Watermarks come
// from the parenthesized list. Query is set for CREATE TABLE ... AS
// SELECT. FromSource/FromTable are RisingWave's CDC form
// `CREATE TABLE t (...) FROM source TABLE 'public.x'`.
type CreateTableStmt struct {
	Span
	IfNotExists bool
	Name        ObjectName
	Columns     []*ColumnDef
	Constraints []*TableConstraint
	Watermarks  []*WatermarkDef
	AppendOnly  bool
	Include     []*IncludeItem
	With        []*Option
	Format      *FormatSpec
	FromSource  ObjectName
	FromTable   string
	Query       *Query
}

// CreateSourceStmt is CREATE SOURCE [IF NOT EXISTS] name [(cols...)]
// [INCLUDE ...] WITH (...) [FORMAT ... ENCODE ...].
type CreateSourceStmt struct {
	Span
	IfNotExists bool
	Name        ObjectName
	Columns     []*ColumnDef
	Constraints []*TableConstraint
	Watermarks  []*WatermarkDef
	Include     []*IncludeItem
	With        []*Option
	Format      *FormatSpec
}

// CreateSinkStmt is CREATE SINK [IF NOT EXISTS] name [INTO table]
// (FROM relation | AS query) [WITH (...)] [FORMAT ... ENCODE ...].
// Exactly one of From / Query is set.
type CreateSinkStmt struct {
	Span
	IfNotExists bool
	Name        ObjectName
	Into        ObjectName
	From        ObjectName
	Query       *Query
	With        []*Option
	Format      *FormatSpec
}

// CreateViewStmt is CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(cols)] AS query.
type CreateViewStmt struct {
	Span
	OrReplace   bool
	IfNotExists bool
	Name        ObjectName
	Columns     []string
	Query       *Query
}

// CreateMaterializedViewStmt is CREATE MATERIALIZED VIEW [IF NOT EXISTS]
// name [(cols)] [WITH (...)] AS query [EMIT ON WINDOW CLOSE].
type CreateMaterializedViewStmt struct {
	Span
	IfNotExists       bool
	Name              ObjectName
	Columns           []string
	With              []*Option
	Query             *Query
	EmitOnWindowClose bool
}

// CreateIndexStmt is CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table
// (items) [INCLUDE (cols)] [DISTRIBUTED BY (exprs)]. Parsed only.
type CreateIndexStmt struct {
	Span
	Unique        bool
	IfNotExists   bool
	Name          string
	Table         ObjectName
	Items         []*OrderByItem
	Include       []string
	DistributedBy []Expr
}

// CreateSecretStmt is CREATE SECRET [IF NOT EXISTS] name WITH (...) AS 'value'.
type CreateSecretStmt struct {
	Span
	IfNotExists bool
	Name        ObjectName
	With        []*Option
	Value       string
}

// AlterSecretStmt is ALTER SECRET name [WITH (...)] AS 'value'.
type AlterSecretStmt struct {
	Span
	Name  ObjectName
	With  []*Option
	Value string
}

// CreateConnectionStmt is CREATE CONNECTION [IF NOT EXISTS] name WITH (...).
type CreateConnectionStmt struct {
	Span
	IfNotExists bool
	Name        ObjectName
	With        []*Option
}

// RoleOption is one option of CREATE/ALTER USER|ROLE. Name is lower case:
// "password", "superuser", "nosuperuser", "login", "nologin", "createdb",
// "nocreatedb", "createuser", "nocreateuser", "inherit", "noinherit",
// "replication", "noreplication", "connection limit", "valid until".
// Value is set for password (*StringLit or *NullLit), connection limit
// (*NumberLit / *UnaryExpr) and valid until (*StringLit).
type RoleOption struct {
	Span
	Name  string
	Value Expr
}

// CreateRoleStmt is CREATE USER|ROLE [IF NOT EXISTS] name [[WITH] options].
type CreateRoleStmt struct {
	Span
	IsUser      bool
	IfNotExists bool
	Name        string
	Options     []*RoleOption
}

// AlterRoleStmt is ALTER USER|ROLE name [WITH] options | RENAME TO new.
type AlterRoleStmt struct {
	Span
	IsUser   bool
	Name     string
	Options  []*RoleOption
	RenameTo string
}

// DropBehavior is CASCADE / RESTRICT.
type DropBehavior int

const (
	DropDefault DropBehavior = iota
	DropCascade
	DropRestrict
)

// DropStmt is DROP kind [IF EXISTS] name, ... [CASCADE|RESTRICT].
type DropStmt struct {
	Span
	Kind     ObjectKind
	IfExists bool
	Names    []ObjectName
	Behavior DropBehavior
}

// AlterObjectStmt is ALTER TABLE|VIEW|MATERIALIZED VIEW|SOURCE|SINK|SCHEMA|
// INDEX|SECRET... [IF EXISTS] name action[, action...].
type AlterObjectStmt struct {
	Span
	Kind     ObjectKind
	IfExists bool
	Name     ObjectName
	Actions  []AlterAction
}

// AddColumn is ADD [COLUMN] [IF NOT EXISTS] coldef.
type AddColumn struct {
	Span
	IfNotExists bool
	Column      *ColumnDef
}

// DropColumn is DROP [COLUMN] [IF EXISTS] name [CASCADE|RESTRICT].
type DropColumn struct {
	Span
	IfExists bool
	Name     string
	Behavior DropBehavior
}

// RenameColumn is RENAME [COLUMN] old TO new.
type RenameColumn struct {
	Span
	Old string
	New string
}

// RenameTo is RENAME TO new.
type RenameTo struct {
	Span
	New ObjectName
}

// OwnerTo is OWNER TO role.
type OwnerTo struct {
	Span
	Owner string
}

// SetSchema is SET SCHEMA s.
type SetSchema struct {
	Span
	Schema string
}

// AlterColumn is ALTER [COLUMN] c TYPE t | SET DEFAULT e | DROP DEFAULT |
// SET NOT NULL | DROP NOT NULL. Exactly one of the actions is set.
type AlterColumn struct {
	Span
	Column      string
	Type        *TypeName
	SetDefault  Expr
	DropDefault bool
	SetNotNull  bool
	DropNotNull bool
}

// SetOptions is RisingWave's SET param = value on an object, e.g.
// ALTER MATERIALIZED VIEW mv SET PARALLELISM = 4 (Key "parallelism").
type SetOptions struct {
	Span
	Options []*Option
}

// AddConstraint is ADD table-constraint.
type AddConstraint struct {
	Span
	Constraint *TableConstraint
}

func (*AddColumn) alterActionNode()     {}
func (*DropColumn) alterActionNode()    {}
func (*RenameColumn) alterActionNode()  {}
func (*RenameTo) alterActionNode()      {}
func (*OwnerTo) alterActionNode()       {}
func (*SetSchema) alterActionNode()     {}
func (*AlterColumn) alterActionNode()   {}
func (*SetOptions) alterActionNode()    {}
func (*AddConstraint) alterActionNode() {}

// GrantTarget is the ON clause of GRANT/REVOKE. With AllInSchema, Names are
// schemas and Kind the kind of all objects in them (ON ALL TABLES IN
// SCHEMA s => Kind ObjTable, AllInSchema, Names [[s]]).
type GrantTarget struct {
	Span
	Kind        ObjectKind
	AllInSchema bool
	Names       []ObjectName
}

// GrantStmt is GRANT privs ON target TO roles [WITH GRANT OPTION] or,
// with Revoke set, REVOKE [GRANT OPTION FOR] privs ON target FROM roles
// [CASCADE|RESTRICT]. Privileges are lower case ("select", "insert",
// "usage", "create", ...); ALL [PRIVILEGES] is ["all"].
type GrantStmt struct {
	Span
	Revoke          bool
	Privileges      []string
	On              *GrantTarget
	Grantees        []string
	WithGrantOption bool
	GrantOptionFor  bool
	GrantedBy       string
	Behavior        DropBehavior
}

// CommentStmt is COMMENT ON kind name IS 'text' | NULL. For ObjColumn the
// name is table.column (possibly schema-qualified). Null is set for IS NULL.
type CommentStmt struct {
	Span
	Kind ObjectKind
	Name ObjectName
	Text string
	Null bool
}

// ---------------------------------------------------------------------------
// DML

// InsertStmt is [WITH ...] INSERT INTO t [AS alias] [(cols)]
// (query | DEFAULT VALUES) [ON CONFLICT ...] [RETURNING ...].
// Source is nil iff DefaultValues. A VALUES list is a Query whose Body is
// *Values.
type InsertStmt struct {
	Span
	With          *WithClause
	Table         ObjectName
	Alias         string
	Columns       []string
	Source        *Query
	DefaultValues bool
	OnConflict    *OnConflict
	Returning     []*SelectItem
}

// OnConflict is ON CONFLICT [(cols) | ON CONSTRAINT name] DO NOTHING |
// DO UPDATE SET ... [WHERE ...].
type OnConflict struct {
	Span
	Columns    []string
	Constraint string
	DoNothing  bool
	Set        []*Assignment
	Where      Expr
}

// Assignment is column = expr in UPDATE SET / ON CONFLICT DO UPDATE SET.
// Value may be *DefaultExpr.
type Assignment struct {
	Span
	Column string
	Value  Expr
}

// UpdateStmt is [WITH ...] UPDATE t [[AS] alias] SET ... [FROM ...]
// [WHERE ...] [RETURNING ...].
type UpdateStmt struct {
	Span
	With      *WithClause
	Table     ObjectName
	Alias     string
	Set       []*Assignment
	From      []TableExpr
	Where     Expr
	Returning []*SelectItem
}

// DeleteStmt is [WITH ...] DELETE FROM t [[AS] alias] [USING ...]
// [WHERE ...] [RETURNING ...].
type DeleteStmt struct {
	Span
	With      *WithClause
	Table     ObjectName
	Alias     string
	Using     []TableExpr
	Where     Expr
	Returning []*SelectItem
}

// ---------------------------------------------------------------------------
// Session and utility statements

// SetStmt is SET [SESSION|LOCAL] name {=|TO} value, ... | DEFAULT.
// Scope is "", "session" or "local". Name is lower case and dotted
// ("timezone" for SET TIME ZONE, "transaction_isolation" ...). Values are
// *StringLit (identifiers and keywords are turned into strings, as
// PostgreSQL does) or *NumberLit (Text may carry a leading '-'). Default
// is set for DEFAULT (and SET TIME ZONE LOCAL).
type SetStmt struct {
	Span
	Scope   string
	Name    string
	Values  []Expr
	Default bool
}

// ShowKind says what SHOW shows.
type ShowKind int

const (
	ShowVariable ShowKind = iota // SHOW name (Name)
	ShowAll
	ShowTables // [FROM schema] in From
	ShowViews
	ShowMaterializedViews
	ShowSources
	ShowSinks
	ShowSchemas
	ShowDatabases
	ShowColumns // FROM relation in From
	ShowIndexes // FROM relation in From
	ShowCreate  // SHOW CREATE ObjKind From
	ShowSecrets
	ShowUsers
	ShowConnections
	ShowFunctions
	ShowParameters
	ShowJobs
	ShowProcessList
)

// ShowStmt is SHOW .... Like is the optional LIKE pattern.
type ShowStmt struct {
	Span
	Kind    ShowKind
	Name    string     // ShowVariable: lower case, dotted
	ObjKind ObjectKind // ShowCreate
	From    ObjectName // schema (ShowTables...) or relation (ShowColumns, ShowCreate)
	Like    string
	HasLike bool
}

// ResetStmt is RESET name | RESET ALL.
type ResetStmt struct {
	Span
	Name string
	All  bool
}

// ExplainStmt is EXPLAIN [ANALYZE] [VERBOSE] stmt or EXPLAIN (opts) stmt.
// ANALYZE/VERBOSE keywords become Options with nil Value, so both spellings
// have one representation. Keys are lower case.
type ExplainStmt struct {
	Span
	Options []*Option
	Stmt    Statement
}

// TxnKind is the kind of a transaction-control statement.
type TxnKind int

const (
	TxnBegin    TxnKind = iota // BEGIN [WORK|TRANSACTION], START TRANSACTION
	TxnCommit                  // COMMIT, END
	TxnRollback                // ROLLBACK, ABORT
)

// TransactionStmt is BEGIN/START TRANSACTION/COMMIT/END/ROLLBACK/ABORT.
// Modes are lower-case transaction modes ("read only", "read write",
// "isolation level serializable", ...).
type TransactionStmt struct {
	Span
	Kind  TxnKind
	Modes []string
}

// FlushStmt is RisingWave's FLUSH.
type FlushStmt struct {
	Span
}

// TruncateStmt is TRUNCATE [TABLE] names.
type TruncateStmt struct {
	Span
	Names []ObjectName
}

// DiscardStmt is DISCARD ALL|PLANS|SEQUENCES|TEMP; Target is lower case.
type DiscardStmt struct {
	Span
	Target string
}

// DeallocateStmt is DEALLOCATE [PREPARE] name | ALL.
type DeallocateStmt struct {
	Span
	Name string
	All  bool
}

// PrepareStmt is PREPARE name [(types)] AS stmt.
type PrepareStmt struct {
	Span
	Name  string
	Types []*TypeName
	Stmt  Statement
}

// ExecuteStmt is EXECUTE name [(params)].
type ExecuteStmt struct {
	Span
	Name   string
	Params []Expr
}

// CopyStmt is COPY table [(cols)] FROM STDIN|'file' / TO STDOUT|'file'
// [[WITH] (options)], or COPY (query) TO .... File is "" for
// STDIN/STDOUT. Legacy options (CSV, HEADER, DELIMITER 'x') are
// normalized to Options (format csv, header, delimiter 'x').
type CopyStmt struct {
	Span
	Table   ObjectName
	Columns []string
	Query   *Query
	To      bool
	File    string
	Options []*Option
}

func (*CreateSchemaStmt) stmtNode()           {}
func (*CreateDatabaseStmt) stmtNode()         {}
func (*CreateTableStmt) stmtNode()            {}
func (*CreateSourceStmt) stmtNode()           {}
func (*CreateSinkStmt) stmtNode()             {}
func (*CreateViewStmt) stmtNode()             {}
func (*CreateMaterializedViewStmt) stmtNode() {}
func (*CreateIndexStmt) stmtNode()            {}
func (*CreateSecretStmt) stmtNode()           {}
func (*AlterSecretStmt) stmtNode()            {}
func (*CreateConnectionStmt) stmtNode()       {}
func (*CreateRoleStmt) stmtNode()             {}
func (*AlterRoleStmt) stmtNode()              {}
func (*DropStmt) stmtNode()                   {}
func (*AlterObjectStmt) stmtNode()            {}
func (*GrantStmt) stmtNode()                  {}
func (*CommentStmt) stmtNode()                {}
func (*InsertStmt) stmtNode()                 {}
func (*UpdateStmt) stmtNode()                 {}
func (*DeleteStmt) stmtNode()                 {}
func (*SetStmt) stmtNode()                    {}
func (*ShowStmt) stmtNode()                   {}
func (*ResetStmt) stmtNode()                  {}
func (*ExplainStmt) stmtNode()                {}
func (*TransactionStmt) stmtNode()            {}
func (*FlushStmt) stmtNode()                  {}
func (*TruncateStmt) stmtNode()               {}
func (*DiscardStmt) stmtNode()                {}
func (*DeallocateStmt) stmtNode()             {}
func (*PrepareStmt) stmtNode()                {}
func (*ExecuteStmt) stmtNode()                {}
func (*CopyStmt) stmtNode()                   {}
