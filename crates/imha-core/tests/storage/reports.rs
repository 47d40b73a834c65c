//! Reports on both databases: `reports::compute` against a seeded synthetic data set whose
//! answers are worked out here, independently, by plain Rust over the records generated (no
//! SQL); hand-built edge cases (the period's boundaries, another area's data, a patient with two
//! qualifying episodes); and the home council that out-of-area placements come from.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use imha_core::accounts::{self, Role};
use imha_core::audit::{self, Filter};
use imha_core::casework::{self, CaseError, EventKind, Worker};
use imha_core::organisations::{self, Kind};
use imha_core::reports::{self, Area, Figures, Query, Suppression};
use imha_core::{Database, on_tx, storage_test};
use jiff::Timestamp;
use jiff::civil::{Date, date};

/// A small, seeded random number generator (SplitMix64): the data set is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn day(&mut self, from: Date, days: i64) -> Date {
        from.checked_add(jiff::Span::new().days(self.below(days as u64) as i64))
            .unwrap()
    }
    /// A moment within `days` after `from` (whole seconds, as the app stores them); now and
    /// then within half an hour of the moment one of the tested periods begins or ends in the
    /// UK (midnight, which in summer is 23:00 UTC the day before).
    fn moment_after(&mut self, from: Timestamp, days: i64) -> Timestamp {
        if self.chance(10) {
            let edge: Timestamp = self.pick(&BOUNDARY_MOMENTS).parse().unwrap();
            let t =
                Timestamp::from_second(edge.as_second() - 1800 + self.below(3600) as i64).unwrap();
            if t >= from {
                return t;
            }
        }
        let secs = self.below((days * 86_400) as u64) as i64;
        Timestamp::from_second(from.as_second() + secs).unwrap()
    }
}

fn plus_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).unwrap()
}

struct Patient {
    id: String,
    dob: Date,
    ethnicity: Option<&'static str>,
    gender: Option<&'static str>,
}

struct Episode {
    id: String,
    patient: usize,
    hospital: usize,
    status: &'static str,
    qualifies: bool,
    /// As stored: a date or a date-time.
    start_at: String,
    start: Date,
    end: Option<Date>,
}

struct Case {
    id: String,
    advocacy: &'static str,
    opened: Timestamp,
    closed: Option<Timestamp>,
    home: Option<usize>,
}

