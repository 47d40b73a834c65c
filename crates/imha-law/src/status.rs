//! Legal statuses: the canonical ids of contracts.md §1, their MHSDS aliases, and the facts about
//! each status that the rules need (which Part of the Act, restricted or not, measured in hours).

use core::fmt;

/// A legal status under the Mental Health Act 1983 (or the CP(I)A 1964), as recorded in a history.
///
/// Variant names follow the section numbers; `S5_2` is s5(2), `S37_41` is s37 with a s41
/// restriction order, and so on.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Informal (voluntary) patient.
    Informal,
    /// s2 admission for assessment.
    S2,
    /// s3 admission for treatment.
    S3,
    /// s4 emergency admission (before any second recommendation).
    S4,
    /// s5(2) doctor's or approved clinician's holding power.
    S5_2,
    /// s5(4) nurse's holding power.
    S5_4,
    /// s35 remand to hospital for a report.
    S35,
    /// s36 remand to hospital for treatment.
    S36,
    /// s37 hospital order without restrictions.
    S37,
    /// s37 hospital order with a s41 restriction order.
    S37_41,
    /// s38 interim hospital order.
    S38,
    /// s44 committal to hospital pending a restriction order.
    S44,
    /// s45A hospital and limitation direction.
    S45a,
    /// s47 transfer of a sentenced prisoner, without restrictions.
    S47,
    /// s47 transfer with a s49 restriction direction.
    S47_49,
    /// s48 transfer of an unsentenced or civil prisoner, without restrictions.
    S48,
    /// s48 transfer with a s49 restriction direction.
    S48_49,
    /// s135 warrant: place of safety.
    S135,
    /// s136 police power: place of safety.
    S136,
    /// Community treatment order (s17A).
    Cto,
    /// Guardianship (s7).
    S7,
    /// Guardianship order (s37).
    S37Guardianship,
    /// Restricted patient conditionally discharged (s42(2), s73, s74).
    ConditionalDischarge,
    /// Criminal Procedure (Insanity) Act 1964.
    Cpia,
}

/// A status id that is neither a canonical id nor an accepted MHSDS alias.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownStatus(pub String);

impl fmt::Display for UnknownStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown legal status {:?}", self.0)
    }
}

impl std::error::Error for UnknownStatus {}

/// (canonical id, MHSDS aliases, status). MHSDS code 38 (s45A limitation direction ended) maps
/// to s47: the patient is then treated as an unrestricted transfer (s50, law.md §5.2).
const TABLE: [(&str, &[&str], Status); 24] = [
    ("informal", &["01"], Status::Informal),
    ("s2", &["02"], Status::S2),
    ("s3", &["03"], Status::S3),
    ("s4", &["04"], Status::S4),
    ("s5-2", &["05"], Status::S5_2),
    ("s5-4", &["06"], Status::S5_4),
    ("s35", &["07"], Status::S35),
    ("s36", &["08"], Status::S36),
    ("s37", &["10"], Status::S37),
    ("s37-41", &["09"], Status::S37_41),
    ("s38", &["12"], Status::S38),
    ("s44", &["13"], Status::S44),
    ("s45a", &["37"], Status::S45a),
    ("s47", &["16", "38"], Status::S47),
    ("s47-49", &["15"], Status::S47_49),
    ("s48", &["18"], Status::S48),
    ("s48-49", &["17"], Status::S48_49),
    ("s135", &["19"], Status::S135),
    ("s136", &["20"], Status::S136),
    ("cto", &[], Status::Cto),
    ("s7", &["35"], Status::S7),
    ("s37-guardianship", &["36"], Status::S37Guardianship),
    ("conditional-discharge", &[], Status::ConditionalDischarge),
    ("cpia", &["31"], Status::Cpia),
];

impl Status {
    /// Every status, in the order of contracts.md §1.
    pub const ALL: [Status; 24] = {
        let mut all = [Status::Informal; 24];
        let mut i = 0;
        while i < 24 {
            all[i] = TABLE[i].2;
            i += 1;
        }
        all
    };

    /// Parses a canonical id (`s3`, `s37-41`, ...) or an MHSDS legal-status code (`03`, `09`,
    /// ...). Case-insensitive; surrounding spaces are ignored. Anything else is an error that
    /// names the value.
    pub fn parse(value: &str) -> Result<Status, UnknownStatus> {
        let v = value.trim();
        for (id, aliases, status) in TABLE {
            if id.eq_ignore_ascii_case(v) || aliases.contains(&v) {
                return Ok(status);
            }
        }
        Err(UnknownStatus(value.to_owned()))
    }

