//! A national year of IMHA work: 60,000 varied synthetic patient histories (deterministic, no
//! random-number crate), evaluated on one core. The baseline builds the same inputs without
//! evaluating them, so the difference is the engine's own cost.
//!
//! Run: `cargo bench -p imha-law --bench national_year`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imha_law::{
    Applicant, Entry, Ground, Input, Jurisdiction, LawConfig, NearestRelativeEvent, Recall, Status,
    Treatment, TribunalApplication, When, dates::add_days, evaluate,
};
use jiff::civil::{Date, date};

const PATIENTS: usize = 60_000;

fn main() {
    divan::main();
}

/// Park–Miller style generator: deterministic and good enough to vary the histories.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> i32 {
        (self.next() % n) as i32
    }
}

fn day(base: Date, n: i32) -> When {
    When::Day(add_days(base, n))
}

fn at(base: Date, n: i32, hour: i8) -> When {
    When::At(add_days(base, n).at(hour, 0, 0, 0))
}

/// One synthetic patient: the mix roughly follows national statistics (s2 and s3 dominate).
fn patient(g: &mut Gen) -> Input {
    let base = add_days(date(2024, 1, 1), g.below(900));
    let jurisdiction = if g.below(20) == 0 {
        Jurisdiction::Wales
    } else {
        Jurisdiction::England
    };
    let e = |s: Status, w: When| Entry::new(s, w);
    let scenario = g.below(20);
    let mut hearings = Vec::new();
    let mut applications = Vec::new();
    let mut nr = Vec::new();
    let mut treatment = None;
    let mut dob = Some(add_days(date(1940, 1, 1), g.below(30_000)));
    let history = match scenario {
        0..=3 => vec![e(Status::S2, day(base, 0))],
        4 => vec![
            e(Status::S4, at(base, 0, 14)),
            e(Status::S2, at(base, 1, 10)),
        ],
        5..=8 => vec![
            e(Status::S2, day(base, 0)),
            e(Status::S3, day(base, 5 + g.below(20))),
        ],
        9 => vec![
            e(Status::S2, day(base, 0)),
            e(Status::S3, day(base, 14)),
            e(Status::Cto, day(base, 60 + g.below(200))),
        ],
        10 => {
            let mut cto = e(Status::Cto, day(base, 100));
            cto.recalls.push(Recall {
                at: at(base, 150, 9),
                released: None,
            });
            vec![
                e(Status::S3, day(base, 0)),
                cto,
                e(Status::S3, day(base, 152)),
            ]
        }
        11 => vec![
            e(Status::S5_4, at(base, 0, 22)),
            e(Status::S5_2, at(base, 1, 1)),
        ],
        12 => vec![e(Status::S136, at(base, 0, 3))],
        13 => vec![e(Status::S37, day(base, 0))],
        14 => {
            hearings.push(add_days(base, 200));
            vec![e(Status::S37_41, day(base, 0))]
        }
        15 => {
            let mut cd = e(Status::ConditionalDischarge, day(base, 400));
            cd.dol_conditions = g.below(2) == 0;
            vec![e(Status::S37_41, day(base, 0)), cd]
        }
        16 => vec![e(Status::S7, day(base, 0)), e(Status::S3, day(base, 90))],
        17 => {
            treatment = Some(Treatment::S58a);
            dob = Some(add_days(base, -16 * 365));
            vec![e(Status::Informal, day(base, 0))]
        }
        18 => vec![e(
            [Status::S35, Status::S36, Status::S38][g.below(3) as usize],
            day(base, 0),
        )],
        _ => vec![e(
            [Status::S47, Status::S47_49, Status::S48_49][g.below(3) as usize],
            day(base, 0),
        )],
    };
    if g.below(3) == 0 {
        applications.push(TribunalApplication {
            date: add_days(base, 20 + g.below(40)),
            withdrawn: None,
            by: Applicant::Patient,
        });
        hearings.push(add_days(base, 60 + g.below(40)));
    }
    if g.below(10) == 0 {
        nr.push(NearestRelativeEvent::BarringReport {
            report: add_days(base, 30),
            told: Some(add_days(base, 31)),
        });
    }
    if g.below(20) == 0 {
        nr.push(NearestRelativeEvent::DisplacementOrder {
            made: add_days(base, 10),
            ground: Ground::C,
            ended: None,
        });
    }
    let mut input = Input::new(jurisdiction, day(base, g.below(700)), history);
    input.date_of_birth = dob;
    input.treatment_discussed = treatment;
    input.tribunal_hearings = hearings;
    input.tribunal_applications = applications;
    input.nearest_relative_events = nr;
    if g.below(2) == 0 {
        input.first_medication = Some(add_days(base, 1 + g.below(10)));
    }
    input
}

fn national_year() -> Vec<Input> {
    let mut g = Gen(2026);
    (0..PATIENTS).map(|_| patient(&mut g)).collect()
}

/// Baseline: build the 60,000 inputs.
#[divan::bench(sample_count = 20)]
fn construct_60k_inputs() -> Vec<Input> {
    national_year()
}

/// Evaluate all 60,000 inputs under the law in force.
#[divan::bench(sample_count = 20)]
fn evaluate_60k(bencher: divan::Bencher) {
    let inputs = national_year();
    let config = LawConfig::default();
    bencher.bench(|| {
        let mut qualifying = 0usize;
        for i in &inputs {
            let out = evaluate(divan::black_box(i), &config);
            qualifying += usize::from(out.imha.qualifies);
        }
        qualifying
    });
}

/// Evaluate all 60,000 with every MHA 2025 group commenced (the what-if configuration).
#[divan::bench(sample_count = 20)]
fn evaluate_60k_mha2025(bencher: divan::Bencher) {
    let inputs = national_year();
    let config = LawConfig::all_commenced(date(2024, 1, 1));
    bencher.bench(|| {
        let mut qualifying = 0usize;
        for i in &inputs {
            let out = evaluate(divan::black_box(i), &config);
            qualifying += usize::from(out.imha.qualifies);
        }
        qualifying
    });
}
