-- One statement per entry; entries are separated by lines containing only "----".
-- Each must parse, and Format must re-parse to an equal tree.
SELECT 1
----
select 1, 2.5, .5, 1e10, 1.5E-3, 'str', 'it''s', E'a\nb', $$dollar$$, $tag$x$tag$
----
SELECT NULL, TRUE, FALSE, $1, $2::int
----
SELECT a, b AS c, d e, "Quoted Col", t.x, s.t.y FROM t
----
SELECT * FROM t
----
SELECT t.*, u.* FROM t, u
----
SELECT DISTINCT a FROM t
----
SELECT DISTINCT ON (a, b) a, b, c FROM t ORDER BY a, b, c DESC
----
SELECT ALL a FROM t
----
SELECT a FROM public.t
----
SELECT a FROM db.public.t AS x
----
SELECT x.a FROM t x
----
SELECT x.a FROM t AS x (a, b)
----
SELECT * FROM (SELECT 1 AS a) AS sub
----
SELECT * FROM (SELECT 1 AS a) sub (b)
----
SELECT * FROM LATERAL (SELECT 1) AS l
----
SELECT * FROM t, LATERAL (SELECT t.a) AS l
----
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v (id, name)
----
SELECT * FROM generate_series(1, 10) AS g
----
SELECT * FROM generate_series(1, 10) WITH ORDINALITY AS g (v, n)
----
SELECT * FROM unnest(ARRAY[1, 2, 3]) AS u (x)
----
SELECT * FROM TUMBLE(events, event_time, INTERVAL '15 minutes')
----
SELECT window_start, count(*) FROM TUMBLE(events, event_time, INTERVAL '1' HOUR) GROUP BY window_start
----
SELECT * FROM HOP(events, event_time, INTERVAL '1 minute', INTERVAL '5 minutes')
----
SELECT * FROM a JOIN b ON a.id = b.id
----
SELECT * FROM a INNER JOIN b ON a.id = b.id
----
SELECT * FROM a LEFT JOIN b ON a.id = b.id
----
SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id
----
SELECT * FROM a RIGHT JOIN b USING (id)
----
SELECT * FROM a RIGHT OUTER JOIN b USING (id, k)
----
SELECT * FROM a FULL JOIN b ON true
----
SELECT * FROM a FULL OUTER JOIN b ON a.x = b.x AND a.y = b.y
----
SELECT * FROM a CROSS JOIN b
----
SELECT * FROM a NATURAL JOIN b
----
SELECT * FROM a NATURAL LEFT JOIN b
----
SELECT * FROM a NATURAL FULL OUTER JOIN b
----
SELECT * FROM a JOIN b ON a.id = b.id JOIN c ON c.id = b.id LEFT JOIN d ON d.id = c.id
----
SELECT * FROM a JOIN (b JOIN c ON b.id = c.id) ON a.id = b.id
----
SELECT * FROM (a JOIN b ON a.id = b.id) AS j
----
SELECT * FROM a, b, c WHERE a.id = b.id
----
SELECT * FROM orders o JOIN products FOR SYSTEM_TIME AS OF PROCTIME() p ON o.pid = p.id
----
SELECT * FROM orders o LEFT JOIN products FOR SYSTEM_TIME AS OF PROCTIME() AS p ON o.pid = p.id
----
SELECT * FROM orders AS o JOIN products AS p FOR SYSTEM_TIME AS OF PROCTIME() ON o.pid = p.id
----
SELECT a FROM t WHERE a > 1
----
SELECT a FROM t WHERE a > 1 AND b < 2 OR c = 3
----
SELECT a FROM t WHERE NOT a = 1
----
SELECT a FROM t WHERE NOT (a = 1 OR b = 2)
----
SELECT a, count(*) FROM t GROUP BY a
----
SELECT a, b, count(*) FROM t GROUP BY 1, 2
----
SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1
----
SELECT a, sum(b) OVER w FROM t WINDOW w AS (PARTITION BY a ORDER BY c)
----
SELECT a, sum(b) OVER (w ROWS UNBOUNDED PRECEDING) FROM t WINDOW w AS (PARTITION BY a)
----
SELECT a FROM t ORDER BY a
----
SELECT a FROM t ORDER BY a ASC, b DESC
----
SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS LAST
----
SELECT a FROM t LIMIT 10
----
SELECT a FROM t LIMIT 10 OFFSET 5
----
SELECT a FROM t OFFSET 5
----
SELECT a FROM t OFFSET 5 ROWS
----
SELECT a FROM t LIMIT ALL
----
SELECT a FROM t ORDER BY a FETCH FIRST 5 ROWS ONLY
----
SELECT a FROM t FETCH FIRST ROW ONLY
----
SELECT a FROM t OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY
----
WITH x AS (SELECT 1 AS a) SELECT a FROM x
----
WITH x (a, b) AS (SELECT 1, 2), y AS (SELECT * FROM x) SELECT * FROM y
----
WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r
----
WITH m AS MATERIALIZED (SELECT 1) SELECT * FROM m
----
WITH m AS NOT MATERIALIZED (SELECT 1) SELECT * FROM m
----
SELECT 1 UNION SELECT 2
----
SELECT 1 UNION ALL SELECT 2
----
SELECT 1 UNION DISTINCT SELECT 2
----
SELECT 1 INTERSECT SELECT 2
----
SELECT 1 EXCEPT SELECT 2
----
SELECT 1 EXCEPT ALL SELECT 2
----
SELECT 1 UNION SELECT 2 INTERSECT SELECT 3
----
SELECT 1 INTERSECT SELECT 2 UNION SELECT 3
----
(SELECT 1 UNION SELECT 2) INTERSECT SELECT 3
----
SELECT 1 UNION (SELECT 2 UNION SELECT 3)
----
(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u ORDER BY b LIMIT 1) ORDER BY 1
----
((SELECT 1))
----
SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 1
----
VALUES (1, 2), (3, 4)
----
VALUES (1) ORDER BY 1
----
TABLE t
----
SELECT
----
SELECT FROM t
----
SELECT 1 + 2 * 3 - 4 / 5 % 6 ^ 2
----
SELECT (1 + 2) * 3
----
SELECT -a, +b, - -c, -(a + b), ~x
----
SELECT a || b || 'c'
----
SELECT j -> 'k', j ->> 'k', j #> '{a,b}', j #>> '{a}', j @> '{"a":1}', '{"a":1}' <@ j, j ? 'k'
----
SELECT a ~ 'x', a ~* 'x', a !~ 'x', a !~* 'x', a ~~ 'x%', a !~~ 'x%', a ~~* 'x', a !~~* 'x'
----
SELECT a = b, a <> b, a != b, a < b, a <= b, a > b, a >= b
----
SELECT a::int, a::integer, a::bigint, a::varchar(10), a::numeric(10, 2), a::double precision
----
SELECT CAST(a AS text), CAST(b AS timestamp with time zone), CAST(c AS int[])
----
SELECT a::int::text, (a + 1)::text, -a::int
----
SELECT a::timestamptz, a::timestamp without time zone, a::time with time zone, a::timetz
----
SELECT a::character varying(5), a::char(3), a::character, a::float, a::float(10), a::float(40)
----
SELECT a::real, a::float4, a::float8, a::int2, a::int4, a::int8, a::bool, a::decimal(5), a::dec
----
SELECT a::jsonb, a::json, a::bytea, a::date, a::interval, a::uuid, a::text[], a::int[][]
----
SELECT a::interval day to second, a::interval year, a::interval second(3)
----
SELECT a::pg_catalog.int4, a::myschema.mytype, a::"MyType"
----
SELECT a::struct<x int, y varchar>, b::struct<p struct<q int>>
----
SELECT DATE '2024-01-01', TIME '12:00', TIMESTAMP '2024-01-01 00:00:00', TIMESTAMPTZ '2024-01-01 00:00:00+00'
----
SELECT TIMESTAMP WITH TIME ZONE '2024-01-01', TIME WITHOUT TIME ZONE '10:00', DOUBLE PRECISION '1.5'
----
SELECT INTERVAL '15 minutes', INTERVAL '1' DAY, INTERVAL '1-2' YEAR TO MONTH, INTERVAL '1 2:3:4' DAY TO SECOND
----
SELECT INTERVAL '1.5' SECOND(3), INTERVAL '3' HOUR TO MINUTE
----
SELECT int '1', bigint '2', numeric '3.5', varchar(3) 'abc', boolean 'true', jsonb '{}', text 'x'
----
SELECT a IS NULL, a IS NOT NULL, a ISNULL, a NOTNULL
----
SELECT a IS TRUE, a IS NOT TRUE, a IS FALSE, a IS NOT FALSE, a IS UNKNOWN, a IS NOT UNKNOWN
----
SELECT a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b
----
SELECT a BETWEEN 1 AND 10, a NOT BETWEEN 1 AND 10, a BETWEEN SYMMETRIC 10 AND 1, a BETWEEN ASYMMETRIC 1 AND 2
----
SELECT a BETWEEN b + 1 AND c * 2 AND d
----
SELECT a IN (1, 2, 3), a NOT IN ('x', 'y'), a IN (SELECT b FROM t), a NOT IN (SELECT b FROM t)
----
SELECT (a, b) IN (SELECT x, y FROM t)
----
SELECT a LIKE 'x%', a NOT LIKE 'x%', a ILIKE 'x%', a NOT ILIKE '%x', a LIKE 'x!%' ESCAPE '!'
----
SELECT a SIMILAR TO 'x', a NOT SIMILAR TO 'y' ESCAPE '#'
----
SELECT a LIKE ANY (ARRAY['x%', 'y']), a NOT ILIKE ALL ('{a,b}'), a LIKE SOME (SELECT p FROM t)
----
SELECT U&'\00E9\+01F600', U&'d!0061t' UESCAPE '!'
----
SELECT CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END
----
SELECT CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END
----
SELECT COALESCE(a, b, 0), NULLIF(a, 0), GREATEST(a, b), LEAST(a, b)
----
SELECT EXISTS (SELECT 1 FROM t WHERE t.a = u.a) FROM u
----
SELECT NOT EXISTS (SELECT 1)
----
SELECT (SELECT max(a) FROM t) AS m
----
SELECT a FROM t WHERE a = (SELECT max(a) FROM t)
----
SELECT a = ANY (SELECT b FROM t), a > ALL (SELECT b FROM t), a = SOME (SELECT b FROM t)
----
SELECT a = ANY (ARRAY[1, 2]), a <> ALL ('{1,2}'::int[]), a = ANY ($1)
----
SELECT ARRAY[1, 2, 3], ARRAY[[1, 2], [3, 4]], ARRAY[]::int[], ARRAY(SELECT a FROM t)
----
SELECT a[1], a[1:2], a[:2], a[2:], a[1][2], (a)[1], (f(x))[1]
----
SELECT (a).b, (t.c).d.e
----
SELECT count(*), count(DISTINCT a), count(ALL a), sum(a), avg(a), min(a), max(a)
----
SELECT string_agg(a, ',' ORDER BY b DESC), array_agg(DISTINCT a ORDER BY a)
----
SELECT count(*) FILTER (WHERE a > 1), sum(a) FILTER (WHERE b) OVER (PARTITION BY c)
----
SELECT row_number() OVER (), rank() OVER (ORDER BY a), lag(a, 1) OVER (PARTITION BY b ORDER BY c)
----
SELECT sum(a) OVER (ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
----
SELECT sum(a) OVER (ORDER BY b ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING)
----
SELECT sum(a) OVER (ORDER BY b RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)
----
SELECT sum(a) OVER (ORDER BY b RANGE UNBOUNDED PRECEDING), sum(a) OVER (ORDER BY b GROUPS 1 PRECEDING EXCLUDE TIES)
----
SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW)
----
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) FROM t
----
SELECT EXTRACT(EPOCH FROM ts), EXTRACT(year FROM ts), EXTRACT('month' FROM ts), EXTRACT(DOW FROM ts)
----
SELECT EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - MAX(window_end))) AS seconds_stale FROM p
----
SELECT SUBSTRING(s FROM 2 FOR 3), SUBSTRING(s FROM 2), SUBSTRING(s FOR 3), SUBSTRING(s, 1, 2)
----
SELECT POSITION('a' IN s), POSITION(x IN y || z)
----
SELECT TRIM(s), TRIM(BOTH FROM s), TRIM(LEADING 'x' FROM s), TRIM(TRAILING FROM s), TRIM('x' FROM s), TRIM(s, 'x')
----
SELECT OVERLAY(s PLACING 'x' FROM 2 FOR 3), OVERLAY(s PLACING 'y' FROM 1)
----
SELECT CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIMESTAMP, LOCALTIME, NOW(), CURRENT_TIMESTAMP(3)
----
SELECT CURRENT_USER, SESSION_USER, USER, CURRENT_ROLE, CURRENT_SCHEMA, CURRENT_SCHEMA(), CURRENT_CATALOG
----
SELECT ts AT TIME ZONE 'UTC', ts AT TIME ZONE 'UTC' AT TIME ZONE 'America/New_York'
----
SELECT (1, 2), ROW(1, 2), ROW(), ROW(a)
----
SELECT a COLLATE "C", b COLLATE pg_catalog."default"
----
SELECT pg_catalog.now(), public.f(1), "Func"(x), left(s, 2), right(s, 2)
----
SELECT f(VARIADIC ARRAY[1, 2]), g(a, VARIADIC b)
----
SELECT date, name, key, value, type, source, timestamp, window_start, platform, domain, description, comment, position, time, user_id, interval, first, last FROM t
----
SELECT date, name FROM t WHERE value > 0 AND type = 'x' AND key IS NOT NULL
----
SELECT a FROM t WHERE timestamp > TIMESTAMP '2024-01-01' AND interval < INTERVAL '1 day'
----
SELECT a name, b value, c key FROM t
----
SELECT a AS select, b AS from, c AS "Mixed" FROM t
----
SELECT t.select FROM t
----
SELECT 1 AS x WHERE 1 = 1
----
SELECT * FROM t WHERE a IN (1) AND b NOT IN (2)
----
SELECT 'a' 
   'b' AS concatenated
