//! A wellbeing questionnaire as data, not code: its questions, its answer scale and its scoring
//! rule (a sum, or a sum converted through a table), read from a JSON file. The validated scales
//! (WEMWBS, SWEMWBS) are licensed to each organisation, so none ships here: the README says how
//! an organisation loads the one it holds a licence for, and `DEMO_INSTRUMENT` is a short one
//! written for the demo.

use serde::{Deserialize, Serialize};

/// A score in hundredths, so a converted score (19.98) is exact and sums never drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Score(pub i64);

impl Score {
    pub fn whole(points: i64) -> Score {
        Score(points * 100)
    }

    /// "23", "19.98".
    pub fn words(self) -> String {
        let sign = if self.0 < 0 { "−" } else { "" };
        let hundredths = self.0.unsigned_abs();
        match hundredths % 100 {
            0 => format!("{sign}{}", hundredths / 100),
            rest => format!("{sign}{}.{rest:02}", hundredths / 100),
        }
    }
}

/// One answer a question can have: its value and the words on its button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScalePoint {
    pub value: u8,
    pub label: String,
}

/// How the answers become a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// The answers added up.
    Sum,
    /// The answers added up, then converted: `[raw sum, score]` for every sum the answers can
    /// make (SWEMWBS's metric conversion is such a table).
    Table(Vec<(u32, f64)>),
}

/// A questionnaire, as its file gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Its short name in addresses and the database ("feeling-check").
    pub slug: String,
    pub name: String,
    /// The line the licence requires on every page that shows the questions.
    pub copyright: String,
    /// "over the last two weeks": said before the questions.
    pub period: String,
    pub items: Vec<String>,
    pub scale: Vec<ScalePoint>,
    pub scoring: Scoring,
    /// The smallest change in score that means something (the instrument's own figure).
    pub meaningful_change: f64,
}

/// The questionnaire the demo programme uses: written for this app, not a validated scale.
pub const DEMO_INSTRUMENT: &str = r#"{
  "slug": "feeling-check",
  "name": "How I've been feeling (demo)",
  "copyright": "Written for the TurnAround demo. It is not a validated scale: load your organisation's licensed one.",
  "period": "over the last two weeks",
  "items": [
    "I've had things to look forward to",
    "I've felt able to deal with problems",
    "I've got on with the people around me",
    "I've felt good about myself",
    "I've been sleeping well enough"
  ],
  "scale": [
    {"value": 1, "label": "None of the time"},
    {"value": 2, "label": "Rarely"},
    {"value": 3, "label": "Some of the time"},
    {"value": 4, "label": "Often"},
    {"value": 5, "label": "All of the time"}
  ],
  "scoring": "sum",
  "meaningful_change": 3
}"#;

/// The demo questionnaire's slug (for the demo's own answers).
pub fn demo_slug() -> String {
    Instrument::load(DEMO_INSTRUMENT)
        .map(|instrument| instrument.slug)
        .unwrap_or_default()
}

impl Instrument {
    /// Reads and checks a questionnaire file; the sentence says what is wrong with it.
    pub fn load(json: &str) -> Result<Instrument, String> {
        let instrument: Instrument = serde_json::from_str(json)
            .map_err(|e| format!("The questionnaire file cannot be read: {e}."))?;
        instrument.check()?;
        Ok(instrument)
    }

    fn check(&self) -> Result<(), String> {
        let slug_ok = (1..=40).contains(&self.slug.len())
            && self
                .slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug_ok {
            return Err("The slug is 1 to 40 lower-case letters, digits and dashes.".into());
        }
        if !(1..=50).contains(&self.items.len()) || self.items.iter().any(|i| i.trim().is_empty()) {
            return Err("A questionnaire has 1 to 50 questions, none of them blank.".into());
        }
        let values: Vec<u8> = self.scale.iter().map(|p| p.value).collect();
        if !(2..=11).contains(&values.len()) || values.windows(2).any(|w| w[0] >= w[1]) {
            return Err("The answer scale has 2 to 11 points, their values rising.".into());
        }
        if self.meaningful_change.is_nan() || self.meaningful_change <= 0.0 {
            return Err("The meaningful change is a number above 0.".into());
        }
        if let Scoring::Table(table) = &self.scoring {
            let (low, high) = self.raw_range();
            let missing = (low..=high).find(|raw| !table.iter().any(|(r, _)| r == raw));
            if let Some(raw) = missing {
                return Err(format!(
                    "The conversion table has no score for a raw total of {raw}."
                ));
            }
        }
        Ok(())
    }

    /// The lowest and highest sum the answers can make.
    fn raw_range(&self) -> (u32, u32) {
        let n = self.items.len() as u32;
        let low = self.scale.first().map_or(0, |p| u32::from(p.value));
        let high = self.scale.last().map_or(0, |p| u32::from(p.value));
        (low * n, high * n)
    }

