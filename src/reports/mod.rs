//! Reports made from what the app records (issue 18): the funders' report for any period, with
//! every count below 5 withheld, as a page with charts drawn on the server, a CSV of every
//! figure and a print view; and the Justice Data Lab extract of the participants who agreed.
//!
//! The report is counted and drawn on the server only: the page receives it as finished HTML,
//! so none of the counting or drawing code is in the browser's bundle.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod bar_chart;
#[cfg(feature = "ssr")]
pub mod csv;
pub mod data_lab;
pub mod data_lab_section;
#[cfg(feature = "ssr")]
pub mod funders;
#[cfg(feature = "ssr")]
pub mod funders_html;
pub mod funders_page;
pub mod period;
pub mod reports_api;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod small_numbers;
#[cfg(feature = "ssr")]
pub mod use_cases;

/// The funders' report as the page shows it: the period and the finished HTML of its sections
/// (escaped on the server, see `funders_html`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundersReportView {
    pub title: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub html: String,
}
