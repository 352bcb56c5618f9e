// Package all registers every built-in connector: import it for its side
// effects (the server does). Add new connector packages here.
package all

import (
	_ "github.com/tributarydb/tributary/internal/connector/datagen"   // datagen
	_ "github.com/tributarydb/tributary/internal/connector/kafka"     // kafka
	_ "github.com/tributarydb/tributary/internal/connector/marketing" // marketing
	_ "github.com/tributarydb/tributary/internal/connector/nexmark"   // nexmark
	_ "github.com/tributarydb/tributary/internal/connector/posixfs"   // posix_fs
)
