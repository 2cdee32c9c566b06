//! Reading every table of a database file whole, to say two databases hold the same rows (the
//! backup drill) or that one holds all of another's (the upgrade test).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

/// A read-only connection that sees what a running server has committed (it uses the `-wal`
/// like any reader), and works as well on a stopped database or a backup.
pub async fn open_to_read(path: &Path) -> SqliteConnection {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    SqliteConnection::connect_with(&options)
        .await
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

/// Every table of the database, SQLite's own included (`sqlite_sequence`), by name.
pub async fn table_names(conn: &mut SqliteConnection) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .fetch_all(conn)
        .await
        .unwrap()
}

pub async fn columns(conn: &mut SqliteConnection, table: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
        .bind(table)
        .fetch_all(conn)
        .await
        .unwrap()
}

/// The table's declared primary key, in key order; empty when it has none.
pub async fn primary_key(conn: &mut SqliteConnection, table: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk")
        .bind(table)
        .fetch_all(conn)
        .await
        .unwrap()
}

/// The values of `of_columns` in every row, each row as one text of SQL literals (`quote()`,
/// so NULL, 1, '1' and x'01' all differ), sorted: the same rows give the same list whatever
/// order the file keeps them in.
pub async fn rows(conn: &mut SqliteConnection, table: &str, of_columns: &[String]) -> Vec<String> {
    let quoted: Vec<String> = of_columns
        .iter()
        .map(|column| format!("quote({})", identifier(column)))
        .collect();
    let sql = format!(
        "SELECT {} FROM {}",
        quoted.join(" || ',' || "),
        identifier(table)
    );
    let mut rows: Vec<String> = sqlx::query_scalar(&sql).fetch_all(conn).await.unwrap();
    rows.sort();
    rows
}

/// Every table's number of rows and a SHA-256 of all its rows, every column.
pub async fn digests(path: &Path) -> BTreeMap<String, (usize, String)> {
    let mut conn = open_to_read(path).await;
    let mut digests = BTreeMap::new();
    for table in table_names(&mut conn).await {
        let all = columns(&mut conn, &table).await;
        let rows = rows(&mut conn, &table, &all).await;
        let mut hash = Sha256::new();
        for row in &rows {
            hash.update(row.as_bytes());
            hash.update(b"\n");
        }
        let hex: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
        digests.insert(table, (rows.len(), hex));
    }
    conn.close().await.unwrap();
    digests
}

/// Every row of one table, every column, as a set (for "all of these are still there").
pub async fn row_set(path: &Path, table: &str) -> BTreeSet<String> {
    let mut conn = open_to_read(path).await;
    let all = columns(&mut conn, table).await;
    let rows = rows(&mut conn, table, &all).await;
    conn.close().await.unwrap();
    rows.into_iter().collect()
}

/// `PRAGMA integrity_check`'s whole answer: "ok" for a sound database.
pub async fn integrity(path: &Path) -> String {
    let mut conn = open_to_read(path).await;
    let answer: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    answer.join("; ")
}

pub fn identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
