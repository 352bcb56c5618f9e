package stream

// Group top-N is topNOp with topNConfig.partition set: rows are hash
// distributed by the partition key, and each partition keeps its own top
// rows. It implements `row_number() OVER (PARTITION BY p ORDER BY o) <= N`
// (the rank column is part of the output and updated as rows shift) and
// DISTINCT ON (p) ... ORDER BY p, o (N = 1, no rank column). A
// row_number() window without such a bound is a group top-N without a
// limit.
