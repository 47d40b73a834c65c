//! Reading the opt-out feed's CSV (contracts.md section 3): the header, and each row into an
//! [`EpisodeRow`] or the list of its problems. Pure: no storage, no clock (today is passed in).

use imha_law::{Jurisdiction, Status, When};
use jiff::civil::Date;

use crate::nhs_number::NhsNumber;

/// Longest text accepted in a name, id or ward column.
pub const MAX_FIELD: usize = 200;

/// Columns the feed understands. Others are ignored (a hospital's extract may carry more).
pub const COLUMNS: &[&str] = &[
    "episode_id",
    "hospital",
    "nhs_number",
    "local_patient_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "legal_status",
    "start",
    "end",
    "ward",
    "ethnicity",
    "gender",
    "jurisdiction",
    "told_orally_on",
    "told_in_writing_on",
];

/// Columns that must be in the header.
pub const REQUIRED: &[&str] = &[
    "episode_id",
    "hospital",
    "given_name",
    "family_name",
    "date_of_birth",
    "legal_status",
    "start",
];

/// NHS ethnic category codes (NHS Data Dictionary, ETHNIC CATEGORY): A-H, J-N, P, R, S, Z, 99.
const ETHNIC_CATEGORIES: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S", "Z", "99",
];

/// Where each column is in this file's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    index: Vec<Option<usize>>,
}

/// Why the file cannot be read at all (exit 2, nothing stored).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("missing required column: {0}")]
    Missing(&'static str),
    #[error("column {0} appears twice")]
    Duplicate(String),
}

impl Header {
    /// Read a header row. Names are matched without surrounding spaces, case-insensitively.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Header, HeaderError> {
        let mut index = vec![None; COLUMNS.len()];
        for (i, name) in names.into_iter().enumerate() {
            let name = name
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase();
            if let Some(slot) = COLUMNS
                .iter()
                .position(|c| *c == name)
                .and_then(|c| index.get_mut(c))
            {
                if slot.is_some() {
                    return Err(HeaderError::Duplicate(name));
                }
                *slot = Some(i);
            }
        }
        for required in REQUIRED {
            let at = COLUMNS.iter().position(|c| c == required);
            if at.and_then(|a| index.get(a).copied().flatten()).is_none() {
                return Err(HeaderError::Missing(required));
            }
        }
        Ok(Header { index })
    }

    /// The trimmed value of `column` in `record`, `None` when absent or empty.
    pub fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        let c = COLUMNS.iter().position(|x| *x == column)?;
        let i = (*self.index.get(c)?)?;
        record.get(i).map(str::trim).filter(|v| !v.is_empty())
    }
}

/// One valid row: a legal-status episode of one patient at one hospital.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeRow {
    pub episode_id: String,
    /// The hospital's ODS code, in capitals.
    pub hospital: String,
    pub nhs_number: Option<NhsNumber>,
    pub local_patient_id: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Date,
    pub legal_status: Status,
    pub start: When,
    pub end: Option<When>,
    pub ward: Option<String>,
    pub ethnicity: Option<String>,
    pub gender: Option<String>,
    pub jurisdiction: Option<Jurisdiction>,
    /// The s130D record, when the hospital's extract carries it.
    pub told_orally_on: Option<Date>,
    pub told_in_writing_on: Option<Date>,
}

/// One problem with one field of one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub field: &'static str,
    pub message: String,
}

fn err(field: &'static str, message: impl Into<String>) -> RowError {
    RowError {
        field,
        message: message.into(),
    }
}