struct Referral {
    id: String,
    channel: &'static str,
    patient: Option<usize>,
    episode: Option<usize>,
    hospital: Option<usize>,
    received: Timestamp,
    status: &'static str,
    decided: Option<Timestamp>,
    first_contact: Option<Timestamp>,
    outcome: Option<(&'static str, Timestamp)>,
    case: Option<Case>,
}

struct Contact {
    referral: usize,
    at: Timestamp,
    minutes: u64,
}

struct Issue {
    referral: usize,
    kind: &'static str,
    status: &'static str,
    raised: Date,
    closed: Option<Date>,
}

struct Outcome {
    referral: usize,
    answers: [Option<&'static str>; 6],
    at: Timestamp,
}

#[derive(Default)]
struct Data {
    /// Organisation ids: hospitals, then local authorities.
    hospitals: Vec<String>,
    authorities: Vec<String>,
    /// Which hospitals are in each authority's area.
    members: Vec<Vec<usize>>,
    patients: Vec<Patient>,
    episodes: Vec<Episode>,
    referrals: Vec<Referral>,
    contacts: Vec<Contact>,
    issues: Vec<Issue>,
    outcomes: Vec<Outcome>,
}

/// The UK midnights that begin and end the periods the synthetic test asks about, in UTC.
const BOUNDARY_MOMENTS: [&str; 6] = [
    "2025-01-01T00:00:00Z",
    "2026-01-01T00:00:00Z",
    "2024-09-30T23:00:00Z",
    "2025-03-31T23:00:00Z",
    "2025-07-14T23:00:00Z",
    "2025-07-15T23:00:00Z",
];
/// The periods' first and last days and the days either side.
const BOUNDARY_DAYS: [(i16, i8, i8); 10] = [
    (2024, 12, 31),
    (2025, 1, 1),
    (2025, 12, 31),
    (2026, 1, 1),
    (2024, 9, 30),
    (2024, 10, 1),
    (2025, 3, 31),
    (2025, 4, 1),
    (2025, 7, 14),
    (2025, 7, 15),
];
const STATUSES: [&str; 14] = [
    "s2",
    "s3",
    "s3",
    "s4",
    "s5-2",
    "s37",
    "s37-41",
    "s47-49",
    "cto",
    "cto",
    "s7",
    "conditional-discharge",
    "s136",
    "cpia",
];
const ETHNICITIES: [Option<&str>; 12] = [
    Some("A"),
    Some("C"),
    Some("D"),
    Some("H"),
    Some("K"),
    Some("M"),
    Some("P"),
    Some("R"),
    Some("S"),
    Some("Z"),
    Some("99"),
    None,
];
const GENDERS: [Option<&str>; 9] = [
    Some("1"),
    Some("2"),
    Some("9"),
    Some("X"),
    Some("0"),
    None,
    Some("Female"),
    Some("MALE"),
    Some("U"),
];
const CHANNELS: [&str; 4] = ["public-form", "staff", "api", "opt-out"];
const ISSUE_KINDS: [&str; 4] = [
    "rights",
    "tribunal-application",
    "concerns-complaints",
    "other",
];
const ISSUE_STATUSES: [&str; 4] = ["open", "in-progress", "resolved", "closed-unresolved"];
const ANSWERS: [Option<&str>; 5] = [
    Some("yes"),
    Some("partly"),
    Some("no"),
    Some("not-known"),
    None,
];

fn generate(seed: u64, hospitals: Vec<String>, authorities: Vec<String>) -> Data {
    let mut rng = Rng(seed);
    let mut d = Data {
        hospitals,
        authorities,
        // Hospitals 0 and 1 are in the first council's area, 2 in the second's, 3 in none.
        members: vec![vec![0, 1], vec![2]],
        ..Data::default()
    };
    let day0 = date(2024, 6, 1);
    let t0: Timestamp = "2024-06-01T00:00:00Z".parse().unwrap();
    for p in 0..260 {
        d.patients.push(Patient {
            id: format!("p{p:04}"),
            dob: rng.day(date(1940, 1, 1), 70 * 365),
            ethnicity: *rng.pick(&ETHNICITIES),
            gender: *rng.pick(&GENDERS),
        });
        for _ in 0..=rng.below(3) {
            let start = if rng.chance(10) {
                let (y, m, dd) = *rng.pick(&BOUNDARY_DAYS);
                date(y, m, dd)
            } else {
                rng.day(day0, 700)
            };
            let start_at = if rng.chance(30) {
                format!("{start}T{:02}:{:02}", rng.below(24), rng.below(60))
            } else {
                start.to_string()
            };
            let end = if rng.chance(15) {
                let (y, m, dd) = *rng.pick(&BOUNDARY_DAYS);
                Some(date(y, m, dd).max(start))
            } else if rng.chance(50) {
                Some(plus_days(start, rng.below(200) as i64))
            } else {
                None
            };
            let e = d.episodes.len();
            d.episodes.push(Episode {
                id: format!("e{e:05}"),
                patient: p,
                hospital: rng.below(4) as usize,
                status: STATUSES[rng.below(STATUSES.len() as u64) as usize],
                qualifies: rng.chance(85),
                start_at,
                start,
                end,
            });
        }
    }
    let n_episodes = d.episodes.len();
    for i in 0..420 {
        let (channel, patient, episode, hospital) = if i < 320 {
            let e = rng.below(n_episodes as u64) as usize;
            let ep = &d.episodes[e];
            let channel = *rng.pick(&CHANNELS);
            // Opt-out referrals sometimes carry only their episode, not a hospital.
            let hospital = if channel == "opt-out" && rng.chance(30) {
                None
            } else {
                Some(ep.hospital)
            };
            let episode = (channel == "opt-out").then_some(e);
            (channel, Some(ep.patient), episode, hospital)
        } else {
            // Referrals from the public form with no patient record (some in the community).
            let hospital = if rng.chance(75) {
                Some(rng.below(4) as usize)
            } else {
                None
            };
            ("public-form", None, None, hospital)
        };
        let received = rng.moment_after(t0, 700);
        let outcome = (channel == "opt-out" && rng.chance(70)).then(|| {
            let o = [
                "visited",
                "accepted",
                "declined",
                "not-seen",
                "lacks-capacity",
            ];
            (*rng.pick(&o), rng.moment_after(received, 10))
        });
        let not_seen = matches!(outcome, Some(("not-seen", _)));
        let status = if not_seen {
            *rng.pick(&["new", "declined"])
        } else {
            *rng.pick(&[
                "new",
                "accepted",
                "accepted",
                "declined",
                "patient-declined",
            ])
        };
        let decided = (status != "new").then(|| rng.moment_after(received, 20));
        let first_contact = (!not_seen && rng.chance(50)).then(|| rng.moment_after(received, 15));
        let case = (status == "accepted").then(|| {
            let opened = decided.unwrap();
            Case {
                id: format!("c{i:04}"),
                advocacy: if rng.chance(20) {
                    "non-instructed"
                } else {
                    "instructed"
                },
                opened,
                closed: rng.chance(60).then(|| rng.moment_after(opened, 200)),
                home: if rng.chance(50) {
                    Some(rng.below(2) as usize)
                } else {
                    None
                },
            }
        });
        if let Some(c) = &case {
            for _ in 0..rng.below(4) {
                d.contacts.push(Contact {
                    referral: i,
                    at: rng.moment_after(c.opened, 120),
                    minutes: 5 + rng.below(120),
                });
            }
            for _ in 0..rng.below(4) {
                let raised = plus_days(
                    c.opened.to_zoned(jiff::tz::TimeZone::UTC).date(),
                    rng.below(90) as i64,
                );
                let status = *rng.pick(&ISSUE_STATUSES);
                let closed = matches!(status, "resolved" | "closed-unresolved")
                    .then(|| plus_days(raised, rng.below(60) as i64));
                d.issues.push(Issue {
                    referral: i,
                    kind: ISSUE_KINDS[rng.below(ISSUE_KINDS.len() as u64) as usize],
                    status,
                    raised,
                    closed,
                });
            }
            if let Some(closed) = c.closed.filter(|_| rng.chance(70)) {
                let mut answers = [None; 6];
                for a in &mut answers {
                    *a = *rng.pick(&ANSWERS);
                }
                d.outcomes.push(Outcome {
                    referral: i,
                    answers,
                    at: closed,
                });
            }
        }
        d.referrals.push(Referral {
            id: format!("r{i:04}"),
            channel,
            patient,
            episode,
            hospital,
            received,
            status,
            decided,
            first_contact,
            outcome,
            case,
        });
    }
    d
}

async fn organisations_for(db: &Database) -> (Vec<String>, Vec<String>) {
    let mut tx = db.begin().await.unwrap();
    let mut hospitals = Vec::new();
    for i in 0..4 {
        let h = organisations::create(
            &mut tx,
            Kind::Hospital,
            &format!("Hospital {i}"),
            Some(&format!("RQQ0{i}")),
            "england",
        )
        .await
        .unwrap();
        hospitals.push(h.id);
    }
    let mut authorities = Vec::new();
    for (i, name) in ["Northshire Council", "Southshire Council"]
        .iter()
        .enumerate()
    {
        let la = organisations::create(
            &mut tx,
            Kind::LocalAuthority,
            name,
            Some(&format!("E0600000{i}")),
            "england",
        )
        .await
        .unwrap();
        authorities.push(la.id);
    }
    tx.commit().await.unwrap();
    (hospitals, authorities)
}

async fn store(db: &Database, d: &Data) {
    let mut tx = db.begin().await.unwrap();
    for (a, members) in d.members.iter().enumerate() {
        for h in members {
            organisations::add_to_area(&mut tx, &d.authorities[a], &d.hospitals[*h])
                .await
                .unwrap();
        }
    }
    let now = "2026-01-01T00:00:00Z";
    for p in &d.patients {
        let sql = "INSERT INTO patients (id, given_name, family_name, date_of_birth, match_key, \
                   ethnicity, gender, created_at, updated_at) VALUES ($1, 'A', 'B', $2, $3, $4, $5, $6, $6)";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(&p.id).bind(p.dob.to_string()).bind(format!("a|b|{}", p.id)).bind(p.ethnicity).bind(p.gender).bind(now).execute(c).await.map(|_| ())).unwrap();
    }
    for e in &d.episodes {
        let sql = "INSERT INTO episodes (id, hospital_id, episode_id, patient_id, legal_status, \
                   start_at, end_at, jurisdiction, qualifies, eligibility_basis, row_hash, \
                   created_at, updated_at) VALUES ($1, $2, $1, $3, $4, $5, $6, 'england', $7, 'x', 'x', $8, $8)";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(&e.id).bind(&d.hospitals[e.hospital]).bind(&d.patients[e.patient].id).bind(e.status).bind(&e.start_at).bind(e.end.map(|x| x.to_string())).bind(e.qualifies).bind(now).execute(c).await.map(|_| ())).unwrap();
    }
    for r in &d.referrals {
        let sql = "INSERT INTO referrals (id, reference, channel, referrer_kind, received_at, \
                   given_name, family_name, whereabouts, hospital_id, jurisdiction, help, status, \
                   decided_at, first_contact_at, patient_id, episode_id, outcome, outcome_at) \
                   VALUES ($1, $1, $2, 'self', $3, 'A', 'B', 'hospital', $4, 'england', 'rights', \
                   $5, $6, $7, $8, $9, $10, $11)";
        let ts = |t: Option<Timestamp>| t.map(|t| t.to_string());
        on_tx!(&mut tx, c => sqlx::query(sql)
            .bind(&r.id).bind(r.channel).bind(r.received.to_string())
            .bind(r.hospital.map(|h| d.hospitals[h].clone())).bind(r.status)
            .bind(ts(r.decided)).bind(ts(r.first_contact))
            .bind(r.patient.map(|p| d.patients[p].id.clone()))
            .bind(r.episode.map(|e| d.episodes[e].id.clone()))
            .bind(r.outcome.map(|o| o.0)).bind(ts(r.outcome.map(|o| o.1)))
            .execute(c).await.map(|_| ()))
        .unwrap();
        if let Some(k) = &r.case {
            let sql = "INSERT INTO cases (id, referral_id, status, opened_at, advocacy, closed_at, \
                       home_authority_id) VALUES ($1, $2, $3, $4, $5, $6, $7)";
            let status = if k.closed.is_some() { "closed" } else { "open" };
            on_tx!(&mut tx, c => sqlx::query(sql).bind(&k.id).bind(&r.id).bind(status)
                .bind(k.opened.to_string()).bind(k.advocacy).bind(ts(k.closed))
                .bind(k.home.map(|a| d.authorities[a].clone()))
                .execute(c).await.map(|_| ()))
            .unwrap();
        }
    }
    let case_id = |i: usize| d.referrals[i].case.as_ref().unwrap().id.clone();
    for (n, k) in d.contacts.iter().enumerate() {
        let sql = "INSERT INTO case_contacts (id, case_id, happened_at, minutes, mode, with_whom, \
                   recorded_at) VALUES ($1, $2, $3, $4, 'visit', 'patient', $3)";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(format!("k{n}")).bind(case_id(k.referral)).bind(k.at.to_string()).bind(k.minutes as i64).execute(c).await.map(|_| ())).unwrap();
    }
    for (n, i) in d.issues.iter().enumerate() {
        let sql = "INSERT INTO case_issues (id, case_id, kind, status, raised_on, closed_on, \
                   created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)";
        on_tx!(&mut tx, c => sqlx::query(sql).bind(format!("i{n}")).bind(case_id(i.referral)).bind(i.kind).bind(i.status).bind(i.raised.to_string()).bind(i.closed.map(|x| x.to_string())).bind(now).execute(c).await.map(|_| ())).unwrap();
    }
    for o in &d.outcomes {
        let sql = "INSERT INTO case_outcomes (case_id, felt_heard, felt_involved, \
                   rights_understood, rights_upheld, care_changed, concern_resolved, recorded_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        let a = o.answers;
        on_tx!(&mut tx, c => sqlx::query(sql).bind(case_id(o.referral)).bind(a[0]).bind(a[1]).bind(a[2]).bind(a[3]).bind(a[4]).bind(a[5]).bind(o.at.to_string()).execute(c).await.map(|_| ())).unwrap();
    }
    tx.commit().await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// The expected answers, from the records in memory.

