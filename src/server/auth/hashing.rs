//! Where Argon2id runs: two threads of its own, each with one 19 MiB work area it keeps.
//!
//! Two limits, both for a small server under a flood of sign-ins:
//! - **How many at once.** Argon2id keeps a core busy for its whole run, so two hashing threads
//!   suit a 2-core machine; a waiting room of 8 holds the next ones (a few tenths of a second),
//!   and a sign-in that finds it full is answered "Too many tries" at once.
//! - **How much memory.** Each run needs 19 MiB. Allocated afresh each time (as
//!   `Argon2::verify_password` does), the freed areas fragment the allocator's heap and the
//!   process keeps growing: 100 checks in a burst left a server at 270 MiB. Each thread instead
//!   allocates its work area once and reuses it, so hashing holds 2 × 19 MiB, however busy.

use std::cell::RefCell;
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::{Arc, LazyLock, Mutex};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::error::AppError;

const HASHING_THREADS: usize = 2;
const WAITING_ROOM: usize = 8;
/// No stored hash of ours asks for more; a stranger one is refused rather than obeyed.
const MAX_BLOCKS: u32 = 64 * 1024;

type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// This hashing thread's work area, grown once to the size the parameters need.
    static WORK_AREA: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The queue into the hashing threads, started on first use. One for the process: it is a
/// limit on the machine's cores and memory, like a thread pool.
static QUEUE: LazyLock<Option<SyncSender<Job>>> = LazyLock::new(|| {
    let (sender, receiver) = sync_channel::<Job>(WAITING_ROOM);
    let receiver = Arc::new(Mutex::new(receiver));
    for n in 0..HASHING_THREADS {
        let receiver = receiver.clone();
        let started = std::thread::Builder::new()
            .name(format!("password-{n}"))
            .spawn(move || loop {
                let next = match receiver.lock() {
                    Ok(queue) => queue.recv(),
                    Err(poisoned) => poisoned.into_inner().recv(),
                };
                let Ok(job) = next else { break };
                // A panic in one hash must not take the thread (and so the pool) with it.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            });
        if let Err(e) = started {
            tracing::error!(error = %e, "cannot start a password-hashing thread");
            return None;
        }
    }
    Some(sender)
});

/// Runs `work` on a hashing thread. [`AppError::TooManyAttempts`] when the waiting room is full.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let Some(queue) = QUEUE.as_ref() else {
        return Err(AppError::Internal);
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = reply.send(work());
    });
    match queue.try_send(job) {
        Ok(()) => {}
        Err(TrySendError::Full(_)) => return Err(AppError::TooManyAttempts),
        Err(TrySendError::Disconnected(_)) => {
            tracing::error!("the password-hashing threads have stopped");
            return Err(AppError::Internal);
        }
    }
    answer.await.map_err(|_| {
        tracing::error!("password work failed");
        AppError::Internal
    })?
}

/// Argon2 into `out`, in this thread's reused work area.
fn argon2_into(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> bool {
    let blocks = params.block_count();
    if params.m_cost() > MAX_BLOCKS {
        return false;
    }
    WORK_AREA.with(|area| {
        let mut area = area.borrow_mut();
        if area.len() < blocks {
            area.resize(blocks, Block::default());
        }
        argon
            .hash_password_into_with_memory(password, salt, out, &mut area[..blocks])
            .is_ok()
    })
}

/// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for `password`, with a fresh salt.
pub fn hash(password: &[u8], params: Params) -> Option<String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt.as_salt().decode_b64(&mut salt_bytes).ok()?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut out = vec![0u8; params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
    if !argon2_into(&argon, &params, password, salt_raw, &mut out) {
        return None;
    }
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).ok()?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).ok()?),
    };
    Some(phc.to_string())
}

/// Does `password` match the stored `hash`? Compared in constant time.
pub fn matches(hash: &PasswordHash<'_>, password: &[u8]) -> bool {
    let (Some(expected), Some(salt)) = (hash.hash, hash.salt) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(hash) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    if !argon2_into(&argon, &params, password, salt_raw, &mut out) {
        return false;
    }
    let difference = expected
        .as_bytes()
        .iter()
        .zip(&out)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHasher, PasswordVerifier};

    #[test]
    fn agrees_with_the_argon2_crate_both_ways() {
        let ours = hash(b"correct horse battery staple", Params::default()).unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery staple", &parsed)
            .is_ok());
        assert!(matches(&parsed, b"correct horse battery staple"));
        assert!(!matches(&parsed, b"Correct horse battery staple"));

        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let theirs = Argon2::default()
            .hash_password(b"a long enough passphrase", &salt)
            .unwrap()
            .to_string();
        assert!(matches(
            &PasswordHash::new(&theirs).unwrap(),
            b"a long enough passphrase"
        ));
    }

    #[test]
    fn a_stored_hash_asking_for_too_much_memory_never_matches() {
        let huge = "$argon2id$v=19$m=1048576,t=1,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        let parsed = PasswordHash::new(huge).unwrap();
        assert!(!matches(&parsed, b"anything"));
    }
}
