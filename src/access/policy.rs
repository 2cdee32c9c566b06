//! The access policy: deny by default, one table.
//!
//! | role | may |
//! |---|---|
//! | participant | their own bookings, calendar and profile; "I can't come" and "I need a lift" on their own bookings |
//! | driver | the runs they drive; of each passenger only first name + initial, pick-up point, phone, mobility needs |
//! | mentor | their own mentees' needs, goals and one-to-one notes (each read audited) |
//! | tutor, mentor | the sessions they lead and who is booked on them (no referral data); on those sessions they enrol only members of the activity's group and their own mentees; mentors also their mentees' profiles; the activities and venues (to plan with, not to change) |
//! | coordinator | a participant's date of birth, gender and Justice Data Lab consent, and the Data Lab extract |
//! | tutor, mentor | the case meeting's agenda and the packs of their own participants (mentors: their mentees' with one-to-one notes; leads: those on their sessions, without notes or the restricted section); the actions they own |
//! | coordinator, team leader | running the case meeting: every pack, the restricted section (keep-apart), minutes, actions on anyone, the print view |
//! | coordinator, team leader | the funders' report (counts only, below 5 withheld); everything, including referrals (the intake queue, each referral, partner links), referral source and notes, people admin and the audit log; adding and changing activities, venues, spaces and opening hours; who is in each activity's group, and enrolling anyone; the keep-apart list and its reasons; vehicles, drivers' documents, pick-up points and travel times |
//!
//! Tutors and mentors also plan sessions and book venues, and move or cancel the sessions they lead.
//! Nobody but coordinators and team leaders ever receives a keep-apart reason: the list is theirs,
//! and everyone else is only told that a booking is "not possible".
//!
//! Activity groups: the coordinator puts participants on an activity's list ("Tennis group").
//! Without [`Permission::EnrolAnyParticipant`] a lead may add to a session only that activity's
//! group and their own mentees, sees only those in the session's "add someone" list, and is
//! answered about anyone else exactly as about an id that does not exist, so leading a session
//! is no way to find out who is on the programme, or who is kept apart from whom. Reading a
//! session's list of people with their contact details is written to the audit log, once per
//! view.
//!
//! Row-level limits ("the sessions *they* lead", "*their own* mentees", "the activity's group")
//! are applied by the data layer's queries, which take the person asking as an argument.

use serde::{Deserialize, Serialize};

use crate::people::Role;

/// Something a signed-in person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// The week's programme: sessions, places and leads, no participant names.
    ViewWeekProgramme,
    /// A participant's own activities and profile.
    ViewOwnActivities,
    /// Say "I can't come" to one's own session, and ask for (or give up) a lift to it.
    ChangeOwnBookings,
    /// The sessions one leads and the participants booked on them, without referral data.
    ViewOwnSessionRosters,
    /// One's own mentees' profiles, without referral data.
    ViewOwnMentees,
    /// The runs one drives, with each passenger's minimal details.
    ViewOwnRuns,
    /// Everyone's records, including referral source and notes.
    ViewAllPeople,
    /// Create, edit, deactivate people; assign roles and mentors; issue invites.
    ManagePeople,
    /// Read the audit log.
    ViewAuditLog,
    /// Turn on two-step sign-in for one's own account (allowed even before it is on).
    SetUpOwnTwoStep,
    /// Plan sessions and book venues; move or cancel the sessions one leads.
    PlanSessions,
    /// Move or cancel any session, whoever leads it.
    PlanAnySession,
    /// Enrol any participant on a session one may enrol on. Without it, only members of the
    /// session's activity group and one's own mentees.
    EnrolAnyParticipant,
    /// The activities on offer, with their defaults (to plan sessions with).
    ViewActivities,
    /// Add activities and change their name, kind and defaults.
    ManageActivities,
    /// Who is in each activity's group: read, add and remove members (each change audited).
    ManageActivityGroups,
    /// The venues, their spaces and opening hours (to plan sessions with).
    ViewVenues,
    /// Add venues and change their details, spaces and opening hours.
    ManageVenues,
    /// The keep-apart list with its reasons: read, add and remove pairs.
    ManageKeepApart,
    /// Vehicles, drivers' licence and DBS dates, pick-up points and typed-in travel times.
    ManageFleet,
    /// Plan the day's runs, move passengers between seats, choose drivers, publish lists.
    ManageTransport,
    /// See, and replace, one's own private calendar-feed link (what the feed holds follows
    /// from one's roles: own bookings, sessions led, runs driven).
    UseOwnCalendarFeed,
    /// Make one's own expense claims: own-car journeys and expenses with receipts.
    MakeOwnClaims,
    /// Approve, return and mark paid other people's claims; keep the mileage rates; download
    /// the month's claims for the finance software.
    ApproveClaims,
    /// The vehicles' mileage logs, and answering their flags (explaining or correcting readings).
    ManageMileageLog,
    /// Referrals: the intake queue, each referral whole (audited), moving it on, accepting it
    /// onto the programme, and the partner agencies' referral links.
    ManageReferrals,
    /// Participants' needs, goals and one-to-one notes: as their mentor, or (with
    /// [`ViewAllPeople`]) anyone's. Row-level: a mentor reaches only their own mentees.
    ManagePlans,
    /// A participant's own goals, and ticking their own steps.
    ViewOwnPlan,
    /// A participant answers the wellbeing questions for themselves and sees their own scores.
    AnswerOwnWellbeing,
    /// The retention schedule, legal holds, running the anonymiser now, and subject access
    /// requests (each pack downloaded is audited).
    ManageRetention,
    /// The funders' report: counts only, every count below 5 withheld (its CSV and print view
    /// are audited).
    ReadFundersReport,
    /// A participant's date of birth, gender and Justice Data Lab consent, and the extract that
    /// sends them (names, date of birth, gender, start date) to the Ministry of Justice.
    ManageDataLabDetails,
    /// Run the monthly case meeting: open it, say who came, minute it, record actions on anyone
    /// and close it; read every participant's pack (the restricted section too with
    /// [`ManageKeepApart`]) and print the meeting (each pack read and print audited).
    RunCaseMeetings,
    /// Read a case meeting's agenda and packs. Row-level: a mentor reaches their own mentees'
    /// packs with notes; a lead reaches the packs of those booked on the sessions they lead,
    /// without notes or the restricted section.
    ReadCasePacks,
    /// See the case-meeting actions one owns on one's home page and mark them done.
    KeepOwnCaseActions,
}

