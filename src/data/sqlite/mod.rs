//! The SQLite backend: the embedded default, one file beside the server.

pub type Backend = sqlx::Sqlite;
pub type Pool = sqlx::SqlitePool;
pub type Conn = sqlx::SqliteConnection;

pub mod database;
pub mod maintenance;

pub(crate) mod dialect;

sql_modules!();
