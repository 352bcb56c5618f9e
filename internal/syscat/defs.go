package syscat

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// sysRel is one virtual system relation.
type sysRel struct {
	rel     *catalog.Relation
	view    bool     // a view in PostgreSQL: relkind 'v'
	pgTypes []uint32 // the PostgreSQL column type OIDs (name=19, "char"=18, ...)
	gen     func(e *Env) [][]any
}

var (
	sysByID   = map[uint32]*sysRel{}
	sysByName = map[string]*sysRel{} // "schema.name"
	sysList   []*sysRel
)

// colType maps a PostgreSQL catalog column type to the Tributary type
// that holds it and the OID PostgreSQL gives it.
func colType(s string) (base.Type, uint32) {
	switch s {
	case "oid":
		return base.Oid, 26
	case "regproc":
		return base.Oid, 24
	case "regclass":
		return base.Oid, 2205
	case "regtype":
		return base.Oid, 2206
	case "xid":
		return base.Oid, 28
	case "name":
		return base.Text, 19
	case `"char"`:
		return base.Text, 18
	case "text":
		return base.Text, 25
	case "pg_node_tree":
		return base.Text, 194
	case "anyarray":
		return base.Text, 2277
	case "inet":
		return base.Text, 869
	case "bool":
		return base.Bool, 16
	case "int2":
		return base.Int16, 21
	case "int4":
		return base.Int32, 23
	case "int8":
		return base.Int64, 20
	case "float4":
		return base.Float32, 700
	case "float8":
		return base.Float64, 701
	case "timestamptz":
		return base.TimestampTZ, 1184
	case "int2vector":
		return base.ArrayOf(base.Int16), 22
	case "int2[]":
		return base.ArrayOf(base.Int16), 1005
	case "oidvector":
		return base.ArrayOf(base.Oid), 30
	case "oid[]":
		return base.ArrayOf(base.Oid), 1028
	case "text[]", "name[]", "aclitem[]", `"char"[]`:
		return base.ArrayOf(base.Text), 1009
	case "bytea":
		return base.Bytea, 17
	}
	panic("syscat: unknown column type " + s)
}

// define registers a system relation. cols is "name type, name type, ...".
func define(schemaID uint32, oid uint32, name string, view bool, cols string, gen func(e *Env) [][]any) {
	schema := "pg_catalog"
	if schemaID == catalog.InformationSchemaSchemaID {
		schema = "information_schema"
	}
	r := &catalog.Relation{ID: oid, SchemaID: schemaID, Schema: schema, Name: name, Kind: catalog.KindTable, Owner: catalog.RootUser}
	sr := &sysRel{rel: r, view: view, gen: gen}
	for _, c := range strings.Split(cols, ",") {
		f := strings.Fields(c)
		if len(f) != 2 {
			panic("syscat: bad column spec " + c)
		}
		t, toid := colType(f[1])
		r.Columns = append(r.Columns, catalog.Column{Name: f[0], Type: t})
		sr.pgTypes = append(sr.pgTypes, toid)
	}
	if sysByID[oid] != nil || sysByName[schema+"."+name] != nil {
		panic("syscat: duplicate system relation " + name)
	}
	sysByID[oid] = sr
	sysByName[schema+"."+name] = sr
	sysList = append(sysList, sr)
}

// nextViewOID hands out OIDs to system views PostgreSQL numbers
// dynamically (in 12000-13999 there), in definition order.
var nextViewOID uint32 = 12000

func viewOID() uint32 {
	nextViewOID++
	return nextViewOID
}

const (
	pgc = catalog.PgCatalogSchemaID
	isc = catalog.InformationSchemaSchemaID
)

