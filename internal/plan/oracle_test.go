package plan

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestOracle compares the binder with PostgreSQL's parse analysis: for
// every testdata statement not marked "-- nopg", the statement
// description (column names and types, parameter types) or the error
// (SQLSTATE, message, position, hint) must be the same. It runs only when
// TRIBUTARY_PG_URL points at a scratch PostgreSQL 15 database (its public
// and s schemas are recreated).
func TestOracle(t *testing.T) {
	url := os.Getenv("TRIBUTARY_PG_URL")
	if url == "" {
		t.Skip("TRIBUTARY_PG_URL not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := pgconn.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	setup := "DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS s CASCADE; CREATE SCHEMA public; SET TIME ZONE 'UTC';" + testDDL
	if _, err := conn.Exec(ctx, setup).ReadAll(); err != nil {
		t.Fatal(err)
	}
	c := newTestCatalog(t)
	files, _ := filepath.Glob("testdata/*.test")
	for _, path := range files {
		if strings.HasPrefix(filepath.Base(path), "explain") {
			continue
		}
		for _, tc := range readCases(t, path) {
			if tc.pgSkip {
				continue
			}
			want := pgDescribe(ctx, conn, tc.sql)
			got := describe(c, tc.sql, false)
			if got != want {
				t.Errorf("%s:%d: %s\n--- tributary:\n%s\n--- postgres:\n%s", path, tc.line, tc.sql, got, want)
			}
		}
	}
}

func pgDescribe(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	sd, err := conn.Prepare(ctx, "", sql, nil)
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			s := fmt.Sprintf("ERROR %s: %s", pe.Code, pe.Message)
			if pe.Code == "42601" && strings.HasPrefix(pe.Message, "syntax error") {
				s = "PARSE " + s
			}
			if pe.Position > 0 {
				s += fmt.Sprintf(" (pos %d)", pe.Position)
			}
			if pe.Hint != "" {
				s += "\nHINT: " + pe.Hint
			}
			return s
		}
		return "ERROR " + err.Error()
	}
	var out []string
	for _, f := range sd.Fields {
		out = append(out, f.Name+" "+typeName(f.DataTypeOID))
	}
	s := strings.Join(out, ", ")
	if s == "" {
		s = "(no columns)"
	}
	if len(sd.ParamOIDs) > 0 {
		var ps []string
		for _, p := range sd.ParamOIDs {
			ps = append(ps, typeName(p))
		}
		s += "\nparams: " + strings.Join(ps, ", ")
	}
	return s
}
