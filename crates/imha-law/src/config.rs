//! Which law applies: the jurisdiction, and the commencement of Mental Health Act 2025
//! provisions (law.md §9), per provision group and per jurisdiction.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Where the hospital, responsible hospital or responsible local authority is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Jurisdiction {
    /// England (s130A–s130D; First-tier Tribunal).
    #[default]
    England,
    /// Wales (s130E–s130L; Mental Health Review Tribunal for Wales).
    Wales,
}

impl Jurisdiction {
    /// `england` or `wales`.
    pub const fn id(self) -> &'static str {
        match self {
            Jurisdiction::England => "england",
            Jurisdiction::Wales => "wales",
        }
    }

    /// Parses `england` or `wales` (case-insensitive).
    pub fn parse(s: &str) -> Option<Jurisdiction> {
        if s.eq_ignore_ascii_case("england") {
            Some(Jurisdiction::England)
        } else if s.eq_ignore_ascii_case("wales") {
            Some(Jurisdiction::Wales)
        } else {
            None
        }
    }
}

/// The day a provision comes into force in each jurisdiction (`None` = not commenced).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commencement {
    /// Commencement in England.
    pub england: Option<Date>,
    /// Commencement in Wales.
    pub wales: Option<Date>,
}

impl Commencement {
    /// Not in force anywhere.
    pub const NOT_COMMENCED: Commencement = Commencement {
        england: None,
        wales: None,
    };

    /// In force in both jurisdictions from `day`.
    pub const fn both(day: Date) -> Commencement {
        Commencement {
            england: Some(day),
            wales: Some(day),
        }
    }

    /// Whether the provision is in force in `jurisdiction` on `day`.
    pub fn in_force(&self, jurisdiction: Jurisdiction, day: Date) -> bool {
        let from = match jurisdiction {
            Jurisdiction::England => self.england,
            Jurisdiction::Wales => self.wales,
        };
        from.is_some_and(|f| f <= day)
    }
}

/// 18 February 2026: MHA 2025 ss 30(2), 32, 35, 36(1), (3)(b), 38, 39 in force (two months after
/// Royal Assent, automatically).
pub const MHA_2025_FIRST_TRANCHE: Date = jiff::civil::date(2026, 2, 18);

/// The law the engine applies. [`LawConfig::default`] is the law as it stands: only the MHA 2025
/// provisions in force on 18 Feb 2026. Every other group is off until a commencement SI is
/// produced (law.md §9 "Uncertain"); set a date to model it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LawConfig {
    /// MHA 2025 s30(2), s32: s75 rewritten; conditional discharge with deprivation-of-liberty
    /// conditions (s75(2A)–(2H)). In force 18 Feb 2026.
    pub conditional_discharge_s75: Commencement,
    /// MHA 2025 s40 and Sch 3: English qualifying informal patients (s130CA), s130DA.
    pub imha_informal_patients: Commencement,
    /// MHA 2025 s29: s3 periods of 3, 3, 6, then 12 months.
    pub detention_periods: Commencement,
    /// MHA 2025 s30(1): s66 windows (s2 21 days; s3 and guardianship transfer 3 months).
    pub tribunal_windows: Commencement,
    /// MHA 2025 s31: the new s68 referral regime with a 12-month backstop.
    pub managers_references: Commencement,
    /// MHA 2025 s33: s71(2) 12 months; s75(2B) references for conditionally discharged patients.
    pub restricted_references: Commencement,
}

impl Default for LawConfig {
    fn default() -> Self {
        LawConfig {
            conditional_discharge_s75: Commencement::both(MHA_2025_FIRST_TRANCHE),
            imha_informal_patients: Commencement::NOT_COMMENCED,
            detention_periods: Commencement::NOT_COMMENCED,
            tribunal_windows: Commencement::NOT_COMMENCED,
            managers_references: Commencement::NOT_COMMENCED,
            restricted_references: Commencement::NOT_COMMENCED,
        }
    }
}

impl LawConfig {
    /// Every MHA 2025 group modelled here in force in both jurisdictions from `day` (what-if
    /// modelling and tests; never the default).
    pub fn all_commenced(day: Date) -> LawConfig {
        LawConfig {
            conditional_discharge_s75: Commencement::both(MHA_2025_FIRST_TRANCHE),
            imha_informal_patients: Commencement::both(day),
            detention_periods: Commencement::both(day),
            tribunal_windows: Commencement::both(day),
            managers_references: Commencement::both(day),
            restricted_references: Commencement::both(day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn default_is_only_the_first_tranche() {
        let c = LawConfig::default();
        let j = Jurisdiction::England;
        let d = date(2030, 1, 1);
        assert!(c.conditional_discharge_s75.in_force(j, d));
        assert!(!c.conditional_discharge_s75.in_force(j, date(2026, 2, 17)));
        assert!(!c.imha_informal_patients.in_force(j, d));
        assert!(!c.detention_periods.in_force(j, d));
        assert!(!c.tribunal_windows.in_force(j, d));
        assert!(!c.managers_references.in_force(j, d));
        assert!(!c.restricted_references.in_force(Jurisdiction::Wales, d));
    }

    #[test]
    fn per_jurisdiction() {
        let c = Commencement {
            england: Some(date(2027, 1, 1)),
            wales: None,
        };
        assert!(c.in_force(Jurisdiction::England, date(2027, 1, 1)));
        assert!(!c.in_force(Jurisdiction::England, date(2026, 12, 31)));
        assert!(!c.in_force(Jurisdiction::Wales, date(2030, 1, 1)));
    }
}
