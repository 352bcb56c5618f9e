// Package bench holds Tributary's benchmarks: commands under cmd/ that
// run whole workloads and print figures (seedbench: the seed pipeline),
// the deterministic data generators they share (seedgen), and Go
// benchmarks of engine paths (go test -bench . ./bench/...).
//
// Benchmarks print figures; they assert correctness of results, never
// timings. The figures, machine and exact commands are kept in
// docs/benchmarks.md.
package bench
