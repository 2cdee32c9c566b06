//! The programme's own settings: the defaults every programme day starts from.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeSettings {
    pub programme_name: String,
    /// IANA name, "Europe/London" unless changed. All session times are local to it.
    pub time_zone: String,
    /// When participants should be on site: the pick-up runs are timed back from it.
    pub default_arrival: NaiveTime,
    /// When the day usually ends and the return runs leave.
    pub default_end: NaiveTime,
    /// True while the database holds the fictional demo programme.
    pub is_demo: bool,
    /// "I can't come" within this many hours of the start is a late cancellation.
    pub late_cancel_hours: u32,
}
