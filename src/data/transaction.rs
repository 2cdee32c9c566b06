//! A transaction on whichever backend [`Db`] is. A use case holds one while it reads, decides
//! and writes, so its checks and its writes see one state of the database; the storage
//! functions it calls take `&mut Tx` and never begin or end a transaction of their own.

use super::database::Db;
use super::{postgres, sqlite};
use crate::error::AppError;

/// An open transaction. Dropped without [`Tx::commit`], everything written in it is undone:
/// a refusal half-way through a use case leaves nothing half-written.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlite::Backend>),
    Postgres(sqlx::Transaction<'static, postgres::Backend>),
}

impl Db {
    /// A transaction that writes. Writers go one at a time on either backend (SQLite's
    /// `BEGIN IMMEDIATE`; one advisory lock on PostgreSQL), so what a use case reads is still
    /// true when it writes: two people pressing at once are served one after the other.
    pub async fn write(&self) -> Result<Tx, AppError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(sqlite::dialect::begin_write(pool).await?),
            Db::Postgres(pool) => Tx::Postgres(postgres::dialect::begin_write(pool).await?),
        })
    }
}

impl Db {
    /// A transaction that only reads: one consistent view of the database for a page made of
    /// several reads, without waiting for (or holding up) writers.
    pub async fn read(&self) -> Result<Tx, AppError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

impl Tx {
    /// Starts a try inside the transaction that can be undone alone ([`Tx::undo_try`]) or kept
    /// ([`Tx::keep_try`]): on PostgreSQL a statement the database refuses ends the whole
    /// transaction unless its savepoint is rolled back.
    pub async fn begin_try(&mut self) -> Result<(), AppError> {
        self.run("SAVEPOINT attempt").await
    }

    /// Undoes everything since [`Tx::begin_try`], keeping what came before.
    pub async fn undo_try(&mut self) -> Result<(), AppError> {
        self.run("ROLLBACK TO SAVEPOINT attempt").await?;
        self.run("RELEASE SAVEPOINT attempt").await
    }

    /// Keeps what the try wrote, as part of the transaction.
    pub async fn keep_try(&mut self) -> Result<(), AppError> {
        self.run("RELEASE SAVEPOINT attempt").await
    }

    async fn run(&mut self, statement: &'static str) -> Result<(), AppError> {
        match self {
            Tx::Sqlite(tx) => {
                sqlx::query(statement).execute(&mut **tx).await?;
            }
            Tx::Postgres(tx) => {
                sqlx::query(statement).execute(&mut **tx).await?;
            }
        }
        Ok(())
    }

    /// Makes everything written in the transaction last.
    pub async fn commit(self) -> Result<(), AppError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// Calls the storage function `module::function(conn, args)` of `tx`'s backend, on the
/// transaction's connection.
macro_rules! in_tx {
    ($tx:expr, $module:ident :: $function:ident ( $($arg:expr),* $(,)? )) => {
        match $tx {
            $crate::data::Tx::Sqlite(tx) => {
                $crate::data::sqlite::$module::$function(&mut **tx, $($arg),*).await
            }
            $crate::data::Tx::Postgres(tx) => {
                $crate::data::postgres::$module::$function(&mut **tx, $($arg),*).await
            }
        }
    };
}
