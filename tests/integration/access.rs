//! Sign-in, sessions and the access policy, tested through the real server over HTTP, as an
//! attacker would meet them: server functions are public endpoints.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::process::Command;

use crate::access_rows::Rows;
use crate::common::app::{form_encode, start, Server};
use turnaround::data;
use turnaround::demo;
use turnaround::people::Role;

/// The demo server plus a direct handle on its database for setting up and checking.
pub(crate) async fn demo_server() -> (Server, data::Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::common::fresh_database(dir.path()).await;
    let server = start(&database);
    let db = data::open(&database).await.unwrap();
    (server, db, dir)
}

pub(crate) async fn username_for(db: &data::Db, role: Role) -> String {
    data::demo::sign_in_names(db)
        .await
        .unwrap()
        .into_iter()
        .find(|(r, _)| *r == role)
        .map(|(_, name)| name)
        .unwrap_or_else(|| panic!("no demo {role:?}"))
}

/// The demo two-step code for the 30-second step `offset` steps from now.
pub(crate) fn demo_code(offset: i64) -> String {
    let now = chrono::Utc::now().timestamp() + offset * 30;
    turnaround::server::auth::two_step::current_code(demo::DEMO_TOTP_SECRET, now.unsigned_abs())
        .unwrap()
}

/// The 30-second authenticator step last used by each account on each server: a code works
/// once, so a second sign-in uses the next step's code (the server accepts one step of clock
/// drift), and a third in the same step waits for a fresh one.
type StepKey = (String, String);
static STEP_USED: std::sync::Mutex<BTreeMap<StepKey, u64>> = std::sync::Mutex::new(BTreeMap::new());

/// The demo authenticator code for a step `username` has not used on `server`.
fn fresh_demo_code(server: &Server, username: &str) -> String {
    loop {
        let now = chrono::Utc::now().timestamp().unsigned_abs();
        let step = now / 30;
        {
            let key = (server.address.clone(), username.to_owned());
            let mut used = STEP_USED.lock().unwrap();
            let next = used.get(&key).map_or(step, |last| step.max(last + 1));
            if next <= step + 1 {
                used.insert(key, next);
                return turnaround::server::auth::two_step::current_code(
                    demo::DEMO_TOTP_SECRET,
                    next * 30,
                )
                .unwrap();
            }
        }
        std::thread::sleep(std::time::Duration::from_secs(30 - now % 30));
    }
}

/// Signs in as `username` with the demo password, adding the demo authenticator code only when
/// the server answers that one is needed (which roles need one is the server's business: today
/// the coordinator, and anyone the policy lets read referral data). Returns the session cookie.
pub(crate) fn sign_in_as(server: &Server, username: &str) -> String {
    let form = |code: Option<&str>| {
        let mut form = format!(
            "username={}&password={}",
            form_encode(username),
            form_encode(demo::DEMO_PASSWORD)
        );
        if let Some(code) = code {
            form.push_str(&format!("&code={code}"));
        }
        form
    };
    let first = server.post("/api/sign_in", &form(None), None);
    if first.status == 200 {
        return first.session_cookie().expect("a session cookie");
    }
    assert!(
        first.body.contains("TwoStepCodeNeeded"),
        "sign-in as {username}: {} {}",
        first.status,
        first.body
    );
    let mut last = first;
    // A code already accepted in this step may be refused as a replay: the next one is new.
    for _ in 0..2 {
        let reply = server.post(
            "/api/sign_in",
            &form(Some(&fresh_demo_code(server, username))),
            None,
        );
        if reply.status == 200 {
            return reply.session_cookie().expect("a session cookie");
        }
        last = reply;
    }
    panic!(
        "sign-in as {username} with the demo code: {} {}",
        last.status, last.body
    );
}

/// Signs in as the demo holder of `role` (with a two-step code when the server asks for one).
pub(crate) async fn cookie_for(server: &Server, db: &data::Db, role: Role) -> String {
    let name = username_for(db, role).await;
    sign_in_as(server, &name)
}

pub(crate) fn attempt(
    server: &Server,
    username: &str,
    password: &str,
) -> crate::common::app::Reply {
    let form = format!(
        "username={}&password={}",
        form_encode(username),
        form_encode(password)
    );
    server.post("/api/sign_in", &form, None)
}

/// Who may call a server function, given the caller's role (`None`: not signed in).
type Rule = fn(Option<Role>) -> bool;

/// What a cell's body may depend on: the rows made for the matrix, who is asking (the
/// coordinator's rows for someone not signed in), and the server, for a body that needs a step
/// first (a code for a secret just issued, someone the session page offers).
struct Cell<'a> {
    rows: &'a Rows,
    role: Role,
    allowed: bool,
    server: &'a Server,
    cookie: Option<&'a str>,
    /// Values one cell chose for a later one (whom `enrol` enrolled, for `cancel_booking`).
    memo: &'a RefCell<BTreeMap<(&'static str, Role), i64>>,
}

type Body = Box<dyn Fn(&Cell) -> String>;

fn fixed(body: &'static str) -> Body {
    Box::new(move |_| body.to_owned())
}

fn by(body: impl Fn(&Cell) -> String + 'static) -> Body {
    Box::new(body)
}

/// One row of the matrix: the path, a request body that is valid for each role allowed (each
/// role's own rows, so one cell's write never spoils another's), and who may call it.
struct Entry {
    path: &'static str,
    body: Body,
    allowed: Rule,
}

/// The first participant the session page offers `cell`'s role for `session` (group members and
/// their mentees, once activity groups arrive), or the matrix's subject when the role may not
/// ask.
fn offered_for(cell: &Cell, session: i64) -> i64 {
    if !cell.allowed {
        return cell.rows.subject.id;
    }
    let detail = cell
        .server
        .post("/api/session_detail", &format!("id={session}"), cell.cookie);
    *crate::access_rows::offered(&detail)
        .first()
        .unwrap_or_else(|| {
            panic!(
                "{:?} is offered nobody to enrol on {session}: {}",
                cell.role, detail.body
            )
        })
}

