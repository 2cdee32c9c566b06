//! Venues the programme uses and the bookable spaces inside them.

use crate::ids::id_type;

id_type!(
    /// A place the programme meets: a tennis club, a lake, a community centre.
    VenueId
);
id_type!(
    /// A bookable part of a venue: Court 1, the pegs area, a training room.
    SpaceId
);
