package server

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/pgwire"
	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/parser"
	"github.com/xdg-go/scram"
)

// backend adapts the Server to pgwire.Backend.
type backend struct{ srv *Server }

func (b *backend) Method(info pgwire.StartupInfo) pgwire.AuthMethod {
	if b.srv.cfg.Auth == "scram-sha-256" {
		return pgwire.AuthSCRAM
	}
	return pgwire.AuthTrust
}

func (b *backend) Credentials(user string) (scram.StoredCredentials, error) {
	u, err := b.srv.Catalog().User(user)
	if err != nil || u.PasswordHash == "" {
		return scram.StoredCredentials{}, fmt.Errorf("no password for user %q", user)
	}
	return pgwire.ParseSCRAMVerifier(u.PasswordHash)
}

func (b *backend) Connect(ctx context.Context, info pgwire.StartupInfo) (pgwire.Session, error) {
	cat := b.srv.Catalog()
	db := info.Database
	if db == "" {
		db = info.User
	}
	if db != cat.Database() {
		return nil, base.Errorf(base.CodeInvalidCatalogName, "database %q does not exist", db)
	}
	u, err := cat.User(info.User)
	if err != nil {
		return nil, base.Errorf(base.CodeInvalidAuthorization, "role %q does not exist", info.User)
	}
	if !u.CanLogin {
		return nil, base.Errorf(base.CodeInvalidAuthorization, "role %q is not permitted to log in", info.User)
	}
	s := b.srv.internalSession()
	s.user, s.db = info.User, db
	s.pid, s.started = info.ProcessID, time.Now()
	s.vars["session_authorization"] = info.User
	if !u.Superuser {
		s.vars["is_superuser"] = "off"
	}
	// Startup parameters are applied like SET; unknown ones are ignored as
	// PostgreSQL ignores unknown options it cannot set (clients send many).
	for k, v := range info.Params {
		switch strings.ToLower(k) {
		case "user", "database", "options", "replication":
			continue
		}
		if st, err := lookupSetting(k); err == nil && !st.readOnly {
			_ = s.set(st, v)
		}
	}
	s.changed = map[string]string{}
	return s, nil
}

// session is one client's state (pgwire.Session). pgwire never calls it
// concurrently.
type session struct {
	srv     *Server
	user    string
	db      string
	vars    map[string]string // lower-case name → value, only for changed settings
	loc     *time.Location
	tx      byte
	changed map[string]string
	notices []*base.Error
	// txWrites counts writes made inside an explicit transaction block;
	// they are already durable (see docs/sql.md, Transactions).
	txWrites int
	// pid and started describe the backend (pg_backend_pid, pg_stat_activity).
	pid     uint32
	started time.Time
}

// statement is a parsed statement (pgwire.Statement).
type statement struct {
	sql  string
	node ast.Statement
}

func (st *statement) SQL() string { return st.sql }

func (s *session) ParameterStatus() map[string]string {
	out := map[string]string{}
	for _, st := range settings {
		if st.report {
			out[st.name] = s.get(st)
		}
	}
	return out
}

func (s *session) get(st *setting) string {
	if v, ok := s.vars[strings.ToLower(st.name)]; ok {
		return v
	}
	return st.def
}

func (s *session) set(st *setting, v string) error {
	if st.readOnly {
		return base.Errorf("55P02", "parameter %q cannot be changed", st.name)
	}
	if st.check != nil {
		nv, err := st.check(v)
		if err != nil {
			return invalidValue(st.name, v).WithDetail("%s", err.Error())
		}
		v = nv
	}
	if strings.EqualFold(st.name, "TimeZone") {
		loc, _, err := loadLocation(v)
		if err != nil {
			return invalidValue(st.name, v)
		}
		s.loc = loc
	}
	s.vars[strings.ToLower(st.name)] = v
	if st.report {
		s.changed[st.name] = v
	}
	return nil
}

func (s *session) reset(st *setting) {
	delete(s.vars, strings.ToLower(st.name))
	if strings.EqualFold(st.name, "TimeZone") {
		s.loc = time.UTC
	}
	if st.report {
		s.changed[st.name] = st.def
	}
}

// searchPath resolves search_path for name lookup ("$user" → the user's
// schema when it exists).
func (s *session) searchPath() []string {
	var out []string
	for _, p := range splitSearchPath(s.get(settings["search_path"])) {
		p = strings.Trim(p, `"`)
		if p == "$user" {
			p = s.user
		}
		out = append(out, p)
	}
	return out
}

// currentSchema is the first existing schema of the search path.
func (s *session) currentSchema(cat *catalog.Catalog) (string, error) {
	for _, p := range s.searchPath() {
		if _, err := cat.SchemaByName(p); err == nil {
			return p, nil
		}
	}
	return "", base.Errorf(base.CodeInvalidSchemaName, "no schema has been selected to create in")
}

func (s *session) statementTimeout() time.Duration {
	ms, _ := parseDurationMS(s.get(settings["statement_timeout"]))
	return time.Duration(ms) * time.Millisecond
}

func (s *session) Parse(ctx context.Context, sql string) ([]pgwire.Statement, error) {
	nodes, err := parser.Parse(sql)
	if err != nil {
		s.failTx()
		return nil, err
	}
	out := make([]pgwire.Statement, len(nodes))
	for i, n := range nodes {
		text := sql
		if len(nodes) > 1 && n.End() > n.Pos() && n.End() <= len(sql) {
			text = sql[n.Pos():n.End()]
		}
		rewriteClientQuery(text, n)
		out[i] = &statement{sql: text, node: n}
	}
	return out, nil
}

func (s *session) TxStatus() byte           { return s.tx }
func (s *session) Location() *time.Location { return s.loc }

func (s *session) TakeNotices() []*base.Error {
	n := s.notices
	s.notices = nil
	return n
}

func (s *session) TakeParameterChanges() map[string]string {
	if len(s.changed) == 0 {
		return nil
	}
	c := s.changed
	s.changed = map[string]string{}
	return c
}

func (s *session) notice(format string, args ...any) {
	s.notices = append(s.notices, &base.Error{Severity: "NOTICE", Code: base.CodeSuccessfulCompletion, Message: fmt.Sprintf(format, args...)})
}

func (s *session) warning(format string, args ...any) {
	s.notices = append(s.notices, &base.Error{Severity: "WARNING", Code: base.CodeWarning, Message: fmt.Sprintf(format, args...)})
}

func (s *session) Close() error { return nil }

// failTx puts an open transaction block into the failed state, as any
// error inside a block does in PostgreSQL (25P02 until ROLLBACK).
func (s *session) failTx() {
	if s.tx == 'T' {
		s.tx = 'E'
	}
}

// Execute runs one statement. The statement_timeout applies to the whole
// execution including reading the result.
func (s *session) Execute(ctx context.Context, pst pgwire.Statement, params []base.Datum) (pgwire.Result, error) {
	st := pst.(*statement)
	res, err := s.execute(ctx, st, params)
	if err != nil {
		return nil, err
	}
	return res, nil
}
