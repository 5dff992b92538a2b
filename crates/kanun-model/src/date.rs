//! Calendar dates as legislation uses them: a day, with no time and no zone.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ModelError;

/// A calendar day (proleptic Gregorian), ordered chronologically, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts, checked against the calendar (leap years included).
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, ModelError> {
        let given = || format!("{year:04}-{month:02}-{day:02}");
        if !(1..=12).contains(&month) {
            return Err(ModelError::Date { given: given(), reason: "the month must be 01 to 12" });
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(ModelError::Date { given: given(), reason: "that month has no such day" });
        }
        Ok(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<Date, ModelError> {
        let bad = |reason| ModelError::Date { given: s.to_string(), reason };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad("it is not in the form YYYY-MM-DD"));
        }
        let digits = |r: std::ops::Range<usize>| -> Result<u16, ModelError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| bad("it is not in the form YYYY-MM-DD"))
            } else {
                Err(bad("it is not in the form YYYY-MM-DD"))
            }
        };
        let year = digits(0..4)?;
        let month = digits(5..7)?;
        let day = digits(8..10)?;
        if year == 0 {
            return Err(bad("the year must be 0001 or later"));
        }
        Date::new(year, month as u8, day as u8).map_err(|e| match e {
            ModelError::Date { reason, .. } => bad(reason),
            other => other,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
    }

    #[test]
    fn rejects_bad_dates_with_reasons() {
        for (s, why) in [
            ("2023-02-29", "no such day"),
            ("2022-13-01", "month"),
            ("2022-1-1", "form"),
            ("22-01-01", "form"),
            ("2022-01-0a", "form"),
            ("0000-01-01", "year"),
            ("", "form"),
            ("2022-04-31", "no such day"),
        ] {
            let err = s.parse::<Date>().unwrap_err().to_string();
            assert!(err.contains(why), "{s}: {err}");
        }
    }

    #[test]
    fn orders_chronologically() {
        let a: Date = "2021-12-31".parse().unwrap();
        let b: Date = "2022-01-01".parse().unwrap();
        assert!(a < b);
    }
}
