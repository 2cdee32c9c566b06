//! Places on the map: venues and pick-up points both have one.

use serde::{Deserialize, Serialize};

/// A WGS84 position. Built only through [`GeoPoint::new`], so it is always on the globe.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    latitude: f64,
    longitude: f64,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoPointError {
    #[error("Latitude must be between -90 and 90 degrees.")]
    Latitude,
    #[error("Longitude must be between -180 and 180 degrees.")]
    Longitude,
}

impl GeoPoint {
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, GeoPointError> {
        if !(-90.0..=90.0).contains(&latitude) {
            return Err(GeoPointError::Latitude);
        }
        if !(-180.0..=180.0).contains(&longitude) {
            return Err(GeoPointError::Longitude);
        }
        Ok(Self {
            latitude,
            longitude,
        })
    }

    /// Reads a position typed into a form ("51.7504", "-0.3275"), or says what is wrong in words.
    pub fn parse_form(latitude: &str, longitude: &str) -> Result<Self, String> {
        match (crate::forms::decimal(latitude), crate::forms::decimal(longitude)) {
            (Some(latitude), Some(longitude)) => {
                Self::new(latitude, longitude).map_err(|error| error.to_string())
            }
            _ => Err("Enter the latitude and longitude as numbers, like 51.7504 and -0.3275 (a map app shows them).".into()),
        }
    }

    pub fn latitude(self) -> f64 {
        self.latitude
    }

    pub fn longitude(self) -> f64 {
        self.longitude
    }

    /// Great-circle distance in kilometres (haversine); the travel-time model builds on it.
    pub fn distance_km(self, other: GeoPoint) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0088;
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.longitude - self.longitude).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }

    /// A link that opens the phone's maps app with directions to this place.
    pub fn directions_link(self) -> String {
        format!(
            "https://www.google.com/maps/dir/?api=1&destination={:.6},{:.6}",
            self.latitude, self.longitude
        )
    }

    /// A link that opens the phone's maps app at this place.
    pub fn maps_link(self) -> String {
        format!(
            "https://www.google.com/maps/search/?api=1&query={:.6},{:.6}",
            self.latitude, self.longitude
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_positions_off_the_globe() {
        assert_eq!(GeoPoint::new(91.0, 0.0), Err(GeoPointError::Latitude));
        assert_eq!(GeoPoint::new(0.0, -180.5), Err(GeoPointError::Longitude));
        assert!(GeoPoint::new(51.6565, -0.3903).is_ok());
    }

    #[test]
    fn watford_to_st_albans_is_about_ten_kilometres() {
        // Watford Junction and St Albans City stations, measured on a map: ~10.4 km apart.
        let watford = GeoPoint::new(51.6636, -0.3962).unwrap();
        let st_albans = GeoPoint::new(51.7504, -0.3275).unwrap();
        let km = watford.distance_km(st_albans);
        assert!((10.0..11.0).contains(&km), "got {km} km");
        assert!((km - st_albans.distance_km(watford)).abs() < 1e-9);
    }
}
