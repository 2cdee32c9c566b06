//! The wellbeing part of a participant's plan page, for their mentor and the coordinators: the
//! scores over time, and — when a check-in is due — every question on one form, to answer
//! together with the participant (recorded as assisted).

use leptos::prelude::*;

use super::scores_view::ScoresView;
use super::wellbeing_api::{load_their_wellbeing, RecordAssistedWellbeing};
use super::TheirWellbeing;
use crate::people::PersonId;
use crate::ui::actions::action_error;
use crate::ui::loaded::when_loaded;

#[component]
pub fn TheirWellbeingSection(participant: PersonId) -> impl IntoView {
    let record = ServerAction::<RecordAssistedWellbeing>::new();
    let wellbeing = Resource::new(
        move || record.version().get(),
        move |_| load_their_wellbeing(participant),
    );
    view! {
        <section>
            <h2>"Wellbeing"</h2>
            {action_error(record)}
            {when_loaded(wellbeing, "Loading…", move |wellbeing| view! { <Wellbeing wellbeing record /> })}
        </section>
    }
}

#[component]
fn Wellbeing(
    wellbeing: TheirWellbeing,
    record: ServerAction<RecordAssistedWellbeing>,
) -> impl IntoView {
    let form = wellbeing.due.map(|due| {
        let questions = wellbeing
            .questions
            .iter()
            .enumerate()
            .map(|(index, question)| {
                let name = format!("answers[{index}]");
                let choices = wellbeing
                    .choices
                    .iter()
                    .map(|(value, label)| {
                        view! {
                            <label class="choice">
                                <input type="radio" name=name.clone() value=value.to_string() required />
                                {format!(" {label}")}
                            </label>
                        }
                    })
                    .collect_view();
                view! {
                    <fieldset class="choice-row">
                        <legend>{format!("{}. {question}", index + 1)}</legend>
                        {choices}
                    </fieldset>
                }
            })
            .collect_view();
        view! {
            <details class="admin-panel">
                <summary><h3 class="inline-heading">{format!("{} is due: answer together", due.label())}</h3></summary>
                <p class="hint-text">{format!("Read each question out and record their answer, thinking about {}. It is saved as answered with you.", wellbeing.period)}</p>
                <ActionForm action=record attr:class="form">
                    <input type="hidden" name="participant" value=wellbeing.participant.to_string() />
                    {questions}
                    <button class="button primary" type="submit">"Save their answers"</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <ScoresView history=wellbeing.history />
        {form}
    }
}
