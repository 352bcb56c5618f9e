// Package kafka is the `kafka` source connector (RisingWave's options),
// built on franz-go.
//
//	CREATE SOURCE paid_media_impressions (impression_id VARCHAR, cost_usd DOUBLE PRECISION, event_time TIMESTAMPTZ, ...)
//	WITH (
//	    connector = 'kafka',
//	    topic = 'paid-media.impressions',
//	    properties.bootstrap.server = 'kafka:9092',
//	    scan.startup.mode = 'latest'
//	) FORMAT PLAIN ENCODE JSON;
//
// Options:
//
//	topic                                   topic to read (required)
//	properties.bootstrap.server             seed brokers, host:port[,host:port...] (required)
//	scan.startup.mode                       earliest (default) | latest: where a new source starts
//	scan.startup.timestamp.millis           start at the first record whose timestamp is >= this
//	                                        epoch millisecond (overrides scan.startup.mode)
//	topic.metadata.refresh.interval.ms      how often partitions added to the topic are looked
//	                                        for (default 30000)
//	properties.client.id                    client.id (default 'tributary')
//	properties.security.protocol            plaintext (default) | ssl | sasl_plaintext | sasl_ssl
//	properties.sasl.mechanism               PLAIN (default) | SCRAM-SHA-256 | SCRAM-SHA-512
//	properties.sasl.username, .password     SASL credentials (sasl_* protocols)
//	properties.ssl.ca.location              PEM CA bundle (default: the system roots)
//	properties.ssl.certificate.location     PEM client certificate (mutual TLS) ...
//	properties.ssl.key.location             ... and its unencrypted PEM key
//	properties.ssl.endpoint.identification.algorithm  https (default: verify) | none (no verification)
//	properties.isolation.level              read_committed (default) | read_uncommitted
//	properties.fetch.max.bytes              franz-go FetchMaxBytes
//	properties.max.partition.fetch.bytes    franz-go FetchMaxPartitionBytes
//	properties.fetch.wait.max.ms            franz-go FetchMaxWait
//	properties.metadata.max.age.ms          franz-go MetadataMaxAge
//
// Any other properties.* key (librdkafka settings franz-go has no
// equivalent for, e.g. properties.sasl.kerberos.*, properties.ssl.key.password,
// properties.group.id) is refused at CREATE SOURCE with 22023 listing the
// supported options. OAUTHBEARER, GSSAPI and AWS_MSK_IAM are not supported.
// Options are checked offline: CREATE SOURCE does not contact the broker,
// and a reader whose broker or topic is unavailable retries (logging)
// until it is.
//
// Reading: one franz-go client per reader consumes every partition of the
// topic by direct partition assignment at explicit offsets — no consumer
// group, nothing committed to Kafka. On its first Read the reader lists
// the partitions and resolves a concrete starting offset for each (log
// start for earliest, high watermark for latest, ListOffsets by time for
// scan.startup.timestamp.millis), so every checkpoint names an exact
// position for every partition. Every topic.metadata.refresh.interval.ms
// the partition list is fetched again; partitions added later are read
// from their beginning. With SourceConfig.Splits = n > 1, split k reads
// the partitions p with p % n == k (the server opens one split per job
// today, which reads them all).
//
// Checkpoint: byte 1 (version), uvarint partition count, then for each
// partition in ascending order uvarint partition and uvarint next offset
// to read. SourceConfig.Offset resumes exactly there (partitions the
// checkpoint does not name are read from their start); an offset no
// longer in the log (deleted by retention) resumes at the log start.
//
// FORMAT PLAIN ENCODE JSON: each record value is one JSON object decoded
// by internal/format/json (fields by column name, nested objects and
// arrays to jsonb, timestamps as RFC 3339 text or epoch milliseconds,
// numbers converted to the declared type with out-of-range values
// reported). Keys and headers are ignored; an empty value (tombstone)
// carries no row and is skipped silently. A record that fails to decode is
// skipped and counted: Errors (stream.SourceErrorCounter, the job's error
// count), and LastMalformed returns the last one with its raw payload (at
// most 4 KiB), partition, offset and reason. Stats reports positions,
// counts and the lag behind the partitions' high watermarks, in records
// and in seconds (the age of the last record read from a lagging
// partition); no SQL exposes these yet.
//
// Not here yet: FORMAT UPSERT / DEBEZIUM, ENCODE AVRO / PROTOBUF with a
// schema registry, INCLUDE key/partition/offset/timestamp columns, sinks.
package kafka