/// Who may call what. `allowed`: a valid request for that role succeeds (2xx); otherwise
/// refused (401 for nobody, 403 for a role). Every server function the binary registers must
/// be listed here or in PUBLIC_DOORS.
fn access_matrix() -> Vec<Entry> {
    let staff: Rule = |role| {
        matches!(
            role,
            Some(Role::Tutor | Role::Mentor | Role::Driver | Role::Coordinator | Role::TeamLeader)
        )
    };
    let everyone: Rule = |_| true;
    let participant: Rule = |role| role == Some(Role::Participant);
    let admin: Rule = |role| matches!(role, Some(Role::Coordinator | Role::TeamLeader));
    // Dates of birth, gender and the Justice Data Lab: coordinators only.
    let coordinator: Rule = |role| role == Some(Role::Coordinator);
    let leads: Rule = |role| {
        matches!(
            role,
            Some(Role::Tutor | Role::Mentor | Role::Coordinator | Role::TeamLeader)
        )
    };
    // The demo team leader is also a mentor.
    let mentors: Rule = |role| matches!(role, Some(Role::Mentor | Role::TeamLeader));
    let plans: Rule = |role| {
        matches!(
            role,
            Some(Role::Mentor | Role::Coordinator | Role::TeamLeader)
        )
    };
    let driver: Rule = |role| role == Some(Role::Driver);
    let signed_in: Rule = |role| role.is_some();
    let slug = |c: &Cell| c.role.slug().replace('_', "-");
    vec![
        Entry {
            path: "/api/current_user",
            body: fixed(""),
            allowed: everyone,
        },
        Entry {
            path: "/api/sign_out",
            body: fixed(""),
            allowed: everyone,
        },
        Entry {
            path: "/api/week_programme",
            body: fixed(""),
            allowed: staff,
        },
        Entry {
            path: "/api/my_activities",
            body: fixed(""),
            allowed: participant,
        },
        Entry {
            path: "/api/cant_come",
            body: by(|c| format!("session={}", c.rows.own_sessions[0])),
            allowed: participant,
        },
        Entry {
            path: "/api/set_lift",
            body: by(|c| format!("session={}&needs_lift=false", c.rows.own_sessions[1])),
            allowed: participant,
        },
        Entry {
            path: "/api/seen_changes",
            body: fixed(""),
            allowed: participant,
        },
        Entry {
            path: "/api/people",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/person",
            body: by(|c| format!("id={}", c.rows.subject.id)),
            allowed: admin,
        },
        Entry {
            path: "/api/add_person",
            body: by(move |c| {
                format!(
                "given_name=Matrix&family_name={}&roles[0]=participant&referral_source=self&referral_date={}",
                slug(c), c.rows.today
            )
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/set_person_active",
            body: by(|c| format!("id={}&active=true", c.rows.subject.id)),
            allowed: admin,
        },
        Entry {
            path: "/api/issue_invite",
            body: by(|c| format!("id={}", c.rows.subject.id)),
            allowed: admin,
        },
        Entry {
            path: "/api/audit_log",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/edit_choices",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/update_person",
            body: by(|c| c.rows.subject.person_form.clone()),
            allowed: admin,
        },
        Entry {
            path: "/api/update_programme",
            body: by(|c| c.rows.subject.programme_form.clone()),
            allowed: admin,
        },
        Entry {
            path: "/api/my_sessions",
            body: fixed(""),
            allowed: leads,
        },
        Entry {
            path: "/api/my_mentees",
            body: fixed(""),
            allowed: mentors,
        },
        Entry {
            path: "/api/start_two_step",
            body: fixed(""),
            allowed: staff,
        },
        Entry {
            path: "/api/planning_week",
            body: fixed(""),
            allowed: leads,
        },
        Entry {
            path: "/api/create_session",
            body: by(|c| {
                format!(
                    "activity={}&space={}&date={}&start=18:00&end=19:00&leads[0]={}",
                    c.rows.activity[&c.role],
                    c.rows.room[&c.role],
                    c.rows.day[&c.role],
                    c.rows.person[&c.role]
                )
            }),
            allowed: leads,
        },
        Entry {
            path: "/api/move_session",
            body: by(|c| {
                format!(
                    "id={}&space={}&date={}&start=12:00&end=13:00",
                    c.rows.to_move[&c.role], c.rows.room[&c.role], c.rows.day[&c.role]
                )
            }),
            allowed: leads,
        },
        Entry {
            path: "/api/set_session_capacity",
            body: by(|c| format!("id={}&capacity=20", c.rows.to_move[&c.role])),
            allowed: leads,
        },
        Entry {
            path: "/api/cancel_session",
            body: by(|c| format!("id={}&reason=Matrix", c.rows.to_cancel[&c.role])),
            allowed: leads,
        },
        Entry {
            path: "/api/enrol",
            body: by(|c| {
                let session = c.rows.to_enrol[&c.role];
                let participant = offered_for(c, session);
                c.memo
                    .borrow_mut()
                    .insert(("enrolled", c.role), participant);
                format!("session={session}&participant={participant}")
            }),
            allowed: leads,
        },
        Entry {
            path: "/api/cancel_booking",
            body: by(|c| {
                let participant = c.memo.borrow().get(&("enrolled", c.role)).copied();
                format!(
                    "session={}&participant={}",
                    c.rows.to_enrol[&c.role],
                    participant.unwrap_or(c.rows.subject.id)
                )
            }),
            allowed: leads,
        },
        Entry {
            path: "/api/create_series",
            body: by(|c| {
                let date = c.rows.series_day[&c.role];
                format!(
                    "activity={}&space={}&date={date}&start=10:00&end=11:00&leads[0]={}&every=weekly&weekdays[0]={}&weeks=2",
                    c.rows.activity[&c.role], c.rows.room[&c.role], c.rows.person[&c.role],
                    crate::access_rows::weekday_slug(date)
                )
            }),
            allowed: leads,
        },
        Entry {
            path: "/api/enrol_series",
            body: by(|c| {
                let session = c.rows.in_series[&c.role];
                format!("session={session}&participant={}", offered_for(c, session))
            }),
            allowed: leads,
        },
        Entry {
            path: "/api/confirm_two_step",
            body: by(|c| {
                // A code for a secret just issued to this person: what the page does.
                if !c.allowed {
                    return "code=000000".into();
                }
                let setup = c.server.post("/api/start_two_step", "", c.cookie);
                let secret = serde_json::from_str::<serde_json::Value>(&setup.body)
                    .ok()
                    .and_then(|s| s["secret"].as_str().map(str::to_owned));
                let now = chrono::Utc::now().timestamp().unsigned_abs();
                match secret {
                    Some(secret) => format!(
                        "code={}",
                        turnaround::server::auth::two_step::current_code(&secret, now).unwrap()
                    ),
                    None => "code=000000".into(),
                }
            }),
            allowed: staff,
        },
        Entry {
            path: "/api/session_detail",
            body: by(|c| format!("id={}", c.rows.to_enrol[&c.role])),
            allowed: leads,
        },
        Entry {
            path: "/api/save_register",
            body: by(|c| format!("session={}&note=Matrix", c.rows.yesterday[&c.role])),
            allowed: leads,
        },
        Entry {
            path: "/api/activities",
            body: fixed(""),
            allowed: leads,
        },
        Entry {
            path: "/api/activity",
            body: by(|c| format!("id={}", c.rows.activity[&c.role])),
            allowed: admin,
        },
        Entry {
            path: "/api/activity_group",
            body: by(|c| format!("activity={}", c.rows.activity[&c.role])),
            allowed: admin,
        },
        Entry {
            path: "/api/add_to_activity_group",
            body: by(|c| {
                let (activity, participant) = c.rows.group_newcomer[&c.role];
                format!("activity={activity}&participant={participant}")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/remove_from_activity_group",
            body: by(|c| {
                let (activity, participant) = c.rows.group_newcomer[&c.role];
                format!("activity={activity}&participant={participant}")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/add_activity",
            body: by(move |c| format!("name=Matrix+{}&kind=sport&duration=60&capacity=8", slug(c))),
            allowed: admin,
        },
        Entry {
            path: "/api/update_activity",
            body: by(|c| c.rows.activity_form.clone()),
            allowed: admin,
        },
        Entry {
            path: "/api/venues",
            body: fixed(""),
            allowed: leads,
        },
        Entry {
            path: "/api/venue",
            body: by(|c| format!("id={}", c.rows.hall)),
            allowed: leads,
        },
        Entry {
            path: "/api/add_venue",
            body: by(move |c| {
                format!(
                    "name=Matrix+Hall+{}&address=1+High+Street&latitude=51.75&longitude=-0.33",
                    slug(c)
                )
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/update_venue",
            body: by(|c| c.rows.venue_form.clone()),
            allowed: admin,
        },
        Entry {
            path: "/api/add_space",
            body: by(move |c| format!("venue={}&name=Matrix+Court+{}", c.rows.hall, slug(c))),
            allowed: admin,
        },
        Entry {
            path: "/api/update_space",
            body: by(|c| c.rows.space_form.clone()),
            allowed: admin,
        },
        Entry {
            path: "/api/remove_space",
            body: by(|c| format!("id={}", c.rows.spare_room[&c.role])),
            allowed: admin,
        },
        Entry {
            path: "/api/save_opening_hours",
            body: by(|c| format!("venue={}&always_open=yes", c.rows.hall)),
            allowed: admin,
        },
        Entry {
            path: "/api/my_claim",
            body: fixed(""),
            allowed: staff,
        },
        Entry {
            path: "/api/add_journey",
            body: by(|c| {
                let date = c.rows.today;
                format!("date={date}&from=Office&to=Matrix+Hall&purpose=Matrix&miles=3.5")
            }),
            allowed: staff,
        },
        Entry {
            path: "/api/remove_claim_line",
            body: by(|c| format!("line={}", c.rows.claim[&c.role].1)),
            allowed: staff,
        },
        Entry {
            path: "/api/claim",
            body: by(|c| format!("id={}", c.rows.claim[&c.role].0)),
            allowed: staff,
        },
        Entry {
            path: "/api/send_claim",
            body: by(|c| format!("month={}", c.rows.today.format("%Y-%m"))),
            allowed: staff,
        },
        Entry {
            path: "/api/claim_queue",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/decide_claim",
            body: by(|c| format!("claim={}&decision=approve", c.rows.sent_claim[&c.role])),
            allowed: admin,
        },
        Entry {
            path: "/api/mark_claims_paid",
            body: by(|c| {
                format!(
                    "claims%5B%5D={}&paid_on={}",
                    c.rows.approved_claim[&c.role], c.rows.today
                )
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/save_mileage_rate",
            body: fixed(
                "starts_on=2030-04-06&pence_per_mile=55&threshold_miles=10000&pence_after=25",
            ),
            allowed: admin,
        },
        Entry {
            path: "/api/mileage_log",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/answer_odometer_flag",
            body: by(|c| format!("run={}&note=Checked+by+the+matrix", c.rows.driven_run)),
            allowed: admin,
        },
        Entry {
            path: "/api/missing_readings",
            body: fixed(""),
            allowed: |role| {
                matches!(
                    role,
                    Some(Role::Driver | Role::Coordinator | Role::TeamLeader)
                )
            },
        },
        Entry {
            path: "/api/keep_apart",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/add_keep_apart",
            body: by(|c| {
                let (a, b) = c.rows.pair[&c.role];
                format!("first={a}&second={b}&reason=Matrix")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/remove_keep_apart",
            body: by(|c| {
                let (a, b) = c.rows.pair[&c.role];
                format!("person_a={a}&person_b={b}")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/fleet",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/add_vehicle",
            body: by(|c| {
                format!(
                "name=Matrix+Van+{0}&registration=MX26+VN{0}&seats=8&wheelchair_spaces=0&days[0]=mon",
                crate::access_rows::role_number(c.role)
            )
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/update_vehicle",
            body: by(|c| c.rows.vehicle_form.clone()),
            allowed: admin,
        },
        Entry {
            path: "/api/drivers",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/save_driver_documents",
            body: by(|c| c.rows.driver_documents_form.clone()),
            allowed: admin,
        },
        Entry {
            path: "/api/places",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/add_pickup_point",
            body: by(move |c| {
                format!(
                    "name=Matrix+Stop+{}&landmark=Bus+shelter&latitude=51.7&longitude=-0.3",
                    slug(c)
                )
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/update_pickup_point",
            body: by(|c| c.rows.pickup_form.clone()),
            allowed: admin,
        },
        Entry {
            path: "/api/add_travel_time",
            body: by(|c| {
                format!(
                    "from=pickup-{}&to=venue-{}&minutes=30",
                    c.rows.travel_from[&c.role], c.rows.hall
                )
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/remove_travel_time",
            body: by(|c| format!("id={}", c.rows.travel_override[&c.role])),
            allowed: admin,
        },
        Entry {
            path: "/api/transport_board",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/plan_transport",
            body: by(|c| format!("date={}", c.rows.empty_day)),
            allowed: admin,
        },
        Entry {
            path: "/api/move_passenger",
            body: by(|c| {
                let (run, booking, _) = c.rows.board_seat;
                format!("booking={booking}&run={run}&seat=")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/lock_seat",
            body: by(|c| {
                let (run, booking, _) = c.rows.board_seat;
                format!("run={run}&booking={booking}&locked=on")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/choose_driver",
            body: by(|c| {
                let (run, _, driver) = c.rows.board_seat;
                format!("run={run}&driver={driver}")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/publish_run",
            body: by(|c| format!("run={}", c.rows.board_seat.0)),
            allowed: admin,
        },
        Entry {
            path: "/api/correct_mark",
            body: by(|c| {
                let (run, booking, _) = c.rows.board_seat;
                format!("run={run}&booking={booking}&mark=boarded")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/pickup_list",
            body: fixed(""),
            allowed: driver,
        },
        Entry {
            path: "/api/mark_passenger",
            body: by(|c| {
                let (run, booking) = c.rows.driver_seat;
                format!("run={run}&booking={booking}&mark=boarded")
            }),
            allowed: driver,
        },
        Entry {
            path: "/api/save_odometer",
            body: by(|c| format!("run={}&start=100", c.rows.driver_seat.0)),
            allowed: driver,
        },
        Entry {
            path: "/api/calendar_link",
            body: fixed(""),
            allowed: signed_in,
        },
        Entry {
            path: "/api/reset_calendar_link",
            body: fixed(""),
            allowed: signed_in,
        },
        Entry {
            path: "/api/referrals",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/referral",
            body: by(|c| format!("id={}", c.rows.referral[&c.role].0)),
            allowed: admin,
        },
        Entry {
            path: "/api/add_referral",
            body: fixed(
                "source=probation&organisation=Matrix+Probation&referrer_name=Jo&referrer_contact=01438+000000\
                 &given_name=Matrix&family_name=Added&phone=07700+900001&in_area=yes\
                 &consent_how=verbal&consent_on=2026-01-05&share_back=nothing",
            ),
            allowed: admin,
        },
        Entry {
            path: "/api/move_referral",
            body: by(|c| format!("id={}&to=contacted", c.rows.referral[&c.role].0)),
            allowed: admin,
        },
        Entry {
            path: "/api/accept_referral",
            body: by(|c| format!("id={}", c.rows.referral[&c.role].1)),
            allowed: admin,
        },
        Entry {
            path: "/api/partner_links",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/issue_partner_link",
            body: fixed("organisation=Matrix+Agency&source=police"),
            allowed: admin,
        },
        Entry {
            path: "/api/plan",
            body: by(|c| format!("participant={}", c.rows.plan[&c.role].0)),
            allowed: plans,
        },
        Entry {
            path: "/api/save_needs",
            body: by(|c| {
                format!(
                    "participant={}&areas%5B%5D=1&levels%5B%5D=some&notes%5B%5D=Matrix",
                    c.rows.plan[&c.role].0
                )
            }),
            allowed: plans,
        },
        Entry {
            path: "/api/add_goal",
            body: by(|c| {
                let participant = c.rows.plan[&c.role].0;
                format!(
                    "participant={participant}&area=1&title=Matrix&owner={participant}&target_on={}&steps=One",
                    c.rows.today
                )
            }),
            allowed: plans,
        },
        Entry {
            path: "/api/review_goal",
            body: by(|c| format!("goal={}&outcome=achieved", c.rows.plan[&c.role].1)),
            allowed: plans,
        },
        Entry {
            path: "/api/tick_step",
            body: by(|c| format!("step={}&done=yes", c.rows.plan[&c.role].2)),
            allowed: plans,
        },
        Entry {
            path: "/api/record_one_to_one",
            body: by(|c| {
                format!(
                    "participant={}&met_on={}&kind=phone&areas%5B%5D=1&note=Matrix",
                    c.rows.plan[&c.role].0, c.rows.today
                )
            }),
            allowed: plans,
        },
        Entry {
            path: "/api/my_goals",
            body: fixed(""),
            allowed: participant,
        },
        Entry {
            path: "/api/tick_my_step",
            body: by(|c| format!("step={}&done=yes", c.rows.own_step)),
            allowed: participant,
        },
        Entry {
            path: "/api/my_wellbeing",
            body: fixed(""),
            allowed: participant,
        },
        Entry {
            path: "/api/start_wellbeing",
            body: fixed(""),
            allowed: participant,
        },
        Entry {
            path: "/api/answer_wellbeing",
            body: fixed("question=1&value=3"),
            allowed: participant,
        },
        Entry {
            path: "/api/their_wellbeing",
            body: by(|c| format!("participant={}", c.rows.plan[&c.role].0)),
            allowed: plans,
        },
        Entry {
            path: "/api/record_assisted_wellbeing",
            body: by(|c| {
                format!(
                    "participant={}&answers%5B0%5D=3&answers%5B1%5D=3&answers%5B2%5D=3&answers%5B3%5D=3&answers%5B4%5D=3",
                    c.rows.wellbeing[&c.role]
                )
            }),
            allowed: plans,
        },
        Entry {
            path: "/api/wellbeing_due",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/retention",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/set_retention",
            body: fixed("kind=one_to_one_notes&months=24"),
            allowed: admin,
        },
        Entry {
            path: "/api/place_legal_hold",
            body: by(|c| format!("participant={}&reason=Matrix", c.rows.hold[&c.role])),
            allowed: admin,
        },
        Entry {
            path: "/api/lift_legal_hold",
            body: by(|c| format!("participant={}", c.rows.hold[&c.role])),
            allowed: admin,
        },
        Entry {
            path: "/api/run_retention",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/subject_access_requests",
            body: fixed(""),
            allowed: admin,
        },
        Entry {
            path: "/api/register_subject_access",
            body: by(|c| {
                format!(
                    "participant={}&received_on={}&how=letter",
                    c.rows.hold[&c.role], c.rows.today
                )
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/answer_subject_access",
            body: by(|c| format!("id={}", c.rows.subject_access[&c.role])),
            allowed: admin,
        },
        Entry {
            path: "/api/funders_report",
            body: fixed("first=2026-01-01&last=2026-03-31"),
            allowed: admin,
        },
        Entry {
            path: "/api/participant_identity",
            body: by(|c| format!("participant={}", c.rows.hold[&c.role])),
            allowed: coordinator,
        },
        Entry {
            path: "/api/save_participant_identity",
            body: by(|c| {
                format!(
                    "participant={}&born_on=1990-04-21&gender=male&consent_on={}",
                    c.rows.hold[&c.role], c.rows.today
                )
            }),
            allowed: coordinator,
        },
        Entry {
            path: "/api/data_lab_summary",
            body: fixed(""),
            allowed: coordinator,
        },
        Entry {
            path: "/api/case_meetings",
            body: fixed(""),
            allowed: leads,
        },
        Entry {
            path: "/api/case_meeting_agenda",
            body: by(|c| format!("meeting={}", c.rows.case[&c.role].open)),
            allowed: leads,
        },
        Entry {
            path: "/api/case_pack",
            body: by(|c| {
                let case = &c.rows.case[&c.role];
                format!("meeting={}&participant={}", case.open, case.participant)
            }),
            allowed: leads,
        },
        Entry {
            path: "/api/my_case_actions",
            body: fixed(""),
            allowed: leads,
        },
        Entry {
            path: "/api/case_action_done",
            body: by(|c| format!("action={}", c.rows.case[&c.role].action)),
            allowed: leads,
        },
        Entry {
            path: "/api/open_case_meeting",
            body: by(|c| {
                // After the demo's closed meeting (a meeting cannot be opened before a closed
                // one), and clear of the tutor's meeting on a session day.
                let day = c.rows.today
                    + chrono::Days::new(60 + crate::access_rows::role_number(c.role));
                format!("held_on={day}")
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/case_meeting_attendee",
            body: by(|c| {
                let case = &c.rows.case[&c.role];
                let staff = c.rows.person[&Role::Tutor];
                format!("meeting={}&person={staff}&here=yes", case.open)
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/record_case_action",
            body: by(|c| {
                let case = &c.rows.case[&c.role];
                let owner = c.rows.person[&Role::Coordinator];
                format!(
                    "meeting={}&participant={}&what=Call+Probation&owner={owner}&due_on={}",
                    case.open,
                    case.participant,
                    c.rows.today + chrono::Days::new(60)
                )
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/write_case_minutes",
            body: by(|c| {
                let case = &c.rows.case[&c.role];
                format!("meeting={}&participant={}&note=Going+well", case.open, case.participant)
            }),
            allowed: admin,
        },
        Entry {
            path: "/api/correct_case_minutes",
            body: by(|c| format!("minute={}&note=Going+well+indeed", c.rows.case[&c.role].minute)),
            allowed: admin,
        },
        Entry {
            path: "/api/close_case_meeting",
            body: by(|c| format!("meeting={}", c.rows.case[&c.role].to_close)),
            allowed: admin,
        },
        Entry {
            path: "/api/revoke_partner_link",
            body: by(|c| format!("id={}", c.rows.partner_link[&c.role])),
            allowed: admin,
        },
    ]
}

/// Doors anyone may knock on: signing in, invite links (whose secret is the proof) and the
/// referral forms (a partner's link is its own proof; the self-referral form is open to all);
/// each is tested on its own (`referral_forms` for the last three).
const PUBLIC_DOORS: [&str; 6] = [
    "/api/sign_in",
    "/api/invite",
    "/api/accept_invite",
    "/api/partner_form",
    "/api/refer",
    "/api/refer_self",
];

#[test]
fn the_public_doors_are_the_ones_the_server_leaves_open() {
    for door in PUBLIC_DOORS {
        assert!(
            turnaround::access::PUBLIC_SERVER_FUNCTIONS.contains(&door),
            "{door}"
        );
    }
}

/// Has `person` two-step sign-in on already? Then setting it up again is rightly a conflict.
async fn two_step_on(db: &data::Db, person: i64) -> bool {
    on!(
        db,
        query_scalar("SELECT totp_enabled_at IS NOT NULL FROM accounts WHERE person_id = $1")
            .bind(person)
            .fetch_one
    )
    .unwrap()
}

#[tokio::test]
async fn every_server_function_answers_exactly_the_roles_the_policy_names() {
    let output = Command::new(env!("CARGO_BIN_EXE_turnaround"))
        .arg("server-functions")
        .output()
        .unwrap();
    let registered: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once(' ').map(|(_, path)| path.to_owned()))
        .collect();
    let matrix = access_matrix();
    for path in &registered {
        assert!(
            matrix.iter().any(|e| e.path == path) || PUBLIC_DOORS.contains(&path.as_str()),
            "{path} has no entry in the access matrix: decide who may call it"
        );
    }

    let (server, db, _dir) = demo_server().await;
    let rows = crate::access_rows::rows(&db).await;
    let mut cookies = BTreeMap::new();
    for role in Role::ALL {
        cookies.insert(role, cookie_for(&server, &db, role).await);
    }
    let callers: Vec<Option<Role>> = std::iter::once(None)
        .chain(Role::ALL.into_iter().map(Some))
        .collect();
    let memo = RefCell::new(BTreeMap::new());
    let mut refused_signed_in = 0usize;
    let mut refused_anonymous = 0usize;
    let mut wrong = Vec::new();
    for entry in matrix.iter().filter(|e| e.path != "/api/sign_out") {
        // (sign-out would end the sessions the rest of the matrix uses; see its own test)
        for role in &callers {
            let cookie = role.map(|r| cookies[&r].clone());
            let allowed = (entry.allowed)(*role);
            let cell = Cell {
                rows: &rows,
                role: role.unwrap_or(Role::Coordinator),
                allowed,
                server: &server,
                cookie: cookie.as_deref(),
                memo: &memo,
            };
            // Decided before the request: confirming sets it on.
            let already_on = match role {
                Some(r) if entry.path.ends_with("_two_step") => {
                    two_step_on(&db, rows.person[r]).await
                }
                _ => false,
            };
            let body = (entry.body)(&cell);
            let reply = server.post(entry.path, &body, cookie.as_deref());
            let path = entry.path;
            let short: String = reply.body.chars().take(300).collect();
            if allowed {
                // Someone whose two-step sign-in is on already cannot set it up again.
                let expected_conflict = already_on && reply.status == 409;
                if !(200..300).contains(&reply.status) && !expected_conflict {
                    wrong.push(format!(
                        "{path} as {role:?} ({body}): expected 2xx, got {} {short}",
                        reply.status
                    ));
                }
            } else {
                let expected = if role.is_some() {
                    refused_signed_in += 1;
                    403
                } else {
                    refused_anonymous += 1;
                    401
                };
                if reply.status != expected {
                    wrong.push(format!(
                        "{path} as {role:?} ({body}): expected {expected}, got {} {short}",
                        reply.status
                    ));
                }
                assert!(
                    !reply.body.contains("referral"),
                    "{path} as {role:?} leaked"
                );
            }
        }
    }
    println!(
        "access matrix: {} endpoints × {} callers: {} allowed cells, {} refused",
        matrix.len() - 1,
        callers.len(),
        (matrix.len() - 1) * callers.len() - refused_signed_in - refused_anonymous,
        refused_signed_in + refused_anonymous
    );
    assert!(
        wrong.is_empty(),
        "{} cells answered wrongly:\n{}",
        wrong.len(),
        wrong.join("\n")
    );

    // Every refusal of a signed-in person is its own row in the audit log (anonymous ones are
    // counted a minute at a time: see `trust.rs`).
    let logged: i64 = on!(&db, query_scalar(
        "SELECT count(*) FROM audit_events WHERE action = 'access_refused' AND actor_id IS NOT NULL",
    )
    .fetch_one)
    .unwrap();
    assert_eq!(logged as usize, refused_signed_in);
}

#[tokio::test]
async fn a_participant_sees_only_their_own_bookings() {
    let (server, db, _dir) = demo_server().await;
    let name = username_for(&db, Role::Participant).await;
    let cookie = server.sign_in(&name, None);
    let reply = server.post("/api/my_activities", "", Some(&cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let calendar: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let shown = calendar["upcoming"].as_array().unwrap();
    let own: Vec<i64> =
        on!(&db, query_scalar(
        "SELECT b.session_id FROM bookings b JOIN accounts a ON a.person_id = b.participant_id
         WHERE a.username = $1",
    )
    .bind(&name)
    .fetch_all)
        .unwrap();
    assert!(!shown.is_empty());
    for booking in shown {
        let id = booking["session_id"].as_i64().unwrap();
        assert!(own.contains(&id), "session {id} is not theirs");
    }
    // The answer names no one and carries no referral data.
    for field in [
        "referral",
        "probation",
        "police",
        "given_name",
        "family_name",
    ] {
        assert!(
            !reply.body.to_lowercase().contains(field),
            "{field} in {}",
            reply.body
        );
    }
    // Trying to ask for someone else's: the function takes no id, extra fields are ignored.
    let other = server.post("/api/my_activities", "participant_id=1", Some(&cookie));
    let other: serde_json::Value = serde_json::from_str(&other.body).unwrap();
    assert_eq!(other["upcoming"], calendar["upcoming"]);
    assert_eq!(other["past"], calendar["past"]);
}

#[tokio::test]
async fn wrong_password_and_unknown_name_look_the_same_and_back_off_after_ten() {
    let (server, db, _dir) = demo_server().await;
    let name = username_for(&db, Role::Tutor).await;
    let wrong = attempt(&server, &name, "not the password at all");
    let unknown = attempt(&server, "nobody@example.org", "not the password at all");
    assert_eq!(wrong.status, 401);
    assert_eq!((wrong.status, &wrong.body), (unknown.status, &unknown.body));
    assert!(wrong.session_cookie().is_none());

    for _ in 0..9 {
        assert_eq!(
            attempt(&server, &name, "still not the password").status,
            401
        );
    }
    // The 11th try within the window is refused even with the right password.
    let throttled = attempt(&server, &name, demo::DEMO_PASSWORD);
    assert_eq!(throttled.status, 429, "{}", throttled.body);
    assert!(
        throttled.body.contains("TooManyAttempts"),
        "{}",
        throttled.body
    );
    let message = turnaround::error::AppError::TooManyAttempts.to_string();
    assert!(message.contains("try again"), "{message}");

    // Eleven passwords were checked and failed; the twelfth try was not checked at all.
    let failed: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM audit_events WHERE action = 'sign_in_failed'").fetch_one
    )
    .unwrap();
    assert_eq!(failed, 11);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let (server, db, _dir) = demo_server().await;
    let cookie = cookie_for(&server, &db, Role::Tutor).await;
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        200
    );
    assert_eq!(server.post("/api/sign_out", "", Some(&cookie)).status, 200);
    // The old cookie, replayed, is worth nothing.
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        401
    );
    let me = server.post("/api/current_user", "", Some(&cookie));
    assert_eq!(me.body, "null");
}

#[tokio::test]
async fn deactivating_a_person_or_changing_their_password_ends_their_open_sessions() {
    let (server, db, _dir) = demo_server().await;
    let tutor = cookie_for(&server, &db, Role::Tutor).await;
    let mentor = cookie_for(&server, &db, Role::Mentor).await;
    let tutor_name = username_for(&db, Role::Tutor).await;
    let mentor_name = username_for(&db, Role::Mentor).await;

    run!(
        &db,
        query(
            "UPDATE people SET is_active = FALSE
         WHERE id = (SELECT person_id FROM accounts WHERE username = $1)",
        )
        .bind(&tutor_name)
        .execute
    )
    .unwrap();
    assert_eq!(
        server.post("/api/week_programme", "", Some(&tutor)).status,
        401
    );
    // And they cannot sign in again.
    assert_eq!(
        attempt(&server, &tutor_name, demo::DEMO_PASSWORD).status,
        401
    );

    let mentor_id: turnaround::people::PersonId = on!(
        &db,
        query_scalar("SELECT person_id FROM accounts WHERE username = $1")
            .bind(&mentor_name)
            .fetch_one
    )
    .unwrap();
    let new_hash =
        turnaround::server::auth::passwords::hash_new("a brand new passphrase".into(), vec![])
            .await
            .unwrap();
    data::accounts::set_password_hash(&db, mentor_id, &new_hash, true)
        .await
        .unwrap();
    assert_eq!(
        server.post("/api/week_programme", "", Some(&mentor)).status,
        401
    );
}

#[tokio::test]
async fn whoever_can_read_referrals_needs_the_code_from_their_app_and_a_code_works_once() {
    let (server, db, _dir) = demo_server().await;
    for role in [Role::Coordinator, Role::TeamLeader] {
        let name = username_for(&db, role).await;
        let without = attempt(&server, &name, demo::DEMO_PASSWORD);
        assert_eq!(without.status, 401, "{role:?}");
        assert!(
            without.body.contains("TwoStepCodeNeeded"),
            "{role:?}: {}",
            without.body
        );
        assert!(without.session_cookie().is_none());
        // A password alone opens nothing: not the people list, not the audit log.
        for path in ["/api/people", "/api/audit_log"] {
            assert_eq!(server.post(path, "", None).status, 401, "{path}");
        }

        let with_code = |code: &str| {
            let form = format!(
                "username={}&password={}&code={code}",
                form_encode(&name),
                form_encode(demo::DEMO_PASSWORD)
            );
            server.post("/api/sign_in", &form, None)
        };
        let right = demo_code(0);
        let wrong = if right == "000000" {
            "111111"
        } else {
            "000000"
        };
        assert_eq!(with_code(wrong).status, 401, "{role:?}: a wrong code");

        let first = with_code(&right);
        assert_eq!(first.status, 200, "{role:?}: {}", first.body);
        let cookie = first.session_cookie().expect("a session cookie");
        assert_eq!(
            server.post("/api/people", "", Some(&cookie)).status,
            200,
            "{role:?} with the code"
        );
        // The same code again — someone who watched it being typed — is refused, and says why.
        let replayed = with_code(&right);
        replayed.assert_says(401, "TwoStepCodeUsed");
        assert!(replayed.session_cookie().is_none());
    }
    let replays: i64 = on!(
        &db,
        query_scalar(
            "SELECT count(*) FROM audit_events
         WHERE action = 'sign_in_failed' AND detail = 'two-step code used again'",
        )
        .fetch_one
    )
    .unwrap();
    assert_eq!(replays, 2);
}

#[tokio::test]
async fn a_team_leader_without_two_step_may_only_set_it_up() {
    let (server, db, _dir) = demo_server().await;
    let name = username_for(&db, Role::TeamLeader).await;
    run!(&db, query(
        "UPDATE accounts SET totp_secret = NULL, totp_enabled_at = NULL WHERE username = $1",
    )
    .bind(&name)
    .execute)
    .unwrap();
    let cookie = server.sign_in(&name, None);
    assert_eq!(server.post("/api/people", "", Some(&cookie)).status, 403);
    assert_eq!(server.post("/api/audit_log", "", Some(&cookie)).status, 403);
    assert_eq!(
        server.post("/api/start_two_step", "", Some(&cookie)).status,
        200
    );
}

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    let (server, db, _dir) = demo_server().await;
    let cookie = cookie_for(&server, &db, Role::Tutor).await;
    for headers in [
        vec![("Origin", "https://evil.example")],
        vec![
            ("Sec-Fetch-Site", "cross-site"),
            ("Origin", "https://evil.example"),
        ],
        vec![],
    ] {
        let reply = server.request_with("POST", "/api/sign_out", "", Some(&cookie), &headers);
        assert_eq!(reply.status, 403, "{headers:?}: {}", reply.body);
    }
    // Still signed in: the forged sign-outs did nothing.
    assert_eq!(
        server.post("/api/week_programme", "", Some(&cookie)).status,
        200
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (server, db, _dir) = demo_server().await;
    let cookie = cookie_for(&server, &db, Role::Tutor).await;
    let page = server.request_with("GET", "/", "", Some(&cookie), &[("Accept", "text/html")]);
    assert_eq!(page.status, 200);
    let policy = page.header("content-security-policy").expect("CSP");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "page scripts carry the nonce"
    );
    assert!(policy.contains("frame-ancestors 'none'"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.header("referrer-policy").is_some());
    let cookie_header = attempt(
        &server,
        &username_for(&db, Role::Driver).await,
        demo::DEMO_PASSWORD,
    )
    .header("set-cookie")
    .unwrap()
    .to_owned();
    assert!(cookie_header.contains("HttpOnly"), "{cookie_header}");
    assert!(cookie_header.contains("SameSite=Lax"), "{cookie_header}");
}

#[tokio::test]
async fn the_audit_log_cannot_be_changed_or_deleted() {
    let test = crate::common::TestDb::new().await;
    run!(
        &test.db,
        query("INSERT INTO audit_events (action, detail) VALUES ('sign_in', 'test')").execute
    )
    .unwrap();
    let update = run!(
        &test.db,
        query("UPDATE audit_events SET detail = 'rewritten'").execute
    );
    let delete = run!(&test.db, query("DELETE FROM audit_events").execute);
    for result in [update, delete] {
        let error = result.expect_err("the audit log must refuse");
        assert!(error.to_string().contains("append-only"), "{error}");
    }
    assert_eq!(crate::common::count(&test.db, "audit_events").await, 1);
}

fn token_from(invite: &serde_json::Value) -> String {
    let url = invite["url"].as_str().expect("an invite url");
    url.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn invite_links_work_once_and_expire() {
    let (server, db, _dir) = demo_server().await;
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let added = server.post(
        "/api/add_person",
        "given_name=Robin&family_name=Newcomer&roles[0]=participant&referral_source=third_sector&referral_date=2026-11-02",
        Some(&coordinator),
    );
    assert_eq!(added.status, 200, "{}", added.body);
    let id: i64 = added.body.parse().unwrap();

    let invite = server.post("/api/issue_invite", &format!("id={id}"), Some(&coordinator));
    assert_eq!(invite.status, 200, "{}", invite.body);
    let invite: serde_json::Value = serde_json::from_str(&invite.body).unwrap();
    assert!(
        invite["qr_svg"].as_str().unwrap().starts_with("<?xml")
            || invite["qr_svg"].as_str().unwrap().contains("<svg")
    );
    assert_eq!(invite["username"], "robin.newcomer");
    let token = token_from(&invite);
    // Only the hash of the secret is stored.
    let stored: i64 = on!(
        &db,
        query_scalar("SELECT count(*) FROM invites WHERE token_hash = $1")
            .bind(&token)
            .fetch_one
    )
    .unwrap();
    assert_eq!(stored, 0);

    let details = server.post("/api/invite", &format!("token={token}"), None);
    assert_eq!(details.status, 200, "{}", details.body);
    assert!(details.body.contains("Robin") && details.body.contains("robin.newcomer"));

    let weak = server.post(
        "/api/accept_invite",
        &format!("token={token}&password=password1"),
        None,
    );
    assert_eq!(weak.status, 400, "{}", weak.body);
    assert!(
        weak.body.contains("first ones people guess"),
        "{}",
        weak.body
    );

    let chosen = "kettle on by the lake";
    let body = format!("token={token}&password={}", form_encode(chosen));
    assert_eq!(server.post("/api/accept_invite", &body, None).status, 200);
    // Once only.
    let again = server.post(
        "/api/accept_invite",
        &format!(
            "token={token}&password={}",
            form_encode("another good passphrase")
        ),
        None,
    );
    assert_eq!(again.status, 404, "{}", again.body);
    let signed_in = attempt(&server, "robin.newcomer", chosen);
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);

    // An expired link does nothing.
    let reset = server.post("/api/issue_invite", &format!("id={id}"), Some(&coordinator));
    let token = token_from(&serde_json::from_str(&reset.body).unwrap());
    run!(&db, query("UPDATE invites SET created_at = '2020-01-01T00:00:00Z', expires_at = '2020-01-08T00:00:00Z' WHERE used_at IS NULL")
        .execute)
        .unwrap();
    assert_eq!(
        server
            .post("/api/invite", &format!("token={token}"), None)
            .status,
        404
    );
    let late = server.post(
        "/api/accept_invite",
        &format!(
            "token={token}&password={}",
            form_encode("too late passphrase")
        ),
        None,
    );
    assert_eq!(late.status, 404);
    assert_eq!(
        attempt(&server, "robin.newcomer", chosen).status,
        200,
        "old password still works"
    );
}

#[tokio::test]
async fn only_the_coordinators_views_carry_referral_data_and_reading_it_is_audited() {
    let (server, db, _dir) = demo_server().await;
    let referral_words = ["referral", "probation", "police", "third_sector"];
    let participant: i64 = on!(
        &db,
        query_scalar("SELECT min(person_id) FROM participants").fetch_one
    )
    .unwrap();
    let asking = format!("id={participant}");
    for role in [Role::Driver, Role::Tutor, Role::Mentor] {
        let cookie = cookie_for(&server, &db, role).await;
        for path in [
            "/api/week_programme",
            "/api/current_user",
            "/api/person",
            "/api/people",
        ] {
            let reply = server.post(path, &asking, Some(&cookie));
            let body = reply.body.to_lowercase();
            for word in referral_words {
                assert!(
                    !body.contains(word),
                    "{path} as {role:?} carries “{word}”: {body}"
                );
            }
        }
    }
    let coordinator = cookie_for(&server, &db, Role::Coordinator).await;
    let record = server.post("/api/person", &asking, Some(&coordinator));
    assert_eq!(record.status, 200);
    assert!(record.body.contains("referral_source"), "{}", record.body);
    let reads: i64 =
        on!(&db, query_scalar(
        "SELECT count(*) FROM audit_events WHERE action = 'referral_read' AND subject_id = $1",
    )
    .bind(participant)
    .fetch_one)
        .unwrap();
    assert_eq!(reads, 1);
}

#[tokio::test]
async fn staff_turn_on_two_step_and_recovery_codes_work_once() {
    let (server, db, _dir) = demo_server().await;
    let tutor_name = username_for(&db, Role::Tutor).await;
    let cookie = server.sign_in(&tutor_name, None);
    let setup = server.post("/api/start_two_step", "", Some(&cookie));
    assert_eq!(setup.status, 200, "{}", setup.body);
    let setup: serde_json::Value = serde_json::from_str(&setup.body).unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));

    let wrong = server.post("/api/confirm_two_step", "code=000001", Some(&cookie));
    let now = chrono::Utc::now().timestamp().unsigned_abs();
    let code = turnaround::server::auth::two_step::current_code(&secret, now).unwrap();
    if code != "000001" {
        assert_eq!(wrong.status, 400);
    }
    let confirmed = server.post(
        "/api/confirm_two_step",
        &format!("code={code}"),
        Some(&cookie),
    );
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let recovery: Vec<String> = serde_json::from_str(&confirmed.body).unwrap();
    assert_eq!(recovery.len(), 10);

    // From now on the password alone is not enough.
    let password_only = attempt(&server, &tutor_name, demo::DEMO_PASSWORD);
    assert!(password_only.body.contains("TwoStepCodeNeeded"));
    let with_recovery = |code: &str| {
        server.post(
            "/api/sign_in",
            &format!(
                "username={}&password={}&code={}",
                form_encode(&tutor_name),
                form_encode(demo::DEMO_PASSWORD),
                form_encode(code)
            ),
            None,
        )
    };
    assert_eq!(with_recovery(&recovery[3].to_uppercase()).status, 200);
    assert_eq!(
        with_recovery(&recovery[3]).status,
        401,
        "a recovery code works once"
    );
    let used: i64 = on!(&db, query_scalar(
        "SELECT count(*) FROM audit_events WHERE action IN ('totp_enabled', 'recovery_code_used')",
    )
    .fetch_one)
    .unwrap();
    assert_eq!(used, 2);
}

#[tokio::test]
async fn tutors_see_who_is_booked_on_their_own_sessions_and_mentors_their_own_mentees() {
    let (server, db, _dir) = demo_server().await;
    let tutor_name = username_for(&db, Role::Tutor).await;
    let cookie = server.sign_in(&tutor_name, None);
    let reply = server.post("/api/my_sessions", "", Some(&cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let sessions: Vec<serde_json::Value> = serde_json::from_str(&reply.body).unwrap();
    let led: i64 = on!(
        &db,
        query_scalar(
            "SELECT count(*) FROM session_leads l JOIN accounts a ON a.person_id = l.person_id
         JOIN sessions s ON s.id = l.session_id
         WHERE a.username = $1 AND s.ends_at >= $2",
        )
        .bind(&tutor_name)
        .bind(
            chrono::Utc::now()
                .date_naive()
                .and_time(chrono::NaiveTime::MIN)
        )
        .fetch_one
    )
    .unwrap();
    assert!(!sessions.is_empty());
    assert!(sessions.len() as i64 <= led, "only their own sessions");
    assert!(sessions
        .iter()
        .any(|s| !s["roster"].as_array().unwrap().is_empty()));

    let mentor_name = username_for(&db, Role::Mentor).await;
    let cookie = server.sign_in(&mentor_name, None);
    let reply = server.post("/api/my_mentees", "", Some(&cookie));
    let mentees: Vec<serde_json::Value> = serde_json::from_str(&reply.body).unwrap();
    let own: i64 = on!(
        &db,
        query_scalar(
            "SELECT count(*) FROM participants pa JOIN accounts a ON a.person_id = pa.mentor_id
         JOIN people p ON p.id = pa.person_id WHERE a.username = $1 AND p.is_active",
        )
        .bind(&mentor_name)
        .fetch_one
    )
    .unwrap();
    assert_eq!(mentees.len() as i64, own);
    assert!(own > 0);
}
