// Package connector is the registry of source connectors: each connector
// is one package under internal/connector/<name> that registers a Spec
// (documented options, accepted FORMAT/ENCODE pairs, validation, and a
// reader factory) from its init function; internal/connector/all imports
// every built-in one. The server resolves CREATE SOURCE ... WITH
// (connector = '...') through Resolve and opens a stream.SourceReader per
// streaming job through NewReader.
//
// API (docs/CONTRACTS.md "connector"; STABLE: only additions):
//
//	connector.Register(name, connector.Spec{Doc, Options []OptionSpec{Name, Required, Default, Doc},
//	    Encodes []string{"plain json", ...}, Validate func(SourceConfig) error,
//	    NewReader func(SourceConfig) (stream.SourceReader, error)})
//	connector.Lookup(name) (Spec, bool); connector.Names() []string
//	connector.Resolve(cfg) (Spec, SourceConfig /*defaults filled*/, error); Validate(cfg); NewReader(cfg)
//
// Invariants:
//   - Option keys are lower case; an unknown option is a 22023 error that
//     lists the valid ones; "<x>" in an OptionSpec name matches any one
//     dotted segment (fields.<col>.kind).
//   - A reader emits full-width rows of the source relation (catalog
//     column order) as inserts, with a checkpoint after each chunk such
//     that NewReader with SourceConfig.Offset = that checkpoint continues
//     exactly after the chunk (the conformance tests check this).
//   - Read returns promptly once its context is canceled; io.EOF marks a
//     finite source that is exhausted; other errors fail the job.
//
// What it leaves out: sinks (a Sink registry joins with the Kafka sink),
// split discovery and parallel readers (the server opens one reader per
// job, combining a connector's splits), secrets resolution (the server
// substitutes SECRET references before calling in).
package connector
