//! File steps that make a half-done job impossible to mistake for a finished one: write under a
//! temporary name in the same folder, flush it to the disk, and only then give it its real name
//! (a rename within one folder is atomic: the name shows the old file or the new, never half).

use std::ffi::OsString;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// `path` with `suffix` added to its file name: `turnaround.db` → `turnaround.db-wal`.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// The folder a file is in, `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// A name beside `path` for work in progress: hidden, saying what it is for, and unique to this
/// process, so a crashed run's leftover never collides with the next run.
pub fn temporary_beside(path: &Path, purpose: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(path).join(format!(".{name}.{purpose}-{}", std::process::id()))
}

/// A file in progress, removed when dropped unless [`Temporary::keep`] says it is done: a
/// refusal or a failure part-way leaves nothing behind.
pub struct Temporary {
    path: PathBuf,
    done: bool,
}

impl Temporary {
    pub fn new(path: PathBuf) -> Self {
        Self { path, done: false }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn keep(mut self) {
        self.done = true;
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Creates an empty file only its owner may read: a backup holds everything the database does.
/// SQLite's `VACUUM INTO` writes into an empty file it is given, keeping its permissions (a file
/// it created itself would be readable by everyone on the machine).
pub fn create_private(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Flushes a written file to the disk: SQLite's `VACUUM INTO` and `std::fs::copy` do not, and a
/// rename after a power cut could otherwise name a file whose contents never arrived.
pub fn flush_file(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

/// Flushes a folder's list of names, so a rename in it survives a power cut.
pub fn flush_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Gives `temporary` the name `target` only if nothing has that name: a hard link fails when
/// the name is taken (a plain rename would silently replace it), then the temporary name goes.
/// On a file system without hard links it checks, then renames.
pub fn name_without_replacing(temporary: &Path, target: &Path) -> io::Result<()> {
    match std::fs::hard_link(temporary, target) {
        Ok(()) => std::fs::remove_file(temporary),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
        Err(_) if target.exists() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(temporary, target),
    }
}

/// Gives the file `original` the further name `second` (which must be free), keeping the first:
/// a hard link, or a flushed copy on a file system without them.
pub fn second_name(original: &Path, second: &Path) -> io::Result<()> {
    match std::fs::hard_link(original, second) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
        Err(_) if second.exists() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => {
            std::fs::copy(original, second)?;
            flush_file(second)
        }
    }
}

/// A size as people read it: "812 KB", "3.4 MB".
pub fn size_in_words(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    let bytes = bytes as f64;
    if bytes < KB * KB {
        format!("{:.0} KB", (bytes / KB).max(1.0))
    } else if bytes < KB * KB * KB {
        format!("{:.1} MB", bytes / (KB * KB))
    } else {
        format!("{:.2} GB", bytes / (KB * KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_beside_a_file() {
        let db = Path::new("/var/lib/turnaround/turnaround.db");
        assert_eq!(
            with_suffix(db, "-wal"),
            Path::new("/var/lib/turnaround/turnaround.db-wal")
        );
        assert_eq!(folder_of(Path::new("x.db")), Path::new("."));
        let temporary = temporary_beside(db, "partial");
        assert_eq!(temporary.parent(), Some(Path::new("/var/lib/turnaround")));
        let name = temporary
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with(".turnaround.db.partial-"), "{name}");
    }

    #[test]
    fn a_name_already_taken_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let (new, old) = (dir.path().join("new"), dir.path().join("old"));
        std::fs::write(&new, "new").unwrap();
        std::fs::write(&old, "old").unwrap();
        let refused = name_without_replacing(&new, &old).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "old");
        let target = dir.path().join("target");
        name_without_replacing(&new, &target).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert!(!new.exists());
    }

    #[test]
    fn sizes_in_words() {
        assert_eq!(size_in_words(200), "1 KB");
        assert_eq!(size_in_words(812_345), "812 KB");
        assert_eq!(size_in_words(3_400_000), "3.4 MB");
        assert_eq!(size_in_words(2_500_000_000), "2.50 GB");
    }
}