    /// The canonical id (contracts.md §1).
    pub const fn id(self) -> &'static str {
        TABLE[self as usize].0
    }

    /// The MHSDS legal-status code accepted as an alias, if any (the first, where two map here).
    pub fn mhsds_code(self) -> Option<&'static str> {
        TABLE[self as usize].1.first().copied()
    }

    /// Every MHSDS legal-status code accepted as an alias of this status (`parse` accepts each).
    pub fn mhsds_codes(self) -> &'static [&'static str] {
        TABLE[self as usize].1
    }

    /// Measured in hours (s4, s5(2), s5(4), s135, s136): the authority has an `ends_at` time.
    pub const fn is_hours(self) -> bool {
        matches!(
            self,
            Status::S4 | Status::S5_2 | Status::S5_4 | Status::S135 | Status::S136
        )
    }

    /// Excluded from s130C(2)(a) in England: "other than by virtue of s4, 5(2), 5(4), 135, 136".
    pub const fn is_short_term(self) -> bool {
        self.is_hours()
    }

    /// Liable to be detained in hospital under the Act (includes s17 leave, and restricted
    /// patients conditionally discharged, who remain liable to be detained: law.md §1.1).
    pub const fn is_liable_to_be_detained(self) -> bool {
        !matches!(
            self,
            Status::Informal | Status::Cto | Status::S7 | Status::S37Guardianship
        )
    }

    /// Guardianship under s7 or a s37 guardianship order.
    pub const fn is_guardianship(self) -> bool {
        matches!(self, Status::S7 | Status::S37Guardianship)
    }

    /// Detained under Part 3 (criminal proceedings) or treated as such (CP(I)A 1964; a
    /// conditionally discharged restricted patient is liable to be detained under Part 3).
    /// s130D(5): no nearest-relative copy for these patients.
    pub const fn is_part3_detained(self) -> bool {
        matches!(
            self,
            Status::S35
                | Status::S36
                | Status::S37
                | Status::S37_41
                | Status::S38
                | Status::S44
                | Status::S45a
                | Status::S47
                | Status::S47_49
                | Status::S48
                | Status::S48_49
                | Status::Cpia
                | Status::ConditionalDischarge
        )
    }

    /// Subject to a restriction order or direction (s41, s49, s45A limitation direction), or
    /// treated as such (CP(I)A 1964 is taken as s37/41: law.md §10, M).
    pub const fn is_restricted(self) -> bool {
        matches!(
            self,
            Status::S37_41 | Status::S47_49 | Status::S48_49 | Status::S45a | Status::Cpia
        )
    }

    /// Statuses whose authority runs in the s20 cycle of 6, 6, then 12 months (s20, s20A, and
    /// Part 3 orders by s40(4) and Sch 1).
    pub const fn is_renewable(self) -> bool {
        matches!(
            self,
            Status::S3
                | Status::S37
                | Status::S47
                | Status::S48
                | Status::S7
                | Status::S37Guardianship
                | Status::Cto
        )
    }

    /// Part 3 unrestricted hospital orders and transfers (s37, s47, s48): s68(2)–(5) do not apply
    /// to them (Sch 1 Pt 1 para 10).
    pub const fn is_part3_hospital_order(self) -> bool {
        matches!(self, Status::S37 | Status::S47 | Status::S48)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl core::str::FromStr for Status {
    type Err = UnknownStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.id()), Ok(s));
            assert_eq!(s.id().parse::<Status>(), Ok(s));
        }
        assert_eq!(Status::ALL.len(), 24);
    }

    #[test]
    fn mhsds_aliases() {
        let cases = [
            ("01", Status::Informal),
            ("02", Status::S2),
            ("03", Status::S3),
            ("04", Status::S4),
            ("05", Status::S5_2),
            ("06", Status::S5_4),
            ("07", Status::S35),
            ("08", Status::S36),
            ("09", Status::S37_41),
            ("10", Status::S37),
            ("12", Status::S38),
            ("13", Status::S44),
            ("15", Status::S47_49),
            ("16", Status::S47),
            ("17", Status::S48_49),
            ("18", Status::S48),
            ("19", Status::S135),
            ("20", Status::S136),
            ("31", Status::Cpia),
            ("35", Status::S7),
            ("36", Status::S37Guardianship),
            ("37", Status::S45a),
            ("38", Status::S47),
        ];
        for (code, status) in cases {
            assert_eq!(Status::parse(code), Ok(status), "{code}");
        }
    }

    #[test]
    fn rejected_values_are_named() {
        for bad in ["32", "98", "99", "11", "14", "34", "", "s5", "section 3"] {
            let err = Status::parse(bad).err();
            assert_eq!(err, Some(UnknownStatus(bad.to_owned())));
        }
        assert_eq!(
            UnknownStatus("32".into()).to_string(),
            "unknown legal status \"32\""
        );
    }

    #[test]
    fn case_insensitive_ids() {
        assert_eq!(Status::parse("S37-41"), Ok(Status::S37_41));
        assert_eq!(Status::parse(" CTO "), Ok(Status::Cto));
    }
}
