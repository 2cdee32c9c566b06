//! The fictional demo programme: real Hertfordshire places, invented people.
//!
//! Phone numbers are from Ofcom's range reserved for drama (07700 900000–900999), so no real
//! person is ever rung from the demo. Emails use the reserved example.org domain.

use chrono::Weekday;

use crate::people::{ReferralSource, Role};
use crate::scheduling::session::ActivityKind;

pub struct PickupPoint {
    pub name: &'static str,
    pub landmark: &'static str,
    pub latitude: f64,
    pub longitude: f64,
}

/// Town-centre landmarks with their true positions.
pub const PICKUP_POINTS: &[PickupPoint] = &[
    PickupPoint {
        name: "Watford Junction",
        landmark: "Bus stops outside the main entrance of Watford Junction station",
        latitude: 51.6636,
        longitude: -0.3962,
    },
    PickupPoint {
        name: "St Albans City",
        landmark: "Taxi rank at the Victoria Street entrance of St Albans City station",
        latitude: 51.7504,
        longitude: -0.3275,
    },
    PickupPoint {
        name: "Hatfield",
        landmark: "Front of Hatfield station, by the statue opposite the park gates",
        latitude: 51.7638,
        longitude: -0.2155,
    },
    PickupPoint {
        name: "Stevenage",
        landmark: "Drop-off bay on Lytton Way, outside Stevenage station",
        latitude: 51.9017,
        longitude: -0.2070,
    },
    PickupPoint {
        name: "Hemel Hempstead",
        landmark: "Hemel Hempstead bus station, Waterhouse Street",
        latitude: 51.7526,
        longitude: -0.4729,
    },
    PickupPoint {
        name: "Hertford",
        landmark: "Outside Hertford East station, by the bike racks",
        latitude: 51.7990,
        longitude: -0.0726,
    },
    PickupPoint {
        name: "Welwyn Garden City",
        landmark: "Howardsgate, outside the Howard Centre",
        latitude: 51.8010,
        longitude: -0.2040,
    },
];

pub struct Venue {
    pub name: &'static str,
    pub address: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    pub access_notes: Option<&'static str>,
    pub spaces: &'static [&'static str],
    /// Spaces that are halves of another: (half, the whole it is part of).
    pub parts: &'static [(&'static str, &'static str)],
    /// Open (from, to) on the days listed (0 = Sunday … 6 = Saturday).
    pub hours: ((u32, u32), (u32, u32)),
    pub open_days: &'static [u8],
}

