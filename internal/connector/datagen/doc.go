// Package datagen is the `datagen` source connector: rows generated from
// per-column rules, RisingWave-compatible (its SQL moves unchanged).
//
//	CREATE SOURCE s (id INT, v VARCHAR, ts TIMESTAMPTZ) WITH (
//	    connector = 'datagen',
//	    datagen.rows.per.second = '100',   -- total rate (default 10)
//	    datagen.split.num = '1',           -- accepted; splits are combined into one reader
//	    fields.id.kind = 'sequence', fields.id.start = '1', fields.id.end = '1000',
//	    fields.v.kind = 'random', fields.v.length = '8', fields.v.seed = '7',
//	    fields.ts.max_past = '1h', fields.ts.max_past_mode = 'relative');
//
// Options (fields.<col>.* name a column of the source):
//
//	datagen.rows.per.second  rows per second over all splits (default 10)
//	datagen.split.num        number of splits (default 1); values are the same as with one split
//	fields.<col>.kind        sequence | random (default random)
//	fields.<col>.start/.end  sequence bounds (integers; default 0 and the type's maximum);
//	                         the source ends (no more rows) after the first sequence reaches its end
//	fields.<col>.min/.max    random bounds for numbers (default 0 and 32767)
//	fields.<col>.seed        random seed (default: the column's position); same seed, same values
//	fields.<col>.length      random string length (default 10)
//	fields.<col>.max_past    timestamps: how far back from the base time (default 1 day)
//	fields.<col>.max_past_mode  absolute (base = basetime or when the reader starts; default) |
//	                         relative (base = when each row is generated)
//	fields.<col>.basetime    absolute base time, RFC 3339 or a timestamptz literal
//
// Types: smallint, int, bigint, real, double, numeric (2 decimals),
// varchar/text (random letters; sequence = the number as text), boolean,
// date, timestamp, timestamptz (random only). Others are refused at CREATE
// SOURCE (0A000).
//
// Determinism: row n's values depend only on n and the options (random
// values hash (seed, n)), except relative timestamps and absolute ones
// without basetime. The checkpoint is n, so a reader reopened at a
// checkpoint continues with the same rows.
package datagen
