//! What the Unicode CLDR knows about a language that a news page needs: how it writes a date and
//! a month, and which plural form a number takes. ICU4X holds the data; this module is the only
//! user of it, so the rest of newsroom sees plain strings.
//!
//! Dates are always in the Gregorian calendar: a news service dates its stories that way in every
//! language, even where the locale's default calendar is another.

use chrono::{Datelike, NaiveDateTime, Timelike};
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{self, YM, YMD, YMDT};
use icu_datetime::input::{DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_datetime::pattern::{DateTimePattern, FixedCalendarDateTimeNames};
use icu_datetime::{DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use std::fmt;
use writeable::TryWriteable;

/// How a language shows the date of a story, as `site.yaml` sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateStyle {
    /// The language's own CLDR format of that length, with or without the time of day.
    Cldr {
        length: DateLength,
        time: bool,
        /// `Some(24)` or `Some(12)` overrides the clock the language usually uses.
        hours: Option<u8>,
    },
    /// A CLDR pattern (`d. MMMM y, HH:mm`), with the language's month and weekday names.
    Pattern(String),
    /// A strftime format (`%Y-%m-%d %H:%M`), the older `date_format` setting; names are English.
    Strftime(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLength {
    Long,
    Medium,
    Short,
}

impl DateLength {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "long" => Some(DateLength::Long),
            "medium" => Some(DateLength::Medium),
            "short" => Some(DateLength::Short),
            _ => None,
        }
    }
}

/// One language's formatters and plural rules, made once per build.
pub struct Cldr {
    dates: Dates,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    plurals: PluralRules,
}

enum Dates {
    WithTime(FixedCalendarDateTimeFormatter<Gregorian, YMDT>),
    DateOnly(FixedCalendarDateTimeFormatter<Gregorian, YMD>),
    Pattern(
        Box<FixedCalendarDateTimeNames<Gregorian>>,
        Box<DateTimePattern>,
    ),
    Strftime(String),
}

// Formatters print their whole data tables; a language's settings are enough to tell them apart.
impl fmt::Debug for Cldr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cldr")
    }
}

impl Cldr {
    /// The data of the language `tag` (BCP 47: `ko`, `zh-Hans`, `pt-BR`). An error says, in an
    /// editor's words, what is wrong with the tag or the pattern.
    pub fn new(tag: &str, style: &DateStyle) -> Result<Cldr, String> {
        let locale: Locale = tag
            .parse()
            .map_err(|_| format!("'{tag}' is not a BCP 47 language tag (such as 'zh-Hans')"))?;
        let prefs = DateTimeFormatterPreferences::from(&locale);
        let unavailable = |what: &str| format!("there are no CLDR {what} for '{tag}'");
        let dates = match style {
            DateStyle::Cldr {
                length,
                time,
                hours,
            } => {
                let prefs = with_hours(&locale, *hours);
                if *time {
                    let fields = match length {
                        DateLength::Long => YMDT::long(),
                        DateLength::Medium => YMDT::medium(),
                        DateLength::Short => YMDT::short(),
                    }
                    .with_time_precision(TimePrecision::Minute);
                    Dates::WithTime(
                        FixedCalendarDateTimeFormatter::try_new(prefs, fields)
                            .map_err(|_| unavailable("date formats"))?,
                    )
                } else {
                    let fields = match length {
                        DateLength::Long => YMD::long(),
                        DateLength::Medium => YMD::medium(),
                        DateLength::Short => YMD::short(),
                    };
                    Dates::DateOnly(
                        FixedCalendarDateTimeFormatter::try_new(prefs, fields)
                            .map_err(|_| unavailable("date formats"))?,
                    )
                }
            }
            DateStyle::Pattern(text) => {
                let pattern: DateTimePattern = text.parse().map_err(|err| {
                    format!("the date pattern '{text}' is not a CLDR pattern ({err}); write one such as 'd MMMM y, HH:mm'")
                })?;
                let mut names = FixedCalendarDateTimeNames::<Gregorian>::try_new(prefs)
                    .map_err(|_| unavailable("names"))?;
                // Loads the month, weekday and day-period names the pattern asks for.
                names.include_for_pattern(&pattern).map_err(|err| {
                    format!("the date pattern '{text}' cannot be used for '{tag}' ({err})")
                })?;
                Dates::Pattern(Box::new(names), Box::new(pattern))
            }
            DateStyle::Strftime(format) => Dates::Strftime(format.clone()),
        };
        let month = FixedCalendarDateTimeFormatter::try_new(prefs, fieldsets::YM::long())
            .map_err(|_| unavailable("month names"))?;
        let plurals = PluralRules::try_new_cardinal((&locale).into())
            .map_err(|_| unavailable("plural rules"))?;
        Ok(Cldr {
            dates,
            month,
            plurals,
        })
    }

