//! Writing iCalendar (RFC 5545) text: just the parts our feeds use, by hand, so no calendar
//! library is needed. Pure: no clock, no database; every time arrives already in UTC.
//!
//! The format's traps are all here: lines end in CRLF; a line longer than 75 octets is folded
//! (CRLF and one space) without cutting a UTF-8 character in half; and TEXT values escape
//! backslash, semicolon, comma and newline.

use chrono::{DateTime, Utc};

/// A whole feed: one `VCALENDAR`.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Shown as the calendar's name in apps that read `X-WR-CALNAME`.
    pub name: String,
    pub events: Vec<Event>,
}

/// One `VEVENT`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable for the thing it describes, so a later copy replaces the earlier one.
    pub uid: String,
    /// Goes up with every change, so apps take the newer copy.
    pub sequence: i64,
    /// When this copy was written.
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub location: Option<String>,
    /// (latitude, longitude).
    pub geo: Option<(f64, f64)>,
    pub description: String,
    pub status: Status,
    pub alarms: Vec<Alarm>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Confirmed,
    Cancelled,
}

/// A reminder at a fixed moment (`ACTION:DISPLAY`).
#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub at: DateTime<Utc>,
    pub description: String,
}

/// Identifies the writer. Deliberately says nothing about what the programme is for: the feed
/// leaves our servers for Google's and Apple's.
pub const PRODID: &str = "-//TurnAround//Scheduler//EN";

