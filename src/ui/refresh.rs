//! Keeping an open page fresh: colleagues' changes appear without a reload.

/// Calls `refresh` every `every_ms` milliseconds until the page is left, skipping a turn while
/// `wait()` says the person is in the middle of something. A `gloo-timers` timeout loop:
/// simple, works through any proxy, and costs one small request per turn.
#[cfg(feature = "hydrate")]
pub fn every(every_ms: u32, wait: impl Fn() -> bool + 'static, refresh: impl Fn() + 'static) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    let open = Arc::new(AtomicBool::new(true));
    leptos::prelude::on_cleanup({
        let open = Arc::clone(&open);
        move || open.store(false, Ordering::Relaxed)
    });
    leptos::task::spawn_local(async move {
        loop {
            gloo_timers::future::TimeoutFuture::new(every_ms).await;
            if !open.load(Ordering::Relaxed) {
                break;
            }
            if !wait() {
                refresh();
            }
        }
    });
}
