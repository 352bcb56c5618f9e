// Package posixfs is the `posix_fs` source connector: files of a local
// directory, read once in name order, as RisingWave's posix_fs.
//
//	CREATE SOURCE clicks (user_id VARCHAR, url VARCHAR, ts TIMESTAMPTZ)
//	WITH (connector = 'posix_fs', posix_fs.root = '/data/clicks', match_pattern = '*.jsonl')
//	FORMAT PLAIN ENCODE JSON;
//
//	... FORMAT PLAIN ENCODE CSV (without_header = 'false', delimiter = ',');
//
// Options:
//
//	posix_fs.root   directory to read (required)
//	match_pattern   glob on file names (path.Match syntax; default '*')
//
// FORMAT PLAIN ENCODE JSON: one JSON object per line (internal/format/json);
// blank lines are skipped. FORMAT PLAIN ENCODE CSV: RFC 4180 records
// (internal/format/csv); options without_header ('false': the first
// record of each file names the columns, matched case-insensitively;
// 'true': fields by position) and delimiter (one character, default ',').
//
// Files are taken in name order; each file is read once. After the last
// file the directory is listed again every second and files whose names
// sort after the last one read are picked up (write files under a
// temporary name and rename them into place). The checkpoint is (file
// name, byte offset after the last record), so a reader reopened at a
// checkpoint continues with the next record.
//
// A malformed record (bad JSON, a value that does not fit its column, a
// CSV record with the wrong number of fields) is skipped and counted: the
// count is the job's error count (stream.SourceErrorCounter), and the
// first few are logged.
package posixfs