----
SELECT 2 ^ 3 ^ 2, -2 ^ 2, (-2) ^ 2
----
SELECT a AND b OR c AND NOT d
----
SELECT a = b IS NULL, NOT a IS NULL, a IS NULL = b
----
SELECT a + b = c * d AND e LIKE f || g
----
SELECT a < b + 1, a || b < c
----
SELECT * FROM t WHERE (a, b) = (1, 2)
----
SELECT * FROM t WHERE a = $1 AND b = $2
----
SELECT /* block /* nested */ comment */ a -- line comment
FROM t
----
SELECT a FROM t WHERE a = ANY (SELECT b FROM (SELECT 1 AS b) AS x)
----
SELECT * FROM (SELECT * FROM (SELECT 1) AS a) AS b
----
SELECT ((SELECT 1)) + 1
----
SELECT ((SELECT 1) UNION (SELECT 2))
----
SELECT (SELECT 1) + (SELECT 2)
----
SELECT * FROM ((SELECT 1) UNION (SELECT 2)) AS u
----
SELECT x FROM t WHERE x IN ((SELECT 1))
----
SELECT x FROM t WHERE x IN ((1), (2))
----
SELECT * FROM t1 JOIN t2 ON (t1.a = t2.a)
----
SELECT "select" FROM "from"
----
SELECT "a""b" FROM t
----
SELECT 1 AS "a.b"
----
SELECT $1::text || 'x'
----
SELECT sum(x)::double precision / NULLIF(count(*), 0) FROM t
----
SELECT jsonb_build_object('a', 1)->>'a'
----
SELECT a.b.c.d FROM x
----
SELECT count(t.*) FROM t
----
SELECT ARRAY[1, 2] || 3, 1 = ANY (ARRAY[1])
----
SELECT 'abc' LIKE 'a%' = true
----
SELECT * FROM t WHERE a BETWEEN 1 AND 2 AND b BETWEEN 3 AND 4
----
SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + 1
----
SELECT x::numeric(10, 2)[]
----
SELECT * FROM t LIMIT $1 OFFSET $2
----
SELECT now() - INTERVAL '1 hour' > ts
----
SELECT a FROM t GROUP BY ROLLUP (a, b), CUBE (c)
----
SELECT generate_series(1, 3)
----
SELECT date_trunc('hour', ts) AS h, count(*) FROM events GROUP BY date_trunc('hour', ts)
----
SELECT * FROM t WHERE a @@ b
----
SELECT |/ 25, @ -5, 10 # 3, 2 << 1, 8 >> 1, 5 & 3, 5 | 3
----
CREATE SCHEMA s
----
CREATE SCHEMA IF NOT EXISTS paid_media
----
CREATE SCHEMA s AUTHORIZATION bob
----
CREATE SCHEMA AUTHORIZATION bob
----
CREATE DATABASE dev
----
CREATE DATABASE IF NOT EXISTS d WITH OWNER = root
----
CREATE TABLE t (a int)
----
CREATE TABLE IF NOT EXISTS s.t (a int NOT NULL, b varchar(20) NULL, c numeric(10, 2) DEFAULT 0, d text PRIMARY KEY)
----
CREATE TABLE t (a int UNIQUE, b int CHECK (b > 0), c int REFERENCES u (id), d int CONSTRAINT nn NOT NULL)
----
CREATE TABLE t (a int, b int, PRIMARY KEY (a, b))
----
CREATE TABLE t (a int, b int, CONSTRAINT pk PRIMARY KEY (a), UNIQUE (b), CHECK (a < b), FOREIGN KEY (b) REFERENCES u (id))
----
CREATE TABLE t (a int DEFAULT 1 + 2, b timestamptz DEFAULT now(), c text DEFAULT 'x' || 'y', d bool DEFAULT (1 = 1))
----
CREATE TABLE t (date date, name varchar, key text, value double precision, type int, source text, comment text)
----
CREATE TABLE t (a int, b int AS a + 1, p timestamptz AS proctime())
----
CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED)
----
CREATE TABLE t (a int, ts timestamptz, WATERMARK FOR ts AS ts - INTERVAL '5 seconds') APPEND ONLY
----
CREATE TABLE t (a int PRIMARY KEY) WITH (connector = 'kafka', topic = 't', properties.bootstrap.server = 'k:9092') FORMAT PLAIN ENCODE JSON
----
CREATE TABLE t (a int PRIMARY KEY) WITH (connector = 'kafka') FORMAT UPSERT ENCODE AVRO (schema.registry = 'http://sr:8081')
----
CREATE TABLE t (a int) INCLUDE key AS k INCLUDE timestamp AS ts WITH (connector = 'kafka') FORMAT PLAIN ENCODE JSON
----
CREATE TABLE orders (id int PRIMARY KEY, amount numeric) FROM pg_source TABLE 'public.orders'
----
CREATE TABLE t AS SELECT * FROM u
----
CREATE TABLE t (x, y) AS SELECT 1, 2
----
CREATE TABLE t (a int[], b varchar[], c struct<x int, y text>, d jsonb, e bytea)
----
CREATE TABLE data_product_catalog (
    product_id         VARCHAR PRIMARY KEY,
    domain             VARCHAR,
    sla_freshness_secs INT
)
----
CREATE SOURCE s WITH (connector = 'datagen')
----
CREATE SOURCE IF NOT EXISTS s (a int, b varchar) WITH (connector = 'kafka', topic = 'x', scan.startup.mode = 'earliest') FORMAT PLAIN ENCODE JSON
----
CREATE SOURCE s (a int, ts timestamp, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (connector = 'kafka') FORMAT PLAIN ENCODE JSON
----
CREATE SOURCE s (a int, PRIMARY KEY (a)) WITH (connector = 'kafka') FORMAT UPSERT ENCODE JSON
----
CREATE SOURCE s (a int) INCLUDE header 'trace_id' varchar AS tid INCLUDE partition INCLUDE offset AS o WITH (connector = 'kafka') FORMAT PLAIN ENCODE JSON
----
CREATE SOURCE s WITH (connector = 'kafka', properties.sasl.password = secret my_secret, other = secret s.x AS FILE) FORMAT PLAIN ENCODE JSON
----
CREATE SOURCE s WITH (connector = 'datagen', fields.v1.kind = 'sequence', fields.v1.start = '1', datagen.rows.per.second = 10, flag = true, neg = -5, word = latest) FORMAT PLAIN ENCODE JSON
----
CREATE SOURCE s WITH (connector = 'kafka') FORMAT PLAIN ENCODE PROTOBUF (message = 'a.b.C', schema.location = 'file:///x.pb')
----
CREATE SOURCE s WITH (connector = 'kafka') FORMAT DEBEZIUM ENCODE JSON
----
CREATE SOURCE crm_conversions WITH (connector = 'postgres-cdc', hostname = 'crm-postgres', port = '5432', database.name = 'crm', table.name = 'conversion_events')
----
CREATE SINK s FROM mv WITH (connector = 'kafka', topic = 't') FORMAT UPSERT ENCODE JSON (force_append_only = false)
----
CREATE SINK IF NOT EXISTS s AS SELECT a, b FROM t WHERE a > 1 WITH (connector = 'blackhole')
----
CREATE SINK s FROM mv WITH (connector = 'kafka', primary_key = 'a,b') FORMAT UPSERT ENCODE JSON KEY ENCODE TEXT
----
CREATE SINK s INTO target FROM mv
----
CREATE SINK s AS SELECT * FROM t FORMAT PLAIN ENCODE JSON
----
CREATE VIEW v AS SELECT 1
----
CREATE OR REPLACE VIEW s.v (a, b) AS SELECT 1, 2
----
CREATE VIEW IF NOT EXISTS v AS SELECT * FROM t UNION SELECT * FROM u
----
CREATE MATERIALIZED VIEW mv AS SELECT a, count(*) FROM t GROUP BY a
----
CREATE MATERIALIZED VIEW IF NOT EXISTS s.mv AS SELECT * FROM t
----
CREATE MATERIALIZED VIEW mv AS SELECT window_start, count(*) FROM TUMBLE(t, ts, INTERVAL '1' MINUTE) GROUP BY window_start EMIT ON WINDOW CLOSE
----
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x EMIT ON WINDOW CLOSE
----
CREATE MATERIALIZED VIEW mv AS SELECT * FROM t EMIT ON WINDOW CLOSE
----
CREATE MATERIALIZED VIEW mv (x, y) WITH (parallelism = 2) AS SELECT 1, 2
----
CREATE INDEX idx ON t (a)
----
CREATE UNIQUE INDEX IF NOT EXISTS idx ON s.t (a DESC, lower(b)) INCLUDE (c) DISTRIBUTED BY (a)
----
CREATE INDEX ON t (a)
----
CREATE SECRET s WITH (backend = 'meta') AS 'value'
----
CREATE SECRET IF NOT EXISTS s AS 'v'
----
ALTER SECRET s WITH (backend = 'meta') AS 'new'
----
CREATE CONNECTION c WITH (type = 'privatelink', provider = 'aws')
----
CREATE USER bob
----
CREATE USER bob WITH PASSWORD 'secret' SUPERUSER CREATEDB LOGIN
----
CREATE USER bob PASSWORD 'x' NOSUPERUSER NOCREATEDB NOLOGIN CREATEUSER NOCREATEUSER
----
CREATE ROLE r WITH LOGIN CONNECTION LIMIT 5 VALID UNTIL '2030-01-01' PASSWORD NULL
----
CREATE USER u WITH ENCRYPTED PASSWORD 'x'
----
ALTER USER bob WITH PASSWORD 'new'
----
ALTER USER bob PASSWORD 'new'
----
ALTER USER bob RENAME TO robert
----
ALTER ROLE r NOLOGIN
----
DROP TABLE t
----
DROP TABLE IF EXISTS t, s.u CASCADE
----
DROP VIEW v RESTRICT
----
DROP MATERIALIZED VIEW IF EXISTS mv
----
DROP SOURCE s
----
DROP SINK IF EXISTS s CASCADE
----
DROP SCHEMA s CASCADE
----
DROP SECRET s
----
DROP USER IF EXISTS bob, alice
----
DROP ROLE r
----
DROP INDEX idx
----
DROP DATABASE d
----
DROP CONNECTION c
----
ALTER TABLE t ADD COLUMN c int
----
ALTER TABLE t ADD c varchar NOT NULL DEFAULT 'x'
----
ALTER TABLE t ADD COLUMN IF NOT EXISTS c int
----
ALTER TABLE t DROP COLUMN c
----
ALTER TABLE t DROP c CASCADE
----
ALTER TABLE IF EXISTS t DROP COLUMN IF EXISTS c
----
ALTER TABLE t RENAME COLUMN a TO b
----
ALTER TABLE t RENAME a TO b
----
ALTER TABLE t RENAME TO u
----
ALTER TABLE t OWNER TO bob
----
ALTER TABLE t SET SCHEMA s
----
ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int
----
ALTER TABLE t ALTER COLUMN a TYPE bigint
----
ALTER TABLE t ALTER a SET DATA TYPE text, ALTER b SET DEFAULT 0, ALTER c DROP DEFAULT, ALTER d SET NOT NULL, ALTER e DROP NOT NULL
----
ALTER TABLE t ADD PRIMARY KEY (a)
----
ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)
----
ALTER MATERIALIZED VIEW mv SET PARALLELISM = 4
----
ALTER MATERIALIZED VIEW mv SET PARALLELISM TO 4
----
ALTER MATERIALIZED VIEW mv RENAME TO mv2
----
ALTER MATERIALIZED VIEW mv OWNER TO alice
----
ALTER SOURCE s RENAME TO s2
----
ALTER SOURCE s ADD COLUMN x int
----
ALTER SINK s OWNER TO CURRENT_USER
----
ALTER VIEW v RENAME TO w
----
ALTER SCHEMA s RENAME TO t
----
ALTER SCHEMA s OWNER TO bob
----
ALTER TABLE t SET (parallelism = 2)
----
ALTER SOURCE s SET source_rate_limit = DEFAULT
----
GRANT SELECT ON t TO bob
----
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE t, u TO bob, alice
----
GRANT ALL PRIVILEGES ON SCHEMA s TO bob WITH GRANT OPTION
----
GRANT ALL ON ALL TABLES IN SCHEMA public TO bob
----
GRANT SELECT ON ALL MATERIALIZED VIEWS IN SCHEMA s TO r
----
GRANT SELECT ON ALL SOURCES IN SCHEMA s TO r
----
GRANT SELECT ON MATERIALIZED VIEW mv TO r
----
GRANT SELECT ON SOURCE src TO r
----
GRANT USAGE, CREATE ON SCHEMA s TO PUBLIC
----
GRANT CONNECT ON DATABASE dev TO bob GRANTED BY root
----
REVOKE SELECT ON t FROM bob
----
REVOKE GRANT OPTION FOR ALL ON SCHEMA s FROM bob CASCADE
----
REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA s FROM bob
----
COMMENT ON TABLE t IS 'a table'
----
COMMENT ON COLUMN t.a IS 'a column'
----
COMMENT ON COLUMN s.t.a IS NULL
----
COMMENT ON MATERIALIZED VIEW mv IS 'data product'
----
COMMENT ON SOURCE s IS 'x'
----
COMMENT ON SINK s IS 'x'
----
COMMENT ON SCHEMA s IS 'it''s'
----
COMMENT ON VIEW v IS ''
----
INSERT INTO t VALUES (1, 'a')
----
INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, DEFAULT)
----
INSERT INTO s.t (a, b) VALUES ($1, $2)
----
INSERT INTO t SELECT * FROM u
----
INSERT INTO t (a) SELECT a FROM u WHERE a > 1
----
INSERT INTO t (SELECT * FROM u)
----
INSERT INTO t DEFAULT VALUES
----
INSERT INTO t AS x (a) VALUES (1) ON CONFLICT DO NOTHING
----
INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = excluded.b
----
INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = 3, c = DEFAULT WHERE t.b < 3
----
INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT pk DO NOTHING
----
INSERT INTO t VALUES (1) RETURNING *
----
INSERT INTO t VALUES (1) RETURNING a, b AS c
----
WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x
----
INSERT INTO data_product_catalog VALUES
    ('paid_media_perf_15m', 'paid_media', 'paid_media_performance', '15-minute aggregate', 'growth-marketing', 30, '15min tumble window')