const EVERY_DAY: &[u8] = &[0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS: &[u8] = &[1, 2, 3, 4, 5];

pub const VENUES: &[Venue] = &[
    Venue {
        name: "Clarence Park Tennis Courts",
        address: "Clarence Park, Hatfield Road, St Albans AL1 4NR",
        latitude: 51.7540,
        longitude: -0.3200,
        access_notes: Some("Enter by the Hatfield Road gate. Toilets in the pavilion."),
        spaces: &["Court 1", "Court 2"],
        parts: &[],
        hours: ((8, 0), (21, 0)),
        open_days: EVERY_DAY,
    },
    Venue {
        name: "Stanborough Lakes",
        address: "Stanborough Road, Welwyn Garden City AL8 6DF",
        latitude: 51.7857,
        longitude: -0.2165,
        access_notes: Some(
            "Park in the north car park. The pegs are a short walk on a level path.",
        ),
        spaces: &["North lake pegs", "South lake pegs"],
        parts: &[],
        hours: ((7, 0), (19, 0)),
        open_days: EVERY_DAY,
    },
    Venue {
        name: "Bedwell Community Centre",
        address: "Bedwell Crescent, Stevenage SG1 1NB",
        latitude: 51.9048,
        longitude: -0.1937,
        access_notes: Some("Step-free entrance at the side. Ask at reception for the garden key."),
        spaces: &[
            "Main hall",
            "Hall, stage end",
            "Hall, door end",
            "Kitchen",
            "Community garden",
        ],
        parts: &[
            ("Hall, stage end", "Main hall"),
            ("Hall, door end", "Main hall"),
        ],
        hours: ((9, 0), (17, 0)),
        open_days: WEEKDAYS,
    },
    Venue {
        name: "Hatfield Training Room",
        address: "Unit 4, Comet Way, Hatfield AL10 9TF",
        latitude: 51.7633,
        longitude: -0.2402,
        access_notes: Some("First floor, lift available. Sign in at the front desk."),
        spaces: &["Training room"],
        parts: &[],
        hours: ((8, 30), (17, 30)),
        open_days: WEEKDAYS,
    },
];

pub struct Activity {
    pub name: &'static str,
    pub kind: ActivityKind,
    pub default_duration_minutes: i64,
    pub default_capacity: i64,
    pub what_to_bring: Option<&'static str>,
}

pub const ACTIVITIES: &[Activity] = &[
    Activity {
        name: "Tennis",
        kind: ActivityKind::Sport,
        default_duration_minutes: 330,
        default_capacity: 6,
        what_to_bring: Some("Trainers and a drink. Rackets are provided."),
    },
    Activity {
        name: "Fishing",
        kind: ActivityKind::Sport,
        default_duration_minutes: 330,
        default_capacity: 6,
        what_to_bring: Some("Warm, waterproof clothes. Rods and bait are provided."),
    },
    Activity {
        name: "Wellbeing course",
        kind: ActivityKind::Course,
        default_duration_minutes: 240,
        default_capacity: 10,
        what_to_bring: None,
    },
    Activity {
        name: "Cooking on a budget",
        kind: ActivityKind::Course,
        default_duration_minutes: 240,
        default_capacity: 8,
        what_to_bring: Some("Nothing. Lunch is what you cook."),
    },
    Activity {
        name: "Community garden",
        kind: ActivityKind::CommunityProject,
        default_duration_minutes: 300,
        default_capacity: 8,
        what_to_bring: Some("Old clothes and sturdy shoes. Gloves are provided."),
    },
    Activity {
        name: "Mentoring drop-in",
        kind: ActivityKind::Mentoring,
        default_duration_minutes: 120,
        default_capacity: 6,
        what_to_bring: None,
    },
];

pub struct StaffMember {
    pub given_name: &'static str,
    pub family_name: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub roles: &'static [Role],
}

pub const STAFF: &[StaffMember] = &[
    StaffMember {
        given_name: "Sarah",
        family_name: "Mitchell",
        phone: "07700 900101",
        email: "sarah.coordinator@example.org",
        roles: &[Role::Coordinator],
    },
    StaffMember {
        given_name: "David",
        family_name: "Okafor",
        phone: "07700 900102",
        email: "david.teamleader@example.org",
        roles: &[Role::TeamLeader, Role::Mentor],
    },
    StaffMember {
        given_name: "Priya",
        family_name: "Shah",
        phone: "07700 900103",
        email: "priya.tutor@example.org",
        roles: &[Role::Tutor],
    },
    StaffMember {
        given_name: "James",
        family_name: "Carter",
        phone: "07700 900104",
        email: "james.mentor@example.org",
        roles: &[Role::Mentor],
    },
    StaffMember {
        given_name: "Aisha",
        family_name: "Rahman",
        phone: "07700 900105",
        email: "aisha.mentor@example.org",
        roles: &[Role::Mentor, Role::Tutor],
    },
    StaffMember {
        given_name: "Mick",
        family_name: "Dawson",
        phone: "07700 900106",
        email: "mick.driver@example.org",
        roles: &[Role::Driver],
    },
    // A former participant who qualified as a tennis coach and now tutors.
    StaffMember {
        given_name: "Tom",
        family_name: "Reilly",
        phone: "07700 900107",
        email: "tom.coach@example.org",
        roles: &[Role::Tutor],
    },
    StaffMember {
        given_name: "Sue",
        family_name: "Khan",
        phone: "07700 900109",
        email: "sue.driver@example.org",
        roles: &[Role::Driver],
    },
];

/// Index into [`STAFF`] of the people who lead each activity, by activity name.
pub fn leads_for(activity: &str) -> &'static [usize] {
    match activity {
        "Tennis" => &[6, 2],
        "Fishing" => &[3],
        "Wellbeing course" => &[4],
        "Cooking on a budget" => &[2],
        "Community garden" => &[1],
        // Fishing's lead (3) is at the lake all Wednesday.
        _ => &[1, 4],
    }
}

