//! Calendar arithmetic for the Act's periods (law.md §5.1): inclusive day counts, calendar
//! months with the month-end fallback, hours from a clock time, and renewal chains.
//!
//! All functions saturate at the ends of jiff's range instead of failing, so the engine has no
//! error path and cannot panic on absurd dates.

use jiff::civil::{Date, DateTime, Time};

/// A moment in a history: a whole day, or a clock time (local UK time) on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum When {
    /// A date with no time.
    Day(Date),
    /// A date and a clock time.
    At(DateTime),
}

impl When {
    /// The calendar day.
    pub fn date(self) -> Date {
        match self {
            When::Day(d) => d,
            When::At(t) => t.date(),
        }
    }

    /// The earliest instant the moment can mean (midnight for a day).
    pub fn earliest(self) -> DateTime {
        match self {
            When::Day(d) => d.to_datetime(Time::midnight()),
            When::At(t) => t,
        }
    }

    /// Whether a clock time was given.
    pub fn has_time(self) -> bool {
        matches!(self, When::At(_))
    }
}

impl From<Date> for When {
    fn from(d: Date) -> Self {
        When::Day(d)
    }
}

impl From<DateTime> for When {
    fn from(t: DateTime) -> Self {
        When::At(t)
    }
}

/// Whether `year` is a Gregorian leap year.
pub const fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month (`month` 1–12).
pub const fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Builds a date, saturating outside jiff's range (years -9999 to 9999).
fn ymd(year: i32, month: i32, day: i32) -> Date {
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(year), i8::try_from(month), i8::try_from(day))
    else {
        return if year < 0 { Date::MIN } else { Date::MAX };
    };
    Date::new(y, m, d).unwrap_or(if year < 0 { Date::MIN } else { Date::MAX })
}

