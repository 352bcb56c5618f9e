//go:build tools

// Package tools pins the chosen dependencies of DESIGN.md before each is used.
package tools

import (
	_ "github.com/cockroachdb/apd/v3"
	_ "github.com/cockroachdb/pebble/v2"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/pgproto3"
	_ "github.com/lib/pq"
	_ "github.com/spf13/cobra"
	_ "github.com/xdg-go/scram"
)