fn uk_start_of(d: Date) -> Timestamp {
    d.to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .unwrap()
        .timestamp()
}

fn uk_day(t: Timestamp) -> Date {
    t.to_zoned(jiff::tz::TimeZone::get("Europe/London").unwrap())
        .date()
}

fn ethnicity_of(code: Option<&str>) -> &'static str {
    let table = [
        ("ABC", "white"),
        ("DEFG", "mixed"),
        ("HIJKL", "asian"),
        ("MNOP", "black"),
        ("RS", "other"),
        ("Z", "not-stated"),
    ];
    let Some(first) = code.and_then(|c| c.chars().next()) else {
        return "not-known";
    };
    table
        .iter()
        .find(|(letters, _)| letters.contains(first))
        .map_or("not-known", |(_, g)| g)
}

fn gender_of(value: Option<&str>) -> &'static str {
    match value.map(str::to_lowercase).as_deref() {
        Some("1" | "male") => "male",
        Some("2" | "female") => "female",
        Some("9") => "indeterminate",
        None | Some("0" | "x" | "") => "not-known",
        Some(_) => "other",
    }
}

fn age_of(dob: Date, on: Date) -> &'static str {
    // Whole years: birthdays passed by `on`.
    let birthday_passed = (on.month(), on.day()) >= (dob.month(), dob.day());
    let age = i64::from(on.year()) - i64::from(dob.year()) - i64::from(!birthday_passed);
    let bands = [
        (18, "under-18"),
        (25, "18-24"),
        (35, "25-34"),
        (45, "35-44"),
        (55, "45-54"),
        (65, "55-64"),
    ];
    bands
        .iter()
        .find(|(below, _)| age < *below)
        .map_or("65-and-over", |(_, b)| b)
}

