//! The people carrier, its seats and the places it collects participants from.

use crate::ids::id_type;

pub mod allocate;
pub mod board;
pub mod board_marks;
pub mod board_page;
/// `turnaround transport solve`: the solver from the command line (server binary only).
#[cfg(feature = "ssr")]
pub mod command;
pub mod driver_rota;
pub mod pickup_list;
pub mod pickup_list_page;
pub mod runs_api;
pub mod solver;
pub mod tick_time;
pub mod travel;
/// What the coordinator does with runs, once for both databases (server only).
#[cfg(feature = "ssr")]
pub mod use_cases;

id_type!(
    /// A central place where the people carrier collects participants.
    PickupPointId
);
id_type!(
    /// One of the programme's vehicles.
    VehicleId
);
id_type!(
    /// One vehicle's trip on a programme day: outbound to a venue, or back.
    RunId
);

/// The programme's people carrier: 8 seats, one of them the driver's.
pub const PEOPLE_CARRIER_SEATS_INCLUDING_DRIVER: u8 = 8;

/// Passenger seats in a vehicle: every seat but the driver's.
pub fn passenger_seats(seats_including_driver: u8) -> u8 {
    seats_including_driver.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_people_carrier_takes_seven_passengers() {
        assert_eq!(passenger_seats(PEOPLE_CARRIER_SEATS_INCLUDING_DRIVER), 7);
        assert_eq!(passenger_seats(0), 0);
    }
}
