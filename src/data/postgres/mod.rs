//! The PostgreSQL backend: for organisations that run a database server, and several app
//! servers in front of it.

pub type Backend = sqlx::Postgres;
pub type Pool = sqlx::PgPool;
pub type Conn = sqlx::PgConnection;

pub mod database;

pub(crate) mod dialect;

sql_modules!();