fn status_group_of(status: &str) -> &'static str {
    let groups: [(&[&str], &str); 7] = [
        (&["s2"], "s2"),
        (&["s3"], "s3"),
        (&["s4", "s5-2", "s5-4"], "other-part-2"),
        (
            &[
                "s35", "s36", "s37", "s37-41", "s38", "s44", "s45a", "s47", "s47-49", "s48",
                "s48-49", "cpia",
            ],
            "court-and-prison",
        ),
        (&["cto"], "cto"),
        (&["s7", "s37-guardianship"], "guardianship"),
        (&["conditional-discharge"], "conditional-discharge"),
    ];
    groups
        .iter()
        .find(|(ids, _)| ids.contains(&status))
        .map_or("other", |(_, g)| g)
}

fn expected(d: &Data, area: Option<usize>, from: Date, to: Date, target: u32) -> Figures {
    let in_area = |h: usize| area.is_none_or(|a| d.members[a].contains(&h));
    let from_t = uk_start_of(from);
    let end_t = uk_start_of(plus_days(to, 1));
    let in_period = |t: Timestamp| t >= from_t && t < end_t;
    let by_end = |t: Option<Timestamp>| t.is_some_and(|t| t < end_t);

    // Qualifying patients: each patient's qualifying episodes in the period in the area.
    let mut qualifying: BTreeMap<usize, Vec<&Episode>> = BTreeMap::new();
    for e in &d.episodes {
        if e.qualifies && in_area(e.hospital) && e.start <= to && e.end.is_none_or(|x| x >= from) {
            qualifying.entry(e.patient).or_default().push(e);
        }
    }
    let mut f = Figures::default();
    let mut groups: HashMap<(&str, &str), (u64, u64, u64)> = HashMap::new();
    for (p, episodes) in &qualifying {
        let relevant: Vec<&Referral> = d
            .referrals
            .iter()
            .filter(|r| r.patient == Some(*p) && r.received < end_t)
            .filter(|r| {
                r.received >= from_t
                    || r.decided.is_none_or(|t| t >= from_t)
                    || r.case
                        .as_ref()
                        .is_some_and(|c| c.closed.is_none_or(|t| t >= from_t))
            })
            .collect();
        let case_by_end = |r: &Referral| by_end(r.case.as_ref().map(|c| c.opened));
        let offered = relevant
            .iter()
            .any(|r| by_end(r.first_contact) || by_end(r.outcome.map(|o| o.1)) || case_by_end(r));
        let seen = relevant.iter().any(|r| {
            by_end(r.first_contact)
                || case_by_end(r)
                || r.outcome.is_some_and(|(o, t)| o != "not-seen" && t < end_t)
        });
        let accepted = relevant.iter().any(|r| case_by_end(r));
        f.uptake.qualifying += 1;
        f.uptake.referred += u64::from(!relevant.is_empty());
        f.uptake.offered_visit += u64::from(offered);
        f.uptake.seen += u64::from(seen);
        f.uptake.accepted += u64::from(accepted);

        let patient = &d.patients[*p];
        let first = episodes.iter().map(|e| e.start).min().unwrap().max(from);
        let latest = episodes
            .iter()
            .max_by(|a, b| (&a.start_at, a.status).cmp(&(&b.start_at, b.status)))
            .unwrap();
        let cto = episodes.iter().any(|e| e.status == "cto");
        for key in [
            ("ethnicity", ethnicity_of(patient.ethnicity)),
            ("age-band", age_of(patient.dob, first)),
            ("gender", gender_of(patient.gender)),
            ("legal-status", status_group_of(latest.status)),
            ("cto", if cto { "yes" } else { "no" }),
        ] {
            let g = groups.entry(key).or_default();
            g.0 += 1;
            g.1 += u64::from(seen);
            g.2 += u64::from(accepted);
        }
    }
    f.equality = reports::DIMENSIONS
        .iter()
        .map(|dim| reports::EqualityFigures {
            dimension: dim.to_string(),
            categories: reports::categories(dim)
                .iter()
                .map(|(c, _)| {
                    let (n, s, a) = groups.get(&(*dim, *c)).copied().unwrap_or_default();
                    (c.to_string(), n, s, a)
                })
                .collect(),
        })
        .collect();

    // The area's referrals and cases.
    let hospital_of = |r: &Referral| r.hospital.or(r.episode.map(|e| d.episodes[e].hospital));
    let referral_in_area = |r: &Referral| match area {
        None => true,
        Some(_) => hospital_of(r).is_some_and(in_area),
    };
    let mut channels: BTreeMap<&str, u64> = CHANNELS.iter().map(|c| (*c, 0)).collect();
    f.response.target_working_days = target;
    let mut case_ids: BTreeSet<usize> = BTreeSet::new();
    for (i, r) in d.referrals.iter().enumerate() {
        if !referral_in_area(r) {
            continue;
        }
        case_ids.insert(i);
        if in_period(r.received) {
            *channels.get_mut(r.channel).unwrap() += 1;
            let refused = matches!(r.status, "declined" | "patient-declined") && by_end(r.decided);
            if !by_end(r.first_contact) && !refused {
                f.response.waiting += 1;
            }
        }
        if let Some(contact) = r.first_contact.filter(|t| in_period(*t)) {
            let start = match (r.channel, r.episode) {
                ("opt-out", Some(e)) => d.episodes[e].start,
                _ => uk_day(r.received),
            };
            let days = imha_law::holidays::working_days_between(start, uk_day(contact));
            f.response.working_days.push(days as u32);
        }
        if let Some(c) = &r.case
            && c.opened < end_t
            && c.closed.is_none_or(|t| t >= from_t)
        {
            if c.advocacy == "non-instructed" {
                f.cases_non_instructed += 1;
            } else {
                f.cases_instructed += 1;
            }
            let placed_in = match area {
                Some(a) => c.home.is_some_and(|h| h != a),
                None => c
                    .home
                    .is_some_and(|h| hospital_of(r).is_none_or(|x| !d.members[h].contains(&x))),
            };
            f.out_of_area_in += u64::from(placed_in);
        }
    }
    if let Some(a) = area {
        f.out_of_area_out = d
            .referrals
            .iter()
            .filter(|r| {
                r.case.as_ref().is_some_and(|c| {
                    c.home == Some(a) && c.opened < end_t && c.closed.is_none_or(|t| t >= from_t)
                })
            })
            .filter(|r| hospital_of(r).is_some_and(|h| !in_area(h)))
            .count() as u64;
    }
    f.response.working_days.sort_unstable();
    f.referrals_by_channel = ["public-form", "staff", "api", "opt-out"]
        .iter()
        .map(|c| (c.to_string(), channels[c]))
        .collect();
    f.minutes = d
        .contacts
        .iter()
        .filter(|k| case_ids.contains(&k.referral) && in_period(k.at))
        .map(|k| k.minutes)
        .sum();
    f.issues = imha_core::casework::issues::IssueKind::ALL
        .iter()
        .map(|kind| {
            let raised: Vec<&Issue> = d
                .issues
                .iter()
                .filter(|i| i.kind == kind.id() && case_ids.contains(&i.referral))
                .filter(|i| i.raised >= from && i.raised <= to)
                .collect();
            let finished = |s: &str| {
                raised
                    .iter()
                    .filter(|i| i.status == s && i.closed.is_none_or(|c| c <= to))
                    .count() as u64
            };
            reports::IssueFigures {
                kind: kind.id().to_string(),
                raised: raised.len() as u64,
                resolved: finished("resolved"),
                closed_unresolved: finished("closed-unresolved"),
            }
        })
        .collect();
    f.outcomes = imha_core::casework::issues::MEASURES
        .iter()
        .enumerate()
        .map(|(m, (id, _))| {
            let mut o = reports::OutcomeFigures {
                measure: id.to_string(),
                ..Default::default()
            };
            for x in &d.outcomes {
                if case_ids.contains(&x.referral) && in_period(x.at) {
                    match x.answers[m] {
                        Some("yes") => o.yes += 1,
                        Some("partly") => o.partly += 1,
                        Some("no") => o.no += 1,
                        Some("not-known") => o.not_known += 1,
                        _ => {}
                    }
                }
            }
            o
        })
        .collect();
    f
}