/// The calendar as iCalendar text, CRLF line ends, folded.
pub fn write(calendar: &Calendar) -> String {
    let mut out = String::new();
    let mut line = |text: &str| push_folded(&mut out, text);
    line("BEGIN:VCALENDAR");
    line(&format!("PRODID:{PRODID}"));
    line("VERSION:2.0");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape_text(&calendar.name)));
    // Ask apps to look again every hour (each app decides for itself how often it really does).
    line("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    line("X-PUBLISHED-TTL:PT1H");
    for event in &calendar.events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&event.uid)));
        line(&format!("SEQUENCE:{}", event.sequence.max(0)));
        line(&format!("DTSTAMP:{}", utc(event.stamp)));
        line(&format!("DTSTART:{}", utc(event.start)));
        line(&format!("DTEND:{}", utc(event.end)));
        line(&format!("SUMMARY:{}", escape_text(&event.summary)));
        if let Some(location) = &event.location {
            line(&format!("LOCATION:{}", escape_text(location)));
        }
        if let Some((latitude, longitude)) = event.geo {
            line(&format!("GEO:{latitude:.6};{longitude:.6}"));
        }
        line(&format!("DESCRIPTION:{}", escape_text(&event.description)));
        line(match event.status {
            Status::Confirmed => "STATUS:CONFIRMED",
            Status::Cancelled => "STATUS:CANCELLED",
        });
        for alarm in &event.alarms {
            line("BEGIN:VALARM");
            line("ACTION:DISPLAY");
            line(&format!("DESCRIPTION:{}", escape_text(&alarm.description)));
            line(&format!("TRIGGER;VALUE=DATE-TIME:{}", utc(alarm.at)));
            line("END:VALARM");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// A UTC moment as `20270326T100000Z`.
pub fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslash, semicolon and comma escaped, any line break as `\n`. Other control
/// characters are not allowed in TEXT and are dropped (tabs are kept).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF is one line break, not two.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The longest a physical line may be, in octets, not counting its CRLF.
const MAX_OCTETS: usize = 75;

/// Appends one content line, folded so that no physical line exceeds 75 octets. A continuation
/// line starts with a space, which counts towards its 75. Cuts fall between characters only.
fn push_folded(out: &mut String, line: &str) {
    let mut room = MAX_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > room {
            out.push_str("\r\n ");
            // The leading space takes one octet of the new line.
            room = MAX_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 29, h, m, 0).unwrap()
    }

    fn tennis() -> Event {
        Event {
            uid: "session-42@turnaround".into(),
            sequence: 3,
            stamp: at(6, 0),
            start: at(9, 0),
            end: at(14, 30),
            summary: "Tennis".into(),
            location: Some("Clarence Park, Hatfield Road, St Albans".into()),
            geo: Some((51.754, -0.32)),
            description: "Pick-up: Watford Junction at 8:55 am.\nBring: trainers; a drink".into(),
            status: Status::Confirmed,
            alarms: vec![Alarm {
                at: at(7, 55),
                description: "Pick-up in one hour".into(),
            }],
        }
    }

    /// Undoes folding, as a reader does: CRLF followed by one space joins the lines.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn escapes_the_four_special_characters_of_text() {
        assert_eq!(escape_text(r"a\b"), r"a\\b");
        assert_eq!(escape_text("a;b,c"), r"a\;b\,c");
        assert_eq!(
            escape_text("one\ntwo\r\nthree\rfour"),
            r"one\ntwo\nthree\nfour"
        );
        assert_eq!(escape_text("bell\u{7}gone\ttab kept"), "bellgone\ttab kept");
        assert_eq!(escape_text("Café: 10:00"), "Café: 10:00");
    }

    #[test]
    fn every_line_ends_in_crlf_and_none_is_longer_than_75_octets() {
        let long = "Wait by the bus shelter outside the main entrance of the station, \
                    opposite the café, and look for the white people carrier. "
            .repeat(4);
        let mut event = tennis();
        event.description = long.clone();
        let text = write(&Calendar {
            name: "My activities".into(),
            events: vec![event],
        });
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(!text.replace("\r\n", "").contains('\r'));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Folding loses nothing.
        assert!(unfold(&text).contains(&format!("DESCRIPTION:{}", escape_text(&long))));
    }

    #[test]
    fn folding_never_cuts_a_character_in_half() {
        // Two-, three- and four-octet characters, at every offset against the 75-octet limit.
        for prefix in 0..4 {
            let line = format!("SUMMARY:{}{}", "x".repeat(prefix), "é€😀".repeat(30));
            let mut out = String::new();
            push_folded(&mut out, &line);
            for physical in out.split("\r\n") {
                assert!(physical.len() <= 75);
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded() {
        let line = "X".repeat(75);
        let mut out = String::new();
        push_folded(&mut out, &line);
        assert_eq!(out, format!("{line}\r\n"));
        let mut longer = String::new();
        push_folded(&mut longer, &"X".repeat(76));
        assert_eq!(longer, format!("{}\r\n X\r\n", "X".repeat(75)));
    }

    #[test]
    fn writes_the_calendar_and_event_properties() {
        let text = unfold(&write(&Calendar {
            name: "My activities".into(),
            events: vec![tennis()],
        }));
        let lines: Vec<&str> = text.split("\r\n").collect();
        for expected in [
            "BEGIN:VCALENDAR",
            "PRODID:-//TurnAround//Scheduler//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:My activities",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
            "UID:session-42@turnaround",
            "SEQUENCE:3",
            "DTSTAMP:20270329T060000Z",
            "DTSTART:20270329T090000Z",
            "DTEND:20270329T143000Z",
            "SUMMARY:Tennis",
            r"LOCATION:Clarence Park\, Hatfield Road\, St Albans",
            "GEO:51.754000;-0.320000",
            r"DESCRIPTION:Pick-up: Watford Junction at 8:55 am.\nBring: trainers\; a drink",
            "STATUS:CONFIRMED",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:Pick-up in one hour",
            "TRIGGER;VALUE=DATE-TIME:20270329T075500Z",
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
        ] {
            assert!(lines.contains(&expected), "no “{expected}” in\n{text}");
        }
        assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
        assert_eq!(lines[lines.len() - 2], "END:VCALENDAR");
    }

    #[test]
    fn a_cancelled_event_says_so() {
        let mut event = tennis();
        event.status = Status::Cancelled;
        event.alarms.clear();
        let text = write(&Calendar {
            name: "My activities".into(),
            events: vec![event],
        });
        assert!(text.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(!text.contains("VALARM"));
    }

    #[test]
    fn an_empty_calendar_is_still_a_calendar() {
        let text = write(&Calendar {
            name: "My activities".into(),
            events: vec![],
        });
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.contains("VEVENT"));
    }
}
