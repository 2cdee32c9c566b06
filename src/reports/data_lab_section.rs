//! The Justice Data Lab on screen: a participant's date of birth, gender and consent on their
//! edit page, and the extract's card on the report page. Both are for coordinators only: for
//! anyone else the server refuses and nothing is shown.

use leptos::prelude::*;

use super::data_lab::{DataLabSummary, Gender, Identity, DATA_LAB_MINIMUM};
use super::reports_api::{load_data_lab_summary, load_identity, SaveIdentity};
use crate::people::PersonId;
use crate::ui::actions::action_outcome;

/// The form on a participant's edit page.
#[component]
pub fn IdentityForm(id: PersonId) -> impl IntoView {
    let action = ServerAction::<SaveIdentity>::new();
    let identity = Resource::new(move || action.version().get(), move |_| load_identity(id));
    let outcome = action_outcome(action, |_| "Saved.".to_owned());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                identity.await.ok().map(|identity| view! { <IdentityFields id identity action outcome /> })
            })}
        </Transition>
    }
}

#[component]
fn IdentityFields(
    id: PersonId,
    identity: Identity,
    action: ServerAction<SaveIdentity>,
    outcome: impl Fn() -> Option<AnyView> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let genders = Gender::ALL
        .into_iter()
        .map(|g| view! { <option value=g.slug() selected=identity.gender == Some(g)>{g.label()}</option> })
        .collect_view();
    view! {
        <h2 id="data-lab">"Date of birth, gender and the Justice Data Lab"</h2>
        <p class="hint-text">
            "Optional, and seen by coordinators only. The Ministry of Justice's Justice Data Lab needs them to measure re-offending; the extract takes only people who agreed, on the day given."
        </p>
        {outcome}
        <ActionForm action attr:class="form">
            <input type="hidden" name="participant" value=id.to_string() />
            <label for="born_on">"Date of birth"</label>
            <input id="born_on" name="born_on" type="date" value=day(identity.born_on) />
            <label for="gender">"Gender"</label>
            <select id="gender" name="gender"><option value="">"Not recorded"</option>{genders}</select>
            <label for="consent_on">"Agreed to the Justice Data Lab study on (blank: has not agreed)"</label>
            <input id="consent_on" name="consent_on" type="date" value=day(identity.consent_on) />
            <button class="button primary" type="submit" disabled=move || action.pending().get()>
                "Save"
            </button>
        </ActionForm>
    }
}

/// The extract's card on the report page.
#[component]
pub fn DataLabCard() -> impl IntoView {
    let summary = Resource::new(|| (), |_| load_data_lab_summary());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                summary.await.ok().map(|summary| view! { <DataLabSummaryView summary /> })
            })}
        </Transition>
    }
}

#[component]
fn DataLabSummaryView(summary: DataLabSummary) -> impl IntoView {
    let enough = if summary.rows >= DATA_LAB_MINIMUM {
        "Enough for the Data Lab to make a comparison.".to_owned()
    } else {
        format!("The Data Lab needs {DATA_LAB_MINIMUM} people or more: wait until more have agreed and started.")
    };
    let incomplete = (summary.incomplete > 0).then(|| {
        view! { <p>{format!("{} of them have no date of birth or gender recorded: the Data Lab may not find them.", summary.incomplete)}</p> }
    });
    view! {
        <section class="card data-lab" aria-labelledby="data-lab-heading">
            <h2 id="data-lab-heading">"Justice Data Lab extract"</h2>
            <p>
                "Lawful basis: each person in the extract agreed, on the day recorded on their record, that their name, date of birth, gender and start date may go to the Ministry of Justice's Justice Data Lab to measure re-offending against a matched group. Without that agreement nobody is included. Send the file only through the Data Lab's secure upload, and delete your copy afterwards. Each download is written to the audit log."
            </p>
            <p>{format!("{} people agreed and have started. {enough}", summary.rows)}</p>
            {incomplete}
            <p>{format!("{} more agreed but have not come to a session yet: they are not in the extract.", summary.not_started)}</p>
            <a class="button" href="/reports/data-lab.csv" rel="external" download>"Download the extract (CSV)"</a>
        </section>
    }
}