// The definitions: PostgreSQL 15's columns (all of them for the catalogs
// clients join, in PostgreSQL's order so SELECT * looks familiar).
func init() {
	define(pgc, 2615, "pg_namespace", false, "oid oid, nspname name, nspowner oid, nspacl aclitem[]", genNamespace)
	define(pgc, 1259, "pg_class", false, `oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid,
		relam oid, relfilenode oid, reltablespace oid, relpages int4, reltuples float4, relallvisible int4, reltoastrelid oid,
		relhasindex bool, relisshared bool, relpersistence "char", relkind "char", relnatts int2, relchecks int2,
		relhasrules bool, relhastriggers bool, relhassubclass bool, relrowsecurity bool, relforcerowsecurity bool,
		relispopulated bool, relreplident "char", relispartition bool, relrewrite oid, relfrozenxid xid, relminmxid xid,
		relacl aclitem[], reloptions text[], relpartbound pg_node_tree`, genClass)
	define(pgc, 1249, "pg_attribute", false, `attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2,
		attnum int2, attndims int4, attcacheoff int4, atttypmod int4, attbyval bool, attalign "char", attstorage "char",
		attcompression "char", attnotnull bool, atthasdef bool, atthasmissing bool, attidentity "char", attgenerated "char",
		attisdropped bool, attislocal bool, attinhcount int4, attcollation oid, attacl aclitem[], attoptions text[],
		attfdwoptions text[], attmissingval anyarray`, genAttribute)
	define(pgc, 1247, "pg_type", false, `oid oid, typname name, typnamespace oid, typowner oid, typlen int2, typbyval bool,
		typtype "char", typcategory "char", typispreferred bool, typisdefined bool, typdelim "char", typrelid oid,
		typsubscript regproc, typelem oid, typarray oid, typinput regproc, typoutput regproc, typreceive regproc,
		typsend regproc, typmodin regproc, typmodout regproc, typanalyze regproc, typalign "char", typstorage "char",
		typnotnull bool, typbasetype oid, typtypmod int4, typndims int4, typcollation oid, typdefaultbin pg_node_tree,
		typdefault text, typacl aclitem[]`, genType)
	define(pgc, 2610, "pg_index", false, `indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool,
		indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool, indisclustered bool,
		indisvalid bool, indcheckxmin bool, indisready bool, indislive bool, indisreplident bool, indkey int2vector,
		indcollation oidvector, indclass oidvector, indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree`, genIndex)
	define(pgc, 2606, "pg_constraint", false, `oid oid, conname name, connamespace oid, contype "char", condeferrable bool,
		condeferred bool, convalidated bool, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid,
		confupdtype "char", confdeltype "char", confmatchtype "char", conislocal bool, coninhcount int4, connoinherit bool,
		conkey int2[], confkey int2[], conpfeqop oid[], conppeqop oid[], conffeqop oid[], confdelsetcols int2[],
		conexclop oid[], conbin pg_node_tree`, genConstraint)
	define(pgc, 2604, "pg_attrdef", false, "oid oid, adrelid oid, adnum int2, adbin pg_node_tree", genAttrdef)
	define(pgc, 2609, "pg_description", false, "objoid oid, classoid oid, objsubid int4, description text", genDescription)
	define(pgc, 2396, "pg_shdescription", false, "objoid oid, classoid oid, description text", genNone)
	define(pgc, 1262, "pg_database", false, `oid oid, datname name, datdba oid, encoding int4, datlocprovider "char",
		datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid xid, datminmxid xid, dattablespace oid,
		datcollate text, datctype text, daticulocale text, datcollversion text, datacl aclitem[]`, genDatabase)
	define(pgc, 1260, "pg_authid", false, `oid oid, rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool,
		rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolbypassrls bool, rolconnlimit int4, rolpassword text,
		rolvaliduntil timestamptz`, genAuthid)
	define(pgc, viewOID(), "pg_roles", true, `rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool,
		rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4, rolpassword text,
		rolvaliduntil timestamptz, rolbypassrls bool, rolconfig text[], oid oid`, genRoles)
	define(pgc, viewOID(), "pg_user", true, `usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool,
		usebypassrls bool, passwd text, valuntil timestamptz, useconfig text[]`, genUser)
	define(pgc, 1261, "pg_auth_members", false, "roleid oid, member oid, grantor oid, admin_option bool", genNone)
	define(pgc, viewOID(), "pg_settings", true, `name text, setting text, unit text, category text, short_desc text,
		extra_desc text, context text, vartype text, source text, min_val text, max_val text, enumvals text[],
		boot_val text, reset_val text, sourcefile text, sourceline int4, pending_restart bool`, genSettings)
	define(pgc, 1255, "pg_proc", false, `oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4,
		prorows float4, provariadic oid, prosupport regproc, prokind "char", prosecdef bool, proleakproof bool,
		proisstrict bool, proretset bool, provolatile "char", proparallel "char", pronargs int2, pronargdefaults int2,
		prorettype oid, proargtypes oidvector, proallargtypes oid[], proargmodes "char"[], proargnames text[],
		proargdefaults pg_node_tree, protrftypes oid[], prosrc text, probin text, prosqlbody pg_node_tree,
		proconfig text[], proacl aclitem[]`, genProc)
	define(pgc, 2601, "pg_am", false, `oid oid, amname name, amhandler regproc, amtype "char"`, genAm)
	define(pgc, 3456, "pg_collation", false, `oid oid, collname name, collnamespace oid, collowner oid,
		collprovider "char", collisdeterministic bool, collencoding int4, collcollate text, collctype text,
		colliculocale text, collversion text`, genCollation)
	define(pgc, 2612, "pg_language", false, "oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, lanplcallfoid oid, laninline oid, lanvalidator oid, lanacl aclitem[]", genLanguage)
	define(pgc, 1213, "pg_tablespace", false, "oid oid, spcname name, spcowner oid, spcacl aclitem[], spcoptions text[]", genTablespace)
	define(pgc, 2611, "pg_inherits", false, "inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool", genNone)
	define(pgc, 2620, "pg_trigger", false, `oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2,
		tgenabled "char", tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable bool,
		tginitdeferred bool, tgnargs int2, tgattr int2vector, tgargs bytea, tgqual pg_node_tree, tgoldtable name,
		tgnewtable name`, genNone)
	define(pgc, 2618, "pg_rewrite", false, `oid oid, rulename name, ev_class oid, ev_type "char", ev_enabled "char",
		is_instead bool, ev_qual pg_node_tree, ev_action pg_node_tree`, genNone)
	define(pgc, 3256, "pg_policy", false, `oid oid, polname name, polrelid oid, polcmd "char", polpermissive bool,
		polroles oid[], polqual pg_node_tree, polwithcheck pg_node_tree`, genNone)
	define(pgc, 6104, "pg_publication", false, `oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool,
		pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool`, genNone)
	define(pgc, 6237, "pg_publication_namespace", false, "oid oid, pnpubid oid, pnnspid oid", genNone)
	define(pgc, 6106, "pg_publication_rel", false, "oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector", genNone)
	define(pgc, 6100, "pg_subscription", false, "oid oid, subdbid oid, subname name, subowner oid, subenabled bool", genNone)
	define(pgc, 3381, "pg_statistic_ext", false, `oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid,
		stxstattarget int4, stxkeys int2vector, stxkind "char"[], stxexprs pg_node_tree`, genNone)
	define(pgc, 3079, "pg_extension", false, `oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool,
		extversion text, extconfig oid[], extcondition text[]`, genNone)
	define(pgc, 3118, "pg_foreign_table", false, "ftrelid oid, ftserver oid, ftoptions text[]", genForeignTable)
	define(pgc, 1417, "pg_foreign_server", false, "oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, srvacl aclitem[], srvoptions text[]", genNone)
	define(pgc, 2328, "pg_foreign_data_wrapper", false, "oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl aclitem[], fdwoptions text[]", genNone)
	define(pgc, 2224, "pg_sequence", false, `seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8,
		seqmin int8, seqcache int8, seqcycle bool`, genNone)
	define(pgc, 2608, "pg_depend", false, `classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid,
		refobjsubid int4, deptype "char"`, genDepend)
	define(pgc, 3501, "pg_enum", false, "oid oid, enumtypid oid, enumsortorder float4, enumlabel name", genNone)
	define(pgc, 2605, "pg_cast", false, `oid oid, castsource oid, casttarget oid, castfunc oid, castcontext "char", castmethod "char"`, genNone)
	define(pgc, 2617, "pg_operator", false, `oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind "char",
		oprcanmerge bool, oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, oprnegate oid,
		oprcode regproc, oprrest regproc, oprjoin regproc`, genNone)
	define(pgc, 2616, "pg_opclass", false, "oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, opcintype oid, opcdefault bool, opckeytype oid", genNone)
	define(pgc, 2753, "pg_opfamily", false, "oid oid, opfmethod oid, opfname name, opfnamespace oid, opfowner oid", genNone)
	define(pgc, 2600, "pg_aggregate", false, `aggfnoid regproc, aggkind "char", aggnumdirectargs int2, aggtransfn regproc, aggfinalfn regproc, aggtranstype oid, agginitval text`, genNone)
	define(pgc, 3466, "pg_event_trigger", false, `oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled "char", evttags text[]`, genNone)
	define(pgc, 826, "pg_default_acl", false, `oid oid, defaclrole oid, defaclnamespace oid, defaclobjtype "char", defaclacl aclitem[]`, genNone)
	define(pgc, 3394, "pg_init_privs", false, `objoid oid, classoid oid, objsubid int4, privtype "char", initprivs aclitem[]`, genNone)
	define(pgc, 3592, "pg_shseclabel", false, "objoid oid, classoid oid, provider text, label text", genNone)
	define(pgc, 3596, "pg_seclabel", false, "objoid oid, classoid oid, objsubid int4, provider text, label text", genNone)
	define(pgc, 3602, "pg_ts_config", false, "oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser oid", genNone)
	define(pgc, 3350, "pg_partitioned_table", false, `partrelid oid, partstrat "char", partnatts int2, partdefid oid, partattrs int2vector, partclass oidvector, partcollation oidvector, partexprs pg_node_tree`, genNone)
	define(pgc, 2607, "pg_conversion", false, "oid oid, conname name, connamespace oid, conowner oid, conforencoding int4, contoencoding int4, conproc regproc, condefault bool", genNone)
	define(pgc, 2964, "pg_db_role_setting", false, "setdatabase oid, setrole oid, setconfig text[]", genNone)

	// Views.
	define(pgc, viewOID(), "pg_tables", true, `schemaname name, tablename name, tableowner name, tablespace name,
		hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool`, genTables)
	define(pgc, viewOID(), "pg_views", true, "schemaname name, viewname name, viewowner name, definition text", genViews)
	define(pgc, viewOID(), "pg_matviews", true, `schemaname name, matviewname name, matviewowner name, tablespace name,
		hasindexes bool, ispopulated bool, definition text`, genMatviews)
	define(pgc, viewOID(), "pg_indexes", true, "schemaname name, tablename name, indexname name, tablespace name, indexdef text", genIndexes)
	define(pgc, viewOID(), "pg_sequences", true, "schemaname name, sequencename name, sequenceowner name, data_type regtype, start_value int8, min_value int8, max_value int8, increment_by int8, cycle bool, cache_size int8, last_value int8", genNone)
	define(pgc, viewOID(), "pg_stat_activity", true, `datid oid, datname name, pid int4, leader_pid int4, usesysid oid,
		usename name, application_name text, client_addr inet, client_hostname text, client_port int4,
		backend_start timestamptz, xact_start timestamptz, query_start timestamptz, state_change timestamptz,
		wait_event_type text, wait_event text, state text, backend_xid xid, backend_xmin xid, query_id int8,
		query text, backend_type text`, genStatActivity)
	define(pgc, viewOID(), "pg_stat_user_tables", true, `relid oid, schemaname name, relname name, seq_scan int8,
		seq_tup_read int8, idx_scan int8, idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8,
		n_live_tup int8, n_dead_tup int8`, genStatUserTables)
	define(pgc, viewOID(), "pg_statio_user_tables", true, "relid oid, schemaname name, relname name, heap_blks_read int8, heap_blks_hit int8", genNone)
	define(pgc, viewOID(), "pg_stat_user_indexes", true, "relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_scan int8, idx_tup_read int8, idx_tup_fetch int8", genNone)
	define(pgc, viewOID(), "pg_stat_database", true, "datid oid, datname name, numbackends int4, xact_commit int8, xact_rollback int8, blks_read int8, blks_hit int8", genNone)
	define(pgc, viewOID(), "pg_locks", true, `locktype text, database oid, relation oid, pid int4, mode text, granted bool`, genNone)
	define(pgc, viewOID(), "pg_prepared_statements", true, "name text, statement text, parameter_types text[], from_sql bool", genNone)
	define(pgc, viewOID(), "pg_timezone_names", true, "name text, abbrev text, is_dst bool", genNone)
	define(pgc, viewOID(), "pg_available_extensions", true, "name name, default_version text, installed_version text, comment text", genNone)
	define(pgc, viewOID(), "pg_replication_slots", true, `slot_name name, plugin name, slot_type text, datoid oid, database name, temporary bool, active bool`, genNone)

	// information_schema.
	define(isc, viewOID(), "schemata", true, `catalog_name name, schema_name name, schema_owner name,
		default_character_set_catalog name, default_character_set_schema name, default_character_set_name name,
		sql_path text`, genSchemata)
	define(isc, viewOID(), "tables", true, `table_catalog name, table_schema name, table_name name, table_type text,
		self_referencing_column_name name, reference_generation text, user_defined_type_catalog name,
		user_defined_type_schema name, user_defined_type_name name, is_insertable_into text, is_typed text,
		commit_action text`, genISTables)
	define(isc, viewOID(), "columns", true, `table_catalog name, table_schema name, table_name name, column_name name,
		ordinal_position int4, column_default text, is_nullable text, data_type text, character_maximum_length int4,
		character_octet_length int4, numeric_precision int4, numeric_precision_radix int4, numeric_scale int4,
		datetime_precision int4, interval_type text, interval_precision int4, character_set_catalog name,
		character_set_schema name, character_set_name name, collation_catalog name, collation_schema name,
		collation_name name, domain_catalog name, domain_schema name, domain_name name, udt_catalog name,
		udt_schema name, udt_name name, scope_catalog name, scope_schema name, scope_name name,
		maximum_cardinality int4, dtd_identifier name, is_self_referencing text, is_identity text,
		identity_generation text, identity_start text, identity_increment text, identity_maximum text,
		identity_minimum text, identity_cycle text, is_generated text, generation_expression text, is_updatable text`, genISColumns)
	define(isc, viewOID(), "views", true, `table_catalog name, table_schema name, table_name name, view_definition text,
		check_option text, is_updatable text, is_insertable_into text, is_trigger_updatable text,
		is_trigger_deletable text, is_trigger_insertable_into text`, genISViews)
	define(isc, viewOID(), "table_constraints", true, `constraint_catalog name, constraint_schema name,
		constraint_name name, table_catalog name, table_schema name, table_name name, constraint_type text,
		is_deferrable text, initially_deferred text, enforced text, nulls_distinct text`, genISTableConstraints)
	define(isc, viewOID(), "key_column_usage", true, `constraint_catalog name, constraint_schema name,
		constraint_name name, table_catalog name, table_schema name, table_name name, column_name name,
		ordinal_position int4, position_in_unique_constraint int4`, genISKeyColumnUsage)
	define(isc, viewOID(), "referential_constraints", true, `constraint_catalog name, constraint_schema name,
		constraint_name name, unique_constraint_catalog name, unique_constraint_schema name,
		unique_constraint_name name, match_option text, update_rule text, delete_rule text`, genNone)
	define(isc, viewOID(), "constraint_column_usage", true, `table_catalog name, table_schema name, table_name name,
		column_name name, constraint_catalog name, constraint_schema name, constraint_name name`, genISConstraintColumnUsage)
	define(isc, viewOID(), "check_constraints", true, "constraint_catalog name, constraint_schema name, constraint_name name, check_clause text", genNone)
	define(isc, viewOID(), "routines", true, `specific_catalog name, specific_schema name, specific_name name,
		routine_catalog name, routine_schema name, routine_name name, routine_type text, data_type text,
		type_udt_name name, routine_body text, routine_definition text, external_language text, is_deterministic text`, genNone)
	define(isc, viewOID(), "parameters", true, "specific_catalog name, specific_schema name, specific_name name, ordinal_position int4, parameter_mode text, parameter_name name, data_type text", genNone)
	define(isc, viewOID(), "sequences", true, "sequence_catalog name, sequence_schema name, sequence_name name, data_type text", genNone)
	define(isc, viewOID(), "triggers", true, "trigger_catalog name, trigger_schema name, trigger_name name, event_manipulation text, event_object_schema name, event_object_table name, action_statement text", genNone)
	define(isc, viewOID(), "table_privileges", true, `grantor name, grantee name, table_catalog name, table_schema name,
		table_name name, privilege_type text, is_grantable text, with_hierarchy text`, genISTablePrivileges)
	define(isc, viewOID(), "enabled_roles", true, "role_name name", genISEnabledRoles)
	define(isc, viewOID(), "character_sets", true, "character_set_catalog name, character_set_schema name, character_set_name name, character_repertoire name, form_of_use name, default_collate_catalog name, default_collate_schema name, default_collate_name name", genCharacterSets)
}
