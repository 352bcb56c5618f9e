package server

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/syscat"
)

// syscatFixture creates, on a fresh server, the objects the client
// catalog queries below describe: a table with a primary key, a default
// and comments, a view, and a materialized view (put into the catalog
// directly, so the test does not depend on the streaming engine).
func syscatFixture(t *testing.T) (*Server, *pgx.Conn, map[string]string) {
	t.Helper()
	srv, conn := startServer(t, t.TempDir())
	ctx := context.Background()
	for _, q := range []string{
		`CREATE TABLE t (id int PRIMARY KEY, name varchar(20) DEFAULT 'x', v numeric(10,2))`,
		`COMMENT ON TABLE t IS 'hello'`,
		`COMMENT ON COLUMN t.name IS 'the name'`,
		`CREATE VIEW vv AS SELECT id, name FROM t`,
		`CREATE TABLE nokey (a int, b text)`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cat := srv.Catalog().Clone()
	mv := &catalog.Relation{Schema: "public", Name: "mv", Kind: catalog.KindMaterializedView, Owner: catalog.RootUser,
		Columns:    []catalog.Column{{Name: "name", Type: base.Varchar}, {Name: "c", Type: base.Int64}},
		Definition: "SELECT name, count(*) AS c FROM t GROUP BY name"}
	if _, err := cat.CreateRelation(mv, false); err != nil {
		t.Fatal(err)
	}
	srv.cat.Store(cat)
	oids := map[string]string{}
	for _, name := range []string{"t", "vv", "mv", "nokey"} {
		r, err := cat.LookupRelation([]string{"public"}, "", name)
		if err != nil {
			t.Fatal(err)
		}
		oids[name] = fmt.Sprint(r.ID)
		if name == "t" {
			oids["t_pkey"] = fmt.Sprint(syscat.PKIndexOID(r))
		}
	}
	return srv, conn, oids
}

// readQueries splits a testdata file into (label, query) pairs: "@@@ x"
// sets the label, "--- query" starts a query, "--" lines before the first
// query are comments.
func readQueries(t *testing.T, file string, oids map[string]string) (labels, queries []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	label := file
	var cur *strings.Builder
	flush := func() {
		if cur != nil {
			q := strings.TrimSpace(cur.String())
			for k, v := range oids {
				q = strings.ReplaceAll(q, "{"+k+"}", v)
			}
			labels, queries = append(labels, label), append(queries, q)
			cur = nil
		}
	}
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "@@@ "):
			flush()
			label = strings.TrimPrefix(line, "@@@ ")
		case line == "--- query":
			flush()
			cur = &strings.Builder{}
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	flush()
	return labels, queries
}