/// Who the coordinator has put on each activity's group, by activity name: indexes into
/// [`PARTICIPANTS`]. The demo tutor's end-to-end and integration tests add Danny, Kieran,
/// Marcus, Leanne, Jordan, Kayleigh and Chloe to Tennis sessions, so they are in its group.
pub const ACTIVITY_GROUPS: &[(&str, &[usize])] = &[
    ("Tennis", &[0, 1, 2, 3, 4, 6, 9, 14, 20, 23]),
    ("Fishing", &[1, 5, 7, 8, 10, 13, 16, 21]),
    ("Wellbeing course", &[0, 3, 11, 12, 15, 17, 19]),
    ("Cooking on a budget", &[2, 6, 9, 18, 21, 22]),
    ("Community garden", &[4, 8, 10, 14, 17, 20]),
    ("Mentoring drop-in", &[5, 11, 19, 22]),
];

pub struct Participant {
    pub given_name: &'static str,
    pub family_name: &'static str,
    pub preferred_name: Option<&'static str>,
    pub pickup_point: usize,
    pub needs_lift: bool,
    pub mobility_needs: Option<&'static str>,
    pub referral: ReferralSource,
    /// Days before today the referral came in.
    pub referred_days_ago: u64,
}

const fn p(
    given_name: &'static str,
    family_name: &'static str,
    pickup_point: usize,
    referral: ReferralSource,
    referred_days_ago: u64,
) -> Participant {
    Participant {
        given_name,
        family_name,
        preferred_name: None,
        pickup_point,
        needs_lift: true,
        mobility_needs: None,
        referral,
        referred_days_ago,
    }
}

use ReferralSource::{Police, Probation, SelfReferral, ThirdSector};

pub const PARTICIPANTS: &[Participant] = &[
    Participant {
        preferred_name: Some("Danny"),
        ..p("Daniel", "Hughes", 0, Probation, 58)
    },
    p("Kieran", "Walsh", 0, Police, 51),
    p("Marcus", "Bennett", 1, ThirdSector, 49),
    Participant {
        mobility_needs: Some("Walks with a stick; needs the front seat."),
        ..p("Leanne", "Foster", 1, Probation, 47)
    },
    p("Jordan", "Price", 2, SelfReferral, 44),
    p("Shane", "Doyle", 2, Probation, 40),
    Participant {
        preferred_name: Some("Rich"),
        ..p("Richard", "Cole", 3, Police, 38)
    },
    p("Tyler", "Grant", 3, ThirdSector, 36),
    p("Nathan", "Ellis", 4, Probation, 33),
    Participant {
        needs_lift: false,
        ..p("Gemma", "Hart", 4, SelfReferral, 31)
    },
    p("Liam", "Murphy", 5, Probation, 29),
    p("Craig", "Palmer", 5, Police, 27),
    p("Ashley", "Knight", 6, ThirdSector, 25),
    Participant {
        mobility_needs: Some("Hearing aid: please face them when speaking."),
        ..p("Wayne", "Booth", 6, Probation, 22)
    },
    p("Jade", "Simmons", 0, SelfReferral, 20),
    p("Connor", "Lynch", 1, Probation, 18),
    Participant {
        needs_lift: false,
        ..p("Stacey", "Barker", 2, ThirdSector, 16)
    },
    p("Dean", "Harper", 3, Police, 14),
    Participant {
        preferred_name: Some("Mo"),
        ..p("Mohammed", "Iqbal", 4, Probation, 12)
    },
    p("Ryan", "Fletcher", 5, SelfReferral, 10),
    p("Kayleigh", "Ward", 6, ThirdSector, 8),
    p("Lewis", "Chambers", 0, Probation, 6),
    p("Darren", "Webb", 2, Police, 4),
    p("Chloe", "Marsh", 1, SelfReferral, 2),
];