use Permission::*;
use Role::*;

/// The whole policy. Anything not listed is refused.
const POLICY: &[(Permission, &[Role])] = &[
    (
        ViewWeekProgramme,
        &[Tutor, Mentor, Driver, Coordinator, TeamLeader],
    ),
    (ViewOwnActivities, &[Participant]),
    (ChangeOwnBookings, &[Participant]),
    (
        ViewOwnSessionRosters,
        &[Tutor, Mentor, Coordinator, TeamLeader],
    ),
    (ViewOwnMentees, &[Mentor]),
    (ViewOwnRuns, &[Driver]),
    (ViewAllPeople, &[Coordinator, TeamLeader]),
    (ManagePeople, &[Coordinator, TeamLeader]),
    (ViewAuditLog, &[Coordinator, TeamLeader]),
    (
        SetUpOwnTwoStep,
        &[Tutor, Mentor, Driver, Coordinator, TeamLeader],
    ),
    (PlanSessions, &[Tutor, Mentor, Coordinator, TeamLeader]),
    (PlanAnySession, &[Coordinator, TeamLeader]),
    (EnrolAnyParticipant, &[Coordinator, TeamLeader]),
    (ViewActivities, &[Tutor, Mentor, Coordinator, TeamLeader]),
    (ManageActivities, &[Coordinator, TeamLeader]),
    (ManageActivityGroups, &[Coordinator, TeamLeader]),
    (ViewVenues, &[Tutor, Mentor, Coordinator, TeamLeader]),
    (ManageVenues, &[Coordinator, TeamLeader]),
    (ManageKeepApart, &[Coordinator, TeamLeader]),
    (ManageFleet, &[Coordinator, TeamLeader]),
    (ManageTransport, &[Coordinator, TeamLeader]),
    (
        UseOwnCalendarFeed,
        &[Participant, Tutor, Mentor, Driver, Coordinator, TeamLeader],
    ),
    (
        MakeOwnClaims,
        &[Tutor, Mentor, Driver, Coordinator, TeamLeader],
    ),
    (ApproveClaims, &[Coordinator, TeamLeader]),
    (ManageMileageLog, &[Coordinator, TeamLeader]),
    (ManageReferrals, &[Coordinator, TeamLeader]),
    (ManagePlans, &[Mentor, Coordinator, TeamLeader]),
    (ViewOwnPlan, &[Participant]),
    (AnswerOwnWellbeing, &[Participant]),
    (ManageRetention, &[Coordinator, TeamLeader]),
    (ReadFundersReport, &[Coordinator, TeamLeader]),
    (ManageDataLabDetails, &[Coordinator]),
    (RunCaseMeetings, &[Coordinator, TeamLeader]),
    (ReadCasePacks, &[Tutor, Mentor, Coordinator, TeamLeader]),
    (
        KeepOwnCaseActions,
        &[Tutor, Mentor, Coordinator, TeamLeader],
    ),
];

