//! Days the tribunal office is closed (weekends and England and Wales bank holidays), for the
//! *Modaresi* extension of the s2 application window (law.md §5.1).
//!
//! The bank holidays live in `data/bank-holidays-england-and-wales.txt`, embedded at compile
//! time and parsed once on first use (no I/O at run time).

use std::sync::OnceLock;

use jiff::civil::{Date, Weekday};

use crate::dates::{add_days, parse_date};

const DATA: &str = include_str!("../data/bank-holidays-england-and-wales.txt");

/// First and last years the data file covers.
pub const COVERED_YEARS: (i16, i16) = (2018, 2029);

fn holidays() -> &'static [Date] {
    static CELL: OnceLock<Vec<Date>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut v: Vec<Date> = DATA
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(parse_date)
            .collect();
        v.sort_unstable();
        v
    })
}

/// Every bank holiday in the data file, in order.
pub fn bank_holidays() -> &'static [Date] {
    holidays()
}

/// Whether `d` is a bank holiday in England and Wales.
pub fn is_bank_holiday(d: Date) -> bool {
    holidays().binary_search(&d).is_ok()
}

/// Whether the data file covers the year of `d`.
pub fn covers(d: Date) -> bool {
    (COVERED_YEARS.0..=COVERED_YEARS.1).contains(&d.year())
}

/// Whether the tribunal office is closed on `d` (a Saturday, Sunday or bank holiday).
pub fn is_closed(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) || is_bank_holiday(d)
}

/// The first day on or after `d` on which the office is open.
pub fn next_open_day(d: Date) -> Date {
    let mut day = d;
    // A run of closed days is never longer than a long weekend plus Christmas; 14 is ample.
    for _ in 0..14 {
        if !is_closed(day) {
            return day;
        }
        day = add_days(day, 1);
    }
    day
}

/// Working days after `from` up to and including `to`: 0 when `to` is on or before `from`, 1
/// when `to` is the next working day. A response "within 2 working days" of a referral on
/// `from` is one on a day for which this is at most 2. Weekends and England and Wales bank
/// holidays are not working days (outside [`COVERED_YEARS`], weekends only).
pub fn working_days_between(from: Date, to: Date) -> i32 {
    if to <= from {
        return 0;
    }
    // Whole weeks hold five weekdays each; count the remainder day by day, then take off the
    // bank holidays that fall on weekdays in the range.
    let span = crate::dates::days_between(from, to);
    let weeks = span / 7;
    let mut count = weeks * 5;
    let mut day = add_days(from, weeks * 7);
    while day < to {
        day = add_days(day, 1);
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            count += 1;
        }
    }
    let first = holidays().partition_point(|h| *h <= from);
    let last = holidays().partition_point(|h| *h <= to);
    let weekday_holidays = holidays()
        .get(first..last)
        .unwrap_or(&[])
        .iter()
        .filter(|h| !matches!(h.weekday(), Weekday::Saturday | Weekday::Sunday))
        .count();
    count - i32::try_from(weekday_holidays).unwrap_or(0)
}

/// The `n`th working day after `from` (`from` itself when `n` is 0 or less).
pub fn add_working_days(from: Date, n: i32) -> Date {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = add_days(day, 1);
        if !is_closed(day) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn data_file_parses_completely_and_in_order() {
        let lines = DATA
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(lines, bank_holidays().len(), "a line failed to parse");
        let mut sorted = bank_holidays().to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), bank_holidays().len());
        for d in bank_holidays() {
            assert!(
                !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday),
                "{d} is a weekend day: list the substitute day instead"
            );
        }
        for y in COVERED_YEARS.0..=COVERED_YEARS.1 {
            let n = bank_holidays().iter().filter(|d| d.year() == y).count();
            assert!((8..=10).contains(&n), "{y} has {n} bank holidays");
        }
    }

    #[test]
    fn years_2026_and_2027_exactly() {
        let y2026: Vec<Date> = bank_holidays()
            .iter()
            .copied()
            .filter(|d| d.year() == 2026)
            .collect();
        assert_eq!(
            y2026,
            [
                date(2026, 1, 1),
                date(2026, 4, 3),
                date(2026, 4, 6),
                date(2026, 5, 4),
                date(2026, 5, 25),
                date(2026, 8, 31),
                date(2026, 12, 25),
                date(2026, 12, 28)
            ]
        );
        let y2027: Vec<Date> = bank_holidays()
            .iter()
            .copied()
            .filter(|d| d.year() == 2027)
            .collect();
        assert_eq!(
            y2027,
            [
                date(2027, 1, 1),
                date(2027, 3, 26),
                date(2027, 3, 29),
                date(2027, 5, 3),
                date(2027, 5, 31),
                date(2027, 8, 30),
                date(2027, 12, 27),
                date(2027, 12, 28)
            ]
        );
    }

    #[test]
    fn next_open_day_skips_weekends_and_holidays() {
        // Sunday 22 Mar 2026 -> Monday 23 Mar.
        assert_eq!(next_open_day(date(2026, 3, 22)), date(2026, 3, 23));
        // Good Friday 3 Apr 2026 -> Tuesday 7 Apr (Easter Monday 6 Apr closed).
        assert_eq!(next_open_day(date(2026, 4, 3)), date(2026, 4, 7));
        // Christmas 2026: Fri 25, Sat, Sun, Mon 28 substitute -> Tue 29.
        assert_eq!(next_open_day(date(2026, 12, 25)), date(2026, 12, 29));
        assert_eq!(next_open_day(date(2026, 3, 18)), date(2026, 3, 18));
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        // Thursday 24 December 2026: Christmas Day (Fri) and Boxing Day's substitute (Mon 28th)
        // are bank holidays, so the next working day is Tuesday 29 December.
        let thu = date(2026, 12, 24);
        assert_eq!(add_working_days(thu, 1), date(2026, 12, 29));
        assert_eq!(working_days_between(thu, date(2026, 12, 29)), 1);
        assert_eq!(working_days_between(thu, date(2026, 12, 28)), 0);
        assert_eq!(working_days_between(thu, thu), 0);
        assert_eq!(working_days_between(date(2026, 12, 29), thu), 0);
        // An ordinary week: Monday to the next Monday is five working days.
        assert_eq!(
            working_days_between(date(2026, 11, 2), date(2026, 11, 9)),
            5
        );
        assert_eq!(add_working_days(date(2026, 11, 6), 1), date(2026, 11, 9));
        assert_eq!(add_working_days(date(2026, 11, 6), 0), date(2026, 11, 6));
    }

    #[test]
    fn working_days_agree_with_counting_day_by_day() {
        let start = date(2025, 12, 1);
        for offset in 0..120 {
            let to = add_days(start, offset);
            let slow = (1..=offset)
                .filter(|i| !is_closed(add_days(start, *i)))
                .count();
            assert_eq!(working_days_between(start, to), slow as i32, "{to}");
            if slow > 0 && !is_closed(to) {
                assert_eq!(add_working_days(start, slow as i32), to);
            }
        }
    }
}
