//! `/reports`: the funders' report for any period — the last whole quarter unless another is
//! asked for — with its charts and tables (made on the server), the CSV of every figure, the
//! print view, and for coordinators the Justice Data Lab extract.

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::data_lab_section::DataLabCard;
use super::period::Period;
use super::reports_api::load_funders_report;
use super::FundersReportView;
use crate::ui::loaded::when_loaded;

#[component]
pub fn FundersReportPage() -> impl IntoView {
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("first").unwrap_or_default(),
                q.get("last").unwrap_or_default(),
            )
        })
    });
    let report = Resource::new(
        move || asked.get(),
        |(first, last)| load_funders_report(first, last),
    );
    view! {
        <Title text="Funders' report" />
        <h1>"Funders' report"</h1>
        {when_loaded(report, "Counting…", |report| view! { <ReportView report /> })}
        <DataLabCard />
    }
}

fn href(period: Period) -> String {
    format!("/reports?first={}&last={}", period.first, period.last)
}

/// Quick choices around the shown period: its quarter's neighbours, its month, its year.
fn choices(shown: Period) -> Vec<(String, Period)> {
    let mut list = Vec::new();
    let quarter = Period::quarter_of(shown.first);
    if let Some(before) = quarter.first.pred_opt().map(Period::quarter_of) {
        list.push(("Quarter before".to_owned(), before));
    }
    if let Some(after) = quarter.last.succ_opt().map(Period::quarter_of) {
        list.push(("Quarter after".to_owned(), after));
    }
    if let Some(month) = Period::month(shown.last.year(), shown.last.month()) {
        list.push((shown.last.format("%B %Y").to_string(), month));
    }
    if let Some(year) = Period::year(shown.first.year()) {
        list.push((format!("The year {}", shown.first.year()), year));
    }
    if let Some(year_to) = shown
        .last
        .checked_sub_months(Months::new(12))
        .and_then(|d| d.succ_opt())
        .map(|first| Period {
            first,
            last: shown.last,
        })
    {
        list.push(("12 months to the end of this period".to_owned(), year_to));
    }
    list
}

#[component]
fn ReportView(report: FundersReportView) -> impl IntoView {
    let shown = Period {
        first: report.first,
        last: report.last,
    };
    let query = format!("first={}&last={}", report.first, report.last);
    let links = choices(shown)
        .into_iter()
        .map(|(label, period)| view! { <li><a href=href(period)>{label}</a></li> })
        .collect_view();
    let day = |d: NaiveDate| d.to_string();
    view! {
        <form method="get" action="/reports" class="form period-form">
            <fieldset>
                <legend>"Period"</legend>
                <label for="first">"From"</label>
                <input id="first" name="first" type="date" value=day(report.first) required />
                <label for="last">"To (included)"</label>
                <input id="last" name="last" type="date" value=day(report.last) required />
                <button class="button" type="submit">"Show"</button>
            </fieldset>
        </form>
        <nav aria-label="Other periods"><ul class="period-links">{links}</ul></nav>
        <h2 class="report-title">{report.title}</h2>
        <p class="report-actions">
            <a class="button" href=format!("/reports/funders.csv?{query}") rel="external" download>"Download every figure (CSV)"</a>
            " "
            <a class="button" href=format!("/reports/funders/print?{query}") rel="external" target="_blank">"Print view (A4)"</a>
        </p>
        <div class="funders-report" inner_html=report.html></div>
    }
}