    /// A time of day as the language writes it (the caller has moved it to the language's zone).
    pub fn format_date(&self, local: NaiveDateTime) -> String {
        let date = gregorian(local.year(), local.month(), local.day());
        let time = Time::try_new(
            local.hour() as u8,
            local.minute() as u8,
            local.second() as u8,
            0,
        )
        .expect("chrono's time of day is valid");
        let datetime = DateTime { date, time };
        match &self.dates {
            Dates::WithTime(formatter) => formatter.format(&datetime).to_string(),
            Dates::DateOnly(formatter) => formatter.format(&datetime.date).to_string(),
            Dates::Pattern(names, pattern) => {
                let formatted = names.with_pattern_unchecked(pattern).format(&datetime);
                // A field the names lack prints a placeholder rather than failing; the pattern
                // was loaded for exactly these fields, so that cannot happen here.
                match formatted.try_write_to_string() {
                    Ok(text) | Err((_, text)) => text.into_owned(),
                }
            }
            Dates::Strftime(format) => local.format(format).to_string(),
        }
    }

    /// A month of the archive (`octobre 2024`, `2024년 10월`).
    pub fn format_month(&self, year: i32, month: u32) -> String {
        self.month.format(&gregorian(year, month, 1)).to_string()
    }

    /// The CLDR plural category of `count`: `zero`, `one`, `two`, `few`, `many` or `other`.
    pub fn plural_category(&self, count: u64) -> &'static str {
        category_name(self.plurals.category_for(count))
    }

    /// Every category the language's rules use, in CLDR order.
    pub fn plural_categories(&self) -> Vec<&'static str> {
        self.plurals.categories().map(category_name).collect()
    }
}

pub const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The locale's preferences with its clock replaced where the site asks for one.
fn with_hours(locale: &Locale, hours: Option<u8>) -> DateTimeFormatterPreferences {
    let mut locale = locale.clone();
    let cycle = match hours {
        Some(24) => Some("h23"),
        Some(12) => Some("h12"),
        _ => None,
    };
    if let Some(cycle) = cycle {
        let key = "hc".parse().expect("a valid key");
        let value = cycle.parse().expect("a valid value");
        locale.extensions.unicode.keywords.set(key, value);
    }
    DateTimeFormatterPreferences::from(&locale)
}

fn gregorian(year: i32, month: u32, day: u32) -> Date<Gregorian> {
    Date::try_new_gregorian(year, month as u8, day as u8).expect("chrono's dates are valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_1506() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2024, 10, 22)
            .unwrap()
            .and_hms_opt(15, 6, 52)
            .unwrap()
    }

    fn long(tag: &str, hours: Option<u8>) -> String {
        let style = DateStyle::Cldr {
            length: DateLength::Long,
            time: true,
            hours,
        };
        Cldr::new(tag, &style).unwrap().format_date(at_1506())
    }

    #[test]
    fn long_dates_follow_each_language() {
        assert_eq!(long("ko", Some(24)), "2024년 10월 22일 15:06");
        assert_eq!(long("ja", None), "2024年10月22日 15:06");
        assert_eq!(long("fr", None), "22 octobre 2024 à 15:06");
        assert_eq!(long("en", None), "October 22, 2024 at 3:06\u{202f}PM");
    }

    #[test]
    fn a_pattern_uses_the_language_s_names() {
        let style = DateStyle::Pattern("d. MMMM y, HH:mm".to_string());
        let cldr = Cldr::new("de", &style).unwrap();
        assert_eq!(cldr.format_date(at_1506()), "22. Oktober 2024, 15:06");
        assert!(Cldr::new("de", &DateStyle::Pattern("d 'open".to_string())).is_err());
    }

    #[test]
    fn plural_rules_are_the_language_s() {
        let style = DateStyle::Strftime("%Y".to_string());
        let ar = Cldr::new("ar", &style).unwrap();
        let forms: Vec<_> = [0, 1, 2, 5, 11, 100]
            .iter()
            .map(|n| ar.plural_category(*n))
            .collect();
        assert_eq!(forms, ["zero", "one", "two", "few", "many", "other"]);
        assert_eq!(
            Cldr::new("ru", &style).unwrap().plural_categories(),
            ["one", "few", "many", "other"]
        );
    }
}
