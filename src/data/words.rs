//! What several storage modules share: where a name must be unique, and reading counts.

use super::Tx;
use crate::error::AppError;
use crate::venues::VenueId;

/// Where a name must be unique, compared without regard to capitals ("tennis" is Tennis).
#[derive(Debug, Clone, Copy)]
pub enum NameScope {
    Activities,
    PickupPoints,
    Venues,
    /// The spaces of one venue (two venues may each have a "Hall").
    SpacesOf(VenueId),
    Vehicles,
}

impl NameScope {
    /// The table, and the column and value that narrow it. Ours, never user input.
    pub(crate) fn table(self) -> (&'static str, Option<(&'static str, i64)>) {
        match self {
            NameScope::Activities => ("activities", None),
            NameScope::PickupPoints => ("pickup_points", None),
            NameScope::Venues => ("venues", None),
            NameScope::SpacesOf(venue) => ("venue_spaces", Some(("venue_id", venue.0))),
            NameScope::Vehicles => ("vehicles", None),
        }
    }
}

/// The name as written of another row in `scope` (not the row `except`, the one being
/// renamed) that has `name`; `None` when the name is free.
pub async fn name_taken(
    tx: &mut Tx,
    scope: NameScope,
    name: &str,
    except: Option<i64>,
) -> Result<Option<String>, AppError> {
    in_tx!(tx, words::name_taken(scope, name, except))
}

/// A count or a number of hours read from the database (PostgreSQL has no unsigned integers,
/// so every integer is read as `i64`) as the `u32` the pages use. The tables' CHECKs keep these
/// small and non-negative.
pub(crate) fn small(number: i64) -> u32 {
    u32::try_from(number).unwrap_or(0)
}
