package stream

// The simple aggregate (no GROUP BY) is aggOp with aggConfig.simple set:
// one group with the empty key, one actor, and exactly one output row at
// all times, like SQL — it is inserted at the job's first barrier (with
// count 0 / NULL results over empty input) and from then on only updated,
// never deleted, even when every input row is retracted.