/// Days since 1970-01-01 (H. Hinnant's civil-from-days algorithm: branch-free, no allocation).
pub fn day_number(d: Date) -> i32 {
    let (y, m, dd) = (
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date for a day number (inverse of [`day_number`]).
pub fn from_day_number(n: i32) -> Date {
    let z = n.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    ymd(y, m, d)
}

/// `d` plus `n` days (negative `n` goes back).
pub fn add_days(d: Date, n: i32) -> Date {
    from_day_number(day_number(d).saturating_add(n))
}

/// Days from `a` to `b` (positive when `b` is later).
pub fn days_between(a: Date, b: Date) -> i32 {
    day_number(b) - day_number(a)
}

/// The last day of "N days beginning with day X": X + N − 1 (law.md §5.1; s2(4), s66(2)(a)).
pub fn days_beginning_with(x: Date, n: i32) -> Date {
    add_days(x, n - 1)
}

/// Year and month `n` months after the month of `x`.
fn shift_month(x: Date, n: i32) -> (i32, i32) {
    let idx = i32::from(x.year()) * 12 + i32::from(x.month()) - 1 + n;
    (idx.div_euclid(12), idx.rem_euclid(12) + 1)
}

/// The last day of "N months beginning with day X": the day before the same-numbered day N
/// months later or, when the target month has no such day, the last day of the target month
/// (law.md §5.1, *Dodds v Walker* month-end rule).
pub fn months_beginning_with(x: Date, n: i32) -> Date {
    let (ty, tm) = shift_month(x, n);
    let day = i32::from(x.day());
    let dim = days_in_month(ty, tm);
    if day > dim {
        ymd(ty, tm, dim)
    } else if day > 1 {
        ymd(ty, tm, day - 1)
    } else {
        let (py, pm) = if tm == 1 { (ty - 1, 12) } else { (ty, tm - 1) };
        ymd(py, pm, days_in_month(py, pm))
    }
}

/// The corresponding date N months after `x` (*Dodds v Walker*): the same-numbered day, or the
/// last day of the target month when it has no such day. Used for "within one month of the day"
/// (s75(1)(a)), "more than N years since" (s68(6), s71(2)) and the s58 three months.
pub fn corresponding_date(x: Date, n: i32) -> Date {
    let (ty, tm) = shift_month(x, n);
    ymd(ty, tm, i32::from(x.day()).min(days_in_month(ty, tm)))
}

/// `t` plus `hours` on the civil clock. Periods in hours run from the stated clock time
/// (law.md §5.1); a change between GMT and BST inside the period is flagged by the engine.
pub fn add_hours(t: DateTime, hours: i32) -> DateTime {
    let minutes = i32::from(t.hour()) * 60 + i32::from(t.minute()) + hours * 60;
    let days = minutes.div_euclid(1440);
    let rem = minutes.rem_euclid(1440);
    let date = add_days(t.date(), days);
    let time = Time::new(
        i8::try_from(rem / 60).unwrap_or(0),
        i8::try_from(rem % 60).unwrap_or(0),
        t.second(),
        t.subsec_nanosecond(),
    )
    .unwrap_or(Time::midnight());
    date.to_datetime(time)
}

/// A day number 28 or more, or 1 March: where other counting methods used in practice move a
/// month-based date by one to three days (law.md §5.1 "Known ambiguity").
pub fn is_ambiguous_month_day(d: Date) -> bool {
    d.day() >= 28 || (d.month() == 3 && d.day() == 1)
}

/// Age in whole years on `on` (a 29 February birthday falls on 1 March in other years).
pub fn age_on(date_of_birth: Date, on: Date) -> i32 {
    let years = i32::from(on.year()) - i32::from(date_of_birth.year());
    if (on.month(), on.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years - 1
    } else {
        years
    }
}

/// Whether the last Sunday of March or October (the GMT/BST changes) falls inside the period
/// from `start` to `end`, so that hours on the clock and elapsed hours differ by one.
pub fn crosses_clock_change(start: DateTime, end: DateTime) -> bool {
    let (a, b) = (start.date(), end.date());
    let mut y = i32::from(a.year());
    while y <= i32::from(b.year()) {
        for month in [3, 10] {
            let last = ymd(y, month, 31);
            let back = (i32::from(last.weekday().to_monday_zero_offset()) + 1) % 7;
            let sunday = add_days(last, -back);
            if a <= sunday && sunday <= b {
                return true;
            }
        }
        y += 1;
    }
    false
}

/// One period of a renewal chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// 1 = the initial period, 2 = the first renewal, ...
    pub number: u32,
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

/// A chain of periods in months: `lengths[0]` first, then `lengths[1]`, ..., the last length
/// repeating. Each renewal starts the day after the previous end (law.md §5.1 "Renewal periods").
#[derive(Clone, Debug)]
pub struct Chain {
    next_start: Date,
    lengths: &'static [i32],
    number: u32,
}

impl Chain {
    /// A chain starting on `anchor`.
    pub fn new(anchor: Date, lengths: &'static [i32]) -> Self {
        Chain {
            next_start: anchor,
            lengths,
            number: 0,
        }
    }

    /// The period containing `day`, or the first period when `day` is before the anchor.
    pub fn containing(anchor: Date, lengths: &'static [i32], day: Date) -> Period {
        let mut last = Period {
            number: 1,
            start: anchor,
            end: anchor,
        };
        for p in Chain::new(anchor, lengths) {
            last = p;
            if p.end >= day {
                break;
            }
        }
        last
    }
}

impl Iterator for Chain {
    type Item = Period;
    fn next(&mut self) -> Option<Period> {
        if self.next_start >= Date::MAX {
            return None;
        }
        let idx = (self.number as usize).min(self.lengths.len().saturating_sub(1));
        let months = self.lengths.get(idx).copied().unwrap_or(12);
        let start = self.next_start;
        let end = months_beginning_with(start, months);
        if end < start {
            return None;
        }
        self.number += 1;
        self.next_start = add_days(end, 1);
        Some(Period {
            number: self.number,
            start,
            end,
        })
    }
}

/// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day, a real date).
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: core::ops::Range<usize>| -> Option<i32> {
        let part = b.get(r)?;
        let mut v = 0i32;
        for c in part {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i32::from(c - b'0');
        }
        Some(v)
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (seconds `:SS` accepted and kept).
pub fn parse_when(s: &str) -> Option<When> {
    if s.len() == 10 {
        return parse_date(s).map(When::Day);
    }
    let b = s.as_bytes();
    if !(s.len() == 16 || s.len() == 19) || b.get(10) != Some(&b'T') {
        return None;
    }
    let date = parse_date(s.get(..10)?)?;
    let two = |at: usize| -> Option<i8> {
        let hi = *b.get(at)?;
        let lo = *b.get(at + 1)?;
        if !hi.is_ascii_digit() || !lo.is_ascii_digit() {
            return None;
        }
        i8::try_from((hi - b'0') * 10 + (lo - b'0')).ok()
    };
    if b.get(13) != Some(&b':') {
        return None;
    }
    let (h, m) = (two(11)?, two(14)?);
    let sec = if s.len() == 19 {
        if b.get(16) != Some(&b':') {
            return None;
        }
        two(17)?
    } else {
        0
    };
    let time = Time::new(h, m, sec, 0).ok()?;
    Some(When::At(date.to_datetime(time)))
}

/// Formats a time as `YYYY-MM-DDTHH:MM` (contracts.md: times are minutes, local UK time).
pub fn format_time(t: DateTime) -> String {
    format!("{}T{:02}:{:02}", t.date(), t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_numbers_round_trip_and_match_jiff() {
        let mut d = date(1899, 12, 25);
        for _ in 0..100_000 {
            let n = day_number(d);
            assert_eq!(from_day_number(n), d);
            let next = d.tomorrow().unwrap();
            assert_eq!(add_days(d, 1), next);
            d = next;
        }
        assert_eq!(day_number(date(1970, 1, 1)), 0);
    }

    #[test]
    fn law_md_5_1_worked_examples() {
        // s3 admitted 10 Mar 2026 -> expires end of 9 Sep 2026.
        assert_eq!(
            months_beginning_with(date(2026, 3, 10), 6),
            date(2026, 9, 9)
        );
        // 31 Aug 2026 -> 28 Feb 2027 (no 31 Feb).
        assert_eq!(
            months_beginning_with(date(2026, 8, 31), 6),
            date(2027, 2, 28)
        );
        // 30 Aug 2027 -> 29 Feb 2028 (leap year).
        assert_eq!(
            months_beginning_with(date(2027, 8, 30), 6),
            date(2028, 2, 29)
        );
        // 29 Aug 2027 -> 28 Feb 2028 (29 Feb exists, so the day before).
        assert_eq!(
            months_beginning_with(date(2027, 8, 29), 6),
            date(2028, 2, 28)
        );
        // 1 Sep 2026 -> 28 Feb 2027.
        assert_eq!(
            months_beginning_with(date(2026, 9, 1), 6),
            date(2027, 2, 28)
        );
        // Renewals of a 31 Aug 2026 admission: 1 Mar 2027 - 31 Aug 2027, 1 Sep 2027 - 31 Aug 2028.
        let p: Vec<Period> = Chain::new(date(2026, 8, 31), &[6, 6, 12]).take(3).collect();
        assert_eq!(p[1].start, date(2027, 3, 1));
        assert_eq!(p[1].end, date(2027, 8, 31));
        assert_eq!(p[2].start, date(2027, 9, 1));
        assert_eq!(p[2].end, date(2028, 8, 31));
        // s2: 28 days beginning with 10 Mar end 6 Apr; the 14-day window ends 23 Mar.
        assert_eq!(days_beginning_with(date(2026, 3, 10), 28), date(2026, 4, 6));
        assert_eq!(
            days_beginning_with(date(2026, 3, 10), 14),
            date(2026, 3, 23)
        );
        // s75(1)(a): return 20 Apr -> by 20 May.
        assert_eq!(corresponding_date(date(2026, 4, 20), 1), date(2026, 5, 20));
    }

    #[test]
    fn january_first_and_year_wrap() {
        assert_eq!(
            months_beginning_with(date(2026, 7, 1), 6),
            date(2026, 12, 31)
        );
        assert_eq!(
            months_beginning_with(date(2026, 1, 1), 12),
            date(2026, 12, 31)
        );
        assert_eq!(corresponding_date(date(2026, 8, 31), 6), date(2027, 2, 28));
    }

    #[test]
    fn hours() {
        let t = date(2026, 3, 10).at(14, 0, 0, 0);
        assert_eq!(add_hours(t, 72), date(2026, 3, 13).at(14, 0, 0, 0));
        let t = date(2026, 3, 10).at(22, 0, 0, 0);
        assert_eq!(add_hours(t, 6), date(2026, 3, 11).at(4, 0, 0, 0));
        assert!(crosses_clock_change(
            date(2026, 3, 28).at(12, 0, 0, 0),
            date(2026, 3, 31).at(12, 0, 0, 0)
        ));
        assert!(!crosses_clock_change(
            date(2026, 3, 10).at(12, 0, 0, 0),
            date(2026, 3, 13).at(12, 0, 0, 0)
        ));
    }

    #[test]
    fn parsing() {
        assert_eq!(parse_date("2026-03-10"), Some(date(2026, 3, 10)));
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("20260310"), None);
        assert_eq!(parse_date("2026-3-10"), None);
        assert_eq!(
            parse_when("2026-03-10T14:05"),
            Some(When::At(date(2026, 3, 10).at(14, 5, 0, 0)))
        );
        assert_eq!(parse_when("2026-03-10T24:00"), None);
        assert_eq!(parse_when("2026-03-10 14:00"), None);
        assert_eq!(
            format_time(date(2026, 3, 10).at(4, 5, 0, 0)),
            "2026-03-10T04:05"
        );
    }

    #[test]
    fn ages() {
        assert_eq!(age_on(date(2010, 1, 20), date(2026, 5, 12)), 16);
        assert_eq!(age_on(date(2008, 5, 12), date(2026, 5, 12)), 18);
        assert_eq!(age_on(date(2008, 2, 29), date(2026, 2, 28)), 17);
        assert_eq!(age_on(date(2008, 2, 29), date(2026, 3, 1)), 18);
    }
}
