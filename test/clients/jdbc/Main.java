// The PostgreSQL JDBC driver against a server: run by test/clients/jdbc_test.go as
//
//   java -Duser.timezone=UTC -cp /usr/share/java/postgresql.jar Main.java JDBC_URL
//
// Prints "ok: ..." or "FAIL: ..." per check and, for DatabaseMetaData, one line per object
// ("SCHEMA name", "TABLE schema name type remarks", "COLUMN ...", "PK ...") that the Go test
// asserts on. A section that throws prints FAIL and the next one runs. Exit 1 on any FAIL.

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;

import org.postgresql.util.PGInterval;

public class Main {
    static int checks = 0, failures = 0;

    static void check(String name, Object got, Object want) {
        checks++;
        boolean eq;
        if (got instanceof BigDecimal && want instanceof BigDecimal) {
            eq = ((BigDecimal) got).compareTo((BigDecimal) want) == 0;
        } else if (got instanceof byte[] && want instanceof byte[]) {
            eq = Arrays.equals((byte[]) got, (byte[]) want);
        } else if (got instanceof Object[] && want instanceof Object[]) {
            eq = Arrays.equals((Object[]) got, (Object[]) want);
        } else if (got instanceof OffsetDateTime && want instanceof OffsetDateTime) {
            eq = ((OffsetDateTime) got).isEqual((OffsetDateTime) want);
        } else {
            eq = Objects.equals(got, want);
        }
        if (eq) {
            System.out.println("ok: " + name);
        } else {
            failures++;
            System.out.println("FAIL: " + name + ": got " + show(got) + ", want " + show(want));
        }
    }

    static String show(Object o) {
        if (o instanceof byte[]) return Arrays.toString((byte[]) o);
        if (o instanceof Object[]) return Arrays.toString((Object[]) o);
        return String.valueOf(o) + (o == null ? "" : " (" + o.getClass().getSimpleName() + ")");
    }

    static void fail(String name, Throwable e) {
        checks++;
        failures++;
        String state = e instanceof SQLException ? " [SQLSTATE " + ((SQLException) e).getSQLState() + "]" : "";
        System.out.println("FAIL: " + name + ": " + e.getClass().getSimpleName() + state + ": " + e.getMessage());
    }

    interface Section { void run() throws Exception; }

    static void section(String name, Section s) {
        try {
            s.run();
        } catch (Throwable e) {
            fail(name, e);
        }
    }

    static final String COLS = "id, b, i2, i4, i8, f4, f8, n, t, vc, by, d, tm, ts, tstz, iv, j, ai, at";
    static final BigDecimal NUM = new BigDecimal("12345678901234567890.0123456789");
    static final byte[] BYTES = {0, 1, 2, (byte) 0xfe, (byte) 0xff, '\\', '\''};
    static final String TEXT = "héllo, wörld ☃ 'quoted' \"dq\" \\ back";
    static final OffsetDateTime TSTZ = OffsetDateTime.of(2024, 6, 30, 22, 15, 0, 500_000_000, ZoneOffset.ofHoursMinutes(5, 30));
    static final String IV = "1 year 2 mons 3 days 04:05:06.789";
    static final Integer[] INTS = {1, -2, 3};
    static final String[] TEXTS = {"a b", "c,d", "\"q\"", ""};

    static Connection connect(String url, Properties extra) throws SQLException {
        Properties p = new Properties();
        p.putAll(extra);
        return DriverManager.getConnection(url, p);
    }