/// A weekly slot in the demo timetable.
pub struct Slot {
    pub weekday: Weekday,
    pub activity: &'static str,
    /// (venue index into [`VENUES`], space name)
    pub venue: usize,
    pub space: &'static str,
    pub start: (u32, u32),
    pub end: (u32, u32),
}

pub const WEEKLY_TIMETABLE: &[Slot] = &[
    Slot {
        weekday: Weekday::Mon,
        activity: "Wellbeing course",
        venue: 3,
        space: "Training room",
        start: (10, 0),
        end: (14, 0),
    },
    Slot {
        weekday: Weekday::Tue,
        activity: "Tennis",
        venue: 0,
        space: "Court 1",
        start: (10, 0),
        end: (15, 30),
    },
    Slot {
        weekday: Weekday::Wed,
        activity: "Fishing",
        venue: 1,
        space: "North lake pegs",
        start: (10, 0),
        end: (15, 30),
    },
    Slot {
        weekday: Weekday::Wed,
        activity: "Mentoring drop-in",
        venue: 3,
        space: "Training room",
        start: (13, 0),
        end: (15, 0),
    },
    Slot {
        weekday: Weekday::Thu,
        activity: "Community garden",
        venue: 2,
        space: "Community garden",
        start: (10, 0),
        end: (15, 0),
    },
    Slot {
        weekday: Weekday::Thu,
        activity: "Tennis",
        venue: 0,
        space: "Court 2",
        start: (10, 0),
        end: (12, 30),
    },
    Slot {
        weekday: Weekday::Fri,
        activity: "Cooking on a budget",
        venue: 2,
        space: "Kitchen",
        start: (10, 0),
        end: (14, 0),
    },
];

pub struct Vehicle {
    pub name: &'static str,
    pub registration: &'static str,
    pub seats_including_driver: i64,
    pub wheelchair_spaces: i64,
    /// Weekdays as bits: Monday = 1 … Sunday = 64.
    pub available_days: i64,
}

pub const VEHICLES: &[Vehicle] = &[
    Vehicle {
        name: "People carrier",
        registration: "YX21 TRN",
        seats_including_driver: 8,
        wheelchair_spaces: 0,
        available_days: 31,
    },
    // Lent by a partner charity on weekdays, with a ramp.
    Vehicle {
        name: "Minibus",
        registration: "HK19 BUS",
        seats_including_driver: 9,
        wheelchair_spaces: 1,
        available_days: 31,
    },
];

/// Every demo driver's documents, as days from today: the licence is good for about two years,
/// the DBS check is due in 12 days (so the drivers page shows its 30-day warning).
pub const DRIVER_LICENCE_DAYS_LEFT: u64 = 700;
pub const DRIVER_DBS_DAYS_LEFT: u64 = 12;

/// The coordinator's own travel times: (pick-up point, venue, minutes). The road from Hatfield
/// to the lakes is slower than the map suggests.
pub const TRAVEL_TIMES: &[(&str, &str, i64)] = &[("Hatfield", "Stanborough Lakes", 25)];

/// The one password every demo account shares. Demo data only: printed at start-up.
pub const DEMO_PASSWORD: &str = "turnaround demo day";

