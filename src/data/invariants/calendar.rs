//! The planner's clash rules (`scheduling::clash`, the same functions the planner and the
//! server use) hold between every two planned sessions still to come: a space holds one at a
//! time with the changeover buffer, a hall clashes with its halves, a lead leads one at a time,
//! and each fits its venue's opening hours. The triggers check each session as it is written;
//! this catches what changed around it later (hours, halves, the buffer).

use crate::scheduling::clash::{Calendar, Proposal};

/// `calendar`: the planned sessions still to come, with the spaces, hours and buffer.
pub fn check(calendar: &Calendar) -> Vec<String> {
    let mut sessions = calendar.sessions.clone();
    sessions.sort_by_key(|s| s.id);
    let mut broken = Vec::new();
    // Each session against those before it (by id), so a clashing pair is told once.
    let mut earlier = Calendar {
        sessions: Vec::new(),
        ..calendar.clone()
    };
    for session in sessions {
        let proposal = Proposal {
            id: Some(session.id),
            space: session.space,
            leads: session.leads.clone(),
            starts_at: session.starts_at,
            ends_at: session.ends_at,
        };
        for clash in earlier.clashes(&proposal) {
            broken.push(format!(
                "{} on {} (session {}) breaks the planner's rules: {}",
                session.activity,
                crate::scheduling::clash::short_day(session.starts_at.date()),
                session.id,
                clash.describe(|lead| calendar.lead_name(lead))
            ));
        }
        earlier.sessions.push(session);
    }
    broken
}
