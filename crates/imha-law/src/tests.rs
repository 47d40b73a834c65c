//! The worked cases of worked-cases.md (named after their ids), the status tables, and
//! property tests for the engine as a whole.

use jiff::civil::{Date, DateTime};
use proptest::prelude::*;

use crate::dates::{parse_date, parse_when};
use crate::output::{Warning, WindowState};
use crate::*;

fn d(s: &str) -> Date {
    parse_date(s).unwrap()
}

fn t(s: &str) -> DateTime {
    match parse_when(s).unwrap() {
        When::At(t) => t,
        When::Day(_) => panic!("{s} is not a time"),
    }
}

fn when(s: &str) -> When {
    parse_when(s).unwrap()
}

/// An English input with a history of (status, start).
fn input(as_of: &str, history: &[(&str, &str)]) -> Input {
    Input::new(
        Jurisdiction::England,
        when(as_of),
        history
            .iter()
            .map(|(s, start)| Entry::new(Status::parse(s).unwrap(), when(start)))
            .collect(),
    )
}

fn eval(i: &Input) -> Output {
    evaluate(i, &LawConfig::default())
}

fn future() -> LawConfig {
    LawConfig::all_commenced(d("2026-01-01"))
}

fn window(o: &Output) -> (Date, Date, bool) {
    let w = o.tribunal_patient.unwrap();
    (w.from, w.to, w.open)
}

fn period(o: &Output) -> (u32, Date, Date) {
    let a = o.authority.unwrap();
    (a.period, a.start, a.end.unwrap())
}

fn has_uncertain(o: &Output, needle: &str) -> bool {
    o.warnings.iter().any(|w| match w {
        Warning::Uncertain { rule, .. } => rule.contains(needle),
        _ => false,
    })
}

fn has_month_end(o: &Output, date: Date) -> bool {
    o.warnings
        .iter()
        .any(|w| matches!(w, Warning::MonthEnd { date: x, .. } if *x == date))
}

// ---------------------------------------------------------------- A. short-term powers

