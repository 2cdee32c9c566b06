//! Fleet and places through the real server: vehicles added and edited (bad seats refused in
//! words with nothing written), drivers' licence and DBS dates reported as expiring or expired,
//! pick-up points (a duplicate name refused) and the coordinator's travel times (a bad number of
//! minutes refused, a pair removed); tutors and participants refused.

use chrono::{Days, NaiveDate};

use crate::access::{cookie_for, demo_server};
use crate::admin::{ok, refused};
use crate::common::app::form_encode;
use crate::common::count;
use crate::people_admin::person_with_username as person;
use turnaround::data::Db;
use turnaround::people::Role;

fn vehicle_form(name: &str, registration: &str, seats: &str, days: &[&str]) -> String {
    let days: String = days
        .iter()
        .enumerate()
        .map(|(i, day)| format!("&days[{i}]={day}"))
        .collect();
    format!(
        "name={}&registration={}&seats={seats}&wheelchair_spaces=1{days}",
        form_encode(name),
        form_encode(registration)
    )
}

async fn vehicle_row(db: &Db, id: i64) -> (String, String, i64, i64, i64) {
    on!(
        db,
        query_as(
            "SELECT name, registration, seats_including_driver, wheelchair_spaces, available_days
         FROM vehicles WHERE id = $1",
        )
        .bind(id)
        .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn vehicles_are_added_and_edited_and_bad_seats_write_nothing() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let form = vehicle_form("Van", " yx70  bus ", "12", &["mon", "wed"]);
    let id: i64 = ok(&server, "/api/add_vehicle", &form, &coordinator)
        .parse()
        .unwrap();
    assert_eq!(
        vehicle_row(&db, id).await,
        ("Van".into(), "YX70 BUS".into(), 12, 1, 0b101)
    );
    let edit = format!(
        "id={id}&{}",
        vehicle_form("Van", "YX70 BUS", "16", &["sat", "sun"])
    );
    ok(&server, "/api/update_vehicle", &edit, &coordinator);
    assert_eq!(vehicle_row(&db, id).await.2, 16);
    assert_eq!(vehicle_row(&db, id).await.4, 32 + 64);
    let listed = ok(&server, "/api/fleet", "", &coordinator);
    assert!(listed.contains("YX70 BUS") && listed.contains("People carrier"));

    // Bad seats: the sentence, and nothing written or changed.
    let before = count(&db, "vehicles").await;
    refused(
        &server,
        "/api/add_vehicle",
        &vehicle_form("Coach", "AB12 CDE", "40", &["mon"]),
        &coordinator,
        400,
        "Seats including the driver must be a whole number from 2 to 17.",
    );
    let bad_edit = format!("id={id}&{}", vehicle_form("Van", "YX70 BUS", "1", &[]));
    refused(
        &server,
        "/api/update_vehicle",
        &bad_edit,
        &coordinator,
        400,
        "from 2 to 17",
    );
    assert_eq!(count(&db, "vehicles").await, before);
    assert_eq!(vehicle_row(&db, id).await.2, 16);

    // The same name or number plate (spaces and capitals aside) is named.
    refused(
        &server,
        "/api/add_vehicle",
        &vehicle_form("people CARRIER", "AB12 CDE", "8", &["mon"]),
        &coordinator,
        409,
        "There is already a vehicle called People carrier.",
    );
    refused(
        &server,
        "/api/add_vehicle",
        &vehicle_form("Spare", "yx21trn", "8", &["mon"]),
        &coordinator,
        409,
        "People carrier already has the registration YX21TRN.",
    );
    assert_eq!(count(&db, "vehicles").await, before);

    // Without JavaScript the form goes back to the fleet page.
    let origin = server.origin();
    let plain = server.request_with(
        "POST",
        "/api/add_vehicle",
        &vehicle_form("Estate car", "CA12 RRR", "5", &["fri"]),
        Some(&coordinator),
        &[("Accept", "text/html"), ("Origin", origin.as_str())],
    );
    assert!([302, 303].contains(&plain.status), "{plain:?}");
    assert_eq!(plain.header("location"), Some("/fleet"));
    let page = server.request_with(
        "GET",
        "/fleet",
        "",
        Some(&coordinator),
        &[("Accept", "text/html")],
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Estate car") && page.body.contains("Available: Sat, Sun"));
    assert!(
        page.body.contains(">Fleet<"),
        "the header links to the fleet"
    );
}

#[tokio::test]
async fn drivers_documents_are_reported_expiring_and_expired() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let today = turnaround::server::clock::today_in("Europe/London").unwrap();
    let day = |date: chrono::NaiveDate| date.format("%-d %b %Y").to_string();

    // The demo driver's DBS check is due in 12 days.
    let drivers = ok(&server, "/api/drivers", "", &coordinator);
    let dbs_due = day(today + Days::new(12));
    assert!(
        drivers.contains(&format!("DBS check renews in 12 days (on {dbs_due})")),
        "{drivers}"
    );
    assert!(drivers.contains("Mick Dawson") && drivers.contains("ExpiresSoon"));

    // A licence that ran out yesterday: expired, cannot be given a run.
    let mick = person(&db, "mick.driver@example.org").await;
    let yesterday = today - Days::new(1);
    let form = format!(
        "person={mick}&licence_expires_on={yesterday}&dbs_renews_on={}",
        today + Days::new(400)
    );
    ok(&server, "/api/save_driver_documents", &form, &coordinator);
    let drivers = ok(&server, "/api/drivers", "", &coordinator);
    let expired = format!(
        "Licence expired on {}: cannot be given a run",
        day(yesterday)
    );
    assert!(drivers.contains(&expired), "{drivers}");
    assert!(drivers.contains("\"status\":\"Expired\""), "{drivers}");
    let saved: (NaiveDate, NaiveDate) =
        on!(&db, query_as(
        "SELECT licence_expires_on, dbs_renews_on FROM driver_documents WHERE person_id = $1",
    )
    .bind(mick)
    .fetch_one)
        .unwrap();
    assert_eq!(saved.0, yesterday);

    // A date that is not one, and someone who is not a driver: refused in words, nothing kept.
    refused(
        &server,
        "/api/save_driver_documents",
        &format!("person={mick}&licence_expires_on=soon&dbs_renews_on=2027-01-01"),
        &coordinator,
        400,
        "Enter the date the driving licence expires",
    );
    let priya = person(&db, "priya.tutor@example.org").await;
    refused(
        &server,
        "/api/save_driver_documents",
        &format!("person={priya}&licence_expires_on=2028-01-01&dbs_renews_on=2028-01-01"),
        &coordinator,
        400,
        "Only a driver has licence and DBS dates",
    );
    let drivers: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM person_roles WHERE role = 'driver'").fetch_one
    )
    .unwrap();
    assert_eq!(
        count(&db, "driver_documents").await,
        drivers,
        "nothing added for Priya"
    );
    // The database refuses it too.
    let direct = run!(
        &db,
        query(
            "INSERT INTO driver_documents (person_id, licence_expires_on, dbs_renews_on)
         VALUES ($1, '2028-01-01', '2028-01-01')",
        )
        .bind(priya)
        .execute
    );
    assert!(direct.is_err());

    let page = server.request_with(
        "GET",
        "/drivers",
        "",
        Some(&coordinator),
        &[("Accept", "text/html")],
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&expired), "{}", page.body);
}

