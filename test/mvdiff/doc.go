// Package mvdiff is the differential acceptance test of the streaming engine: Tributary's
// incrementally maintained materialized views against PostgreSQL, which evaluates the same
// defining SELECT as a plain view over the same table contents.
//
// TestRandomDML creates three tables (the seed's paid_media_impressions, conversions and a
// campaigns dimension), a few dozen materialized views covering every streaming operator
// (project, filter, hash and simple aggregates, TUMBLE and HOP, inner/left/right/full joins
// with residual conditions, UNION ALL, DISTINCT, top-N, group top-N, views on views), then
// drives random DML (inserts, primary-key overwrites, updates, deletes) into both engines in
// batches; after each batch it runs FLUSH on Tributary and compares every view's contents as
// a multiset with PostgreSQL's. In PostgreSQL, Tributary's INSERT of an existing key (an
// overwrite) is mirrored by INSERT ... ON CONFLICT (pk) DO UPDATE.
//
// The other tests are scenarios: a chain of five views on views under concurrent writers
// (TestChainConcurrent), a writer far faster than a deliberately slow view
// (TestBackpressure: 200k rows by INSERT and COPY, then a 200k-row UPDATE), the seed's
// freshness monitor (TestFreshness: now() in the select list is re-evaluated every epoch),
// a corrected cross-domain attribution view (TestCorrectedAttribution), the seed's own
// cross_domain_attribution, which must fail with SQLSTATE 42703 and PostgreSQL's position
// (TestSeedAttributionError), views rebuilt after a killed server (TestRestart), views
// created and dropped while another session writes (TestCreateDuringWrites), and FLUSH /
// rw_implicit_flush visibility across sessions (TestFlushVisibility).
//
// Environment: TRIBUTARY_PG_URL (the oracle; without it the differential tests skip, and
// fail under CI=true), MVDIFF_SEED (the random seed; printed by every run and in every
// failure), MVDIFF_OPS (DML statements in TestRandomDML, default 10000), MVDIFF_CHAIN_OPS,
// MVDIFF_RESTART_OPS, MVDIFF_FLUSH_OPS, MVDIFF_BP_ROWS (sizes of the scenarios),
// TRIBUTARY_BIN (a prebuilt server binary).
//
// Floating-point sums are exact by construction (costs are multiples of 0.25), so results
// compare as text without rounding.
package mvdiff
