import java.sql.*;
// Meta prints what pgjdbc DatabaseMetaData returns for public.t; run by
// TestJDBCDriverMetaData (internal/server/syscat_test.go).
public class Meta {
  static void dump(String title, ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    System.out.println("== " + title);
    int n = 0;
    while (rs.next()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) { if (i > 1) sb.append(" | "); sb.append(md.getColumnLabel(i)).append("=").append(rs.getString(i)); }
      if (n++ < 8) System.out.println(sb);
    }
    System.out.println("(" + n + " rows)");
  }
  public static void main(String[] a) throws Exception {
    String url = a[0];
    try (Connection c = DriverManager.getConnection(url, "root", "")) {
      DatabaseMetaData m = c.getMetaData();
      System.out.println("product " + m.getDatabaseProductName() + " " + m.getDatabaseProductVersion());
      String only = a.length > 1 ? a[1] : "";
      String[] steps = {"schemas","tables","columns","pk","index","typeinfo","catalogs","procs","fks","tableprivs","query"};
      for (String s : steps) {
        if (!only.isEmpty() && !only.equals(s)) continue;
        try {
          switch (s) {
            case "schemas": dump(s, m.getSchemas()); break;
            case "tables": dump(s, m.getTables(null, "public", "%", new String[]{"TABLE","VIEW","MATERIALIZED VIEW","FOREIGN TABLE"})); break;
            case "columns": dump(s, m.getColumns(null, "public", "t", "%")); break;
            case "pk": dump(s, m.getPrimaryKeys(null, "public", "t")); break;
            case "index": dump(s, m.getIndexInfo(null, "public", "t", false, false)); break;
            case "typeinfo": dump(s, m.getTypeInfo()); break;
            case "catalogs": dump(s, m.getCatalogs()); break;
            case "procs": dump(s, m.getFunctions(null, "public", "%")); break;
            case "fks": dump(s, m.getImportedKeys(null, "public", "t")); break;
            case "tableprivs": dump(s, m.getTablePrivileges(null, "public", "t")); break;
            case "query": {
              PreparedStatement ps = c.prepareStatement("select id, name from t where id > ?");
              ps.setInt(1, 0); dump(s, ps.executeQuery());
              ResultSetMetaData md = ps.getMetaData();
              System.out.println("col1 table=" + md.getTableName(1) + " nullable=" + md.isNullable(1) + " type=" + md.getColumnTypeName(2) + " prec=" + md.getPrecision(2));
              break;
            }
          }
        } catch (SQLException e) { System.out.println("ERROR in " + s + ": " + e.getMessage()); }
      }
    }
  }
}
