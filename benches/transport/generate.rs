//! Deterministic benchmark instances: pick-up points scattered around Hatfield, riders due at
//! the venue by 10:00, people carriers with 7 seats and a wheelchair space.
//!
//! The same seed always gives the same instances, so figures can be compared between runs and
//! machines. A tiny xorshift keeps random-number crates out of the dependency tree.

use serde_json::{json, Value};
use turnaround::transport::solver::problem::Problem;
use turnaround::transport::solver::{Instance, InstanceError};

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

/// A place with coordinates, as the instance JSON writes it.
fn place(name: &str, latitude: f64, longitude: f64) -> Value {
    json!({ "name": name, "location": { "latitude": latitude, "longitude": longitude } })
}

/// One instance of `size`, with coordinates and the default travel model.
///
/// Written as instance JSON and read back, rather than built field by field, so optional
/// fields added to the instance later simply take their defaults here.
pub fn instance(size: Size, rng: &mut XorShift) -> Result<Instance, serde_json::Error> {
    // The venue near Hatfield; pick-up points within about 12 km (Watford to Welwyn).
    let venue = place("Lakeside Centre", 51.7634, -0.2230);
    let stops: Vec<Value> = (0..size.stops)
        .map(|i| {
            let (latitude, longitude) = (51.66 + 0.17 * rng.unit(), -0.42 + 0.30 * rng.unit());
            place(&format!("Stop {:02}", i + 1), latitude, longitude)
        })
        .collect();
    let requests: Vec<Value> = (0..size.riders)
        .map(|i| {
            // Most riders are ready whenever; some only from 09:00 and some may ride at most
            // 40 minutes, so the time windows bind; one in ten uses a wheelchair.
            let earliest = (rng.below(4) == 0).then_some("09:00");
            let max_ride_minutes = if rng.below(3) == 0 { 40 } else { 75 };
            let stop = &stops[rng.below(stops.len())]["name"];
            json!({
                "rider": format!("R{:02}", i + 1),
                "pickup": stop,
                "earliest": earliest,
                "latest": "10:00",
                "max_ride_minutes": max_ride_minutes,
                "wheelchair": i % 10 == 9,
            })
        })
        .collect();
    let vehicles: Vec<Value> = (0..size.vehicles)
        .map(|v| {
            // Half the fleet sleeps at the garage, the rest at the venue.
            let start = (v % 2 == 1).then_some("Garage");
            json!({
                "id": format!("Carrier {}", v + 1),
                "seats": 7,
                "wheelchair_spaces": 1,
                "start": start,
            })
        })
        .collect();
    serde_json::from_value(json!({
        "direction": "outbound",
        "venue": venue,
        "stops": stops,
        "depots": [place("Garage", 51.7520, -0.3360)],
        "requests": requests,
        "vehicles": vehicles,
    }))
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