#[test]
fn g01_s2_standard() {
    let mut i = input("2026-03-15", &[("s2", "2026-03-10")]);
    i.date_of_birth = Some(d("1990-05-01"));
    let o = eval(&i);
    assert_eq!(o.status, Some(Status::S2));
    assert!(o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130C(2)(a)");
    assert_eq!(
        o.imha.responsible_person,
        Some(ResponsiblePerson::HospitalManagers)
    );
    assert_eq!(o.imha.nearest_relative_copy, Some(true));
    let duty = o.imha.duty_to_inform.unwrap();
    assert_eq!(duty.how, "orally and in writing");
    assert!(duty.basis.contains("s130D(1), (2)(a), (3), (4), (5)"));
    assert!(duty.when.starts_with("as soon as practicable"));
    assert_eq!(period(&o), (1, d("2026-03-10"), d("2026-04-06")));
    assert_eq!(o.authority.unwrap().basis, "MHA 1983 s2(4)");
    assert_eq!(window(&o), (d("2026-03-10"), d("2026-03-23"), true));
    assert_eq!(
        o.tribunal_patient.unwrap().basis,
        "MHA 1983 s66(1)(a), (2)(a)"
    );
    assert_eq!(o.managers_reference, None);
    assert!(o.warnings.is_empty(), "{:?}", o.warnings);
}

#[test]
fn g03_s2_14th_day_sunday_modaresi() {
    let o = eval(&input("2026-03-23", &[("s2", "2026-03-09")]));
    let w = o.tribunal_patient.unwrap();
    assert_eq!(w.to, d("2026-03-22"));
    assert_eq!(w.extended_to_next_open_day, Some(d("2026-03-23")));
    assert!(
        w.open,
        "an application on the next open day must be accepted"
    );
    assert_eq!(period(&o).2, d("2026-04-05"));
    assert!(has_uncertain(&o, "Modaresi"));
    // The day after the extension the window has passed.
    let o = eval(&input("2026-03-24", &[("s2", "2026-03-09")]));
    let w = o.tribunal_patient.unwrap();
    assert!(!w.open);
    assert_eq!(w.state, WindowState::Passed);
}

#[test]
fn g03b_modaresi_over_easter() {
    // Admitted 2026-03-21: day 14 is Fri 3 Apr 2026 (Good Friday); Easter Monday closed too.
    let o = eval(&input("2026-03-25", &[("s2", "2026-03-21")]));
    let w = o.tribunal_patient.unwrap();
    assert_eq!(w.to, d("2026-04-03"));
    assert_eq!(w.extended_to_next_open_day, Some(d("2026-04-07")));
}

#[test]
fn g05_s4_converted_to_s2() {
    let hist = [("s4", "2026-03-10T14:00"), ("s2", "2026-03-11T10:00")];
    let o = eval(&input("2026-03-12", &hist));
    assert_eq!(o.status, Some(Status::S2));
    assert_eq!(o.transition, Some(Transition::Conversion));
    assert!(o.imha.qualifies);
    assert_eq!(o.imha.since, Some(when("2026-03-11T10:00")));
    assert_eq!(period(&o), (1, d("2026-03-10"), d("2026-04-06")));
    assert_eq!(window(&o), (d("2026-03-10"), d("2026-03-23"), true));
    assert!(o.consent_to_treatment.part4_applies);
    assert!(has_uncertain(&o, "second medical recommendation"));
    // Before the second recommendation: s4, excluded, Part 4 does not apply.
    let o = eval(&input("2026-03-11T09:00", &hist));
    assert_eq!(o.status, Some(Status::S4));
    assert!(!o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130C(2)(a)");
    assert_eq!(o.authority.unwrap().ends_at, Some(t("2026-03-13T14:00")));
    assert!(!o.consent_to_treatment.part4_applies);
    assert_eq!(o.consent_to_treatment.basis, "MHA 1983 s56(3)(a)");
    assert_eq!(o.tribunal_patient, None);
}

#[test]
fn g05b_s4_lapses_after_72_hours() {
    let o = eval(&input("2026-03-13T14:00", &[("s4", "2026-03-10T14:00")]));
    assert_eq!(o.status, None);
    let o = eval(&input("2026-03-13", &[("s4", "2026-03-10T14:00")]));
    assert_eq!(
        o.status,
        Some(Status::S4),
        "had not ended before the day began"
    );
    let o = eval(&input("2026-03-14", &[("s4", "2026-03-10T14:00")]));
    assert_eq!(o.status, None);
    assert!(!o.imha.qualifies);
}

#[test]
fn g05c_s2_after_lapsed_s4_is_a_fresh_admission() {
    let hist = [("s4", "2026-03-10T14:00"), ("s2", "2026-03-14T10:00")];
    let o = eval(&input("2026-03-15", &hist));
    assert_eq!(o.transition, Some(Transition::Fresh));
    assert_eq!(period(&o).1, d("2026-03-14"));
}

#[test]
fn g07_s5_4_followed_by_s5_2() {
    let mut i = input(
        "2026-03-11T00:30",
        &[("s5-4", "2026-03-10T22:00"), ("s5-2", "2026-03-11T01:15")],
    );
    i.history[0].end = Some(when("2026-03-11T01:00"));
    let o = eval(&i);
    assert_eq!(o.status, Some(Status::S5_4));
    assert_eq!(o.authority.unwrap().ends_at, Some(t("2026-03-11T01:00")));
    assert!(!o.imha.qualifies);
    assert_eq!(o.tribunal_patient, None);
    i.as_of = when("2026-03-11T02:00");
    let o = eval(&i);
    assert_eq!(o.status, Some(Status::S5_2));
    let a = o.authority.unwrap();
    assert_eq!(a.ends_at, Some(t("2026-03-13T22:00")));
    assert_eq!(a.basis, "MHA 1983 s5(2), (5)");
    assert!(!o.imha.qualifies);
    assert_eq!(o.tribunal_patient, None);
    // Without the doctor arriving, s5(4) would have ended at 04:00.
    let o = eval(&input("2026-03-11T00:30", &[("s5-4", "2026-03-10T22:00")]));
    assert_eq!(o.authority.unwrap().ends_at, Some(t("2026-03-11T04:00")));
}

#[test]
fn g10_s2_extended_by_pending_displacement_application() {
    let mut i = input("2026-05-01", &[("s2", "2026-04-01")]);
    i.nearest_relative_events
        .push(NearestRelativeEvent::DisplacementApplication {
            made: d("2026-04-20"),
            ground: Ground::D,
            disposed: None,
            order_made: false,
        });
    let o = eval(&i);
    assert_eq!(
        o.status,
        Some(Status::S2),
        "the s2 continues while extended"
    );
    assert!(o.imha.qualifies);
    let a = o.authority.unwrap();
    assert_eq!(a.end, None);
    let ext = a.extended.unwrap();
    assert_eq!(ext.nominal_end, d("2026-04-28"));
    assert_eq!(ext.basis, "MHA 1983 s29(4)");
    let w = o.tribunal_patient.unwrap();
    assert_eq!(
        (w.from, w.to, w.open),
        (d("2026-04-01"), d("2026-04-14"), false)
    );
    assert_eq!(w.state, WindowState::Passed);
    // Without the application the s2 has ended.
    i.nearest_relative_events.clear();
    assert_eq!(eval(&i).status, None);
}

#[test]
fn g10b_s2_extension_ends_seven_days_after_an_order() {
    let mut i = input("2026-05-08", &[("s2", "2026-04-01")]);
    i.nearest_relative_events
        .push(NearestRelativeEvent::DisplacementApplication {
            made: d("2026-04-20"),
            ground: Ground::C,
            disposed: Some(d("2026-05-05")),
            order_made: true,
        });
    let a = eval(&i).authority.unwrap();
    assert_eq!(a.end, Some(d("2026-05-12")));
    assert_eq!(a.basis, "MHA 1983 s2(4), s29(4)");
    // Dismissed: the s2 ends on disposal (or its own end, if later).
    if let NearestRelativeEvent::DisplacementApplication { order_made, .. } =
        &mut i.nearest_relative_events[0]
    {
        *order_made = false;
    }
    i.as_of = when("2026-05-05");
    assert_eq!(eval(&i).authority.unwrap().end, Some(d("2026-05-05")));
    // Ground (a) does not extend.
    i.nearest_relative_events[0] = NearestRelativeEvent::DisplacementApplication {
        made: d("2026-04-20"),
        ground: Ground::A,
        disposed: None,
        order_made: false,
    };
    i.as_of = when("2026-04-25");
    assert_eq!(eval(&i).authority.unwrap().end, Some(d("2026-04-28")));
}

#[test]
fn g07b_clock_change_inside_an_hours_period() {
    // BST starts Sunday 29 March 2026.
    let o = eval(&input("2026-03-28T12:00", &[("s4", "2026-03-28T10:00")]));
    assert_eq!(o.authority.unwrap().ends_at, Some(t("2026-03-31T10:00")));
    assert!(
        o.warnings
            .iter()
            .any(|w| matches!(w, Warning::ClockChange { .. }))
    );
    let o = eval(&input("2026-03-11T12:00", &[("s4", "2026-03-10T10:00")]));
    assert!(
        !o.warnings
            .iter()
            .any(|w| matches!(w, Warning::ClockChange { .. }))
    );
}

#[test]
fn g26c_revoked_cto_under_mha_2025_s31_is_a_new_s3_admission() {
    let mut h = cto_history();
    h.push(Entry::new(Status::S3, when("2026-05-12")));
    let i = Input::new(Jurisdiction::England, when("2026-05-13"), h);
    let r = evaluate(&i, &LawConfig::all_commenced(d("2025-01-01")))
        .managers_reference
        .unwrap();
    assert_eq!(
        r.due,
        d("2026-08-12"),
        "3 months beginning with the revocation day, then due"
    );
    assert!(!r.as_soon_as_possible);
}

// ------------------------------------------------------------------------ B. section 3

#[test]
fn g11_s2_converted_to_s3() {
    let mut i = input("2026-02-01", &[("s2", "2026-01-05"), ("s3", "2026-01-20")]);
    i.date_of_birth = Some(d("1970-07-07"));
    let o = eval(&i);
    assert!(o.imha.qualifies);
    assert_eq!(period(&o), (1, d("2026-01-20"), d("2026-07-19")));
    assert_eq!(window(&o), (d("2026-01-20"), d("2026-07-19"), true));
    let r = o.managers_reference.unwrap();
    assert_eq!(r.due, d("2026-07-05"));
    assert_eq!(r.basis, "MHA 1983 s68(2)");
    // An s2 application in January does not stop the reference (s68(3)(a)).
    i.tribunal_applications.push(TribunalApplication {
        date: d("2026-01-10"),
        withdrawn: None,
        by: Applicant::Patient,
    });
    assert_eq!(eval(&i).managers_reference.unwrap().due, d("2026-07-05"));
    // An s3 application does.
    i.tribunal_applications.push(TribunalApplication {
        date: d("2026-01-25"),
        withdrawn: None,
        by: Applicant::Patient,
    });
    let r = eval(&i).managers_reference.unwrap();
    assert_eq!(r.basis, "MHA 1983 s68(6)");
    // Renewals.
    i.tribunal_applications.clear();
    i.as_of = when("2026-08-01");
    assert_eq!(period(&eval(&i)), (2, d("2026-07-20"), d("2027-01-19")));
    i.as_of = when("2027-02-01");
    assert_eq!(period(&eval(&i)), (3, d("2027-01-20"), d("2028-01-19")));
    assert_eq!(window(&eval(&i)), (d("2027-01-20"), d("2028-01-19"), true));
}

#[test]
fn g12_s3_admitted_31_august() {
    let o = eval(&input("2026-09-01", &[("s3", "2026-08-31")]));
    assert_eq!(period(&o), (1, d("2026-08-31"), d("2027-02-28")));
    assert_eq!(window(&o), (d("2026-08-31"), d("2027-02-28"), true));
    assert_eq!(o.managers_reference.unwrap().due, d("2027-03-01"));
    assert!(has_month_end(&o, d("2026-08-31")));
    assert!(has_month_end(&o, d("2027-02-28")));
    assert!(has_month_end(&o, d("2027-03-01")));
    let o = eval(&input("2027-03-05", &[("s3", "2026-08-31")]));
    assert_eq!(period(&o), (2, d("2027-03-01"), d("2027-08-31")));
    assert!(has_uncertain(&o, "s20(2)"));
    // The alternatives practice gives: anchored to the original day, and strict Dodds.
    let alt = o.authority.unwrap().alternative_ends.unwrap();
    assert_eq!(alt.anchored_to_start, d("2027-08-30"));
    assert_eq!(alt.strict_dodds, d("2027-08-28"));
    let o = eval(&input("2027-09-05", &[("s3", "2026-08-31")]));
    assert_eq!(period(&o), (3, d("2027-09-01"), d("2028-08-31")));
}

#[test]
fn g12b_no_alternatives_away_from_month_ends() {
    let o = eval(&input("2026-10-01", &[("s3", "2026-03-10")]));
    assert_eq!(o.authority.unwrap().alternative_ends, None);
}

#[test]
fn g12c_window_ending_on_a_closed_day_is_flagged() {
    // Window ends Saturday 2026-09-12: flagged on the window (Modaresi untested beyond s2).
    let o = eval(&input("2026-03-20", &[("s3", "2026-03-13")]));
    let w = o.tribunal_patient.unwrap();
    assert_eq!(w.to, d("2026-09-12"));
    assert!(w.office_closed_on_last_day);
    assert_eq!(w.extended_to_next_open_day, None);
    let o = eval(&input("2026-03-20", &[("s3", "2026-03-12")]));
    assert!(!o.tribunal_patient.unwrap().office_closed_on_last_day);
}

#[test]
fn g13_s3_admitted_1_september() {
    let o = eval(&input("2026-09-01", &[("s3", "2026-09-01")]));
    assert_eq!(period(&o), (1, d("2026-09-01"), d("2027-02-28")));
    let o = eval(&input("2027-03-01", &[("s3", "2026-09-01")]));
    assert_eq!(period(&o), (2, d("2027-03-01"), d("2027-08-31")));
}

#[test]
fn g16_s3_own_application_heard() {
    let mut i = input("2026-10-01", &[("s3", "2026-03-10")]);
    i.date_of_birth = Some(d("1980-01-01"));
    i.tribunal_applications.push(TribunalApplication {
        date: d("2026-04-01"),
        withdrawn: None,
        by: Applicant::Patient,
    });
    i.tribunal_hearings.push(d("2026-04-20"));
    let o = eval(&i);
    assert_eq!(period(&o), (2, d("2026-09-10"), d("2027-03-09")));
    assert_eq!(window(&o), (d("2026-09-10"), d("2027-03-09"), true));
    assert_eq!(
        o.tribunal_patient.unwrap().basis,
        "MHA 1983 s66(1)(f), (2)(f)"
    );
    let r = o.managers_reference.unwrap();
    assert_eq!(r.due, d("2029-04-21"));
    assert_eq!(r.basis, "MHA 1983 s68(6)");
    i.as_of = when("2026-03-11");
    assert_eq!(period(&eval(&i)), (1, d("2026-03-10"), d("2026-09-09")));
    i.as_of = when("2027-04-01");
    assert_eq!(period(&eval(&i)), (3, d("2027-03-10"), d("2028-03-09")));
}

#[test]
fn g16b_s68_6_one_year_for_under_18() {
    let mut i = input("2026-10-01", &[("s3", "2026-03-10")]);
    i.date_of_birth = Some(d("2012-01-01"));
    i.tribunal_applications.push(TribunalApplication {
        date: d("2026-04-01"),
        withdrawn: None,
        by: Applicant::Patient,
    });
    i.tribunal_hearings.push(d("2026-04-20"));
    let r = eval(&i).managers_reference.unwrap();
    assert_eq!(r.due, d("2027-04-21"));
}

#[test]
fn g17_s3_application_withdrawn_after_s68_period() {
    let mut i = input("2026-07-25", &[("s3", "2026-01-10")]);
    i.tribunal_applications.push(TribunalApplication {
        date: d("2026-02-01"),
        withdrawn: Some(d("2026-07-20")),
        by: Applicant::Patient,
    });
    let o = eval(&i);
    let r = o.managers_reference.unwrap();
    assert_eq!(r.due, d("2026-07-20"));
    assert!(r.as_soon_as_possible);
    assert_eq!(r.basis, "MHA 1983 s68(4)");
    assert_eq!(period(&o), (2, d("2026-07-10"), d("2027-01-09")));
    i.as_of = when("2026-02-01");
    assert_eq!(period(&eval(&i)), (1, d("2026-01-10"), d("2026-07-09")));
    // Withdrawn within the period: ignored, so the six-month reference is due.
    i.tribunal_applications[0].withdrawn = Some(d("2026-03-01"));
    i.as_of = when("2026-03-02");
    assert_eq!(eval(&i).managers_reference.unwrap().due, d("2026-07-10"));
}

// --------------------------------------------------------------- C. nearest relative

#[test]
fn g20_nr_barred_s3() {
    let mut i = input("2026-05-10", &[("s3", "2026-03-10")]);
    i.nearest_relative_events
        .push(NearestRelativeEvent::BarringReport {
            report: d("2026-05-03"),
            told: Some(d("2026-05-04")),
        });
    let o = eval(&i);
    let nr = o.tribunal_nearest_relative.unwrap();
    assert_eq!(
        (nr.from, nr.to, nr.open),
        (d("2026-05-04"), d("2026-05-31"), true)
    );
    assert_eq!(nr.basis, "MHA 1983 s66(1)(g), (2)(d)");
    let b = o.nearest_relative_barring.unwrap();
    assert_eq!(b.discharge_barred_until, d("2026-11-02"));
    assert_eq!(b.basis, "MHA 1983 s25(1)(b)");
    assert_eq!(window(&o), (d("2026-03-10"), d("2026-09-09"), true));
}

#[test]
fn g21_nr_barred_s2() {
    let mut i = input("2026-03-21", &[("s2", "2026-03-10")]);
    i.nearest_relative_events
        .push(NearestRelativeEvent::BarringReport {
            report: d("2026-03-20"),
            told: None,
        });
    let o = eval(&i);
    assert_eq!(o.tribunal_nearest_relative, None);
    assert_eq!(window(&o), (d("2026-03-10"), d("2026-03-23"), true));
}

#[test]
fn g22_nr_displaced_ground_c() {
    let mut i = input("2026-07-01", &[("s2", "2026-05-20"), ("s3", "2026-06-05")]);
    i.nearest_relative_events
        .push(NearestRelativeEvent::DisplacementOrder {
            made: d("2026-06-01"),
            ground: Ground::C,
            ended: None,
        });
    let nr = eval(&i).tribunal_nearest_relative.unwrap();
    assert_eq!(
        (nr.from, nr.to, nr.open),
        (d("2026-06-01"), d("2027-05-31"), true)
    );
    assert_eq!(nr.basis, "MHA 1983 s66(1)(h), (2)(g)");
    i.as_of = when("2027-06-15");
    let nr = eval(&i).tribunal_nearest_relative.unwrap();
    assert_eq!((nr.from, nr.to), (d("2027-06-01"), d("2028-05-31")));
    // Ground (a) gives no tribunal right.
    i.nearest_relative_events[0] = NearestRelativeEvent::DisplacementOrder {
        made: d("2026-06-01"),
        ground: Ground::A,
        ended: None,
    };
    assert_eq!(eval(&i).tribunal_nearest_relative, None);
}

// ----------------------------------------------------------------------------- D. CTO

fn cto_history() -> Vec<Entry> {
    let mut cto = Entry::new(Status::Cto, when("2026-01-01"));
    cto.recalls.push(Recall {
        at: when("2026-05-10T10:00"),
        released: Some(when("2026-05-12T09:00")),
    });
    vec![Entry::new(Status::S3, when("2025-06-01")), cto]
}

#[test]
fn g25_cto_recalled_not_revoked() {
    let mut i = Input::new(
        Jurisdiction::England,
        when("2026-05-11T12:00"),
        cto_history(),
    );
    let o = eval(&i);
    assert_eq!(o.status, Some(Status::Cto));
    let r = o.cto_recall.unwrap();
    assert_eq!(r.latest_release, t("2026-05-13T10:00"));
    assert!(o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130C(2)(c)");
    assert!(o.consent_to_treatment.part4_applies);
    assert_eq!(o.consent_to_treatment.basis, "MHA 1983 s56(4)");
    // No new tribunal right: the window is the CTO's own first period.
    assert_eq!(window(&o), (d("2026-01-01"), d("2026-06-30"), true));
    assert_eq!(
        o.tribunal_patient.unwrap().basis,
        "MHA 1983 s66(1)(ca), (2)(b)"
    );
    // After release.
    i.as_of = when("2026-05-12T10:00");
    let o = eval(&i);
    assert_eq!(o.cto_recall, None);
    assert!(!o.consent_to_treatment.part4_applies);
}

#[test]
fn g26_cto_revoked() {
    let mut h = cto_history();
    h[1].recalls[0].released = None;
    h.push(Entry::new(Status::S3, when("2026-05-12")));
    let mut i = Input::new(Jurisdiction::England, when("2026-05-13"), h);
    let o = eval(&i);
    assert_eq!(o.transition, Some(Transition::Revocation));
    assert_eq!(window(&o), (d("2026-05-12"), d("2026-11-11"), true));
    assert_eq!(
        o.tribunal_patient.unwrap().basis,
        "MHA 1983 s66(1)(cb), (2)(cb)"
    );
    let r = o.managers_reference.unwrap();
    assert_eq!(
        (r.due, r.as_soon_as_possible, r.basis),
        (d("2026-05-12"), true, "MHA 1983 s68(7)")
    );
    assert_eq!(period(&o), (1, d("2026-05-12"), d("2026-11-11")));
    i.as_of = when("2026-11-20");
    assert_eq!(period(&eval(&i)), (2, d("2026-11-12"), d("2027-05-11")));
}

#[test]
fn g26b_cto_periods_and_s68_applicable_day() {
    // s2 2025-12-01, s3 2025-12-20, CTO 2026-03-01: six-month reference from the s2 admission.
    let i = input(
        "2026-03-02",
        &[
            ("s2", "2025-12-01"),
            ("s3", "2025-12-20"),
            ("cto", "2026-03-01"),
        ],
    );
    let o = eval(&i);
    assert_eq!(period(&o), (1, d("2026-03-01"), d("2026-08-31")));
    let r = o.managers_reference.unwrap();
    assert_eq!(r.due, d("2026-06-01"));
    assert_eq!(r.basis, "MHA 1983 s68(1)(c), (2), (5)(c)");
    assert!(o.imha.nearest_relative_copy.unwrap());
    assert_eq!(
        o.imha.responsible_person,
        Some(ResponsiblePerson::ResponsibleHospitalManagers)
    );
}

// --------------------------------------------------------------------- E. guardianship

#[test]
fn g28_transfer_from_guardianship() {
    let o = eval(&input(
        "2026-02-10",
        &[("s7", "2025-10-01"), ("s3", "2026-02-02")],
    ));
    assert_eq!(o.transition, Some(Transition::TransferFromGuardianship));
    assert_eq!(window(&o), (d("2026-02-02"), d("2026-08-01"), true));
    assert_eq!(
        o.tribunal_patient.unwrap().basis,
        "MHA 1983 s66(1)(e), (2)(e)"
    );
    let r = o.managers_reference.unwrap();
    assert_eq!(r.due, d("2026-08-02"));
    assert_eq!(r.basis, "MHA 1983 s68(1)(e), (2), (5)(d)");
}

#[test]
fn g29_s37_guardianship_order() {
    let o = eval(&input("2026-04-01", &[("s37-guardianship", "2026-03-10")]));
    assert!(o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130C(2)(b)");
    assert_eq!(window(&o), (d("2026-03-10"), d("2026-09-09"), true));
    assert_eq!(o.tribunal_patient.unwrap().basis, "MHA 1983 s69(1)(b)(i)");
    let nr = o.tribunal_nearest_relative.unwrap();
    assert_eq!((nr.from, nr.to), (d("2026-03-10"), d("2027-03-09")));
    assert_eq!(nr.basis, "MHA 1983 s69(1)(b)(ii)");
    let o = eval(&input("2027-03-20", &[("s37-guardianship", "2026-03-10")]));
    let nr = o.tribunal_nearest_relative.unwrap();
    assert_eq!((nr.from, nr.to), (d("2027-03-10"), d("2028-03-09")));
    assert_eq!(window(&o), (d("2027-03-10"), d("2028-03-09"), true));
    assert_eq!(
        o.managers_reference, None,
        "s68 does not apply to guardianship"
    );
}

// ------------------------------------------------------------------------- F. Part 3

#[test]
fn g33_conditional_discharge_with_dol_conditions() {
    let mut e = Entry::new(Status::ConditionalDischarge, when("2026-03-02"));
    e.dol_conditions = true;
    let mut i = Input::new(Jurisdiction::England, when("2026-10-01"), vec![e]);
    let o = eval(&i);
    assert!(o.imha.qualifies);
    assert_eq!(
        o.imha.responsible_person,
        Some(ResponsiblePerson::ResponsibleClinician)
    );
    assert_eq!(o.imha.nearest_relative_copy, Some(false));
    assert_eq!(window(&o), (d("2026-09-02"), d("2027-03-01"), true));
    assert_eq!(o.tribunal_patient.unwrap().basis, "MHA 1983 s75(2A)");
    let r = o.managers_reference.unwrap();
    assert_eq!((r.due, r.by), (d("2027-03-02"), Referrer::SecretaryOfState));
    assert_eq!(r.basis, "MHA 1983 s75(2C), (2D)");
    assert_eq!(o.authority, None);
    i.as_of = when("2027-03-10");
    assert_eq!(window(&eval(&i)), (d("2027-03-02"), d("2029-03-01"), true));
    // A hearing in the first 12 months removes the first reference.
    i.as_of = when("2026-10-01");
    i.tribunal_hearings.push(d("2026-12-01"));
    assert_eq!(eval(&i).managers_reference.unwrap().due, d("2029-03-02"));
}

#[test]
fn g33b_conditional_discharge_without_dol() {
    let o = eval(&input(
        "2026-10-01",
        &[("conditional-discharge", "2026-03-02")],
    ));
    assert_eq!(window(&o), (d("2027-03-02"), d("2028-03-01"), false));
    assert_eq!(o.tribunal_patient.unwrap().basis, "MHA 1983 s75(2)");
    assert_eq!(o.managers_reference, None, "no SoS duty until MHA 2025 s33");
    assert!(!o.consent_to_treatment.part4_applies);
    assert_eq!(o.consent_to_treatment.basis, "MHA 1983 s56(3)(c)");
}

#[test]
fn g34_conditionally_discharged_patient_recalled() {
    let h = [
        ("s37-41", "2020-01-01"),
        ("conditional-discharge", "2024-01-01"),
        ("s37-41", "2026-04-20"),
    ];
    let o = eval(&input("2026-04-25", &h));
    assert_eq!(o.transition, Some(Transition::Recall));
    assert!(o.imha.qualifies);
    let r = o.managers_reference.unwrap();
    assert_eq!(
        (r.due, r.by, r.basis),
        (
            d("2026-05-20"),
            Referrer::SecretaryOfState,
            "MHA 1983 s75(1)(a)"
        )
    );
    assert_eq!(window(&o), (d("2026-10-20"), d("2027-04-19"), false));
    let o = eval(&input("2027-05-01", &h));
    assert_eq!(window(&o), (d("2027-04-20"), d("2028-04-19"), true));
    assert_eq!(o.managers_reference.unwrap().basis, "MHA 1983 s71(2)");
}

#[test]
fn g36_s36_remand() {
    let o = eval(&input("2026-03-10", &[("s36", "2026-03-01")]));
    assert!(o.imha.qualifies);
    assert_eq!(
        o.imha.nearest_relative_copy,
        Some(false),
        "Part 3: s130D(5)"
    );
    assert_eq!(o.tribunal_patient, None);
    let a = o.authority.unwrap();
    assert_eq!((a.period, a.end), (1, Some(d("2026-03-28"))));
    assert_eq!(a.maximum_end, Some(d("2026-05-23")));
    assert_eq!(a.basis, "MHA 1983 s36(6)");
    assert!(o.consent_to_treatment.part4_applies);
    // After 12 weeks the remand has ended.
    assert_eq!(
        eval(&input("2026-05-24", &[("s36", "2026-03-01")])).status,
        None
    );
}

#[test]
fn g37_s38_interim_hospital_order() {
    let o = eval(&input("2026-03-01", &[("s38", "2026-02-02")]));
    assert!(o.imha.qualifies);
    assert_eq!(o.tribunal_patient, None);
    let a = o.authority.unwrap();
    assert_eq!(a.end, Some(d("2026-04-26")));
    assert_eq!(a.maximum_end, Some(d("2027-02-01")));
    assert!(o.consent_to_treatment.part4_applies);
    let o = eval(&input("2026-05-01", &[("s38", "2026-02-02")]));
    let a = o.authority.unwrap();
    assert_eq!(
        (a.period, a.start, a.end),
        (2, d("2026-04-27"), Some(d("2026-05-24")))
    );
    // The last renewal is cut short by the 12-month limit.
    let o = eval(&input("2027-02-01", &[("s38", "2026-02-02")]));
    assert_eq!(o.authority.unwrap().end, Some(d("2027-02-01")));
    assert_eq!(
        eval(&input("2027-02-02", &[("s38", "2026-02-02")])).status,
        None
    );
}

#[test]
fn g39_s47_49_restricted_transfer() {
    let h = [("s47-49", "2026-04-01")];
    let o = eval(&input("2026-05-01", &h));
    assert!(o.imha.qualifies);
    assert_eq!(window(&o), (d("2026-04-01"), d("2026-09-30"), true));
    assert_eq!(o.tribunal_patient.unwrap().basis, "MHA 1983 s69(2)(b)");
    assert_eq!(o.tribunal_nearest_relative, None);
    let o = eval(&input("2026-10-15", &h));
    assert_eq!(window(&o), (d("2026-10-01"), d("2027-03-31"), true));
    assert_eq!(o.tribunal_patient.unwrap().basis, "MHA 1983 s70(a)");
    let o = eval(&input("2027-05-01", &h));
    assert_eq!(window(&o), (d("2027-04-01"), d("2028-03-31"), true));
    assert_eq!(o.tribunal_patient.unwrap().basis, "MHA 1983 s70(b)");
}

#[test]
fn g39b_s37_unrestricted_no_first_six_months() {
    let o = eval(&input("2026-04-01", &[("s37", "2026-03-10")]));
    assert_eq!(window(&o), (d("2026-09-10"), d("2027-03-09"), false));
    let nr = o.tribunal_nearest_relative.unwrap();
    assert_eq!((nr.from, nr.basis), (d("2026-09-10"), "MHA 1983 s69(1)(a)"));
    assert_eq!(
        o.managers_reference.unwrap().basis,
        "MHA 1983 s68(6); Sch 1 Pt 1 para 10"
    );
    assert_eq!(o.imha.nearest_relative_copy, Some(false));
}

// -------------------------------------------------------------- G. informal, s57, s58A

#[test]
fn g42_informal_16_year_old_ect_considered() {
    let mut i = input("2026-05-12", &[("informal", "2026-05-01")]);
    i.date_of_birth = Some(d("2010-01-20"));
    i.treatment_discussed = Some(Treatment::S58a);
    i.treatment_ended = Some(d("2026-06-20"));
    let o = eval(&i);
    assert!(o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130C(3)(b)");
    assert_eq!(
        o.imha.responsible_person,
        Some(ResponsiblePerson::ClinicianDiscussingTreatment)
    );
    assert_eq!(o.imha.nearest_relative_copy, Some(false));
    assert!(!o.consent_to_treatment.part4_applies);
    assert!(
        o.consent_to_treatment
            .s58a
            .contains("SOAD certificate even if the patient consents")
    );
    i.as_of = when("2026-06-25");
    let o = eval(&i);
    assert!(!o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130C(4)");
    // An adult discussing s58A does not qualify by that route; s57 qualifies at any age.
    i.as_of = when("2026-05-12");
    i.date_of_birth = Some(d("1990-01-01"));
    assert!(!eval(&i).imha.qualifies);
    i.treatment_discussed = Some(Treatment::S57);
    let o = eval(&i);
    assert!(o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130C(3)(a)");
}

#[test]
fn g42b_s57_discussion_qualifies_a_s136_patient() {
    let mut i = input("2026-05-12T10:00", &[("s136", "2026-05-12T02:00")]);
    assert!(!eval(&i).imha.qualifies);
    i.treatment_discussed = Some(Treatment::S57);
    assert_eq!(eval(&i).imha.basis, "MHA 1983 s130C(3)(a)");
}

// ----------------------------------------------------------------------------- H. Wales

#[test]
fn g48_wales_s136() {
    let mut i = input("2026-05-12T10:00", &[("s136", "2026-05-12T02:00")]);
    i.jurisdiction = Jurisdiction::Wales;
    let o = eval(&i);
    assert!(!o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130I(2)");
    assert!(o.warnings.iter().any(|w| matches!(
        w,
        Warning::Uncertain { confidence: output::Confidence::Low, rule } if rule.contains("s130I(2)")
    )));
}

#[test]
fn g50_english_resident_in_welsh_hospital() {
    let mut i = input("2026-05-12", &[("s3", "2026-05-01")]);
    i.jurisdiction = Jurisdiction::Wales;
    let o = eval(&i);
    assert!(o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130I(2)(a)");
    assert_eq!(
        o.tribunal_name,
        Some("Mental Health Review Tribunal for Wales")
    );
}

// -------------------------------------------------------------------- I. Part 4

#[test]
fn g51_s3_three_month_medication_rule() {
    let mut i = input("2026-02-01", &[("s3", "2026-01-10")]);
    i.first_medication = Some(d("2026-01-15"));
    let c = eval(&i).consent_to_treatment;
    assert_eq!(c.s58_certificate_from, Some(d("2026-04-15")));
    assert_eq!(c.s58_strict_alternative, Some(d("2026-04-16")));
    assert_eq!(c.s58_basis, Some("MHA 1983 s58(1)(b)"));
}

#[test]
fn g52_s2_then_s3_continuous_period() {
    let mut i = input("2026-02-01", &[("s2", "2026-01-05"), ("s3", "2026-01-20")]);
    i.first_medication = Some(d("2026-01-06"));
    let o = eval(&i);
    assert_eq!(
        o.consent_to_treatment.s58_certificate_from,
        Some(d("2026-04-06"))
    );
    assert!(has_uncertain(&o, "s58(1)(b)"));
}

#[test]
fn g53_part4_applicability_by_status() {
    let cases = [
        ("s35", false, "MHA 1983 s56(3)(b)"),
        ("s36", true, "MHA 1983 s56(3)"),
        ("s38", true, "MHA 1983 s56(3)"),
        ("cto", false, "MHA 1983 s56(4); Part 4A (ss 64A-64K)"),
        ("s136", false, "MHA 1983 s56(3)(b)"),
        ("conditional-discharge", false, "MHA 1983 s56(3)(c)"),
        ("s3", true, "MHA 1983 s56(3)"),
        ("informal", false, "MHA 1983 s56(3)"),
    ];
    for (s, applies, basis) in cases {
        let c = eval(&input("2026-03-01T12:00", &[(s, "2026-03-01T10:00")])).consent_to_treatment;
        assert_eq!((c.part4_applies, c.basis), (applies, basis), "{s}");
    }
    // CTO recalled: applies (see g25).
}

// ------------------------------------------------------------------- J. MHA 2025

#[test]
fn g54_s3_new_detention_periods() {
    let h = [("s3", "2026-03-10")];
    let cfg = future();
    let p = |as_of: &str| period(&evaluate(&input(as_of, &h), &cfg));
    assert_eq!(p("2026-03-15"), (1, d("2026-03-10"), d("2026-06-09")));
    assert_eq!(p("2026-07-01"), (2, d("2026-06-10"), d("2026-09-09")));
    assert_eq!(p("2026-10-01"), (3, d("2026-09-10"), d("2027-03-09")));
    assert_eq!(p("2027-04-01"), (4, d("2027-03-10"), d("2028-03-09")));
    let o = evaluate(&input("2026-03-15", &h), &cfg);
    assert_eq!(window(&o), (d("2026-03-10"), d("2026-06-09"), true));
    assert_eq!(o.managers_reference.unwrap().due, d("2026-06-10"));
    let o = evaluate(&input("2026-07-01", &h), &cfg);
    assert_eq!(o.managers_reference.unwrap().due, d("2027-03-10"));
    // Current law: G16 rules.
    let o = eval(&input("2026-03-15", &h));
    assert_eq!(period(&o), (1, d("2026-03-10"), d("2026-09-09")));
    assert_eq!(o.managers_reference.unwrap().due, d("2026-09-10"));
}

#[test]
fn g55_s2_window_under_mha_2025() {
    let h = [("s2", "2026-03-10")];
    let o = evaluate(&input("2026-03-12", &h), &future());
    assert_eq!(window(&o).1, d("2026-03-30"));
    assert_eq!(window(&eval(&input("2026-03-12", &h))).1, d("2026-03-23"));
}

#[test]
fn g56_restricted_patient_12_month_sos_reference() {
    let mut i = input("2026-06-01", &[("s37-41", "2025-01-01")]);
    i.tribunal_hearings.push(d("2026-01-10"));
    let r = evaluate(&i, &future()).managers_reference.unwrap();
    assert_eq!((r.due, r.by), (d("2027-01-11"), Referrer::SecretaryOfState));
    let r = eval(&i).managers_reference.unwrap();
    assert_eq!((r.due, r.basis), (d("2029-01-11"), "MHA 1983 s71(2)"));
}

#[test]
fn g56b_mha_2025_never_on_by_default_and_per_jurisdiction() {
    let mut cfg = LawConfig::default();
    cfg.detention_periods.england = Some(d("2026-01-01"));
    let mut i = input("2026-03-15", &[("s3", "2026-03-10")]);
    assert_eq!(period(&evaluate(&i, &cfg)).2, d("2026-06-09"));
    i.jurisdiction = Jurisdiction::Wales;
    assert_eq!(period(&evaluate(&i, &cfg)).2, d("2026-09-09"));
    // An s3 that began before commencement keeps its expiry.
    let i = input("2026-03-15", &[("s3", "2025-12-10")]);
    assert_eq!(period(&evaluate(&i, &cfg)).2, d("2026-06-09"));
}

#[test]
fn g56c_english_informal_in_patient_under_sch_3() {
    let i = input("2026-03-15", &[("informal", "2026-03-10")]);
    assert!(!eval(&i).imha.qualifies);
    let o = evaluate(&i, &future());
    assert!(o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130CA (inserted by MHA 2025 Sch 3)");
    // s4 still excluded.
    let i = input("2026-03-15T12:00", &[("s4", "2026-03-15T10:00")]);
    assert!(!evaluate(&i, &future()).imha.qualifies);
}

// ------------------------------------------------------------------------ K. MHSDS

#[test]
fn g57_code_mapping() {
    let cases = [
        ("01", false),
        ("02", true),
        ("03", true),
        ("04", false),
        ("05", false),
        ("06", false),
        ("07", true),
        ("08", true),
        ("09", true),
        ("10", true),
        ("12", true),
        ("19", false),
        ("20", false),
        ("35", true),
        ("36", true),
        ("37", true),
        ("38", true),
    ];
    for (code, qualifies) in cases {
        let o = eval(&input("2026-03-01T12:00", &[(code, "2026-03-01T10:00")]));
        assert_eq!(o.imha.qualifies, qualifies, "code {code}");
    }
    for code in ["32", "98", "99"] {
        assert!(Status::parse(code).is_err(), "code {code} must be rejected");
    }
}

// ------------------------------------------------------------------------ tables

#[test]
fn every_status_by_jurisdiction() {
    use ResponsiblePerson::*;
    type Row = (
        &'static str,
        bool,
        &'static str,
        Option<ResponsiblePerson>,
        Option<bool>,
    );
    let england: [Row; 24] = [
        ("informal", false, "MHA 1983 s130C(2)", None, None),
        (
            "s2",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(true),
        ),
        (
            "s3",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(true),
        ),
        ("s4", false, "MHA 1983 s130C(2)(a)", None, None),
        ("s5-2", false, "MHA 1983 s130C(2)(a)", None, None),
        ("s5-4", false, "MHA 1983 s130C(2)(a)", None, None),
        (
            "s35",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s36",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s37",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s37-41",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s38",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s44",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s45a",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s47",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s47-49",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s48",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s48-49",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        ("s135", false, "MHA 1983 s130C(2)(a)", None, None),
        ("s136", false, "MHA 1983 s130C(2)(a)", None, None),
        (
            "cto",
            true,
            "MHA 1983 s130C(2)(c)",
            Some(ResponsibleHospitalManagers),
            Some(true),
        ),
        (
            "s7",
            true,
            "MHA 1983 s130C(2)(b)",
            Some(LocalSocialServicesAuthority),
            Some(true),
        ),
        (
            "s37-guardianship",
            true,
            "MHA 1983 s130C(2)(b)",
            Some(LocalSocialServicesAuthority),
            Some(true),
        ),
        (
            "conditional-discharge",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(ResponsibleClinician),
            Some(false),
        ),
        (
            "cpia",
            true,
            "MHA 1983 s130C(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
    ];
    let wales: [Row; 24] = [
        (
            "informal",
            true,
            "MHA 1983 s130J",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s2",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(true),
        ),
        (
            "s3",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(true),
        ),
        (
            "s4",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(true),
        ),
        (
            "s5-2",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(true),
        ),
        (
            "s5-4",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(true),
        ),
        (
            "s35",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s36",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s37",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s37-41",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s38",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s44",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s45a",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s47",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s47-49",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s48",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        (
            "s48-49",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
        ("s135", false, "MHA 1983 s130I(2)", None, None),
        ("s136", false, "MHA 1983 s130I(2)", None, None),
        (
            "cto",
            true,
            "MHA 1983 s130I(2)(c)",
            Some(ResponsibleHospitalManagers),
            Some(true),
        ),
        (
            "s7",
            true,
            "MHA 1983 s130I(2)(b)",
            Some(LocalSocialServicesAuthority),
            Some(true),
        ),
        (
            "s37-guardianship",
            true,
            "MHA 1983 s130I(2)(b)",
            Some(LocalSocialServicesAuthority),
            Some(true),
        ),
        (
            "conditional-discharge",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(ResponsibleClinician),
            Some(false),
        ),
        (
            "cpia",
            true,
            "MHA 1983 s130I(2)(a)",
            Some(HospitalManagers),
            Some(false),
        ),
    ];
    for (jurisdiction, table) in [
        (Jurisdiction::England, england),
        (Jurisdiction::Wales, wales),
    ] {
        for (id, status) in table.iter().zip(Status::ALL) {
            assert_eq!(id.0, status.id(), "table order");
            let mut i = input("2026-03-01T12:00", &[(id.0, "2026-03-01T10:00")]);
            i.jurisdiction = jurisdiction;
            let o = eval(&i);
            assert_eq!(o.status, Some(status));
            let got = (
                id.0,
                o.imha.qualifies,
                o.imha.basis,
                o.imha.responsible_person,
                o.imha.nearest_relative_copy,
            );
            assert_eq!(got, *id, "{jurisdiction:?}");
            assert_eq!(o.imha.duty_to_inform.is_some(), o.imha.qualifies);
            if let Some(duty) = o.imha.duty_to_inform {
                assert_eq!(Some(duty.who), o.imha.responsible_person);
                assert!(!duty.basis.is_empty() && !duty.when.is_empty());
            }
        }
    }
}

#[test]
fn every_status_authority_shape() {
    for s in Status::ALL {
        let o = eval(&input("2026-03-01T12:00", &[(s.id(), "2026-03-01T10:00")]));
        match o.authority {
            Some(a) if s.is_hours() => {
                assert!(a.ends_at.is_some() && a.end.is_none(), "{s}");
            }
            Some(a) => assert!(a.end.is_some() && a.ends_at.is_none(), "{s}"),
            None => assert!(
                matches!(
                    s,
                    Status::Informal
                        | Status::S37_41
                        | Status::S44
                        | Status::S45a
                        | Status::S47_49
                        | Status::S48_49
                        | Status::ConditionalDischarge
                        | Status::Cpia
                ),
                "{s} should have a period"
            ),
        }
    }
    let o = eval(&input("2026-03-01T12:00", &[("s136", "2026-03-01T10:00")]));
    let a = o.authority.unwrap();
    assert_eq!(a.ends_at, Some(t("2026-03-02T10:00")));
    assert_eq!(a.extension_ends_at, Some(t("2026-03-02T22:00")));
}

#[test]
fn status_order_matches_table() {
    for (i, s) in Status::ALL.iter().enumerate() {
        assert_eq!(*s as usize, i);
    }
}

#[test]
fn contract_example_has_no_warnings() {
    let mut i = input("2026-04-01", &[("s2", "2026-03-10"), ("s3", "2026-03-20")]);
    i.date_of_birth = Some(d("1990-05-01"));
    let o = eval(&i);
    assert_eq!(o.status, Some(Status::S3));
    assert_eq!(period(&o), (1, d("2026-03-20"), d("2026-09-19")));
    assert_eq!(o.authority.unwrap().basis, "MHA 1983 s20(1)");
    assert_eq!(window(&o), (d("2026-03-20"), d("2026-09-19"), true));
    assert_eq!(
        o.tribunal_patient.unwrap().basis,
        "MHA 1983 s66(1)(b), (2)(b)"
    );
    let r = o.managers_reference.unwrap();
    assert_eq!((r.due, r.basis), (d("2026-09-10"), "MHA 1983 s68(2)"));
    assert!(o.warnings.is_empty(), "{:?}", o.warnings);
}

#[test]
fn no_status_before_history_or_after_discharge() {
    let o = eval(&input("2026-01-01", &[("s3", "2026-03-10")]));
    assert_eq!(o.status, None);
    assert!(!o.imha.qualifies);
    let mut i = input("2026-05-01", &[("s3", "2026-03-10")]);
    i.history[0].end = Some(when("2026-04-01"));
    let o = eval(&i);
    assert_eq!(o.status, None);
    assert_eq!(
        (o.authority, o.tribunal_patient, o.managers_reference),
        (None, None, None)
    );
}

#[test]
fn law_md_8_s58_first_dose_15_january() {
    // law.md §8: first dose 15 Jan -> strict Dodds 16 Apr; common practice 15 Apr; use 15 Apr.
    let mut i = input("2026-02-01", &[("s3", "2026-01-02")]);
    i.first_medication = Some(d("2026-01-15"));
    let c = eval(&i).consent_to_treatment;
    assert_eq!(c.s58_certificate_from, Some(d("2026-04-15")));
    assert_eq!(c.s58_strict_alternative, Some(d("2026-04-16")));
    // A first dose before the current period of liability gives no date and a warning.
    i.first_medication = Some(d("2025-12-01"));
    let o = eval(&i);
    assert_eq!(o.consent_to_treatment.s58_certificate_from, None);
    assert!(
        o.warnings
            .iter()
            .any(|w| matches!(w, Warning::MedicationBeforePeriod { .. }))
    );
}

#[test]
fn law_md_5_1_worked_examples_through_the_engine() {
    let cases = [
        ("2026-03-10", "2026-09-09"),
        ("2026-08-31", "2027-02-28"),
        ("2027-08-30", "2028-02-29"),
        ("2027-08-29", "2028-02-28"),
        ("2026-09-01", "2027-02-28"),
    ];
    for (admitted, expires) in cases {
        let o = eval(&input(admitted, &[("s3", admitted)]));
        assert_eq!(o.authority.unwrap().end, Some(d(expires)), "{admitted}");
    }
    // s2: 28 days beginning with 10 Mar end 6 Apr; the 14-day window ends 23 Mar.
    let o = eval(&input("2026-03-10", &[("s2", "2026-03-10")]));
    assert_eq!(
        (period(&o).2, window(&o).1),
        (d("2026-04-06"), d("2026-03-23"))
    );
}

#[test]
fn wales_informal_not_in_patient() {
    let mut i = input("2026-03-15", &[("informal", "2026-03-10")]);
    i.jurisdiction = Jurisdiction::Wales;
    i.informal_in_patient = false;
    let o = eval(&i);
    assert!(!o.imha.qualifies);
    assert_eq!(o.imha.basis, "MHA 1983 s130J(2)(a)");
}

#[test]
fn extreme_dates_neither_panic_nor_hang() {
    let far = [
        ("0001-01-01", "9999-12-31"),
        ("9999-12-01", "9999-12-31"),
        ("0001-01-01", "0001-01-01"),
    ];
    for (start, as_of) in far {
        for s in Status::ALL {
            let mut i = input(as_of, &[(s.id(), start)]);
            i.tribunal_hearings.push(d(start));
            i.first_medication = Some(d(start));
            i.date_of_birth = Some(d(start));
            let _ = eval(&i);
            let _ = evaluate(&i, &future());
        }
    }
}

// ---------------------------------------------------------------------- properties

fn any_date() -> impl Strategy<Value = Date> {
    // 1950-01-01 .. 2099-12-31
    (-7305i32..47_846).prop_map(crate::dates::from_day_number)
}

fn any_status() -> impl Strategy<Value = Status> {
    (0usize..24).prop_map(|i| Status::ALL[i])
}

proptest! {
    #[test]
    fn renewal_periods_chain_without_gap_or_overlap(anchor in any_date(), which in 0usize..2) {
        let lengths: &'static [i32] = if which == 0 { &[6, 6, 12] } else { &[3, 3, 6, 12] };
        let ps: Vec<_> = crate::dates::Chain::new(anchor, lengths).take(12).collect();
        prop_assert_eq!(ps[0].start, anchor);
        for pair in ps.windows(2) {
            prop_assert!(pair[0].start <= pair[0].end);
            prop_assert_eq!(crate::dates::add_days(pair[0].end, 1), pair[1].start);
            prop_assert_eq!(pair[1].number, pair[0].number + 1);
        }
    }

    #[test]
    fn months_period_is_at_least_n_minus_one_months(x in any_date(), n in 1i32..40) {
        let end = crate::dates::months_beginning_with(x, n);
        let days = crate::dates::days_between(x, end) + 1;
        prop_assert!(days >= n * 28 && days <= n * 31 + 1, "{} {} {}", x, n, end);
    }

    #[test]
    fn tribunal_window_lies_inside_its_period(
        start in any_date(),
        offset in 0i32..3000,
        which in 0usize..4,
    ) {
        let s = [Status::S3, Status::S7, Status::Cto, Status::S37Guardianship][which];
        let as_of = crate::dates::add_days(start, offset);
        let i = Input::new(Jurisdiction::England, When::Day(as_of), vec![Entry::new(s, When::Day(start))]);
        let o = eval(&i);
        let a = o.authority.unwrap();
        let w = o.tribunal_patient.unwrap();
        prop_assert!(w.open);
        prop_assert!(a.start <= w.from && Some(w.to) <= a.end, "{:?} {:?}", a, w);
        prop_assert!(a.start <= as_of && Some(as_of) <= a.end);
    }

    #[test]
    fn every_date_has_a_basis_and_nothing_panics(
        statuses in proptest::collection::vec((any_status(), 0i32..400, 0u8..3), 0..6),
        first in any_date(),
        as_of_offset in -30i32..4000,
        dob in proptest::option::of(any_date()),
        hearing in proptest::option::of(0i32..2000),
        wales in any::<bool>(),
        medication in proptest::option::of(0i32..300),
        treatment in 0u8..3,
        future_law in any::<bool>(),
    ) {
        let mut day = first;
        let mut history = Vec::new();
        for (s, gap, kind) in statuses {
            day = crate::dates::add_days(day, gap);
            let start = if kind == 0 { When::Day(day) } else { When::At(day.at(10, 30, 0, 0)) };
            let mut e = Entry::new(s, start);
            e.dol_conditions = kind == 2;
            if s == Status::Cto && kind == 1 {
                e.recalls.push(Recall { at: When::At(crate::dates::add_days(day, 20).at(9, 0, 0, 0)), released: None });
            }
            history.push(e);
        }
        let mut i = Input::new(
            if wales { Jurisdiction::Wales } else { Jurisdiction::England },
            When::Day(crate::dates::add_days(first, as_of_offset)),
            history,
        );
        i.date_of_birth = dob;
        i.tribunal_hearings.extend(hearing.map(|h| crate::dates::add_days(first, h)));
        i.first_medication = medication.map(|m| crate::dates::add_days(first, m));
        i.treatment_discussed = match treatment { 1 => Some(Treatment::S57), 2 => Some(Treatment::S58a), _ => None };
        let cfg = if future_law { future() } else { LawConfig::default() };
        let o = evaluate(&i, &cfg);
        prop_assert!(!o.imha.basis.is_empty());
        prop_assert!(!o.consent_to_treatment.basis.is_empty());
        if let Some(a) = o.authority {
            prop_assert!(!a.basis.is_empty());
            prop_assert!(a.end.is_some() || a.ends_at.is_some() || a.extended.is_some());
            if let Some(end) = a.end { prop_assert!(a.start <= end); }
        }
        for w in [o.tribunal_patient, o.tribunal_nearest_relative].into_iter().flatten() {
            prop_assert!(!w.basis.is_empty());
            prop_assert!(w.from <= w.to);
        }
        if let Some(r) = o.managers_reference { prop_assert!(!r.basis.is_empty()); }
        if o.consent_to_treatment.s58_certificate_from.is_some() {
            prop_assert!(o.consent_to_treatment.s58_basis.is_some());
        }
        if o.imha.qualifies { prop_assert!(o.imha.duty_to_inform.is_some()); }
        for w in &o.warnings { prop_assert!(!w.to_string().is_empty()); }
    }
}