#[tokio::test]
async fn pick_up_points_and_travel_times_are_kept_and_bad_ones_refused() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let point = |name: &str| {
        format!(
            "name={}&landmark={}&latitude=51.7093&longitude=-0.6121",
            form_encode(name),
            form_encode("Outside the library")
        )
    };
    let id: i64 = ok(
        &server,
        "/api/add_pickup_point",
        &point("Chesham"),
        &coordinator,
    )
    .parse()
    .unwrap();
    let before = count(&db, "pickup_points").await;
    refused(
        &server,
        "/api/add_pickup_point",
        &point("hatfield"),
        &coordinator,
        409,
        "There is already a pick-up point called Hatfield.",
    );
    refused(
        &server,
        "/api/add_pickup_point",
        "name=Nowhere&landmark=Sea&latitude=95&longitude=0",
        &coordinator,
        400,
        "Latitude must be between -90 and 90 degrees.",
    );
    assert_eq!(count(&db, "pickup_points").await, before);
    let rename = format!("id={id}&{}", point("Chesham station"));
    ok(&server, "/api/update_pickup_point", &rename, &coordinator);

    // The demo's own travel time, then one of ours, once per direction.
    let places = ok(&server, "/api/places", "", &coordinator);
    assert!(places.contains("Chesham station") && places.contains("\"minutes\":25"));
    let times = count(&db, "travel_time_overrides").await;
    let there = format!("from=pickup-{id}&to=venue-1&minutes=40");
    let time: i64 = ok(&server, "/api/add_travel_time", &there, &coordinator)
        .parse()
        .unwrap();
    let back = format!("from=venue-1&to=pickup-{id}&minutes=45");
    ok(&server, "/api/add_travel_time", &back, &coordinator);
    refused(
        &server,
        "/api/add_travel_time",
        &format!("from=pickup-{id}&to=venue-1&minutes=30"),
        &coordinator,
        409,
        "Chesham station → Clarence Park Tennis Courts already takes 40 min",
    );
    for minutes in ["0", "241", "half+an+hour"] {
        refused(
            &server,
            "/api/add_travel_time",
            &format!("from=pickup-{id}&to=venue-2&minutes={minutes}"),
            &coordinator,
            400,
            "Enter the travel time in whole minutes, from 1 to 240.",
        );
    }
    refused(
        &server,
        "/api/add_travel_time",
        &format!("from=pickup-{id}&to=pickup-{id}&minutes=5"),
        &coordinator,
        400,
        "Choose two different places.",
    );
    refused(
        &server,
        "/api/add_travel_time",
        "from=pickup-999&to=venue-1&minutes=5",
        &coordinator,
        404,
        "that place",
    );
    assert_eq!(count(&db, "travel_time_overrides").await, times + 2);
    ok(
        &server,
        "/api/remove_travel_time",
        &format!("id={time}"),
        &coordinator,
    );
    assert_eq!(count(&db, "travel_time_overrides").await, times + 1);
    refused(
        &server,
        "/api/remove_travel_time",
        &format!("id={time}"),
        &coordinator,
        404,
        "that travel time",
    );

    let page = server.request_with(
        "GET",
        "/pickup-points",
        "",
        Some(&coordinator),
        &[("Accept", "text/html")],
    );
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Hatfield → Stanborough Lakes: 25 min"),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("Clarence Park Tennis Courts → Chesham station: 45 min"));
}

#[tokio::test]
async fn tutors_and_participants_are_refused_the_fleet() {
    let (server, db, _dir) = demo_server().await;
    for role in [Role::Tutor, Role::Participant] {
        let cookie = cookie_for(&server, &db, role).await;
        for (path, form) in [
            ("/api/fleet", ""),
            ("/api/drivers", ""),
            ("/api/places", ""),
            (
                "/api/add_travel_time",
                "from=pickup-1&to=venue-1&minutes=30",
            ),
            (
                "/api/save_driver_documents",
                "person=6&licence_expires_on=2028-01-01&dbs_renews_on=2028-01-01",
            ),
        ] {
            let reply = server.post(path, form, Some(&cookie));
            assert_eq!(reply.status, 403, "{path} as {role:?}: {}", reply.body);
        }
        let page = server.request_with(
            "GET",
            "/drivers",
            "",
            Some(&cookie),
            &[("Accept", "text/html")],
        );
        assert!(
            page.body.contains("You do not have access to this."),
            "{role:?}"
        );
        // No dates, and no "Fleet" in the header.
        assert!(!page.body.contains("Mick Dawson") && !page.body.contains(">Fleet<"));
    }
    assert_eq!(count(&db, "travel_time_overrides").await, 1);
}
