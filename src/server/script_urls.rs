//! The small plain scripts in `public/` (`register-sw.js`, `plain-page.js`, `pickup-list.js`)
//! are linked with their content's hash in the address (`/plain-page.js?v=3f2a9c01b7e4`), like
//! the bundle's own files: a phone keeps them for good (the service worker and the browser's
//! cache never ask again), and a new release's page names the new script, so a page and its
//! script always come from the same release.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use sha2::{Digest, Sha256};

/// The scripts linked this way; `security::cache_control` lets browsers keep them a year.
pub const VERSIONED_SCRIPTS: [&str; 4] = [
    "/register-sw.js",
    "/plain-page.js",
    "/pickup-list.js",
    "/claim-form.js",
];

/// Hex characters of the content hash in the address: enough to tell releases apart.
const VERSION_LENGTH: usize = 12;

/// `path` with `?v=` and its content's hash, read once from the site's folder `site_root`; the
/// bare path when the file cannot be read (it is then served, or not, as any other file).
pub fn versioned(site_root: &str, path: &'static str) -> String {
    static VERSIONS: OnceLock<Mutex<HashMap<&'static str, Option<String>>>> = OnceLock::new();
    let versions = VERSIONS.get_or_init(Default::default);
    let mut versions = versions
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let version = versions.entry(path).or_insert_with(|| {
        content_version(&Path::new(site_root).join(path.trim_start_matches('/')))
    });
    match version {
        Some(version) => format!("{path}?v={version}"),
        None => path.to_owned(),
    }
}

fn content_version(file: &Path) -> Option<String> {
    let bytes = std::fs::read(file).ok()?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    Some(hex[..VERSION_LENGTH].to_owned())
}

/// Whether a request for `path` with `query` names one of the scripts by version.
pub fn is_versioned(path: &str, query: Option<&str>) -> bool {
    VERSIONED_SCRIPTS.contains(&path)
        && query.is_some_and(|query| query.split('&').any(|pair| pair.starts_with("v=")))
}

#[cfg(test)]
mod tests {
    use super::{content_version, is_versioned};

    #[test]
    fn the_version_follows_the_content() {
        let dir =
            std::env::temp_dir().join(format!("turnaround-script-urls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("plain-page.js");
        std::fs::write(&file, "one").unwrap();
        let first = content_version(&file).unwrap();
        std::fs::write(&file, "two").unwrap();
        let second = content_version(&file).unwrap();
        assert_eq!(first.len(), 12);
        assert_ne!(first, second);
        assert_eq!(content_version(&dir.join("missing.js")), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_the_plain_scripts_with_a_version_are_versioned() {
        assert!(is_versioned("/plain-page.js", Some("v=3f2a9c01b7e4")));
        assert!(!is_versioned("/plain-page.js", None));
        assert!(!is_versioned("/plain-page.js", Some("x=1")));
        assert!(!is_versioned("/my", Some("v=1")));
    }
}