    // Binds row id with every type through the JDBC setters (java.sql and java.time).
    static void bindRow(Connection c, PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        ps.setBoolean(2, true);
        ps.setShort(3, (short) -32768);
        ps.setInt(4, Integer.MIN_VALUE);
        ps.setLong(5, Long.MAX_VALUE);
        ps.setFloat(6, 1.5f);
        ps.setDouble(7, 0.1);
        ps.setBigDecimal(8, NUM);
        ps.setString(9, TEXT);
        ps.setString(10, "varchar value");
        ps.setBytes(11, BYTES);
        if (id % 2 == 0) {
            ps.setDate(12, Date.valueOf("2024-02-29"));
            ps.setTime(13, Time.valueOf("23:59:59"));
            ps.setTimestamp(14, Timestamp.valueOf("2024-01-02 03:04:05.123456"));
        } else {
            ps.setObject(12, LocalDate.of(2024, 2, 29));
            ps.setObject(13, LocalTime.of(23, 59, 59));
            ps.setObject(14, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
        }
        ps.setObject(15, TSTZ);
        ps.setObject(16, new PGInterval(IV));
        ps.setObject(17, "{\"a\": 1, \"b\": [true, null, \"x\"]}", Types.OTHER);
        ps.setArray(18, c.createArrayOf("int4", INTS));
        ps.setArray(19, c.createArrayOf("text", TEXTS));
    }

    static void checkRow(String v, ResultSet rs) throws SQLException {
        check(v + " getBoolean", rs.getBoolean("b"), true);
        check(v + " getShort", rs.getShort("i2"), (short) -32768);
        check(v + " getInt", rs.getInt("i4"), Integer.MIN_VALUE);
        check(v + " getLong", rs.getLong("i8"), Long.MAX_VALUE);
        check(v + " getFloat", rs.getFloat("f4"), 1.5f);
        check(v + " getDouble", rs.getDouble("f8"), 0.1);
        check(v + " getBigDecimal", rs.getBigDecimal("n"), NUM);
        check(v + " getString text", rs.getString("t"), TEXT);
        check(v + " getString varchar", rs.getString("vc"), "varchar value");
        check(v + " getBytes", rs.getBytes("by"), BYTES);
        check(v + " getDate", rs.getDate("d"), Date.valueOf("2024-02-29"));
        check(v + " getObject LocalDate", rs.getObject("d", LocalDate.class), LocalDate.of(2024, 2, 29));
        check(v + " getTime", rs.getTime("tm"), Time.valueOf("23:59:59"));
        check(v + " getObject LocalTime", rs.getObject("tm", LocalTime.class), LocalTime.of(23, 59, 59));
        check(v + " getTimestamp", rs.getTimestamp("ts"), Timestamp.valueOf("2024-01-02 03:04:05.123456"));
        check(v + " getObject LocalDateTime", rs.getObject("ts", LocalDateTime.class), LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
        check(v + " getObject OffsetDateTime", rs.getObject("tstz", OffsetDateTime.class), TSTZ);
        check(v + " getTimestamp timestamptz", rs.getTimestamp("tstz").toInstant(), TSTZ.toInstant());
        check(v + " getObject PGInterval", rs.getObject("iv"), new PGInterval(IV));
        check(v + " getString interval", rs.getString("iv"), IV);
        check(v + " getString jsonb", rs.getString("j"), "{\"a\": 1, \"b\": [true, null, \"x\"]}");
        Array ai = rs.getArray("ai");
        check(v + " getArray int4[]", ai == null ? null : ai.getArray(), INTS);
        Array at = rs.getArray("at");
        check(v + " getArray text[]", at == null ? null : at.getArray(), TEXTS);
    }

    // Prepared statements with parameters of every type, getters of every type, NULLs, and
    // WHERE col = ? per type; run once with the driver's defaults (text, unnamed statements
    // for the first 4 executions) and once with prepareThreshold=-1 (named, binary).
    static void types(String url, String v, Properties props, int base) throws Exception {
        try (Connection c = connect(url, props)) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_types (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 6; i++) { // past prepareThreshold: unnamed then named statements
                    bindRow(c, ps, base + i);
                    check(v + " insert " + (base + i) + " count", ps.executeUpdate(), 1);
                }
                ps.setInt(1, base + 9);
                for (int i = 2; i <= 19; i++) ps.setNull(i, Types.NULL);
                check(v + " insert NULL row count", ps.executeUpdate(), 1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLS + " FROM jdbc_types WHERE id = ?")) {
                for (int i = 0; i < 6; i++) {
                    ps.setInt(1, base + i);
                    try (ResultSet rs = ps.executeQuery()) {
                        check(v + " row " + (base + i) + " found", rs.next(), true);
                        checkRow(v + " row " + (base + i), rs);
                        check(v + " row " + (base + i) + " only one", rs.next(), false);
                    }
                }
                ps.setInt(1, base + 9);
                try (ResultSet rs = ps.executeQuery()) {
                    check(v + " NULL row found", rs.next(), true);
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 2; i <= md.getColumnCount(); i++) {
                        check(v + " NULL " + md.getColumnName(i) + " getObject", rs.getObject(i), null);
                        check(v + " NULL " + md.getColumnName(i) + " wasNull", rs.wasNull(), true);
                    }
                    check(v + " NULL getInt on NULL int4 is 0", rs.getInt("i4"), 0);
                }
            }
            String[] cols = COLS.split(", ");
            for (int col = 2; col <= cols.length; col++) {
                String q = "SELECT count(*) FROM jdbc_types WHERE " + cols[col - 1] + " = ? AND id = ?";
                try (PreparedStatement ps = c.prepareStatement(q)) {
                    // The value the insert bound, through the same setter (rows base and base+1
                    // used the java.sql and the java.time setters for dates and times).
                    for (int rep = 0; rep < 6; rep++) {
                        bindOne(c, ps, cols[col - 1], rep % 2 == 0 ? base : base + 1);
                        ps.setInt(2, rep % 2 == 0 ? base : base + 1);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            check(v + " " + q + " (execution " + rep + ")", rs.getLong(1), 1L);
                        }
                    }
                } catch (SQLException e) {
                    fail(v + " " + q, e);
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + COLS + " FROM jdbc_types WHERE id = " + base)) {
                ResultSetMetaData md = rs.getMetaData();
                StringBuilder sb = new StringBuilder(v + " RSMD");
                for (int i = 1; i <= md.getColumnCount(); i++) sb.append(' ').append(md.getColumnName(i)).append(':').append(md.getColumnTypeName(i));
                System.out.println(sb);
                rs.next();
                sb = new StringBuilder(v + " GETOBJECT");
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object o = rs.getObject(i);
                    sb.append(' ').append(md.getColumnName(i)).append(':').append(o == null ? "null" : o.getClass().getName());
                }
                System.out.println(sb);
            }
        }
    }

    // bindOne binds parameter 1 with the value bindRow gives column col for row id.
    static void bindOne(Connection c, PreparedStatement ps, String col, int id) throws SQLException {
        switch (col) {
            case "b": ps.setBoolean(1, true); break;
            case "i2": ps.setShort(1, (short) -32768); break;
            case "i4": ps.setInt(1, Integer.MIN_VALUE); break;
            case "i8": ps.setLong(1, Long.MAX_VALUE); break;
            case "f4": ps.setFloat(1, 1.5f); break;
            case "f8": ps.setDouble(1, 0.1); break;
            case "n": ps.setBigDecimal(1, NUM); break;
            case "t": ps.setString(1, TEXT); break;
            case "vc": ps.setString(1, "varchar value"); break;
            case "by": ps.setBytes(1, BYTES); break;
            case "d": if (id % 2 == 0) ps.setDate(1, Date.valueOf("2024-02-29")); else ps.setObject(1, LocalDate.of(2024, 2, 29)); break;
            case "tm": if (id % 2 == 0) ps.setTime(1, Time.valueOf("23:59:59")); else ps.setObject(1, LocalTime.of(23, 59, 59)); break;
            case "ts": if (id % 2 == 0) ps.setTimestamp(1, Timestamp.valueOf("2024-01-02 03:04:05.123456")); else ps.setObject(1, LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)); break;
            case "tstz": ps.setObject(1, TSTZ); break;
            case "iv": ps.setObject(1, new PGInterval(IV)); break;
            case "j": ps.setObject(1, "{\"b\": [true, null, \"x\"], \"a\": 1}", Types.OTHER); break;
            case "ai": ps.setArray(1, c.createArrayOf("int4", INTS)); break;
            case "at": ps.setArray(1, c.createArrayOf("text", TEXTS)); break;
            default: throw new IllegalArgumentException(col);
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Properties none = new Properties();

        section("connect", () -> {
            try (Connection c = connect(url, none)) {
                DatabaseMetaData md = c.getMetaData();
                System.out.println("PRODUCT " + md.getDatabaseProductName() + " " + md.getDatabaseProductVersion());
                System.out.println("DRIVER " + md.getDriverName() + " " + md.getDriverVersion());
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database(), current_user, version()")) {
                    rs.next();
                    System.out.println("SESSION " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        });

        section("setup", () -> {
            try (Connection c = connect(url, none); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE jdbc_types (id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric, "
                        + "t text, vc varchar(20), by bytea, d date, tm time, ts timestamp, tstz timestamptz, iv interval, j jsonb, ai int4[], at text[])");
                st.execute("CREATE SCHEMA jdbc_s");
                st.execute("CREATE TABLE jdbc_s.items (id int PRIMARY KEY, name varchar(30) NOT NULL, price numeric(10,2) DEFAULT 0, "
                        + "tags text[], added timestamptz)");
                st.execute("COMMENT ON TABLE jdbc_s.items IS 'catalog items'");
                st.execute("COMMENT ON COLUMN jdbc_s.items.price IS 'unit price'");
                st.execute("CREATE VIEW jdbc_s.cheap_items AS SELECT id, name, price FROM jdbc_s.items WHERE price < 10");
                st.execute("CREATE TABLE jdbc_s.pairs (a int, b text, c int NOT NULL, PRIMARY KEY (b, a))");
            }
        });

        section("types default", () -> types(url, "default", none, 100));
        Properties binary = new Properties();
        binary.setProperty("prepareThreshold", "-1");
        section("types binary", () -> types(url, "binary", binary, 200));

        section("transactions", () -> {
            try (Connection c = connect(url, none)) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_s.items (id, name, price, tags) VALUES (?, ?, ?, ?)")) {
                    for (int i = 1; i <= 3; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "item " + i);
                        ps.setBigDecimal(3, new BigDecimal(i * 5 + ".25"));
                        ps.setArray(4, c.createArrayOf("text", new String[]{"t" + i}));
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    check("executeBatch counts", Arrays.toString(counts), "[1, 1, 1]");
                }
                c.commit();
                // A fetch size with autocommit off: the driver reads the result in portions
                // (Execute with a row limit, PortalSuspended), as BI tools do.
                try (PreparedStatement ps = c.prepareStatement("SELECT g, g * 2 FROM generate_series(1, ?) AS t(g)")) {
                    ps.setFetchSize(7);
                    ps.setInt(1, 100);
                    long n = 0, sum = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) { n++; sum += rs.getLong(2); }
                    }
                    check("fetch size 7: rows", n, 100L);
                    check("fetch size 7: sum", sum, 10100L);
                }
                c.commit();
                try (Statement st = c.createStatement()) {
                    try {
                        st.executeQuery("SELECT * FROM no_such_table");
                        check("error 42P01", "no error", "42P01");
                    } catch (SQLException e) {
                        check("error 42P01", e.getSQLState(), "42P01");
                    }
                    try {
                        st.executeQuery("SELECT 1");
                        check("25P02 after an error with autocommit off", "no error", "25P02");
                    } catch (SQLException e) {
                        check("25P02 after an error with autocommit off", e.getSQLState(), "25P02");
                    }
                    c.rollback();
                    try (ResultSet rs = st.executeQuery("SELECT count(*), sum(price) FROM jdbc_s.cheap_items")) {
                        rs.next();
                        check("view count", rs.getLong(1), 1L);
                        check("view sum", rs.getBigDecimal(2), new BigDecimal("5.25"));
                    }
                    c.commit();
                }
            }
        });

        section("metadata", () -> {
            try (Connection c = connect(url, none)) {
                DatabaseMetaData md = c.getMetaData();
                try (ResultSet rs = md.getCatalogs()) {
                    while (rs.next()) System.out.println("CATALOG " + rs.getString("TABLE_CAT"));
                }
                try (ResultSet rs = md.getTableTypes()) {
                    StringBuilder sb = new StringBuilder("TABLETYPES");
                    while (rs.next()) sb.append(" [").append(rs.getString(1)).append(']');
                    System.out.println(sb);
                }
                try (ResultSet rs = md.getSchemas()) {
                    while (rs.next()) System.out.println("SCHEMA " + rs.getString("TABLE_SCHEM"));
                }
                try (ResultSet rs = md.getTables(null, "jdbc_s", "%", new String[]{"TABLE", "VIEW", "MATERIALIZED VIEW"})) {
                    while (rs.next()) {
                        System.out.println("TABLE " + rs.getString("TABLE_SCHEM") + " " + rs.getString("TABLE_NAME") + " "
                                + rs.getString("TABLE_TYPE").replace(' ', '_') + " " + rs.getString("REMARKS"));
                    }
                }
                try (ResultSet rs = md.getTables(null, "public", "jdbc%", new String[]{"TABLE", "VIEW", "MATERIALIZED VIEW"})) {
                    while (rs.next()) {
                        System.out.println("TABLE " + rs.getString("TABLE_SCHEM") + " " + rs.getString("TABLE_NAME") + " "
                                + rs.getString("TABLE_TYPE").replace(' ', '_') + " " + rs.getString("REMARKS"));
                    }
                }
                for (String table : new String[]{"items", "cheap_items", "pairs"}) {
                    try (ResultSet rs = md.getColumns(null, "jdbc_s", table, "%")) {
                        while (rs.next()) {
                            System.out.println("COLUMN " + rs.getString("TABLE_SCHEM") + " " + rs.getString("TABLE_NAME") + " "
                                    + rs.getString("COLUMN_NAME") + " " + rs.getInt("ORDINAL_POSITION") + " " + rs.getString("TYPE_NAME") + " "
                                    + rs.getInt("DATA_TYPE") + " " + rs.getInt("COLUMN_SIZE") + " " + rs.getInt("DECIMAL_DIGITS") + " "
                                    + rs.getString("IS_NULLABLE") + " " + rs.getString("COLUMN_DEF") + " " + rs.getString("REMARKS"));
                        }
                    }
                }
                for (String table : new String[]{"items", "pairs"}) {
                    try (ResultSet rs = md.getPrimaryKeys(null, "jdbc_s", table)) {
                        while (rs.next()) {
                            System.out.println("PK " + rs.getString("TABLE_SCHEM") + " " + rs.getString("TABLE_NAME") + " "
                                    + rs.getString("COLUMN_NAME") + " " + rs.getInt("KEY_SEQ") + " " + rs.getString("PK_NAME"));
                        }
                    }
                }
            }
        });

        System.out.println("jdbc: " + checks + " checks, " + failures + " failures");
        System.exit(failures > 0 ? 1 : 0);
    }
}
