// Package syscat provides PostgreSQL's system catalogs — pg_catalog and
// information_schema — as virtual relations computed from the live
// catalog, so that psql's meta-commands, JDBC DatabaseMetaData, pgx,
// lib/pq, psycopg2, node-postgres and BI tools can introspect Tributary as
// they introspect PostgreSQL.
//
// A system relation is an ordinary *catalog.Relation (Kind table, in schema
// pg_catalog or information_schema) that is never stored: the binder finds
// it through Resolve, and the server's storage adapter produces its rows
// with Rows from an Env (the catalog snapshot of the statement plus the
// session's user, search path and settings). Catalog functions such as
// pg_get_userbyid, format_type or the ::regclass cast are answered by
// Reader, which implements expr.CatalogReader.
//
// Invariants:
//   - System relation OIDs are fixed and below catalog.FirstUserID (PG's own
//     OIDs where PostgreSQL has well-known ones: pg_class is 1259), so they
//     never collide with user objects and are stable across restarts.
//   - Objects PostgreSQL has but the catalog does not (the primary-key index
//     and constraint of a table, role OIDs) get OIDs derived from the
//     owning object: PKIndexOID(rel) = rel.ID + IndexOIDBase, PKConstraintOID
//     likewise, RoleOID(name) a hash in [RoleOIDBase, RoleOIDBase+2^28) with
//     root fixed at 10 (PostgreSQL's bootstrap superuser). User object IDs
//     are assumed to stay below IndexOIDBase (2^30).
//   - pg_attribute lists visible columns only; attnum is the column's
//     position in Relation.Columns plus one, the number the server sends
//     in RowDescription. Hidden columns (_row_id) are left out, because
//     clients treat every attnum > 0 as a user column; they leave a gap
//     like a dropped column does in PostgreSQL. The same numbers are used
//     by pg_index.indkey, pg_constraint.conkey, pg_attrdef.adnum and
//     pg_description.objsubid.
//   - relkind: table 'r', view 'v', materialized view 'm', index 'i',
//     source 'f' (a foreign table is PostgreSQL's nearest notion: rows that
//     live outside the database, readable with SELECT). Sinks and secrets
//     read nothing and are not relations in PostgreSQL's sense: they are
//     not in pg_class. System relations that PostgreSQL defines as views
//     (pg_tables, information_schema.*) have relkind 'v'.
//   - Types: name, "char" and pg_node_tree columns are text; oid, regclass,
//     regtype, regproc and xid are oid; int2vector and oidvector are
//     int2[] and oid[] (their text form is {1,2}, not "1 2").
//
// Left out: pg_statistic, locks, replication and most pg_stat_* views;
// composite-returning helpers such as information_schema._pg_expandarray.
package syscat
