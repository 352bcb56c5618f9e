// Package base is the leaf of Tributary: SQL types, datums, column vectors,
// chunks and errors carrying SQLSTATE codes. It imports nothing internal.
package base
