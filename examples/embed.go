// Package examples embeds the example SQL so the playground can load it
// from the single binary.
package examples

import "embed"

// MarketingMesh holds examples/marketing-mesh: one folder per domain.
//
//go:embed marketing-mesh
var MarketingMesh embed.FS