----
UPDATE t SET a = 1
----
UPDATE t SET a = a + 1, b = DEFAULT WHERE c = 2
----
UPDATE t AS x SET a = 1 WHERE x.b = 2
----
UPDATE t x SET a = 1
----
UPDATE t SET a = u.a FROM u WHERE t.id = u.id RETURNING t.a
----
UPDATE ONLY t SET a = 1
----
WITH x AS (SELECT 1) UPDATE t SET a = 1
----
DELETE FROM t
----
DELETE FROM t WHERE a = 1
----
DELETE FROM t AS x USING u WHERE x.id = u.id RETURNING *
----
DELETE FROM t x WHERE x.a > 0
----
WITH old AS (SELECT 1) DELETE FROM t WHERE a IN (SELECT * FROM old)
----
SET search_path TO public
----
SET search_path = public, "$user", 'x'
----
SET SESSION application_name = 'psql'
----
SET LOCAL statement_timeout = 1000
----
SET extra_float_digits = 3
----
SET x = -1
----
SET x TO DEFAULT
----
SET TIME ZONE 'UTC'
----
SET TIME ZONE LOCAL
----
SET TIME ZONE DEFAULT
----
SET TIME ZONE -5
----
SET TIME ZONE INTERVAL '-08:00' HOUR TO MINUTE
----
SET timezone = 'Europe/Berlin'
----
SET rw_implicit_flush TO true
----
SET streaming_parallelism = 4
----
SET client_encoding TO 'UTF8'
----
SET datestyle TO ISO, MDY
----
SET a.b.c = on
----
SET TRANSACTION ISOLATION LEVEL READ COMMITTED
----
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY
----
SHOW ALL
----
SHOW search_path
----
SHOW TIME ZONE
----
SHOW TRANSACTION ISOLATION LEVEL
----
SHOW server_version
----
SHOW TABLES
----
SHOW TABLES FROM s
----
SHOW TABLES LIKE 'x%'
----
SHOW MATERIALIZED VIEWS
----
SHOW MATERIALIZED VIEWS FROM s
----
SHOW VIEWS
----
SHOW SOURCES
----
SHOW SINKS
----
SHOW SCHEMAS
----
SHOW DATABASES
----
SHOW SECRETS
----
SHOW CONNECTIONS
----
SHOW FUNCTIONS
----
SHOW JOBS
----
SHOW PROCESSLIST
----
SHOW PARAMETERS
----
SHOW COLUMNS FROM t
----
SHOW COLUMNS FROM s.t
----
SHOW INDEXES FROM t
----
SHOW CREATE TABLE t
----
SHOW CREATE VIEW v
----
SHOW CREATE MATERIALIZED VIEW s.mv
----
SHOW CREATE SOURCE s
----
SHOW CREATE SINK s
----
SHOW a.b
----
RESET search_path
----
RESET ALL
----
RESET TIME ZONE
----
EXPLAIN SELECT 1
----
EXPLAIN ANALYZE SELECT 1
----
EXPLAIN VERBOSE SELECT 1
----
EXPLAIN ANALYZE VERBOSE SELECT 1
----
EXPLAIN (VERBOSE, FORMAT JSON) SELECT 1
----
EXPLAIN (ANALYZE true, COSTS false, TRACE) SELECT 1
----
EXPLAIN CREATE MATERIALIZED VIEW mv AS SELECT a FROM t
----
EXPLAIN (SELECT 1)
----
EXPLAIN INSERT INTO t VALUES (1)
----
EXPLAIN CREATE SINK s FROM mv WITH (connector = 'blackhole')
----
BEGIN
----
BEGIN WORK
----
BEGIN TRANSACTION
----
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY
----
BEGIN READ WRITE
----
START TRANSACTION
----
START TRANSACTION ISOLATION LEVEL SERIALIZABLE
----
COMMIT
----
COMMIT WORK
----
END
----
END TRANSACTION
----
ROLLBACK
----
ROLLBACK TRANSACTION
----
ABORT
----
COMMIT AND NO CHAIN
----
FLUSH
----
TRUNCATE t
----
TRUNCATE TABLE t, s.u
----
DISCARD ALL
----
DISCARD PLANS
----
DEALLOCATE p
----
DEALLOCATE PREPARE p
----
DEALLOCATE ALL
----
PREPARE p AS SELECT $1
----
PREPARE p (int, text) AS INSERT INTO t VALUES ($1, $2)
----
EXECUTE p
----
EXECUTE p (1, 'x')
----
COPY t FROM STDIN
----
COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ',')
----
COPY t TO STDOUT
----
COPY t TO STDOUT WITH (FORMAT csv, HEADER)
----
COPY (SELECT * FROM t WHERE a > 1) TO STDOUT WITH (FORMAT csv)
----
COPY t FROM STDIN WITH CSV HEADER
----
COPY t FROM STDIN CSV HEADER DELIMITER AS ';' NULL ''
----
COPY t TO '/tmp/x.csv' (FORMAT text)
----
COPY t FROM '/tmp/x.csv' WITH (FORMAT binary)
----
COPY t FROM STDIN (NULL 'x', QUOTE '"', ESCAPE '\')
----
SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid)
----
SELECT a OPERATOR(+) b, OPERATOR(pg_catalog.-) 1, 'x'::regclass::oid, n.nspname !~ '^pg_toast'
----
SELECT CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema' WHEN true THEN 'SYSTEM' ELSE 'USER' END FROM pg_namespace n
----
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) FROM pg_catalog.pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef), a.attnotnull FROM pg_catalog.pg_attribute a WHERE a.attrelid = '16384' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
----
SELECT sum(a) OVER ("rows" ORDER BY b), sum(a) OVER ("partition") FROM t WINDOW "rows" AS (PARTITION BY c), "partition" AS ("rows")
----
SELECT * FROM "position"(1, 2), "overlay"(1, 2, 3), "trim"(x), coalesce(1, 2) AS c
----
SELECT "position"(a, b), "overlay"(a, b, c), "trim"(x), "extract"(x), "substring"(a, b)
----
SELECT "." 'x', "a.b" 'y', "a." 'z'
----
SELECT substring(a, b ORDER BY 1), substring(VARIADIC x), substring(DISTINCT a), substring(*), substring(), substring(a, 1) OVER w, "position"(a, b) FILTER (WHERE true)
----
SHOW "."
----
SET "a." = 1
----
RESET "all"