storage_test!(
    figures_match_an_independent_count_of_a_synthetic_data_set,
    |t| {
        let (hospitals, authorities) = organisations_for(&t.db).await;
        let d = generate(0x1A4A_2026, hospitals, authorities);
        store(&t.db, &d).await;
        let periods = [
            (date(2025, 1, 1), date(2025, 12, 31)),
            (date(2024, 10, 1), date(2025, 3, 31)),
            (date(2025, 7, 15), date(2025, 7, 15)),
        ];
        for (from, to) in periods {
            for area in [None, Some(0), Some(1)] {
                let q = Query {
                    area: area.map_or(Area::Everywhere, |a| {
                        Area::LocalAuthority(d.authorities[a].clone())
                    }),
                    from,
                    to,
                };
                let got = reports::compute(&t.db, &q, 3).await.unwrap();
                let want = expected(&d, area, from, to, 3);
                assert_eq!(got.uptake, want.uptake, "uptake {area:?} {from}..{to}");
                assert_eq!(
                    got.response, want.response,
                    "response {area:?} {from}..{to}"
                );
                assert_eq!(
                    got.equality, want.equality,
                    "equality {area:?} {from}..{to}"
                );
                assert_eq!(got, want, "{area:?} {from}..{to}");
            }
        }
        // The data set is big enough to exercise every figure.
        let q = Query {
            area: Area::Everywhere,
            from: date(2024, 6, 1),
            to: date(2026, 6, 30),
        };
        let f = reports::compute(&t.db, &q, 3).await.unwrap();
        assert!(f.uptake.accepted > 20 && f.uptake.qualifying > f.uptake.seen);
        assert!(f.out_of_area_in > 0 && f.minutes > 0 && f.cases_non_instructed > 0);
        assert!(
            f.issues
                .iter()
                .any(|i| i.resolved > 0 && i.closed_unresolved > 0)
        );
        assert!(f.outcomes.iter().all(|o| o.yes > 0));
        let la = Query {
            area: Area::LocalAuthority(d.authorities[1].clone()),
            ..q
        };
        let f = reports::compute(&t.db, &la, 3).await.unwrap();
        assert!(f.out_of_area_out > 0 && f.out_of_area_in > 0);
        // And the tables publish it: every row has a cell per column.
        for table in reports::tables(&f, &la, &Suppression::default()) {
            for row in &table.rows {
                assert_eq!(row.cells.len(), table.columns.len(), "{}", table.id);
            }
        }
    }
);

