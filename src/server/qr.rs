//! QR codes as inline SVG (no image libraries, nothing fetched by the browser).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::error::AppError;

/// `text` as an SVG QR code, sized to scan comfortably from a laptop screen.
pub fn svg(text: &str) -> Result<String, AppError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| {
        tracing::error!(error = %e, "cannot make a QR code");
        AppError::Internal
    })?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build())
}
