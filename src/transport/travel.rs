//! How long the people carrier takes between two places, without asking the internet.
//!
//! Straight-line (great-circle) distance times a road factor, at an average speed, rounded up
//! to whole minutes. Where the coordinator knows better ("Hatfield → the lake: 25 min") an
//! override wins; overrides are looked up by the caller, who knows what the places are called.

use crate::geo::GeoPoint;
use serde::{Deserialize, Serialize};

/// The parameters of the straight-line travel-time estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TravelModel {
    /// Roads are longer than the straight line; 1.3 is typical for towns and A-roads.
    #[serde(default = "default_road_factor")]
    pub road_factor: f64,
    /// Door-to-door average including junctions and traffic lights.
    #[serde(default = "default_speed")]
    pub average_speed_kmh: f64,
}

fn default_road_factor() -> f64 {
    1.3
}

fn default_speed() -> f64 {
    40.0
}

impl Default for TravelModel {
    fn default() -> Self {
        Self {
            road_factor: default_road_factor(),
            average_speed_kmh: default_speed(),
        }
    }
}

/// Why a travel model cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TravelModelError {
    #[error("the road factor must be at least 1 (roads are never shorter than the straight line)")]
    RoadFactor,
    #[error("the average speed must be more than 0 km/h")]
    Speed,
}

impl TravelModel {
    /// Refuses parameters that would give zero, negative or infinite times.
    pub fn checked(self) -> Result<Self, TravelModelError> {
        if !(self.road_factor.is_finite() && self.road_factor >= 1.0) {
            return Err(TravelModelError::RoadFactor);
        }
        if !(self.average_speed_kmh.is_finite() && self.average_speed_kmh > 0.0) {
            return Err(TravelModelError::Speed);
        }
        Ok(self)
    }

    /// Whole minutes from `from` to `to`, rounded up so a plan never promises the impossible.
    pub fn minutes(self, from: GeoPoint, to: GeoPoint) -> u32 {
        let road_km = from.distance_km(to) * self.road_factor;
        let minutes = (road_km / self.average_speed_kmh * 60.0).ceil();
        // A finite model and places on the globe keep this far below u32::MAX.
        minutes.max(0.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint::new(lat, lon).unwrap()
    }

    #[test]
    fn watford_to_st_albans_takes_about_twenty_minutes() {
        // ~10.4 km straight, × 1.3 ≈ 13.5 km of road, at 40 km/h ≈ 20.3 min → 21 min.
        let watford = place(51.6636, -0.3962);
        let st_albans = place(51.7504, -0.3275);
        assert_eq!(TravelModel::default().minutes(watford, st_albans), 21);
    }

    #[test]
    fn same_place_is_zero_and_times_round_up() {
        let model = TravelModel::default();
        let a = place(51.75, -0.33);
        assert_eq!(model.minutes(a, a), 0);
        // ~100 m apart is still a minute of driving, not zero.
        assert_eq!(model.minutes(a, place(51.7509, -0.33)), 1);
    }

    #[test]
    fn times_are_symmetric_and_scale_with_speed() {
        let (a, b) = (place(51.76, -0.22), place(51.90, -0.20));
        let slow = TravelModel {
            average_speed_kmh: 20.0,
            ..TravelModel::default()
        };
        let fast = TravelModel::default();
        assert_eq!(fast.minutes(a, b), fast.minutes(b, a));
        assert!(slow.minutes(a, b) >= 2 * fast.minutes(a, b) - 1);
    }

    #[test]
    fn refuses_impossible_parameters() {
        let bad_factor = TravelModel {
            road_factor: 0.5,
            ..TravelModel::default()
        };
        let bad_speed = TravelModel {
            average_speed_kmh: 0.0,
            ..TravelModel::default()
        };
        assert_eq!(bad_factor.checked(), Err(TravelModelError::RoadFactor));
        assert_eq!(bad_speed.checked(), Err(TravelModelError::Speed));
        assert!(TravelModel::default().checked().is_ok());
    }
}