/// Read one data row. `today` is the UK date (dates of birth cannot be later).
pub fn parse_row(
    header: &Header,
    record: &csv::StringRecord,
    today: Date,
) -> Result<EpisodeRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut text = |field: &'static str, required: bool| -> Option<String> {
        match header.get(record, field) {
            None => {
                if required {
                    errors.push(err(field, "required"));
                }
                None
            }
            Some(v) if v.chars().count() > MAX_FIELD => {
                errors.push(err(field, format!("longer than {MAX_FIELD} characters")));
                None
            }
            Some(v) if v.chars().any(char::is_control) => {
                errors.push(err(field, "contains control characters"));
                None
            }
            Some(v) => Some(v.to_string()),
        }
    };
    let episode_id = text("episode_id", true);
    let hospital_raw = text("hospital", true);
    let nhs_raw = text("nhs_number", false);
    let local_patient_id = text("local_patient_id", false);
    let given_name = text("given_name", true);
    let family_name = text("family_name", true);
    let dob_raw = text("date_of_birth", true);
    let status_raw = text("legal_status", true);
    let start_raw = text("start", true);
    let end_raw = text("end", false);
    let ward = text("ward", false);
    let ethnicity_raw = text("ethnicity", false);
    let gender = text("gender", false);
    let jurisdiction_raw = text("jurisdiction", false);
    let orally_raw = text("told_orally_on", false);
    let writing_raw = text("told_in_writing_on", false);

    let hospital = hospital_raw.and_then(|h| match crate::organisations::normalise_ods_code(&h) {
        Ok(c) => Some(c),
        Err(_) => {
            errors.push(err("hospital", format!("not an ODS code: {h:?}")));
            None
        }
    });
    let nhs_number = nhs_raw.and_then(|n| match NhsNumber::parse(&n) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.push(err("nhs_number", e.to_string()));
            None
        }
    });
    if nhs_number.is_none()
        && local_patient_id.is_none()
        && !errors.iter().any(|e| e.field == "nhs_number")
    {
        errors.push(err(
            "nhs_number",
            "one of nhs_number or local_patient_id is required",
        ));
    }
    let date_of_birth = dob_raw.and_then(|d| match imha_law::dates::parse_date(&d) {
        None => {
            errors.push(err("date_of_birth", format!("not a date: {d:?}")));
            None
        }
        Some(date) if date > today => {
            errors.push(err("date_of_birth", "in the future"));
            None
        }
        Some(date) => Some(date),
    });
    let legal_status = status_raw.and_then(|s| match Status::parse(&s) {
        Ok(st) => Some(st),
        Err(_) => {
            errors.push(err("legal_status", format!("not a legal status: {s:?}")));
            None
        }
    });
    let mut when = |field: &'static str, raw: Option<String>| -> Option<When> {
        raw.and_then(|v| match imha_law::dates::parse_when(&v) {
            Some(w) => Some(w),
            None => {
                errors.push(err(field, format!("not a date or time: {v:?}")));
                None
            }
        })
    };
    let start = when("start", start_raw);
    let end = when("end", end_raw);
    if let (Some(s), Some(e)) = (start, end) {
        // A whole-day end on the start day is fine; times are compared when both have one.
        let before = if e.has_time() && s.has_time() {
            e.earliest() < s.earliest()
        } else {
            e.date() < s.date()
        };
        if before {
            errors.push(err("end", "before start"));
        }
    }
    let ethnicity = ethnicity_raw.and_then(|e| {
        let code = e.to_ascii_uppercase();
        if ETHNIC_CATEGORIES.contains(&code.as_str()) {
            Some(code)
        } else {
            errors.push(err(
                "ethnicity",
                format!("not an NHS ethnic category code: {e:?}"),
            ));
            None
        }
    });
    let jurisdiction = jurisdiction_raw.and_then(|j| {
        let parsed = Jurisdiction::parse(&j.to_ascii_lowercase());
        if parsed.is_none() {
            errors.push(err("jurisdiction", format!("not england or wales: {j:?}")));
        }
        parsed
    });
    let mut date = |field: &'static str, raw: Option<String>| -> Option<Date> {
        raw.and_then(|v| match imha_law::dates::parse_date(&v) {
            None => {
                errors.push(err(field, format!("not a date: {v:?}")));
                None
            }
            Some(d) if d > today => {
                errors.push(err(field, "in the future"));
                None
            }
            Some(d) => Some(d),
        })
    };
    let told_orally_on = date("told_orally_on", orally_raw);
    let told_in_writing_on = date("told_in_writing_on", writing_raw);
    if !errors.is_empty() {
        return Err(errors);
    }
    match (
        episode_id,
        hospital,
        given_name,
        family_name,
        date_of_birth,
        legal_status,
        start,
    ) {
        (
            Some(episode_id),
            Some(hospital),
            Some(given_name),
            Some(family_name),
            Some(date_of_birth),
            Some(legal_status),
            Some(start),
        ) => Ok(EpisodeRow {
            episode_id,
            hospital,
            nhs_number,
            local_patient_id,
            given_name,
            family_name,
            date_of_birth,
            legal_status,
            start,
            end,
            ward,
            ethnicity,
            gender,
            jurisdiction,
            told_orally_on,
            told_in_writing_on,
        }),
        _ => Err(vec![err("episode_id", "row could not be read")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn header(cols: &str) -> Header {
        Header::parse(cols.split(',')).unwrap()
    }

    fn row(h: &Header, values: &str) -> Result<EpisodeRow, Vec<RowError>> {
        let rec = csv::StringRecord::from(values.split(',').collect::<Vec<_>>());
        parse_row(h, &rec, date(2026, 11, 28))
    }

    const COLS: &str = "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end";

    #[test]
    fn a_missing_required_column_makes_the_file_unreadable() {
        assert_eq!(
            Header::parse(
                "episode_id,hospital,given_name,family_name,date_of_birth,start".split(',')
            ),
            Err(HeaderError::Missing("legal_status"))
        );
        assert_eq!(
            Header::parse(format!("{COLS},Start").split(',')),
            Err(HeaderError::Duplicate("start".into()))
        );
        // Order, case, spaces, a byte-order mark and unknown columns do not matter.
        let h = header(
            "\u{feff}Start , legal_status,DATE_OF_BIRTH,family_name,given_name,local_patient_id,hospital,episode_id,extra",
        );
        let r = row(
            &h,
            "2026-03-20,03,1990-05-01,Okafor,Sam,L1,rzz01,E1,whatever",
        )
        .unwrap();
        assert_eq!(r.hospital, "RZZ01");
        assert_eq!(r.legal_status, Status::S3);
        assert_eq!(r.start, When::Day(date(2026, 3, 20)));
    }

    #[test]
    fn valid_rows_parse_with_mhsds_codes_and_times() {
        let h = header(COLS);
        let r = row(
            &h,
            "E1,RZZ01,943 476 5919,,Sam,Okafor,1990-05-01,02,2026-03-10T14:30,2026-03-20",
        )
        .unwrap();
        assert_eq!(r.nhs_number.unwrap().as_str(), "9434765919");
        assert_eq!(r.local_patient_id, None);
        assert_eq!(r.legal_status, Status::S2);
        assert!(r.start.has_time());
        assert_eq!(r.end, Some(When::Day(date(2026, 3, 20))));
    }

    #[test]
    fn each_problem_names_its_field() {
        let h = header(&format!("{COLS},ethnicity,jurisdiction"));
        let e = row(
            &h,
            "E1,RZZ01,9434765918,,Sam,,2030-01-01,32,2026-03-10,2026-03-01,Q,scotland",
        )
        .unwrap_err();
        let got: Vec<(&str, &str)> = e.iter().map(|e| (e.field, e.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("family_name", "required"),
                ("nhs_number", "check digit does not match"),
                ("date_of_birth", "in the future"),
                ("legal_status", "not a legal status: \"32\""),
                ("end", "before start"),
                ("ethnicity", "not an NHS ethnic category code: \"Q\""),
                ("jurisdiction", "not england or wales: \"scotland\""),
            ]
        );
        let e = row(&h, "E1,RZZ01,,,Sam,Okafor,1990-05-01,s3,2026-03-10,,,").unwrap_err();
        assert_eq!(
            e[0].message,
            "one of nhs_number or local_patient_id is required"
        );
        let e = row(&h, "E1,RZZ01,,L9,Sam,Okafor,1990-05-01,s3,10/03/2026,,,").unwrap_err();
        assert_eq!(e[0].message, "not a date or time: \"10/03/2026\"");
    }

    #[test]
    fn an_end_on_the_start_day_is_allowed_but_not_an_earlier_time() {
        let h = header(COLS);
        assert!(
            row(
                &h,
                "E1,RZZ01,,L1,Sam,Okafor,1990-05-01,s4,2026-03-10T09:00,2026-03-10"
            )
            .is_ok()
        );
        assert!(
            row(
                &h,
                "E1,RZZ01,,L1,Sam,Okafor,1990-05-01,s4,2026-03-10T09:00,2026-03-10T10:00"
            )
            .is_ok()
        );
        let e = row(
            &h,
            "E1,RZZ01,,L1,Sam,Okafor,1990-05-01,s4,2026-03-10T09:00,2026-03-10T08:00",
        )
        .unwrap_err();
        assert_eq!(e[0].field, "end");
    }
}
