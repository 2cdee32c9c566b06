//! The bundle (wasm, JavaScript, CSS) compressed once at the best levels, next to the files, so a
//! phone downloads the smallest copy its browser understands: brotli at quality 11 is about a
//! sixth smaller than the quality on-the-fly compression can afford on every request.
//!
//! Runs in the background after start-up (a few seconds of one core); until it has finished, and
//! wherever the site folder is read-only, responses are compressed on the fly as before. A
//! compressed copy older than its file is removed first, so a rebuilt bundle is never answered
//! with the previous build's bytes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files worth compressing ahead of time.
fn bundle_files(pkg: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(pkg) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("wasm" | "js" | "css")
            )
        })
        .collect()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Is `copy` there and at least as new as `source`?
fn fresh(copy: &Path, source: &Path) -> bool {
    let modified = |path: &Path| fs::metadata(path).and_then(|m| m.modified()).ok();
    matches!((modified(copy), modified(source)), (Some(c), Some(s)) if c >= s)
}

/// Removes compressed copies older than their files. Called before serving starts, so a stale
/// copy is never sent.
pub fn remove_stale(pkg: &Path) {
    for file in bundle_files(pkg) {
        for suffix in [".br", ".gz"] {
            let copy = with_suffix(&file, suffix);
            if copy.exists() && !fresh(&copy, &file) {
                if let Err(e) = fs::remove_file(&copy) {
                    tracing::warn!(file = %copy.display(), error = %e, "cannot remove an old compressed copy");
                }
            }
        }
    }
}

fn write_compressed(file: &Path) -> std::io::Result<()> {
    let data = fs::read(file)?;
    let brotli_copy = with_suffix(file, ".br");
    if !fresh(&brotli_copy, file) {
        let mut out = Vec::with_capacity(data.len() / 4);
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut data.as_slice(), &mut out, &params)?;
        write_atomically(&brotli_copy, &out)?;
    }
    let gzip_copy = with_suffix(file, ".gz");
    if !fresh(&gzip_copy, file) {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&data)?;
        write_atomically(&gzip_copy, &encoder.finish()?)?;
    }
    Ok(())
}

/// Writes beside the target and renames, so a request never reads half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = with_suffix(path, ".partial");
    fs::write(&partial, bytes)?;
    fs::rename(&partial, path)
}

/// Compresses the bundle in `pkg` in the background, on a thread of its own rather than the
/// runtime's blocking pool: a server told to stop must not wait for it (an unoptimised build
/// takes minutes over the WebAssembly). Copies are written whole or not at all, so stopping
/// half-way leaves nothing wrong to serve.
pub fn spawn(pkg: PathBuf) {
    let compress = move || {
        for file in bundle_files(&pkg) {
            if let Err(e) = write_compressed(&file) {
                tracing::warn!(file = %file.display(), error = %e, "cannot write a compressed copy; compressing on the fly");
                return;
            }
        }
        tracing::debug!("bundle compressed ahead of time");
    };
    if let Err(e) = std::thread::Builder::new()
        .name("precompress".into())
        .spawn(compress)
    {
        tracing::warn!(error = %e, "cannot start compressing the bundle; compressing on the fly");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn compresses_the_bundle_and_drops_stale_copies() {
        let dir = tempfile::tempdir().unwrap();
        let wasm = dir.path().join("app.wasm");
        let text = "the same words again and again ".repeat(2000);
        fs::write(&wasm, &text).unwrap();
        fs::write(dir.path().join("notes.txt"), "not part of the bundle").unwrap();
        write_compressed(&wasm).unwrap();

        let mut unpacked = String::new();
        brotli::Decompressor::new(fs::File::open(with_suffix(&wasm, ".br")).unwrap(), 4096)
            .read_to_string(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, text);
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(fs::File::open(with_suffix(&wasm, ".gz")).unwrap())
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, text);
        assert!(!dir.path().join("notes.txt.br").exists());

        // A rebuilt file makes its copies stale: they go before anything is served.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&wasm, "a new build").unwrap();
        remove_stale(dir.path());
        assert!(!with_suffix(&wasm, ".br").exists());
        assert!(!with_suffix(&wasm, ".gz").exists());
    }
}