/// Does any of `roles` grant `permission`?
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    POLICY
        .iter()
        .filter(|(listed, _)| *listed == permission)
        .any(|(_, granted)| roles.iter().any(|role| granted.contains(role)))
}

/// What a password alone must never open: referral data, people admin and the audit log.
const NEEDS_TWO_STEP: [Permission; 6] = [
    ViewAllPeople,
    ManagePeople,
    ViewAuditLog,
    ManageReferrals,
    ManageRetention,
    ManageDataLabDetails,
];

/// Must these roles use two-step sign-in (an authenticator app) before they can do anything?
/// Derived from the table, not from a list of roles: whoever is granted any of
/// [`NEEDS_TWO_STEP`] needs it, so a role given referral access later needs it too.
pub fn must_use_two_step(roles: &[Role]) -> bool {
    NEEDS_TWO_STEP
        .iter()
        .any(|permission| allows(roles, *permission))
}

/// Roles that count as staff (they sign in with an email address and may enrol two-step).
pub fn is_staff(roles: &[Role]) -> bool {
    roles.iter().any(|role| *role != Participant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_allowed_without_a_role() {
        for (permission, _) in POLICY {
            assert!(!allows(&[], *permission));
        }
    }

    #[test]
    fn referral_data_is_for_coordinators_and_team_leaders_only() {
        for role in Role::ALL {
            let expected = matches!(role, Coordinator | TeamLeader);
            assert_eq!(allows(&[role], ViewAllPeople), expected, "{role:?}");
            assert_eq!(allows(&[role], ManageReferrals), expected, "{role:?}");
        }
    }

    #[test]
    fn a_participant_sees_only_their_own_things() {
        let granted: Vec<_> = POLICY
            .iter()
            .filter(|(p, _)| allows(&[Participant], *p))
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(
            granted,
            vec![
                ViewOwnActivities,
                ChangeOwnBookings,
                UseOwnCalendarFeed,
                ViewOwnPlan,
                AnswerOwnWellbeing
            ]
        );
    }

    #[test]
    fn keep_apart_reasons_are_for_the_same_roles_as_referral_data() {
        for role in Role::ALL {
            assert_eq!(
                allows(&[role], ManageKeepApart),
                allows(&[role], ViewAllPeople),
                "{role:?}"
            );
        }
    }

    #[test]
    fn planners_see_venues_and_activities_but_only_admins_change_them() {
        for role in [Tutor, Mentor] {
            assert!(allows(&[role], ViewVenues) && allows(&[role], ViewActivities));
            assert!(!allows(&[role], ManageVenues) && !allows(&[role], ManageActivities));
        }
        for role in [Driver, Participant] {
            assert!(!allows(&[role], ViewVenues) && !allows(&[role], ViewActivities));
        }
    }

    #[test]
    fn only_admins_keep_the_fleet_and_drivers_documents() {
        for role in Role::ALL {
            let expected = matches!(role, Coordinator | TeamLeader);
            assert_eq!(allows(&[role], ManageFleet), expected, "{role:?}");
        }
    }

    #[test]
    fn everyone_signed_in_has_their_own_calendar_feed() {
        for role in Role::ALL {
            assert!(allows(&[role], UseOwnCalendarFeed), "{role:?}");
        }
    }

    #[test]
    fn whoever_may_read_referral_data_or_the_audit_log_must_use_two_step() {
        for role in Role::ALL {
            let reads_sensitive = NEEDS_TWO_STEP
                .iter()
                .any(|permission| allows(&[role], *permission));
            assert_eq!(must_use_two_step(&[role]), reads_sensitive, "{role:?}");
        }
        assert!(must_use_two_step(&[TeamLeader]));
        assert!(must_use_two_step(&[Coordinator]));
        assert!(!must_use_two_step(&[Tutor, Mentor, Driver, Participant]));
    }

    #[test]
    fn a_driver_reads_no_case_pack_and_only_coordinators_run_the_meeting() {
        assert!(!allows(&[Driver], ReadCasePacks));
        assert!(!allows(&[Driver, Participant], RunCaseMeetings));
        for role in Role::ALL {
            assert_eq!(
                allows(&[role], RunCaseMeetings),
                allows(&[role], ManageKeepApart),
                "{role:?}"
            );
        }
    }

    #[test]
    fn roles_add_up() {
        assert!(allows(&[Participant, Driver], ViewOwnRuns));
        assert!(allows(&[Participant, Driver], ViewOwnActivities));
        assert!(!allows(&[Participant, Driver], ViewAllPeople));
    }
}