// ---------------------------------------------------------------------------------------------
// Hand-built edge cases

fn episode(patient: usize, hospital: usize, start_at: &str, end: Option<&str>) -> Episode {
    let start = imha_law::dates::parse_date(&start_at[..10]).unwrap();
    Episode {
        id: String::new(),
        patient,
        hospital,
        status: "s3",
        qualifies: true,
        start_at: start_at.to_string(),
        start,
        end: end.map(|e| imha_law::dates::parse_date(e).unwrap()),
    }
}

storage_test!(period_boundaries_areas_and_repeat_episodes, |t| {
    let (hospitals, authorities) = organisations_for(&t.db).await;
    let mut d = Data {
        hospitals,
        authorities,
        members: vec![vec![0, 1], vec![2]],
        ..Data::default()
    };
    for p in 0..6 {
        d.patients.push(Patient {
            id: format!("p{p}"),
            dob: date(1980, 1, 1),
            ethnicity: Some("M"),
            gender: Some("2"),
        });
    }
    let from = date(2025, 4, 1);
    let to = date(2025, 6, 30);
    d.episodes = vec![
        // Ended the day before the period: not counted.
        episode(0, 0, "2025-01-10", Some("2025-03-31")),
        // Ended on the period's first day: counted.
        episode(1, 0, "2025-01-10", Some("2025-04-01")),
        // Started on the last day, late in the evening: counted.
        episode(2, 1, "2025-06-30T23:30", None),
        // Started the day after: not counted.
        episode(3, 1, "2025-07-01", None),
        // Another council's hospital: not counted for the first council.
        episode(4, 2, "2025-05-01", None),
        // Two qualifying episodes at two of the area's hospitals: one patient.
        episode(5, 0, "2025-04-02", Some("2025-04-20")),
        episode(5, 1, "2025-05-02T10:00", None),
    ];
    for (n, e) in d.episodes.iter_mut().enumerate() {
        e.id = format!("e{n}");
    }
    d.episodes[6].status = "cto";
    store(&t.db, &d).await;
    let q = |area: Area| Query { area, from, to };
    let first = reports::compute(&t.db, &q(Area::LocalAuthority(d.authorities[0].clone())), 2)
        .await
        .unwrap();
    assert_eq!(first.uptake.qualifying, 3, "patients 1, 2 and 5");
    let cto = &first.equality[4];
    assert_eq!(cto.dimension, "cto");
    assert_eq!(cto.categories[0], ("yes".to_string(), 1, 0, 0));
    assert_eq!(cto.categories[1], ("no".to_string(), 2, 0, 0));
    let status = &first.equality[3];
    let cto_row = status.categories.iter().find(|c| c.0 == "cto").unwrap();
    assert_eq!(cto_row.1, 1, "patient 5's latest episode is the CTO");
    let black = &first.equality[0].categories[3];
    assert_eq!(black, &("black".to_string(), 3, 0, 0));
    let second = reports::compute(&t.db, &q(Area::LocalAuthority(d.authorities[1].clone())), 2)
        .await
        .unwrap();
    assert_eq!(second.uptake.qualifying, 1);
    let everywhere = reports::compute(&t.db, &q(Area::Everywhere), 2)
        .await
        .unwrap();
    assert_eq!(everywhere.uptake.qualifying, 4);
    assert_eq!(everywhere, expected(&d, None, from, to, 2));
    assert_eq!(first, expected(&d, Some(0), from, to, 2));
    // An area with no hospitals has no figures, but every table's rows are still there.
    let mut tx = t.db.begin().await.unwrap();
    let empty = organisations::create(&mut tx, Kind::LocalAuthority, "Empty", None, "england")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let none = reports::compute(&t.db, &q(Area::LocalAuthority(empty.id)), 2)
        .await
        .unwrap();
    assert_eq!(none.uptake, reports::Uptake::default());
    assert_eq!(none.equality[0].categories.len(), 7);
});

