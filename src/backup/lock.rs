//! Who is using the live database, told by an advisory lock on a file beside it
//! (`turnaround.db.lock` for `turnaround.db`). The server and `turnaround backup` hold it shared
//! for as long as they run; `turnaround restore` must hold it alone, so it can never swap the
//! file under a running server, and a server cannot start half-way through a restore.
//!
//! Why not SQLite's own locks: between requests the server's connection pool may close every
//! connection (idle ones go after ten minutes), and then SQLite holds no lock at all, so a quiet
//! server at 3 am would look stopped. The kernel lets go of this lock when the process ends,
//! however it ends, so it never goes stale the way a PID file does. It is a file of its own so
//! that SQLite's locks on the database file are left alone. `restore` still asks SQLite for
//! exclusive use as well, which catches any other program with the file open.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use super::files::with_suffix;

/// Held for as long as it lives; the lock goes with the value (or with the process).
#[derive(Debug)]
pub struct DatabaseLock {
    _file: File,
}

/// The lock file of the database at `database`.
pub fn lock_file(database: &Path) -> PathBuf {
    with_suffix(database, ".lock")
}

/// Shared use, for the server and backups. `None` when a restore holds the lock.
pub fn share(database: &Path) -> io::Result<Option<DatabaseLock>> {
    let file = open(database)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(Some(DatabaseLock { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(error)) => Err(error),
    }
}

/// Sole use, for a restore. `None` when a server or a backup holds the lock.
pub fn take_alone(database: &Path) -> io::Result<Option<DatabaseLock>> {
    let file = open(database)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(DatabaseLock { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(error)) => Err(error),
    }
}

/// The lock file is created once and never removed: removing it while someone waits on it
/// would let two holders each lock a different file. It is opened for reading only (a lock
/// needs no more), and made readable by everyone when created, so a first `turnaround backup`
/// run by root cannot leave a file the server's own user is unable to open.
fn open(database: &Path) -> io::Result<File> {
    let path = lock_file(database);
    match File::open(&path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            // Best effort: if someone else created it a moment ago, it is theirs to set.
            #[cfg(unix)]
            let _ = file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
            Ok(file)
        }
        opened => opened,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_and_a_restore_waits_for_all_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("turnaround.db");
        let server = share(&database).unwrap().expect("first shared holder");
        let backup = share(&database)
            .unwrap()
            .expect("shared holders do not exclude each other");
        assert!(take_alone(&database).unwrap().is_none());
        drop(server);
        assert!(
            take_alone(&database).unwrap().is_none(),
            "the backup still holds it"
        );
        drop(backup);
        let restore = take_alone(&database)
            .unwrap()
            .expect("nobody else holds it");
        assert!(
            share(&database).unwrap().is_none(),
            "no server starts mid-restore"
        );
        drop(restore);
        assert!(share(&database).unwrap().is_some());
        assert!(lock_file(&database).ends_with("turnaround.db.lock"));
    }
}
