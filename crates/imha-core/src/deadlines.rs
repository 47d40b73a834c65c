//! Deadlines from the legal timeline: the dates an advocate must act by, each with the law
//! that gives it. Pure: the rights engine's answer in, a dated list out. Nothing here is
//! stored, so the list follows every change to the timeline (a new feed episode, a corrected
//! start date, a tribunal application) the next time it is shown.

use imha_law::output::{Output, Referrer, WindowState};
use imha_law::status::Status;
use jiff::ToSpan;
use jiff::civil::Date;

/// What kind of deadline, for grouping and for tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeadlineKind {
    /// The current period of detention, order or guardianship ends unless renewed.
    AuthorityEnds,
    /// The last day the patient can apply to the tribunal in the current period.
    TribunalWindowCloses,
    /// The patient's next window to apply to the tribunal opens.
    TribunalWindowOpens,
    /// The last day the nearest relative can apply to the tribunal.
    NearestRelativeWindowCloses,
    /// The hospital managers (or the Secretary of State) must refer the case to the tribunal.
    Reference,
    /// Three months from the first medicine: a certificate (consent or a second opinion) is
    /// needed to go on giving it.
    TreatmentCertificate,
    /// The latest release from a CTO recall unless the order is revoked.
    RecallEnds,
}

/// One dated deadline with its citation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub on: Date,
    /// Plain English: what happens on this day.
    pub what: String,
    /// The law that gives the date, e.g. "MHA 1983 s66(1)(b), (2)(b)".
    pub basis: &'static str,
    /// Anything the advocate should know about the date (an extension, "as soon as possible
    /// after", a day the tribunal office is closed).
    pub note: Option<String>,
}

fn authority_noun(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::Cto) => "community treatment order",
        Some(Status::S7 | Status::S37Guardianship) => "guardianship",
        Some(Status::ConditionalDischarge) => "conditional discharge",
        _ => "detention",
    }
}

/// Every deadline the engine's answer gives, in date order (then by kind). Dates already past
/// on `today` are left out (an open window's last day is never before today).
pub fn from_timeline(out: &Output, today: Date) -> Vec<Deadline> {
    let mut list = Vec::new();
    if let Some(a) = &out.authority
        && let Some(end) = a.end
    {
        let noun = authority_noun(out.status);
        let (what, note) = match a.extended {
            Some(ext) => (
                format!("The current period of {noun} ends (extended)"),
                Some(format!(
                    "Extended from {}: {} ({})",
                    ext.nominal_end, ext.reason, ext.basis
                )),
            ),
            None if out.status == Some(Status::S2) => {
                (format!("The 28 days of {noun} under section 2 end"), None)
            }
            None => (
                format!("The current period of {noun} ends unless it is renewed"),
                None,
            ),
        };
        list.push(Deadline {
            kind: DeadlineKind::AuthorityEnds,
            on: end,
            what,
            basis: a.basis,
            note,
        });
    }
    if let Some(w) = &out.tribunal_patient {
        match w.state {
            WindowState::Open if !w.already_applied => {
                let last = w.extended_to_next_open_day.unwrap_or(w.to);
                let note = if w.extended_to_next_open_day.is_some() {
                    Some(format!(
                        "The last day in the Act is {}, a day the tribunal office is closed, \
                         so an application on the next open day must be accepted.",
                        w.to
                    ))
                } else if w.office_closed_on_last_day {
                    Some(
                        "The last day is a day the tribunal office is closed: apply by the \
                         last open day before it."
                            .to_string(),
                    )
                } else {
                    None
                };
                list.push(Deadline {
                    kind: DeadlineKind::TribunalWindowCloses,
                    on: last,
                    what: "Last day for the patient to apply to the tribunal".to_string(),
                    basis: w.basis,
                    note,
                });
            }
            WindowState::Open => {}
            WindowState::Upcoming => list.push(Deadline {
                kind: DeadlineKind::TribunalWindowOpens,
                on: w.from,
                what: "The patient can apply to the tribunal again from this day".to_string(),
                basis: w.basis,
                note: None,
            }),
            WindowState::Passed => {}
        }
    }
    if let Some(w) = &out.tribunal_nearest_relative
        && w.state == WindowState::Open
        && !w.already_applied
    {
        list.push(Deadline {
            kind: DeadlineKind::NearestRelativeWindowCloses,
            on: w.extended_to_next_open_day.unwrap_or(w.to),
            what: "Last day for the nearest relative to apply to the tribunal".to_string(),
            basis: w.basis,
            note: None,
        });
    }
    if let Some(r) = &out.managers_reference {
        let who = match r.by {
            Referrer::HospitalManagers => {
                "The hospital managers must refer the case to the tribunal"
            }
            Referrer::SecretaryOfState => {
                "The Secretary of State must refer the case to the tribunal"
            }
        };
        list.push(Deadline {
            kind: DeadlineKind::Reference,
            on: r.due,
            what: who.to_string(),
            basis: r.basis,
            note: r
                .as_soon_as_possible
                .then(|| "The duty is to refer as soon as possible after this day.".to_string()),
        });
    }
    let ctt = &out.consent_to_treatment;
    if let (Some(from), Some(basis)) = (ctt.s58_certificate_from, ctt.s58_basis) {
        list.push(Deadline {
            kind: DeadlineKind::TreatmentCertificate,
            on: from,
            what: "Three months since the first medicine: from this day it needs the \
                   patient's consent or a second-opinion doctor's certificate"
                .to_string(),
            basis,
            note: ctt
                .s58_strict_alternative
                .map(|d| format!("A strict count of the three months gives {d}.")),
        });
    }
    if let Some(r) = &out.cto_recall {
        list.push(Deadline {
            kind: DeadlineKind::RecallEnds,
            on: r.latest_release.date(),
            what: format!(
                "Latest release from recall (at {:02}:{:02}) unless the order is revoked",
                r.latest_release.hour(),
                r.latest_release.minute()
            ),
            basis: r.basis,
            note: None,
        });
    }
    list.retain(|d| d.on >= today);
    list.sort_by_key(|d| (d.on, d.kind as u8));
    list
}