storage_test!(
    the_home_council_is_a_local_authority_recorded_with_its_audit_entry,
    |t| {
        let (hospitals, authorities) = organisations_for(&t.db).await;
        let mut tx = t.db.begin().await.unwrap();
        let manager =
            accounts::create_user(&mut tx, "m@example.org", "M", Role::ServiceManager, None)
                .await
                .unwrap();
        let advocate = accounts::create_user(&mut tx, "a@example.org", "A", Role::Advocate, None)
            .await
            .unwrap();
        organisations::add_to_area(&mut tx, &authorities[0], &hospitals[0])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let manager = Worker::new(manager.id, Role::ServiceManager, None);
        let advocate = Worker::new(advocate.id, Role::Advocate, None);
        let mut d = Data {
            hospitals: hospitals.clone(),
            authorities: authorities.clone(),
            members: vec![],
            ..Data::default()
        };
        let opened: Timestamp = "2025-05-01T09:00:00Z".parse().unwrap();
        d.referrals.push(Referral {
            id: "r1".into(),
            channel: "staff",
            patient: None,
            episode: None,
            hospital: Some(0),
            received: opened,
            status: "accepted",
            decided: Some(opened),
            first_contact: None,
            outcome: None,
            case: Some(Case {
                id: "c1".into(),
                advocacy: "instructed",
                opened,
                closed: None,
                home: None,
            }),
        });
        store(&t.db, &d).await;

        let at: Timestamp = "2025-05-02T09:00:00Z".parse().unwrap();
        // A hospital is not a council.
        let mut tx = t.db.begin().await.unwrap();
        let err = casework::set_home_authority(&mut tx, "c1", Some(&hospitals[1]), &manager, at)
            .await
            .unwrap_err();
        assert!(matches!(err, CaseError::Invalid(ref e) if e[0].field == "home_authority"));
        drop(tx);
        // An advocate not allocated the case cannot see it.
        let mut tx = t.db.begin().await.unwrap();
        let err = casework::set_home_authority(&mut tx, "c1", Some(&authorities[1]), &advocate, at)
            .await
            .unwrap_err();
        assert!(matches!(err, CaseError::NotFound));
        drop(tx);

        let la = |a: usize| Query {
            area: Area::LocalAuthority(authorities[a].clone()),
            from: date(2025, 1, 1),
            to: date(2025, 12, 31),
        };
        let before = reports::compute(&t.db, &la(0), 2).await.unwrap();
        assert_eq!((before.out_of_area_in, before.cases_instructed), (0, 1));

        let mut tx = t.db.begin().await.unwrap();
        casework::set_home_authority(&mut tx, "c1", Some(&authorities[1]), &manager, at)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let case = casework::get(&t.db, "c1").await.unwrap().unwrap();
        assert_eq!(
            case.home_authority_id.as_deref(),
            Some(authorities[1].as_str())
        );
        let record = casework::view(&t.db, "c1", &manager).await.unwrap();
        assert!(
            record
                .events
                .iter()
                .any(|e| e.kind() == Some(EventKind::HomeAuthorityChanged))
        );
        let entries = audit::search(&t.db, &Filter::default()).await.unwrap();
        assert!(entries.iter().any(|e| e.record_id.as_deref() == Some("c1")
            && e.detail.as_deref() == Some(&*format!("home-authority={}", authorities[1]))));

        // Placed in the first council's area from the second's; out of the second's.
        let first = reports::compute(&t.db, &la(0), 2).await.unwrap();
        assert_eq!((first.out_of_area_in, first.out_of_area_out), (1, 0));
        let second = reports::compute(&t.db, &la(1), 2).await.unwrap();
        assert_eq!((second.out_of_area_in, second.out_of_area_out), (0, 1));
        let everywhere = reports::compute(
            &t.db,
            &Query {
                area: Area::Everywhere,
                ..la(0)
            },
            2,
        )
        .await
        .unwrap();
        assert_eq!(everywhere.out_of_area_in, 1);

        // Not known any more.
        let mut tx = t.db.begin().await.unwrap();
        casework::set_home_authority(&mut tx, "c1", None, &manager, at)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let case = casework::get(&t.db, "c1").await.unwrap().unwrap();
        assert_eq!(case.home_authority_id, None);
        let first = reports::compute(&t.db, &la(0), 2).await.unwrap();
        assert_eq!(first.out_of_area_in, 0);
    }
);

