//! Deterministic benchmark instances: pick-up points scattered around Hatfield, riders due at
//! the venue by 10:00, people carriers with 7 seats and a wheelchair space.
//!
//! The same seed always gives the same instances, so figures can be compared between runs and
//! machines. A tiny xorshift keeps random-number crates out of the dependency tree.

use turnaround::geo::GeoPoint;
use turnaround::transport::solver::clock::ClockTime;
use turnaround::transport::solver::instance::{Place, Request, VehicleSpec};
use turnaround::transport::solver::problem::Problem;
use turnaround::transport::solver::{Direction, Instance, InstanceError};

/// How big one benchmark instance is.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub vehicles: usize,
    pub riders: usize,
    pub stops: usize,
}

/// From the everyday run (one people carrier, seven riders) up to a busy programme day.
pub const SIZES: [Size; 6] = [
    Size {
        vehicles: 1,
        riders: 7,
        stops: 8,
    },
    Size {
        vehicles: 1,
        riders: 12,
        stops: 10,
    },
    Size {
        vehicles: 2,
        riders: 14,
        stops: 12,
    },
    Size {
        vehicles: 3,
        riders: 21,
        stops: 14,
    },
    Size {
        vehicles: 4,
        riders: 28,
        stops: 17,
    },
    Size {
        vehicles: 5,
        riders: 35,
        stops: 20,
    },
];

/// xorshift64* (Vigna): plenty for scattering points, and reproducible everywhere.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn point(latitude: f64, longitude: f64) -> Option<GeoPoint> {
    GeoPoint::new(latitude, longitude).ok()
}

fn time(text: &str) -> Option<ClockTime> {
    ClockTime::parse(text).ok()
}

/// One instance of `size`, with coordinates and the default travel model.
pub fn instance(size: Size, rng: &mut XorShift) -> Instance {
    // The venue near Hatfield; pick-up points within about 12 km (Watford to Welwyn).
    let venue = Place {
        name: "Lakeside Centre".into(),
        location: point(51.7634, -0.2230),
    };
    let stops: Vec<Place> = (0..size.stops)
        .map(|i| Place {
            name: format!("Stop {:02}", i + 1),
            location: point(51.66 + 0.17 * rng.unit(), -0.42 + 0.30 * rng.unit()),
        })
        .collect();
    let depots = vec![Place {
        name: "Garage".into(),
        location: point(51.7520, -0.3360),
    }];
    let requests = (0..size.riders)
        .map(|i| {
            // Most riders are ready whenever; some only from 09:00 and some may ride at most
            // 40 minutes, so the time windows bind; one in ten uses a wheelchair.
            let earliest = if rng.below(4) == 0 {
                time("09:00")
            } else {
                None
            };
            let max_ride_minutes = if rng.below(3) == 0 { 40 } else { 75 };
            Request {
                rider: format!("R{:02}", i + 1),
                pickup: Some(stops[rng.below(stops.len())].name.clone()),
                dropoff: None,
                load: 1,
                wheelchair: i % 10 == 9,
                earliest,
                latest: time("10:00"),
                max_ride_minutes,
            }
        })
        .collect();
    let vehicles = (0..size.vehicles)
        .map(|v| VehicleSpec {
            id: format!("Carrier {}", v + 1),
            seats: 7,
            wheelchair_spaces: 1,
            // Half the fleet sleeps at the garage, the rest at the venue.
            start: (v % 2 == 1).then(|| "Garage".to_string()),
        })
        .collect();
    Instance {
        direction: Direction::Outbound,
        venue,
        stops,
        depots,
        travel: Default::default(),
        time_matrix: None,
        overrides: vec![],
        requests,
        vehicles,
        keep_apart: vec![],
    }
}

/// The same instance with the solver's own minutes written out as `time_matrix`, so that
/// OR-Tools reads exactly the travel times our solver uses (no second haversine to get wrong).
pub fn with_time_matrix(instance: &Instance) -> Result<Instance, InstanceError> {
    let table = Problem::parse(instance)?.table;
    let matrix = table
        .minutes
        .iter()
        .map(|row| row.iter().map(|&m| m.max(0) as u32).collect())
        .collect();
    Ok(Instance {
        time_matrix: Some(matrix),
        overrides: vec![],
        ..instance.clone()
    })
}