/// The deadlines falling on or before `days` days from `today`.
pub fn within(list: &[Deadline], today: Date, days: i64) -> Vec<Deadline> {
    let until = today.checked_add(days.days()).unwrap_or(today);
    list.iter().filter(|d| d.on <= until).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use imha_law::config::Jurisdiction;
    use imha_law::config::LawConfig;
    use imha_law::dates::When;
    use imha_law::input::{Entry, Input};
    use jiff::civil::date;

    fn evaluate(status: Status, start: Date, today: Date) -> Output {
        let input = Input::new(
            Jurisdiction::England,
            When::Day(today),
            vec![Entry::new(status, When::Day(start))],
        );
        imha_law::evaluate(&input, &LawConfig::default())
    }

    #[test]
    fn a_section_2_gives_its_end_and_the_14_day_tribunal_window() {
        // Admitted 1 March 2027: the 28 days end on 28 March; the patient may apply within
        // the first 14 days (s66(1)(a), (2)(a)), so by 14 March.
        let out = evaluate(Status::S2, date(2027, 3, 1), date(2027, 3, 3));
        let list = from_timeline(&out, date(2027, 3, 3));
        let close = list
            .iter()
            .find(|d| d.kind == DeadlineKind::TribunalWindowCloses)
            .expect("window");
        assert_eq!(
            close.on,
            date(2027, 3, 15),
            "14 March 2027 is a Sunday: Modaresi"
        );
        assert!(close.basis.contains("s66"), "{}", close.basis);
        assert!(close.note.as_deref().unwrap_or("").contains("2027-03-14"));
        let end = list
            .iter()
            .find(|d| d.kind == DeadlineKind::AuthorityEnds)
            .expect("end");
        assert_eq!(end.on, date(2027, 3, 28));
        assert!(end.what.contains("section 2"));
        // In date order.
        assert!(list.windows(2).all(|w| w[0].on <= w[1].on));
        // The 14-day view from 3 March holds the window but not the end of the 28 days.
        let soon = within(&list, date(2027, 3, 3), 14);
        assert!(
            soon.iter()
                .any(|d| d.kind == DeadlineKind::TribunalWindowCloses)
        );
        assert!(!soon.iter().any(|d| d.kind == DeadlineKind::AuthorityEnds));
    }

    #[test]
    fn a_section_3_gives_renewal_the_window_and_the_three_month_treatment_date() {
        let mut input = Input::new(
            Jurisdiction::England,
            When::Day(date(2027, 2, 1)),
            vec![Entry::new(Status::S3, When::Day(date(2027, 1, 10)))],
        );
        input.first_medication = Some(date(2027, 1, 12));
        let out = imha_law::evaluate(&input, &LawConfig::default());
        let list = from_timeline(&out, date(2027, 2, 1));
        let ctt = list
            .iter()
            .find(|d| d.kind == DeadlineKind::TreatmentCertificate)
            .expect("three-month date");
        assert_eq!(
            ctt.on,
            date(2027, 4, 12),
            "the corresponding date, conservatively"
        );
        assert!(ctt.basis.contains("s58"), "{}", ctt.basis);
        let end = list
            .iter()
            .find(|d| d.kind == DeadlineKind::AuthorityEnds)
            .expect("end");
        assert_eq!(
            end.on,
            date(2027, 7, 9),
            "six months beginning with 10 January"
        );
        assert!(end.what.contains("renewed"));
        assert!(
            list.iter()
                .any(|d| d.kind == DeadlineKind::TribunalWindowCloses && d.on <= end.on)
        );
        assert!(list.iter().all(|d| !d.basis.is_empty()));
        // Without the first medicine's date there is no three-month date to give.
        let out = evaluate(Status::S3, date(2027, 1, 10), date(2027, 2, 1));
        assert!(
            !from_timeline(&out, date(2027, 2, 1))
                .iter()
                .any(|d| d.kind == DeadlineKind::TreatmentCertificate)
        );
    }

    #[test]
    fn dates_before_today_are_left_out() {
        // A section 2 seen on day 20: the window closed on day 14 and is not listed.
        let out = evaluate(Status::S2, date(2027, 3, 1), date(2027, 3, 20));
        let list = from_timeline(&out, date(2027, 3, 20));
        assert!(
            !list
                .iter()
                .any(|d| d.kind == DeadlineKind::TribunalWindowCloses)
        );
        assert!(list.iter().all(|d| d.on >= date(2027, 3, 20)));
    }
}
