//! Dates as editors type them: `2024-10-22 15:06`, `2024-10-22T15:06:52`, or RFC 3339 with an
//! offset (`2024-10-22T15:06:52+09:00`, `Z`). A date without an offset is read in the site's time
//! zone. Read by hand rather than by trying format strings one after another, so that a refusal can
//! say which part is wrong (a month 13, a 25th hour, a missing time) instead of only listing what
//! would have been right.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

const FORMS: &str = "write YYYY-MM-DD HH:MM (seconds and a 'T' between date and time are \
                     optional), or add an offset such as 2024-10-22T15:06:52+09:00";

/// The moment `text` names, or what is wrong with it, in an editor's words.
pub fn parse(text: &str, timezone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    let (date_part, rest) = match text.find(['T', 't', ' ']) {
        Some(at) => (&text[..at], Some(text[at + 1..].trim_start())),
        None => (text, None),
    };
    let date = calendar_date(date_part).map_err(|why| format!("'{text}' is not a date: {why}"))?;
    let Some(rest) = rest.filter(|r| !r.is_empty()) else {
        return Err(format!(
            "'{text}' has no time; add it, as in '{date_part} 09:00' (a story is dated to the minute)"
        ));
    };
    let (clock, offset) = split_offset(rest);
    let time = clock_time(clock).map_err(|why| format!("'{text}': {why}"))?;
    let naive = NaiveDateTime::new(date, time);
    match offset {
        Some(offset) => {
            let offset = utc_offset(offset).map_err(|why| format!("'{text}': {why}"))?;
            offset
                .from_local_datetime(&naive)
                .single()
                .ok_or_else(|| format!("'{text}' cannot be placed in time"))
        }
        None => in_time_zone(&naive, timezone, text),
    }
}

fn in_time_zone(
    naive: &NaiveDateTime,
    timezone: Tz,
    text: &str,
) -> Result<DateTime<FixedOffset>, String> {
    match timezone.from_local_datetime(naive) {
        LocalResult::Single(date) => Ok(date.fixed_offset()),
        // A time that occurs twice when clocks go back: take the first, as a reader would.
        LocalResult::Ambiguous(first, _) => Ok(first.fixed_offset()),
        LocalResult::None => Err(format!(
            "'{text}' does not exist in the time zone {timezone} (the clocks skip it); write it with an offset"
        )),
    }
}

/// `YYYY-MM-DD`, checked part by part.
fn calendar_date(text: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return Err(FORMS.to_string());
    };
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return Err(FORMS.to_string());
    };
    if !(1..=12).contains(&month) {
        return Err(format!(
            "there is no month {month}; months run from 01 to 12"
        ));
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
        .ok_or_else(|| format!("month {month:02} of {year} has no day {day}"))
}

/// Splits `15:06:52+09:00` into the clock and its offset (`Z`, `+HH:MM` or `-HH:MM`).
fn split_offset(text: &str) -> (&str, Option<&str>) {
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return (clock.trim_end(), Some("Z"));
    }
    match text.rfind(['+', '-']) {
        Some(at) => (text[..at].trim_end(), Some(&text[at..])),
        None => (text, None),
    }
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`.
fn clock_time(text: &str) -> Result<NaiveTime, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let two_digits = |part: &str| {
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (hour, minute, second) = match parts[..] {
        [hour, minute] => (two_digits(hour), two_digits(minute), Some(0)),
        [hour, minute, second] => {
            let whole = second.split_once('.').map_or(second, |(whole, _)| whole);
            (two_digits(hour), two_digits(minute), two_digits(whole))
        }
        _ => (None, None, None),
    };
    let (Some(hour), Some(minute), Some(second)) = (hour, minute, second) else {
        return Err(format!("the time '{text}' is not HH:MM or HH:MM:SS"));
    };
    if hour > 23 {
        return Err(format!("there is no hour {hour}; hours run from 00 to 23"));
    }
    if minute > 59 || second > 59 {
        return Err(format!(
            "the time '{text}' has more than 59 minutes or seconds"
        ));
    }
    Ok(NaiveTime::from_hms_opt(hour, minute, second).unwrap_or_default())
}

fn utc_offset(text: &str) -> Result<FixedOffset, String> {
    if text == "Z" {
        return Ok(Utc.fix());
    }
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let digits = &text[1..];
    let (hours, minutes) = digits.split_once(':').unwrap_or((digits, "00"));
    let parsed = (hours.len() == 2 && minutes.len() == 2)
        .then(|| Some((hours.parse::<i32>().ok()?, minutes.parse::<i32>().ok()?)))
        .flatten();
    parsed
        .filter(|(h, m)| *h <= 23 && *m <= 59)
        .and_then(|(h, m)| FixedOffset::east_opt(sign * (h * 3600 + m * 60)))
        .ok_or_else(|| format!("the offset '{text}' is not +HH:MM or -HH:MM"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Result<String, String> {
        parse(text, Tz::UTC).map(|d| d.to_rfc3339())
    }

    #[test]
    fn accepts_what_editors_type() {
        for (typed, meant) in [
            ("2024-10-22 15:06", "2024-10-22T15:06:00+00:00"),
            ("2024-10-22T15:06", "2024-10-22T15:06:00+00:00"),
            ("2024-10-22 15:06:52", "2024-10-22T15:06:52+00:00"),
            ("2024-10-22T15:06:52", "2024-10-22T15:06:52+00:00"),
            ("2024-10-22T15:06:52+09:00", "2024-10-22T15:06:52+09:00"),
            ("2024-10-22 15:06+07:00", "2024-10-22T15:06:00+07:00"),
            ("2024-10-22T15:06:52.5Z", "2024-10-22T15:06:52+00:00"),
            ("2024-10-22 15:06:52-03:30", "2024-10-22T15:06:52-03:30"),
        ] {
            assert_eq!(utc(typed).as_deref(), Ok(meant), "{typed}");
        }
        let seoul: Tz = "Asia/Seoul".parse().unwrap();
        assert_eq!(
            parse("2024-10-22 15:06", seoul).unwrap().to_rfc3339(),
            "2024-10-22T15:06:00+09:00"
        );
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        for (typed, says) in [
            (
                "2024-10-22",
                "has no time; add it, as in '2024-10-22 09:00'",
            ),
            ("2024-13-01 10:00", "there is no month 13"),
            ("2024-02-30 10:00", "month 02 of 2024 has no day 30"),
            ("2024-10-22 25:00", "there is no hour 25"),
            ("2024-10-22 10:61", "more than 59 minutes"),
            ("2024-10-22 10", "is not HH:MM or HH:MM:SS"),
            ("2024-10-22 10:00+9", "the offset '+9' is not +HH:MM"),
            (
                "yesterday",
                "'yesterday' is not a date: write YYYY-MM-DD HH:MM",
            ),
            ("22.10.2024 10:00", "is not a date"),
        ] {
            let message = utc(typed).unwrap_err();
            assert!(message.contains(says), "{typed}: {message}");
        }
    }
}
