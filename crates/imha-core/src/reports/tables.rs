//! The published tables: [`Figures`] through the [`Suppression`] rule, with plain-English
//! labels and stable ids, and the long CSV form every table shares.

use super::{Area, Cell, Figures, Query, Row, Shown, Suppression, Table};
use crate::casework::issues::{IssueKind, MEASURES};
use crate::referrals::Channel;

fn row(id: &str, label: &str, cells: Vec<Cell>) -> Row {
    Row {
        id: id.to_string(),
        label: label.to_string(),
        cells,
    }
}

fn table(
    id: &str,
    title: &str,
    description: &str,
    row_heading: &str,
    columns: &[&str],
    rows: Vec<Row>,
) -> Table {
    Table {
        id: id.to_string(),
        title: title.to_string(),
        description: description.to_string(),
        row_heading: row_heading.to_string(),
        columns: columns.iter().map(|c| (*c).to_string()).collect(),
        rows,
    }
}

/// The median of sorted-or-not `values`, withheld when there are too few to publish (fewer
/// than `suppress_up_to + 1`).
pub(crate) fn median(values: &[u32], s: &Suppression) -> Option<f64> {
    let n = values.len();
    if n == 0 || (n as u64) <= s.suppress_up_to {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let mid = n / 2;
    Some(if n % 2 == 1 {
        f64::from(v[mid])
    } else {
        (f64::from(v[mid - 1]) + f64::from(v[mid])) / 2.0
    })
}

/// The published tables for `f` (worked out for `q`), every count and rate under `s`.
pub fn tables(f: &Figures, q: &Query, s: &Suppression) -> Vec<Table> {
    let count = |n: u64| Cell::Count(s.count(n));
    let rate = |n: u64, d: u64| Cell::Percent(s.rate(n, d));
    let mut out = Vec::new();

    let u = &f.uptake;
    let q_all = u.qualifying;
    let uptake_rows = [
        (
            "qualifying",
            "Qualifying patients (from the hospitals' records)",
            u.qualifying,
        ),
        ("referred", "Referred to the service", u.referred),
        (
            "offered-visit",
            "Offered a visit by an advocate",
            u.offered_visit,
        ),
        ("seen", "Seen by an advocate", u.seen),
        ("accepted", "Had an advocate (a case opened)", u.accepted),
        (
            "never-seen",
            "Never seen by an advocate",
            u.qualifying.saturating_sub(u.seen),
        ),
    ];
    out.push(table(
        "uptake",
        "Qualifying patients and uptake",
        "Patients who qualified for an IMHA at the area's hospitals at any time in the period \
         (from the hospitals' records), and how many were referred, offered a visit, seen and \
         supported. Each patient is counted once.",
        "Patients",
        &["Count", "Share of qualifying"],
        uptake_rows
            .iter()
            .map(|(id, label, n)| row(id, label, vec![count(*n), rate(*n, q_all)]))
            .collect(),
    ));

    let r = &f.response;
    let contacted = r.working_days.len() as u64;
    let target = r.target_working_days;
    let within = r.working_days.iter().filter(|d| **d <= target).count() as u64;
    let within_label = format!("Contacted within {target} working days");
    out.push(table(
        "response",
        "Time to first contact",
        "Working days (not counting weekends and bank holidays) from a referral, or for opt-out \
         referrals from the start of the section that made the patient qualify, to the \
         advocate's first contact, for first contacts made in the period.",
        "Measure",
        &["Value"],
        vec![
            row(
                "contacted",
                "Referrals contacted in the period",
                vec![count(contacted)],
            ),
            row(
                "median-working-days",
                "Median working days to first contact",
                vec![Cell::Days(median(&r.working_days, s))],
            ),
            row("within-target", &within_label, vec![count(within)]),
            row(
                "within-target-share",
                &format!("{within_label} (share)"),
                vec![rate(within, contacted)],
            ),
            row(
                "waiting",
                "Referred in the period and not yet contacted at its end",
                vec![count(r.waiting)],
            ),
        ],
    ));

    let total: u64 = f.referrals_by_channel.iter().map(|(_, n)| n).sum();
    let mut channel_rows: Vec<Row> = f
        .referrals_by_channel
        .iter()
        .map(|(id, n)| {
            let label = Channel::parse(id).map_or(id.as_str(), |c| c.label());
            row(id, label, vec![count(*n), rate(*n, total)])
        })
        .collect();
    channel_rows.push(row(
        "total",
        "All referrals",
        vec![count(total), rate(total, total)],
    ));
    out.push(table(
        "referrals-by-channel",
        "Referrals by how they arrived",
        "Referrals received in the period for the area's hospitals.",
        "How the referral arrived",
        &["Referrals", "Share of referrals"],
        channel_rows,
    ));

    let mut issue_rows: Vec<Row> = f
        .issues
        .iter()
        .map(|i| {
            let label = IssueKind::parse(&i.kind).map_or(i.kind.as_str(), |k| k.label());
            row(
                &i.kind,
                label,
                vec![
                    count(i.raised),
                    count(i.resolved),
                    count(i.closed_unresolved),
                ],
            )
        })
        .collect();
    let sum = |g: fn(&super::IssueFigures) -> u64| f.issues.iter().map(g).sum::<u64>();
    issue_rows.push(row(
        "total",
        "All issues",
        vec![
            count(sum(|i| i.raised)),
            count(sum(|i| i.resolved)),
            count(sum(|i| i.closed_unresolved)),
        ],
    ));
    out.push(table(
        "issues",
        "Issues patients raised",
        "Issues raised in the period on the area's cases, and of those, how many were resolved \
         or closed without resolution by the period's end.",
        "Issue",
        &["Raised", "Resolved", "Closed without resolution"],
        issue_rows,
    ));

    out.push(table(
        "outcomes",
        "What advocacy changed",
        "Case outcomes recorded in the period on the area's cases: the patient's answer to each \
         question.",
        "Question",
        &["Yes", "Partly", "No", "Not known", "Share yes"],
        f.outcomes
            .iter()
            .map(|o| {
                let label = MEASURES
                    .iter()
                    .find(|(m, _)| *m == o.measure)
                    .map_or(o.measure.as_str(), |(_, l)| l);
                let answered = o.yes + o.partly + o.no + o.not_known;
                row(
                    &o.measure,
                    label,
                    vec![
                        count(o.yes),
                        count(o.partly),
                        count(o.no),
                        count(o.not_known),
                        rate(o.yes, answered),
                    ],
                )
            })
            .collect(),
    ));

    let hours = (f.minutes as f64 / 6.0).round() / 10.0;
    let mut advocacy_rows = vec![
        row(
            "instructed",
            "Cases with instructed advocacy",
            vec![count(f.cases_instructed)],
        ),
        row(
            "non-instructed",
            "Cases with non-instructed advocacy (the patient lacks capacity to instruct)",
            vec![count(f.cases_non_instructed)],
        ),
        row("hours", "Hours of advocacy", vec![Cell::Hours(hours)]),
        row(
            "out-of-area-in",
            match q.area {
                Area::Everywhere => "Cases of patients placed outside their home council's area",
                Area::LocalAuthority(_) => "Cases of patients placed here by another council",
            },
            vec![count(f.out_of_area_in)],
        ),
    ];
    if matches!(q.area, Area::LocalAuthority(_)) {
        advocacy_rows.push(row(
            "out-of-area-out",
            "Cases of this council's patients placed outside its area",
            vec![count(f.out_of_area_out)],
        ));
    }
    out.push(table(
        "advocacy",
        "Advocacy given",
        "Cases open at any time in the period, by kind of advocacy; the time advocates recorded \
         on them in the period; and out-of-area placements (from the home council recorded on \
         the case).",
        "Measure",
        &["Value"],
        advocacy_rows,
    ));

    for e in &f.equality {
        let (title, heading) = match e.dimension.as_str() {
            "ethnicity" => ("Ethnic group", "Ethnic group"),
            "age-band" => (
                "Age",
                "Age band (at the start of the period or of qualifying)",
            ),
            "gender" => ("Gender", "Gender (as the hospital records it)"),
            "legal-status" => ("Legal status", "Legal status (the latest in the period)"),
            "cto" => ("Community treatment orders", "Community treatment order"),
            other => (other, other),
        };
        let labels = super::categories(&e.dimension);
        out.push(table(
            &format!("equality-{}", e.dimension),
            &format!("Equality monitoring: {}", title.to_lowercase()),
            "Qualifying patients in each group, beside those an advocate saw and those who had \
             an advocate, so any group left out shows.",
            heading,
            &[
                "Qualifying",
                "Seen",
                "Supported",
                "Share seen",
                "Share supported",
            ],
            e.categories
                .iter()
                .map(|(id, n, seen, supported)| {
                    let label = labels
                        .iter()
                        .find(|(c, _)| c == id)
                        .map_or(id.as_str(), |(_, l)| l);
                    row(
                        id,
                        label,
                        vec![
                            count(*n),
                            count(*seen),
                            count(*supported),
                            rate(*seen, *n),
                            rate(*supported, *n),
                        ],
                    )
                })
                .collect(),
        ));
    }
    out
}

/// The long CSV form's header: one line a published cell.
pub const CSV_HEADER: [&str; 5] = ["table", "row_id", "row_label", "column", "value"];

/// Write `tables` as one CSV document in long form (a header, then a line per cell: table id,
/// row id, row label, column heading, the value as published, `*` where suppressed), every
/// cell neutralised against spreadsheet formulas.
pub fn write_csv<W: std::io::Write>(tables: &[Table], out: W) -> Result<(), csv::Error> {
    use crate::audit::neutralise_cell;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for t in tables {
        for r in &t.rows {
            for (column, cell) in t.columns.iter().zip(&r.cells) {
                let value = cell.to_string();
                let record = [&t.id, &r.id, &r.label, column, &value];
                w.write_record(record.iter().map(|c| neutralise_cell(c).into_owned()))?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// `tables` as a CSV document (see [`write_csv`]).
pub fn to_csv(tables: &[Table]) -> String {
    let mut buf: Vec<u8> = Vec::new();
    // Writing to a Vec cannot fail, and every record has five cells.
    if let Err(e) = write_csv(tables, &mut buf) {
        tracing::error!(error = %e, "report CSV export failed");
    }
    String::from_utf8_lossy(&buf).into_owned()
}

impl Shown {
    /// The raw number when shown, `None` when suppressed.
    pub fn value(self) -> Option<u64> {
        match self {
            Shown::Value(v) => Some(v),
            Shown::Suppressed => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::{EqualityFigures, Response, Uptake};
    use jiff::civil::date;

    fn q(area: Area) -> Query {
        Query {
            area,
            from: date(2025, 4, 1),
            to: date(2026, 3, 31),
        }
    }

    #[test]
    fn the_median_is_withheld_below_the_threshold_and_averages_the_middle_pair() {
        let s = Suppression::default();
        assert_eq!(median(&[1, 2, 3, 4, 5, 6, 7], &s), None);
        assert_eq!(median(&[8, 1, 2, 3, 4, 5, 6, 7], &s), Some(4.5));
        assert_eq!(median(&[9, 1, 2, 3, 4, 5, 6, 7, 8], &s), Some(5.0));
        assert_eq!(
            median(
                &[],
                &Suppression {
                    suppress_up_to: 0,
                    round_to: 1
                }
            ),
            None
        );
        assert_eq!(
            median(
                &[3],
                &Suppression {
                    suppress_up_to: 0,
                    round_to: 1
                }
            ),
            Some(3.0)
        );
    }

    #[test]
    fn tables_have_stable_ids_and_one_cell_per_column() {
        let f = Figures {
            uptake: Uptake {
                qualifying: 120,
                referred: 100,
                offered_visit: 90,
                seen: 80,
                accepted: 3,
            },
            response: Response {
                working_days: vec![0, 1, 1, 2, 2, 3, 5, 9, 10, 1],
                target_working_days: 2,
                waiting: 4,
            },
            referrals_by_channel: vec![("opt-out".into(), 96), ("staff".into(), 4)],
            minutes: 95,
            cases_instructed: 40,
            equality: vec![EqualityFigures {
                dimension: "cto".into(),
                categories: vec![("yes".into(), 20, 10, 2), ("no".into(), 100, 70, 1)],
            }],
            ..Figures::default()
        };
        let s = Suppression::default();
        let everywhere = tables(&f, &q(Area::Everywhere), &s);
        let ids: Vec<&str> = everywhere.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "uptake",
                "response",
                "referrals-by-channel",
                "issues",
                "outcomes",
                "advocacy",
                "equality-cto"
            ]
        );
        for t in &everywhere {
            for r in &t.rows {
                assert_eq!(r.cells.len(), t.columns.len(), "{} {}", t.id, r.id);
            }
        }
        let uptake = &everywhere[0];
        let cell = |t: &Table, row: &str, col: usize| {
            t.rows
                .iter()
                .find(|r| r.id == row)
                .map(|r| r.cells[col].clone())
        };
        assert_eq!(
            cell(uptake, "qualifying", 0),
            Some(Cell::Count(Shown::Value(120)))
        );
        assert_eq!(
            cell(uptake, "accepted", 0),
            Some(Cell::Count(Shown::Suppressed))
        );
        assert_eq!(cell(uptake, "accepted", 1), Some(Cell::Percent(None)));
        assert_eq!(
            cell(uptake, "never-seen", 0),
            Some(Cell::Count(Shown::Value(40)))
        );
        assert_eq!(cell(uptake, "seen", 1), Some(Cell::Percent(Some(67))));
        let response = &everywhere[1];
        assert_eq!(
            cell(response, "median-working-days", 0),
            Some(Cell::Days(Some(2.0)))
        );
        // 0, 1, 1, 1, 2, 2: six of ten within 2 days; six is suppressed, so is its share.
        assert_eq!(
            cell(response, "within-target", 0),
            Some(Cell::Count(Shown::Suppressed))
        );
        assert_eq!(
            cell(response, "within-target-share", 0),
            Some(Cell::Percent(None))
        );
        let advocacy = &everywhere[5];
        assert_eq!(cell(advocacy, "hours", 0), Some(Cell::Hours(1.6)));
        assert!(cell(advocacy, "out-of-area-out", 0).is_none());
        let la = tables(&f, &q(Area::LocalAuthority("x".into())), &s);
        assert!(cell(&la[5], "out-of-area-out", 0).is_some());
        let cto = &everywhere[6];
        assert_eq!(cto.rows[0].label, "On a community treatment order");
        assert_eq!(cell(cto, "no", 3), Some(Cell::Percent(Some(70))));
    }

    #[test]
    fn csv_is_long_and_neutralises_formulas() {
        let t = Table {
            id: "t".into(),
            title: "T".into(),
            description: String::new(),
            row_heading: "R".into(),
            columns: vec!["Count".into(), "Share".into()],
            rows: vec![Row {
                id: "=cmd".into(),
                label: "@SUM(A1)".into(),
                cells: vec![Cell::Count(Shown::Suppressed), Cell::Percent(Some(12))],
            }],
        };
        let csv = to_csv(&[t]);
        assert_eq!(
            csv,
            "table,row_id,row_label,column,value\n\
             t,'=cmd,'@SUM(A1),Count,*\n\
             t,'=cmd,'@SUM(A1),Share,12%\n"
        );
    }
}