    /// The score of a full set of answers (`None`: a question left unanswered). Every question
    /// must be answered with a value on the scale; the sentence names what is missing.
    pub fn score(&self, answers: &[Option<u8>]) -> Result<Score, String> {
        if answers.len() != self.items.len() {
            return Err(
                "The answers do not match the questions: start the questions again.".into(),
            );
        }
        let unanswered: Vec<String> = answers
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_none())
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        if !unanswered.is_empty() {
            return Err(format!(
                "Answer every question to get a score: question {} has no answer yet.",
                unanswered.join(", ")
            ));
        }
        let on_scale = |value: u8| self.scale.iter().any(|p| p.value == value);
        if answers.iter().flatten().any(|value| !on_scale(*value)) {
            return Err("An answer is not one of the choices: start the questions again.".into());
        }
        let raw: u32 = answers.iter().flatten().map(|v| u32::from(*v)).sum();
        match &self.scoring {
            Scoring::Sum => Ok(Score::whole(i64::from(raw))),
            Scoring::Table(table) => table
                .iter()
                .find(|(r, _)| *r == raw)
                .map(|(_, converted)| Score((converted * 100.0).round() as i64))
                .ok_or_else(|| {
                    format!("The conversion table has no score for a raw total of {raw}.")
                }),
        }
    }

    /// The lowest and highest score the answers can give (for the chart's scale).
    pub fn score_range(&self) -> (Score, Score) {
        let (low, high) = self.raw_range();
        match &self.scoring {
            Scoring::Sum => (Score::whole(i64::from(low)), Score::whole(i64::from(high))),
            Scoring::Table(table) => {
                let scores = table.iter().map(|(_, s)| (s * 100.0).round() as i64);
                let low = scores.clone().min().unwrap_or(0);
                (Score(low), Score(scores.max().unwrap_or(low)))
            }
        }
    }

    /// The instrument's meaningful change, as a score.
    pub fn meaningful(&self) -> Score {
        Score((self.meaningful_change * 100.0).round() as i64)
    }

    /// Whether the change from `first` to `latest` is at least the meaningful change, either way.
    pub fn is_meaningful(&self, first: Score, latest: Score) -> bool {
        ((latest.0 - first.0).abs() as f64) >= (self.meaningful_change * 100.0).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Instrument {
        Instrument::load(DEMO_INSTRUMENT).unwrap()
    }

    #[test]
    fn the_demo_instrument_sums_its_answers() {
        let instrument = demo();
        assert_eq!(
            instrument.score(&[Some(4), Some(3), Some(5), Some(2), Some(4)]),
            Ok(Score::whole(18))
        );
        assert_eq!(Score::whole(18).words(), "18");
    }

    #[test]
    fn a_conversion_table_turns_the_sum_into_the_scale_s_score() {
        let mut instrument = demo();
        instrument.items.truncate(2);
        // Two questions on 1–5: raw sums 2 to 10, each converted.
        instrument.scoring = Scoring::Table(
            (2..=10)
                .map(|raw| (raw, f64::from(raw) * 2.5 - 0.01))
                .collect(),
        );
        instrument.check().unwrap();
        let score = instrument.score(&[Some(3), Some(5)]).unwrap();
        assert_eq!(score, Score(1999));
        assert_eq!(score.words(), "19.99");
        // A table with a gap is refused when the file is read.
        instrument.scoring = Scoring::Table(vec![(2, 1.0), (3, 2.0)]);
        assert!(instrument.check().unwrap_err().contains("raw total of 4"));
    }

    #[test]
    fn missing_or_impossible_answers_get_no_score() {
        let instrument = demo();
        let missing = instrument
            .score(&[Some(4), None, Some(5), None, Some(4)])
            .unwrap_err();
        assert_eq!(
            missing,
            "Answer every question to get a score: question 2, 4 has no answer yet."
        );
        assert!(instrument
            .score(&[Some(9), Some(3), Some(5), Some(2), Some(4)])
            .is_err());
        assert!(instrument.score(&[Some(4)]).is_err());
    }

    #[test]
    fn a_file_that_is_not_a_questionnaire_is_refused_in_words() {
        assert!(Instrument::load("{}")
            .unwrap_err()
            .starts_with("The questionnaire file cannot be read"));
        let reversed = DEMO_INSTRUMENT.replace("\"value\": 1,", "\"value\": 9,");
        assert!(Instrument::load(&reversed).unwrap_err().contains("rising"));
    }

    #[test]
    fn a_meaningful_change_is_the_instrument_s_own_figure() {
        let instrument = demo();
        assert!(instrument.is_meaningful(Score::whole(14), Score::whole(17)));
        assert!(!instrument.is_meaningful(Score::whole(14), Score::whole(16)));
        assert!(instrument.is_meaningful(Score::whole(17), Score::whole(14)));
    }
}
