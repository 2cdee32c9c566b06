//! The report's downloads, as plain routes (files, not server functions), each checked like a
//! server function and written to the audit log:
//!
//! - `GET /reports/funders.csv?first=…&last=…`: every figure, one a row;
//! - `GET /reports/funders/print?first=…&last=…`: the report as one A4 document to print;
//! - `GET /reports/data-lab.csv`: the Justice Data Lab extract (coordinators, two-step).
//!
//! A link on another site must not make a signed-in coordinator write to the audit log or
//! download personal data: cross-site navigations are refused (browsers say where one came from).

use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use super::bar_chart::escape;
use super::reports_api::server::report_for;
use super::{funders_html, use_cases};
use crate::access::Permission;
use crate::error::AppError;
use crate::server::auth::AuthSession;
use crate::server::client_address::ClientAddress;
use crate::server::plain_route::{
    caller, file, from_another_site, print_page, query_value, refusal,
};
use crate::server::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/funders.csv", get(funders_csv))
        .route("/reports/funders/print", get(funders_print))
        .route("/reports/data-lab.csv", get(data_lab_csv))
}

/// The report the query asks for, once the caller is checked and the download is audited
/// (`how`: "CSV" or "print view").
async fn audited_report(
    state: AppState,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: &Uri,
    how: &str,
) -> Result<crate::reports::funders::FundersReport, AppError> {
    let caller = caller(state, auth, address, uri, Permission::ReadFundersReport).await?;
    let report = report_for(
        &caller.state,
        &query_value(uri, "first"),
        &query_value(uri, "last"),
    )
    .await?;
    use_cases::note_download(&caller.state.db, &caller.actor(), report.period, how).await?;
    Ok(report)
}

async fn funders_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = from_another_site(&headers) {
        return refused;
    }
    match audited_report(state, auth, address, &uri, "CSV").await {
        Ok(report) => file(
            super::csv::funders_csv(&report),
            "text/csv; charset=utf-8",
            Some(format!(
                "attachment; filename=\"funders-report-{}.csv\"",
                report.period.slug()
            )),
        ),
        Err(error) => refusal(error),
    }
}

async fn funders_print(
    State(state): State<AppState>,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = from_another_site(&headers) {
        return refused;
    }
    match audited_report(state, auth, address, &uri, "print view").await {
        Ok(report) => {
            let title = format!(
                "{}: funders' report, {}",
                report.programme,
                report.period.name()
            );
            let body = format!(
                r#"<main class="funders-report"><h1>{}</h1>{}</main>"#,
                escape(&title),
                funders_html::body(&report)
            );
            print_page(&title, PRINT_STYLE, &body)
        }
        Err(error) => refusal(error),
    }
}

async fn data_lab_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    address: Option<Extension<ClientAddress>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = from_another_site(&headers) {
        return refused;
    }
    let made = async {
        let caller = caller(state, auth, address, &uri, Permission::ManageDataLabDetails).await?;
        let db = &caller.state.db;
        let today = crate::server::clock::programme_now(db).await?.date();
        use_cases::data_lab_extract(db, &caller.actor(), today).await
    };
    match made.await {
        Ok((name, csv)) => file(
            csv,
            "text/csv; charset=utf-8",
            Some(format!("attachment; filename=\"{name}\"")),
        ),
        Err(error) => refusal(error),
    }
}

/// The print view's own stylesheet (it carries no app bundle): A4, black on white, tables and
/// charts kept whole on a page.
const PRINT_STYLE: &str = "
@page { size: A4; margin: 15mm; }
body { font: 11pt/1.4 system-ui, sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.2em; }
.report-section { break-inside: avoid; }
.report-pair { display: block; }
.bar-chart { width: 120mm; height: auto; display: block; margin: 0.5em 0; }
.bar { fill: #444; } .bar-label, .bar-value { font-size: 11px; fill: #000; } .bar-withheld { font-style: italic; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 10pt; }
caption { text-align: left; font-weight: 600; }
th, td { border: 1px solid #888; padding: 2px 6px; text-align: left; }
.hint-text, .report-rule { color: #222; }
";