/// Each value's group worked out by the report's SQL on this engine (`expr` made by one of
/// `reports::in_sql`'s functions from the placeholders `$1` and `$2`).
async fn groups_in_sql(
    db: &Database,
    expr: &str,
    values: &[(Option<&str>, Option<&str>)],
) -> Vec<String> {
    let sql = format!("SELECT {expr}");
    let mut out = Vec::new();
    for (a, b) in values {
        let group: String = imha_core::on_pool!(db, p => {
            let q = sqlx::query_scalar(&sql).bind(*a);
            let q = if sql.contains("$2") { q.bind(*b) } else { q };
            q.fetch_one(p).await.unwrap()
        });
        out.push(group);
    }
    out
}

storage_test!(
    the_reports_sql_groups_values_as_the_rust_functions_do,
    |t| {
        use imha_core::reports::in_sql;
        use imha_law::Status;

        // Ethnicity: every first letter, either case, padded, and what is not a letter.
        let mut ethnicities: Vec<String> = ('A'..='Z')
            .flat_map(|c| [c.to_string(), format!(" {}9 ", c.to_ascii_lowercase())])
            .collect();
        ethnicities.extend(["", " ", "9", "99", "é", "-A"].map(String::from));
        let mut values: Vec<(Option<&str>, Option<&str>)> = ethnicities
            .iter()
            .map(|e| (Some(e.as_str()), None))
            .collect();
        values.push((None, None));
        let want: Vec<String> = values
            .iter()
            .map(|(e, _)| reports::ethnic_group(*e).to_string())
            .collect();
        let got = groups_in_sql(&t.db, &in_sql::ethnic_group_of("$1"), &values).await;
        assert_eq!(got, want, "ethnic groups for {values:?}");

        // Gender: the codes, the words in any case, padded, and anything else.
        let genders = [
            "",
            "  ",
            "0",
            "1",
            "2",
            "9",
            "X",
            "x",
            " 1 ",
            "male",
            "MALE",
            "Female",
            " female ",
            "non-binary",
            "3",
            "f",
            "males",
        ];
        let mut values: Vec<(Option<&str>, Option<&str>)> =
            genders.iter().map(|g| (Some(*g), None)).collect();
        values.push((None, None));
        let want: Vec<String> = values
            .iter()
            .map(|(g, _)| reports::gender_group(*g).to_string())
            .collect();
        let got = groups_in_sql(&t.db, &in_sql::gender_group_of("$1"), &values).await;
        assert_eq!(got, want, "gender groups for {values:?}");

        // Legal status: every id and MHSDS code, upper case and padded, and unknown values.
        let mut statuses: Vec<String> = Vec::new();
        for s in Status::ALL {
            statuses.push(s.id().to_string());
            statuses.push(format!(" {} ", s.id().to_uppercase()));
            statuses.extend(s.mhsds_codes().iter().map(|c| c.to_string()));
        }
        statuses.extend(["", "s99", "nonsense", "3"].map(String::from));
        let values: Vec<(Option<&str>, Option<&str>)> =
            statuses.iter().map(|s| (Some(s.as_str()), None)).collect();
        let want: Vec<String> = statuses
            .iter()
            .map(|s| reports::legal_status_group(s).to_string())
            .collect();
        let got = groups_in_sql(&t.db, &in_sql::legal_status_group_of("$1"), &values).await;
        assert_eq!(got, want, "legal status groups");
        assert!(got.iter().any(|g| g == "cto") && got.iter().any(|g| g == "court-and-prison"));

        // Age bands: each band's edges (the birthday itself and the day before), a leap-day
        // birthday, born on the day, born after it, and not known.
        let on = date(2024, 3, 1);
        let mut pairs: Vec<(Option<String>, String)> = Vec::new();
        for years in [0i16, 1, 17, 18, 24, 25, 34, 35, 44, 45, 54, 55, 64, 65, 90] {
            let birthday = date(on.year() - years, on.month(), on.day());
            pairs.push((Some(birthday.to_string()), on.to_string()));
            pairs.push((Some(plus_days(birthday, 1).to_string()), on.to_string()));
        }
        pairs.push((Some("2000-02-29".into()), "2018-02-28".into()));
        pairs.push((Some("2000-02-29".into()), "2018-03-01".into()));
        pairs.push((Some("2024-03-02".into()), on.to_string()));
        pairs.push((None, on.to_string()));
        let values: Vec<(Option<&str>, Option<&str>)> = pairs
            .iter()
            .map(|(dob, on)| (dob.as_deref(), Some(on.as_str())))
            .collect();
        let want: Vec<String> = pairs
            .iter()
            .map(|(dob, on)| {
                let dob = dob.as_deref().and_then(imha_law::dates::parse_date);
                let on = imha_law::dates::parse_date(on).unwrap();
                reports::age_band(dob, on).to_string()
            })
            .collect();
        let got = groups_in_sql(&t.db, &in_sql::age_band_of("$1", "$2"), &values).await;
        assert_eq!(got, want, "age bands for {pairs:?}");
        for band in [
            "under-18",
            "18-24",
            "25-34",
            "35-44",
            "45-54",
            "55-64",
            "65-and-over",
        ] {
            assert!(got.iter().any(|g| g == band), "{band} tested");
        }
    }
);
