"""psycopg2 against a server named by CLIENT_DSN (run by test/clients/python_test.go).

Not a pytest file: a plain script, so that it needs nothing but Debian's python3-psycopg2.
Every check prints "ok: <name>" or "FAIL: <name>: <details>"; the exit status is 1 when
anything failed. The Go test turns each FAIL line into a test error.
"""

import datetime
import decimal
import io
import os
import sys
import traceback

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras

DSN = os.environ["CLIENT_DSN"]
failures = 0
checks = 0


def check(name, got, want):
    global failures, checks
    checks += 1
    if got == want:
        print("ok: %s" % name)
    else:
        failures += 1
        print("FAIL: %s: got %r, want %r" % (name, got, want))


def fail(name, detail):
    global failures, checks
    checks += 1
    failures += 1
    print("FAIL: %s: %s" % (name, detail))


def section(fn):
    """Runs one group of checks; an unexpected exception fails the group, not the script."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - report anything
        fail(fn.__name__, "unexpected %s: %s\n%s" % (type(e).__name__, e, traceback.format_exc()))


conn = psycopg2.connect(DSN)
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))

ROWS = [
    (1, 9223372036854775807, 0.1, decimal.Decimal("12345678901234567890.0123456789"),
     "héllo 'quoted' \"dq\" \\ ☃", b"\x00\x01\xfe\xff'\\", datetime.date(2024, 2, 29),
     datetime.datetime(2024, 1, 2, 3, 4, 5, 123456),
     datetime.datetime(2024, 6, 30, 22, 15, 0, 500000, tzinfo=IST), True,
     [1, -2, 3], ["a b", "c,d", '"q"', ""], {"a": 1, "b": [True, None, "x"]},
     datetime.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=789000),
     datetime.time(23, 59, 59, 999999)),
    (2, -1, -1.5e300, decimal.Decimal("-0.000001"), "", b"", datetime.date(1969, 12, 31),
     datetime.datetime(1999, 12, 31, 23, 59, 59, 999999),
     datetime.datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=datetime.timezone.utc), False,
     [], ["x"], [], datetime.timedelta(microseconds=-1), datetime.time(0, 0)),
    (3, None, None, None, None, None, None, None, None, None, None, None, None, None, None),
]
COLS = "id, i8, f8, n, t, b, d, ts, tz, bo, ai, at, j, iv, tm"


def setup():
    cur = conn.cursor()
    # psycopg2 opens a transaction (BEGIN) before the first statement.
    cur.execute(
        "CREATE TABLE py_t (id int PRIMARY KEY, i8 bigint, f8 float8, n numeric, t text, b bytea, "
        "d date, ts timestamp, tz timestamptz, bo boolean, ai int[], at text[], j jsonb, iv interval, tm time)")
    check("status in transaction after CREATE", conn.get_transaction_status(),
          psycopg2.extensions.TRANSACTION_STATUS_INTRANS)
    conn.commit()
    check("status idle after commit", conn.get_transaction_status(),
          psycopg2.extensions.TRANSACTION_STATUS_IDLE)


def insert_params():
    cur = conn.cursor()
    for r in ROWS:
        vals = list(r)
        vals[5] = psycopg2.Binary(vals[5]) if vals[5] is not None else None
        vals[12] = psycopg2.extras.Json(vals[12]) if vals[12] is not None else None
        cur.execute("INSERT INTO py_t (%s) VALUES (%s)" % (COLS, ", ".join(["%s"] * len(vals))), vals)
        check("rowcount of insert %d" % r[0], cur.rowcount, 1)
    conn.commit()


def select_params():
    cur = conn.cursor()
    names = COLS.split(", ")
    for r in ROWS:
        cur.execute("SELECT %s FROM py_t WHERE id = %%s" % COLS, (r[0],))
        got = cur.fetchone()
        if got is None:
            fail("fetchone id %d" % r[0], "no row")
            continue
        check("description names", [d.name for d in cur.description], names)
        for i, name in enumerate(names):
            g, w = got[i], r[i]
            if isinstance(g, memoryview):
                g = bytes(g)
            if name == "tz" and w is not None and g is not None:
                # timestamptz comes back in the session TimeZone: compare the instants.
                check("fetch %s id %d (instant)" % (name, r[0]), g.timestamp(), w.timestamp())
                continue
            if name == "iv" and w is not None and g is not None:
                check("fetch %s id %d" % (name, r[0]), g, w)
                continue
            check("fetch %s id %d" % (name, r[0]), g, w)
        check("fetchone after the only row", cur.fetchone(), None)
    # Each column found by a parameter, as WHERE col = %s.
    r = ROWS[0]
    for i, name in enumerate(names):
        v = r[i]
        if name == "b":
            v = psycopg2.Binary(v)
        if name == "j":
            v = psycopg2.extras.Json(v)
        cur.execute("SELECT id FROM py_t WHERE %s = %%s" % name, (v,))
        check("WHERE %s = %%s" % name, cur.fetchall(), [(1,)])
    cur.execute("SELECT id FROM py_t WHERE i8 IS NULL AND t IS NULL")
    check("WHERE ... IS NULL", cur.fetchall(), [(3,)])
    conn.commit()


def fetchall_many():
    cur = conn.cursor()
    cur.executemany("INSERT INTO py_t (id, t, f8) VALUES (%s, %s, %s)", [(i, "row %d" % i, i / 4) for i in range(10, 30)])
    conn.commit()
    cur.execute("SELECT id, t, f8 FROM py_t WHERE id >= %s AND id < %s ORDER BY id", (10, 30))
    rows = cur.fetchall()
    check("fetchall count", len(rows), 20)
    check("fetchall first", rows[0], (10, "row 10", 2.5))
    check("fetchall last", rows[-1], (29, "row 29", 7.25))
    cur.execute("SELECT id FROM py_t WHERE id >= 10 ORDER BY id")
    check("fetchmany", cur.fetchmany(3), [(10,), (11,), (12,)])
    cur.execute("UPDATE py_t SET t = %s WHERE id >= %s", ("updated", 20))
    check("rowcount of update", cur.rowcount, 10)
    cur.execute("SELECT count(*), sum(f8), avg(id) FROM py_t WHERE id >= %s", (10,))
    check("aggregate", cur.fetchone(), (20, sum(i / 4 for i in range(10, 30)), decimal.Decimal("19.5000000000000000")))
    conn.commit()


def literal_params():
    cur = conn.cursor()
    cur.execute("SELECT %s, %s, %s, %s, %s, %s, %s",
                (42, 2.5, decimal.Decimal("1.10"), "it's", None, True, [1, 2]))
    check("select literals", cur.fetchone(), (42, 2.5, decimal.Decimal("1.10"), "it's", None, True, [1, 2]))
    cur.execute("SELECT %(a)s::int + %(b)s::int AS total", {"a": 40, "b": 2})
    check("named params", cur.fetchone(), (42,))
    conn.rollback()


def server_errors():
    cases = [
        ("SELECT * FROM no_such_table", psycopg2.errors.UndefinedTable, "42P01"),
        ("SELECT 1/0", psycopg2.errors.DivisionByZero, "22012"),
        ("SELEC 1", psycopg2.errors.SyntaxError, "42601"),
        ("SELECT no_such_column FROM py_t", psycopg2.errors.UndefinedColumn, "42703"),
        ("INSERT INTO py_t (id, t) VALUES (NULL, 'x')", psycopg2.errors.NotNullViolation, "23502"),
    ]
    for sql, cls, code in cases:
        cur = conn.cursor()
        try:
            cur.execute(sql)
            cur.fetchall()
            fail("error %s" % code, "%r raised nothing" % sql)
        except cls as e:
            check("error %s pgcode (%s)" % (code, sql), e.pgcode, code)
        except psycopg2.Error as e:
            fail("error %s" % code, "%r raised %s (%s): %s" % (sql, type(e).__name__, e.pgcode, e))
        conn.rollback()
        check("status idle after rollback (%s)" % code, conn.get_transaction_status(),
              psycopg2.extensions.TRANSACTION_STATUS_IDLE)


def failed_transaction():
    # psycopg2 runs everything in BEGIN ... : after an error, the transaction is aborted
    # (25P02) until rollback, whether the error came from planning or from the rows.
    for sql in ["SELECT no_such_column FROM py_t", "SELECT 1 / (id - id) FROM py_t"]:
        cur = conn.cursor()
        try:
            cur.execute(sql)
            cur.fetchall()
            fail("failed transaction", "%r raised nothing" % sql)
        except psycopg2.Error:
            pass
        check("status in error after %r" % sql, conn.get_transaction_status(),
              psycopg2.extensions.TRANSACTION_STATUS_INERROR)
        try:
            cur.execute("SELECT 1")
            fail("InFailedSqlTransaction after %r" % sql, "SELECT 1 succeeded in an aborted transaction")
        except psycopg2.errors.InFailedSqlTransaction as e:
            check("25P02 after %r" % sql, e.pgcode, "25P02")
        except psycopg2.Error as e:
            fail("InFailedSqlTransaction after %r" % sql, "%s (%s): %s" % (type(e).__name__, e.pgcode, e))
        conn.rollback()
    cur = conn.cursor()
    cur.execute("SELECT 1")
    check("usable after rollback", cur.fetchone(), (1,))
    conn.rollback()


def transactions():
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM py_t")
    before = cur.fetchone()[0]
    check("status in transaction after SELECT", conn.get_transaction_status(),
          psycopg2.extensions.TRANSACTION_STATUS_INTRANS)
    conn.commit()
    with conn:  # commits on success
        with conn.cursor() as c:
            c.execute("INSERT INTO py_t (id, t) VALUES (%s, %s)", (100, "in with-block"))
    cur.execute("SELECT count(*) FROM py_t")
    check("count after with-block commit", cur.fetchone()[0], before + 1)
    conn.commit()
    conn.autocommit = True
    cur.execute("SELECT 1")
    check("autocommit: no transaction", conn.get_transaction_status(),
          psycopg2.extensions.TRANSACTION_STATUS_IDLE)
    cur.execute("INSERT INTO py_t (id, t) VALUES (%s, %s)", (101, "autocommit"))
    conn.autocommit = False
    other = psycopg2.connect(DSN)
    oc = other.cursor()
    oc.execute("SELECT t FROM py_t WHERE id IN (100, 101) ORDER BY id")
    check("visible from another connection", oc.fetchall(), [("in with-block",), ("autocommit",)])
    other.close()


def copy():
    cur = conn.cursor()
    cur.execute("CREATE TABLE py_copy (id int PRIMARY KEY, name text, score float8)")
    conn.commit()
    cur.copy_expert("COPY py_copy FROM STDIN WITH (FORMAT csv)", io.StringIO('1,a,1.5\n2,"b, c",\n3,,-2\n'))
    conn.commit()
    out = io.StringIO()
    cur.copy_expert("COPY (SELECT * FROM py_copy ORDER BY id) TO STDOUT WITH (FORMAT csv)", out)
    check("copy_expert round trip", out.getvalue(), '1,a,1.5\n2,"b, c",\n3,,-2\n')
    cur.copy_from(io.StringIO("4\td\t4.25\n5\t\\N\t\\N\n"), "py_copy")
    cur.execute("SELECT id, name, score FROM py_copy WHERE id >= 4 ORDER BY id")
    check("copy_from text", cur.fetchall(), [(4, "d", 4.25), (5, None, None)])
    conn.commit()


for fn in [setup, insert_params, select_params, fetchall_many, literal_params, server_errors,
           failed_transaction, transactions, copy]:
    if conn.closed:
        conn = psycopg2.connect(DSN)
    elif conn.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE:
        conn.rollback()
    section(fn)

conn.close()
print("psycopg2 %s: %d checks, %d failures" % (psycopg2.__version__, checks, failures))
sys.exit(1 if failures else 0)
