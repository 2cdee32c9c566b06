//! `/my/wellbeing`: a participant answers the wellbeing questions on their phone, one question a
//! screen with big buttons, "over the last two weeks" said plainly; then sees their scores. A
//! plain page (no WebAssembly): every button is a plain form, so it works without JavaScript,
//! and each answer is kept as it is given, so a lost signal loses nothing.

use leptos::prelude::*;
use leptos_meta::Title;

use super::scores_view::ScoresView;
use super::wellbeing_api::load_my_wellbeing;
use super::{MyWellbeing, Question};
use crate::ui::error_notice::PageError;

#[component]
pub fn MyWellbeingPage() -> impl IntoView {
    let mine = Resource::new(|| (), |_| load_my_wellbeing());
    view! {
        <Title text="How I've been feeling" />
        <div class="my-wellbeing" data-answers-here="">
            <p><a href="/my" rel="external">"← My activities"</a></p>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match mine.await {
                        Ok(mine) => view! { <Wellbeing mine /> }.into_any(),
                        Err(error) => view! { <h1>"How I've been feeling"</h1><PageError error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Wellbeing(mine: MyWellbeing) -> impl IntoView {
    if let Some(question) = mine.question {
        let copyright = mine.history.copyright;
        return view! { <QuestionScreen question copyright /> }.into_any();
    }
    let start = mine.due.map(|due| {
        view! {
            <section class="wellbeing-start">
                <p>{format!("{}: a few quick questions about how you have been feeling. There are no right or wrong answers, and you can stop at any time: your answers are kept.", due.label())}</p>
                <form method="post" action="/api/start_wellbeing">
                    <button class="button primary big-button" type="submit">"Start the questions"</button>
                </form>
            </section>
        }
    });
    let next = mine.next_due.map(|on| {
        view! { <p>{format!("Thank you. Your next check-in is due on {}.", on.format("%-d %B %Y"))}</p> }
    });
    view! {
        <h1>"How I've been feeling"</h1>
        {start}
        {next}
        <h2>"My answers so far"</h2>
        <ScoresView history=mine.history />
    }
    .into_any()
}

#[component]
fn QuestionScreen(question: Question, copyright: String) -> impl IntoView {
    let number = question.number.to_string();
    let buttons = question
        .choices
        .iter()
        .map(|(value, label)| {
            view! {
                <button class="button big-button answer" type="submit" name="value" value=value.to_string()>
                    {label.clone()}
                </button>
            }
        })
        .collect_view();
    view! {
        <h1>{format!("Question {} of {}", question.number, question.of)}</h1>
        <form method="post" action="/api/answer_wellbeing" class="question-form">
            <fieldset>
                <legend>
                    <span class="question-period">{period_heading(&question.period)}</span>
                    <span class="question-text">{question.text.clone()}</span>
                </legend>
                <input type="hidden" name="question" value=number />
                <div class="answers">{buttons}</div>
            </fieldset>
        </form>
        <p class="copyright">{copyright}</p>
    }
}

/// "over the last two weeks" as the line above the question: "Over the last two weeks:".
fn period_heading(period: &str) -> String {
    let mut letters = period.trim().chars();
    match letters.next() {
        Some(first) => format!("{}{}:", first.to_uppercase(), letters.as_str()),
        None => String::new(),
    }
}