// queryAll runs q (extended protocol) and returns its rows as text.
func queryAll(t *testing.T, conn *pgx.Conn, q string, args ...any) ([][]string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rows, err := conn.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		r := make([]string, len(vals))
		for i, v := range vals {
			if v == nil {
				r[i] = "NULL"
			} else {
				r[i] = fmt.Sprint(v)
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func flat(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}

// TestPsqlCatalogQueries runs the queries psql 15 sends for \l, \dn, \dt,
// \dv, \dm, \di, \d t, \d+ t, \d+ vv, \du, \dt+, \df, \dT and \dp.
func TestPsqlCatalogQueries(t *testing.T) {
	_, conn, oids := syscatFixture(t)
	labels, queries := readQueries(t, "psql15_meta.sql", oids)
	if len(queries) < 20 {
		t.Fatalf("only %d queries in testdata", len(queries))
	}
	results := map[string]string{}
	for i, q := range queries {
		rows, err := queryAll(t, conn, q)
		if err != nil {
			t.Errorf("%s: %v\n%s", labels[i], err, q)
			continue
		}
		results[labels[i]] += flat(rows)
	}
	for label, want := range map[string][]string{
		`\l`:     {"dev|root|UTF8"},
		`\dn`:    {"public|root"},
		`\dt`:    {"public|t|table|root", "public|nokey|table|root"},
		`\dv`:    {"public|vv|view|root"},
		`\dm`:    {"public|mv|materialized view|root"},
		`\di`:    {"public|t_pkey|index|root|t"},
		`\d t`:   {"|public|t\n", "id|integer|", "name|character varying(20)|", "v|numeric(10,2)|", "'x'", "t_pkey|true|true|false|true|CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)|PRIMARY KEY (id)|p"},
		`\d+ vv`: {"SELECT id, name FROM t;"},
		`\dt+`:   {"hello"},
		`\du`:    {"root|true"},
	} {
		got := results[label]
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: want %q in\n%s", label, w, got)
			}
		}
	}
	if strings.Contains(results[`\dt`], "pg_class") || strings.Contains(results[`\dt`], "|mv|") {
		t.Errorf(`\dt lists system or non-table relations:\n%s`, results[`\dt`])
	}
}

// TestJDBCCatalogQueries runs the DatabaseMetaData queries of pgjdbc 42.5.
func TestJDBCCatalogQueries(t *testing.T) {
	_, conn, oids := syscatFixture(t)
	_, queries := readQueries(t, "jdbc42_meta.sql", oids)
	var all strings.Builder
	for _, q := range queries {
		rows, err := queryAll(t, conn, q)
		if err != nil {
			t.Errorf("%v\n%s", err, q)
			continue
		}
		all.WriteString(flat(rows))
	}
	got := all.String()
	for _, w := range []string{
		"public|NULL\n",             // getSchemas
		"NULL|public|t|TABLE|hello", // getTables with REMARKS
		"public|t|name|1043|false|24|-1|-1|2|NULL|NULL|'x'::character varying|the name", // getColumns: atttypmod 20+4, default, comment
		"NULL|public|t|id|1|t_pkey", // getPrimaryKeys
		"t_pkey|3|1|id|A",           // getIndexInfo
		"true|b|_int4|1007",         // array type detection
	} {
		if !strings.Contains(got, w) {
			t.Errorf("want %q in\n%s", w, got)
		}
	}
}

// TestSystemCatalogBehaviour covers name resolution, reg* casts, catalog
// functions and write protection.
func TestSystemCatalogBehaviour(t *testing.T) {
	_, conn, oids := syscatFixture(t)
	ctx := context.Background()
	check := func(q, want string, args ...any) {
		t.Helper()
		rows, err := queryAll(t, conn, q, args...)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			return
		}
		if got := strings.TrimSpace(flat(rows)); got != want {
			t.Errorf("%s:\n got %q\nwant %q", q, got, want)
		}
	}
	check(`SELECT 't'::regclass::text, 'public.t'::regclass = `+oids["t"]+`, 'pg_class'::regclass::oid`, "t|true|1259")
	check(`SELECT `+oids["t"]+`::regclass::text, 'int4'::regtype::text, 1007::regtype::text`, "t|integer|integer[]")
	check(`SELECT format_type(1043, 24), format_type(1700, 655366), format_type(23, NULL)`, "character varying(20)|numeric(10,2)|integer")
	check(`SELECT pg_get_userbyid(relowner), pg_table_is_visible(oid), obj_description(oid, 'pg_class') FROM pg_class WHERE relname = 't'`, "root|true|hello")
	check(`SELECT col_description('t'::regclass, 2)`, "the name")
	check(`SELECT has_table_privilege('t', 'SELECT'), has_schema_privilege('public', 'USAGE'), has_database_privilege('dev', 'CONNECT')`, "true|true|true")
	check(`SELECT current_schemas(true)`, "[pg_catalog public]")
	check(`SELECT version() LIKE 'PostgreSQL 15.0 (Tributary%'`, "true")
	check(`SELECT array_to_string(ARRAY(SELECT attname FROM pg_attribute WHERE attrelid = 't'::regclass ORDER BY attnum), ',')`, "id,name,v")
	check(`SELECT count(*) FROM pg_attribute WHERE attrelid = 'nokey'::regclass`, "2") // _row_id is hidden
	check(`SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
		"mv|MATERIALIZED VIEW\nnokey|BASE TABLE\nt|BASE TABLE\nvv|VIEW")
	check(`SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position`,
		"id|integer|NULL|NO\nname|character varying|20|YES\nv|numeric|NULL|YES")
	check(`SELECT constraint_name, column_name FROM information_schema.key_column_usage WHERE table_name = 't'`, "t_pkey|id")
	check(`SELECT matviewname, definition FROM pg_matviews`, "mv|SELECT name, count(*) AS c FROM t GROUP BY name;")
	check(`SELECT setting FROM pg_settings WHERE name = 'max_index_keys'`, "32")
	// Unqualified names find pg_catalog first, as in PostgreSQL.
	check(`SELECT count(*) > 0 FROM pg_namespace`, "true")

	if _, err := conn.Exec(ctx, `SELECT 'nope'::regclass`); err == nil || !strings.Contains(err.Error(), "42P01") {
		t.Errorf("'nope'::regclass: want 42P01, got %v", err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO pg_class (oid) VALUES (1)`); err == nil || !strings.Contains(err.Error(), "42501") {
		t.Errorf("insert into pg_class: want 42501, got %v", err)
	}
}