/// The authenticator secret of the demo's coordinator and team leader (everyone who can read
/// referral data must use two-step sign-in). Public on purpose: `turnaround demo-code` prints the
/// current code from it.
pub const DEMO_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The sign-in name a demo participant gets: "given.family", lower case.
pub fn participant_username(given_name: &str, family_name: &str) -> String {
    format!("{given_name}.{family_name}")
        .to_lowercase()
        .replace(['\'', ' '], "")
}

/// A referral waiting in the demo's intake queue.
pub struct DemoReferral {
    pub source: &'static str,
    pub organisation: &'static str,
    pub referrer: &'static str,
    pub given_name: &'static str,
    pub family_name: &'static str,
    pub born_on: &'static str,
    pub phone: &'static str,
    pub reason: &'static str,
    pub days_ago: u64,
    pub contacted_days_ago: Option<u64>,
    pub declined_days_ago: Option<u64>,
}

/// Made-up people at different steps: new from probation, contacted after a police referral, a
/// self-referral from yesterday, and one who declined.
pub const REFERRALS: &[DemoReferral] = &[
    DemoReferral {
        source: "probation",
        organisation: "Hertfordshire Probation Service",
        referrer: "Helen Carter",
        given_name: "Jordan",
        family_name: "Price",
        born_on: "1994-06-12",
        phone: "07700 900301",
        reason:
            "Finished a community order last month; interested in courses and getting back to work.",
        days_ago: 2,
        contacted_days_ago: None,
        declined_days_ago: None,
    },
    DemoReferral {
        source: "police",
        organisation: "Herts Police, Stevenage",
        referrer: "PC Amir Hussain",
        given_name: "Casey",
        family_name: "Morgan",
        born_on: "2001-02-03",
        phone: "07700 900302",
        reason: "Out of court disposal; keen on sport, needs transport.",
        days_ago: 9,
        contacted_days_ago: Some(7),
        declined_days_ago: None,
    },
    DemoReferral {
        source: "self",
        organisation: "",
        referrer: "",
        given_name: "Robin",
        family_name: "Ellis",
        born_on: "",
        phone: "07700 900303",
        reason: "A friend on the programme told me about the fishing.",
        days_ago: 1,
        contacted_days_ago: None,
        declined_days_ago: None,
    },
    DemoReferral {
        source: "third_sector",
        organisation: "Hertfordshire Mind Network",
        referrer: "Grace Okoye",
        given_name: "Taylor",
        family_name: "Brooks",
        born_on: "1988-09-30",
        phone: "07700 900304",
        reason: "Low mood since leaving prison; might enjoy the allotment project.",
        days_ago: 26,
        contacted_days_ago: Some(24),
        declined_days_ago: Some(20),
    },
];

/// The first participant's goals: (area id, goal, owned by the participant, days to the target,
/// steps). Areas are numbered as the migration seeds them.
pub const PLAN_GOALS: &[(i64, &str, bool, u64, &[&str])] = &[
    (
        2,
        "Get a CSCS card so I can work on building sites",
        true,
        45,
        &[
            "Book the CSCS test",
            "Do the health and safety revision",
            "Take the test",
        ],
    ),
    (
        3,
        "Open a bank account",
        false,
        14,
        &[
            "Get a letter that proves my address",
            "Book an appointment at the bank",
        ],
    ),
];

/// A one-to-one note in the demo (made up).
pub const PLAN_NOTE: &str = "Met at the allotment. Keen on construction; talked through the CSCS card and what the test involves. Booked the test together for next month.";

/// The first participant's wellbeing check-ins on the demo questionnaire: (days ago, time
/// point, answers, their sum).
pub const PLAN_CHECK_INS: &[(u64, crate::wellbeing::TimePoint, &str, i64)] = &[
    (95, crate::wellbeing::TimePoint::Start, "2,3,2,3,2", 12),
    (4, crate::wellbeing::TimePoint::Review, "4,3,4,3,3", 17),
];
