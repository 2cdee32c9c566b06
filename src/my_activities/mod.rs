//! "My activities": a participant's own sessions. (The full phone calendar, with pick-up times,
//! comes with the participants' calendar work; this is its first, signed-in form.)

use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::scheduling::session::{SessionId, SessionStatus};
use crate::transport::pickup_list::Ride;
use crate::ui::error_notice::PageError;

/// Where a participant stands on a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(rename_all = "snake_case"))]
pub enum BookingStatus {
    Booked,
    Waitlisted,
    Cancelled,
}

/// One of the participant's own sessions, as they may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MyBooking {
    pub session_id: SessionId,
    pub activity: String,
    pub venue: String,
    pub address: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub booking_status: BookingStatus,
    pub session_status: SessionStatus,
    pub cancel_reason: Option<String>,
    pub what_to_bring: Option<String>,
    /// Their pick-up and drop-off, once the coordinator has published the runs.
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub ride: Option<Ride>,
}

/// The signed-in participant's sessions from today on. Takes no person id: it is always the
/// caller's own.
#[server(prefix = "/api", endpoint = "my_activities")]
pub async fn my_activities() -> Result<Vec<MyBooking>, AppError> {
    crate::error::respond(load().await)
}

#[cfg(feature = "ssr")]
async fn load() -> Result<Vec<MyBooking>, AppError> {
    use crate::access::Permission;
    use crate::server::{auth, clock};

    let caller = auth::require(Permission::ViewOwnActivities).await?;
    let db = &caller.state.db;
    let settings = crate::data::settings::programme_settings(db).await?;
    let today = clock::today_in(&settings.time_zone)?;
    let mut bookings = crate::data::bookings::upcoming_for_participant(
        db,
        caller.user.person_id,
        today.and_time(chrono::NaiveTime::MIN),
    )
    .await?;
    let mut rides = crate::data::pickup_lists::rides_of(db, caller.user.person_id).await?;
    for booking in &mut bookings {
        if booking.booking_status == BookingStatus::Booked
            && booking.session_status == SessionStatus::Scheduled
        {
            booking.ride = rides.remove(&booking.session_id.0);
        }
    }
    Ok(bookings)
}

#[component]
pub fn MyActivitiesPage() -> impl IntoView {
    let bookings = Resource::new(|| (), |_| my_activities());
    view! {
        <Title text="My activities" />
        <h1>"My activities"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading your activities…"</p> }>
            {move || Suspend::new(async move {
                match bookings.await {
                    Ok(bookings) if bookings.is_empty() => {
                        view! { <p>"You have no activities booked yet."</p> }.into_any()
                    }
                    Ok(bookings) => {
                        let cards = bookings.into_iter().map(booking_card).collect_view();
                        view! { <ul class="sessions" role="list">{cards}</ul> }.into_any()
                    }
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn booking_card(booking: MyBooking) -> impl IntoView {
    let when = format!(
        "{}, {} to {}",
        booking.starts_at.format("%A %-d %B"),
        booking.starts_at.format("%H:%M"),
        booking.ends_at.format("%H:%M"),
    );
    let status = match (booking.session_status, booking.booking_status) {
        (SessionStatus::Cancelled, _) => format!(
            "Cancelled{}",
            booking
                .cancel_reason
                .map(|reason| format!(": {reason}"))
                .unwrap_or_default()
        ),
        (_, BookingStatus::Waitlisted) => "On the waiting list".to_owned(),
        _ => "You are booked".to_owned(),
    };
    view! {
        <li class="session" class:cancelled=booking.session_status == SessionStatus::Cancelled>
            <p class="session-time">{when}</p>
            <h2 class="session-activity">{booking.activity}</h2>
            <p class="session-place">{format!("{}, {}", booking.venue, booking.address)}</p>
            {booking.what_to_bring.map(|what| view! { <p>{format!("Bring: {what}")}</p> })}
            <p class="session-status">{status}</p>
            {booking.ride.map(|ride| {
                let back = ride
                    .dropoff_at
                    .map(|at| format!(" Back there at about {at}."))
                    .unwrap_or_default();
                view! {
                    <p class="session-ride">
                        <strong>{format!("Pick-up: {} at {}.", ride.pickup_point, ride.pickup_at)}</strong>
                        {format!(" Where to wait: {}.{back}", ride.landmark)}
                    </p>
                }
            })}
        </li>
    }
}