// TestPsqlMetaCommands runs the real psql binary: its meta-commands must
// work without an ERROR. Skipped without psql, except in CI.
func TestPsqlMetaCommands(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("psql is not installed (apt-get install postgresql-client)")
		}
		t.Skip("psql is not installed")
	}
	srv, _, _ := syscatFixture(t)
	host, port, _ := strings.Cut(srv.Addr().String(), ":")
	cmds := []string{`\l`, `\dn`, `\dt`, `\dv`, `\dm`, `\di`, `\d`, `\d t`, `\d+ t`, `\d nokey`, `\d+ vv`, `\d mv`, `\d+ mv`,
		`\du`, `\dt+`, `\df`, `\dT`, `\dp`, `\dS pg_class`, `\d t_pkey`, `\conninfo`}
	args := []string{"-X", "-h", host, "-p", port, "-U", "root", "-d", "dev", "-v", "ON_ERROR_STOP=0"}
	for _, c := range cmds {
		args = append(args, "-c", c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, psql, args...)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10", "PAGER=", "PSQL_PAGER=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Errorf("psql: %v", err)
	}
	if strings.Contains(stderr.String(), "ERROR") || strings.Contains(stderr.String(), "error") {
		t.Errorf("psql stderr:\n%s", stderr.String())
	}
	out := stdout.String()
	for _, w := range []string{`Table "public.t"`, `"t_pkey" PRIMARY KEY, btree (id)`, `Materialized view "public.mv"`,
		`View definition:`, `| materialized view |`, `character varying(20)`} {
		if !strings.Contains(out, w) {
			t.Errorf("psql output lacks %q", w)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("psql output:\n%s", out)
	}
}

// TestJDBCDriverMetaData runs the real pgjdbc driver's DatabaseMetaData
// calls (testdata/jdbc/Meta.java). Skipped without java or the driver.
func TestJDBCDriverMetaData(t *testing.T) {
	java, err := exec.LookPath("java")
	jar := "/usr/share/java/postgresql.jar"
	if _, statErr := os.Stat(jar); err != nil || statErr != nil {
		t.Skip("java or libpostgresql-jdbc-java is not installed")
	}
	srv, _, _ := syscatFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, "-cp", jar, filepath.Join("testdata", "jdbc", "Meta.java"),
		"jdbc:postgresql://"+srv.Addr().String()+"/dev?sslmode=disable")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("java: %v\n%s", err, out)
	}
	s := string(out)
	for _, w := range []string{"TABLE_NAME=t | TABLE_TYPE=TABLE | REMARKS=hello", "TABLE_NAME=mv | TABLE_TYPE=MATERIALIZED VIEW",
		"COLUMN_NAME=name | DATA_TYPE=12 | TYPE_NAME=varchar | COLUMN_SIZE=20", "column_name=id | key_seq=1 | pk_name=t_pkey",
		"INDEX_NAME=t_pkey", "col1 table=t nullable=0 type=varchar prec=20"} {
		if !strings.Contains(s, w) {
			t.Errorf("want %q in\n%s", w, s)
		}
	}
	if strings.Contains(s, "ERROR") {
		t.Errorf("driver reported errors:\n%s", s)
	}
}
