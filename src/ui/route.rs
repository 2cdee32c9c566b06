//! Reading the page address.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:id` segment of the current route as a number, if it is one.
pub fn id_param() -> Option<i64> {
    use_params_map()
        .with(|params| params.get("id"))
        .and_then(|id| id.parse().ok())
}
