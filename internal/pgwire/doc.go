// Package pgwire is Tributary's PostgreSQL v3 wire-protocol server.
package pgwire
