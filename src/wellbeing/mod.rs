//! Wellbeing measured over time (issue 17). So far the questionnaire as data: an instrument file
//! (questions, answer scale, scoring rule) read and checked, and a set of answers scored. Asking
//! the questions, the time points and the chart are still to come.

#[cfg(feature = "ssr")]
pub mod instrument;
