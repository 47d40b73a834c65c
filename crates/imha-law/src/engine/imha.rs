//! IMHA eligibility and the duty to inform: England s130C, s130D (and s130CA, s130DA once MHA
//! 2025 Sch 3 is commenced); Wales s130I, s130J, s130K, s130L (law.md §1, §2).

use super::{Episode, Warnings};
use crate::config::{Jurisdiction, LawConfig};
use crate::dates::age_on;
use crate::input::{Input, Transition, Treatment};
use crate::output::{DutyToInform, Imha, ResponsiblePerson};
use crate::status::Status;
use crate::text;

const ORALLY_AND_IN_WRITING: &str = "orally and in writing";
const NR_COPY: &str = "the nearest relative, unless the patient asks otherwise";

fn no(basis: &'static str) -> Imha {
    Imha {
        qualifies: false,
        basis,
        responsible_person: None,
        nearest_relative_copy: None,
        since: None,
        duty_to_inform: None,
    }
}

fn yes(
    basis: &'static str,
    who: ResponsiblePerson,
    nr_copy: bool,
    when: &'static str,
    duty_basis: &'static str,
    copy_to: Option<&'static str>,
) -> Imha {
    Imha {
        qualifies: true,
        basis,
        responsible_person: Some(who),
        nearest_relative_copy: Some(nr_copy),
        since: None,
        duty_to_inform: Some(DutyToInform {
            who,
            when,
            how: ORALLY_AND_IN_WRITING,
            basis: duty_basis,
            copy_to,
        }),
    }
}

/// The s130C(3) / s130I(3) route: s57 treatment discussed (any age) or s58A treatment discussed
/// with a patient under 18, until the proposal is withdrawn or the treatment ends (s130C(4)).
fn treatment_route(input: &Input, w: &mut Warnings) -> Result<Imha, &'static str> {
    let wales = input.jurisdiction == Jurisdiction::Wales;
    let Some(t) = input.treatment_discussed else {
        return Err("");
    };
    let day = input.as_of.date();
    if input.treatment_ended.is_some_and(|e| e < day) {
        w.medium(text::rules::S130C_4_PROPOSED_TREATMENT);
        return Err(if wales {
            "MHA 1983 s130I(4)"
        } else {
            "MHA 1983 s130C(4)"
        });
    }
    let basis = match t {
        Treatment::S57 => {
            if wales {
                "MHA 1983 s130I(3)(a)"
            } else {
                "MHA 1983 s130C(3)(a)"
            }
        }
        Treatment::S58a => {
            let b = if wales {
                "MHA 1983 s130I(3)(b)"
            } else {
                "MHA 1983 s130C(3)(b)"
            };
            match input.date_of_birth {
                Some(dob) if age_on(dob, day) < 18 => b,
                Some(_) => return Err(b),
                None => {
                    w.note(text::notes::S58A_NO_DATE_OF_BIRTH);
                    return Err(b);
                }
            }
        }
    };
    w.medium(text::rules::S130C_3_DISCUSSION);
    Ok(yes(
        basis,
        ResponsiblePerson::ClinicianDiscussingTreatment,
        // s130D(5) covers only s130C(2) patients: no nearest-relative copy.
        false,
        "during the discussion of the treatment or as soon as practicable afterwards",
        if wales {
            "MHA 1983 s130K"
        } else {
            "MHA 1983 s130D(1), (2)(e), (3), (4)"
        },
        None,
    ))
}

/// Eligibility on `as_of` for the status in force (or none).
pub(crate) fn eligibility(
    input: &Input,
    ep: Option<&Episode<'_>>,
    config: &LawConfig,
    w: &mut Warnings,
) -> Imha {
    let status = ep.map(|e| e.status);
    let mut imha = match input.jurisdiction {
        Jurisdiction::England => england(input, status, config, w),
        Jurisdiction::Wales => wales(input, status, w),
    };
    if let Some(ep) = ep
        && ep.transition == Transition::Conversion
        && imha.qualifies
        && input.jurisdiction == Jurisdiction::England
    {
        // law.md §1.2: a converted s4 qualifies from the receipt of the second recommendation.
        imha.since = Some(ep.entry.start);
        w.medium(text::rules::S4_CONVERTED_QUALIFIES);
    }
    imha
}

fn england(input: &Input, status: Option<Status>, config: &LawConfig, w: &mut Warnings) -> Imha {
    use ResponsiblePerson::*;
    const DETAINED: &str = "as soon as practicable after the patient becomes liable to be detained";
    let day = input.as_of.date();
    let by_status = match status {
        Some(Status::ConditionalDischarge) => Ok(yes(
            "MHA 1983 s130C(2)(a)",
            ResponsibleClinician,
            false,
            "as soon as practicable after the patient is conditionally discharged",
            "MHA 1983 s130D(1), (2)(b), (3), (4)",
            None,
        )),
        Some(s) if s.is_short_term() => Err("MHA 1983 s130C(2)(a)"),
        Some(Status::S7 | Status::S37Guardianship) => {
            if status == Some(Status::S37Guardianship) {
                w.medium(text::rules::S37_GUARDIANSHIP_COPY);
            }
            Ok(yes(
                "MHA 1983 s130C(2)(b)",
                LocalSocialServicesAuthority,
                true,
                "as soon as practicable after the patient becomes subject to guardianship",
                "MHA 1983 s130D(1), (2)(c), (3), (4), (5)",
                Some(NR_COPY),
            ))
        }
        Some(Status::Cto) => Ok(yes(
            "MHA 1983 s130C(2)(c)",
            ResponsibleHospitalManagers,
            true,
            "as soon as practicable after the patient becomes a community patient",
            "MHA 1983 s130D(1), (2)(d), (3), (4), (5)",
            Some(NR_COPY),
        )),
        Some(Status::Informal) | None => Err("MHA 1983 s130C(2)"),
        Some(s) => {
            let part3 = s.is_part3_detained();
            if s == Status::Cpia || s == Status::S44 {
                w.medium(text::rules::S44_CPIA_LIABLE);
            }
            Ok(yes(
                "MHA 1983 s130C(2)(a)",
                HospitalManagers,
                !part3,
                DETAINED,
                if part3 {
                    "MHA 1983 s130D(1), (2)(a), (3), (4)"
                } else {
                    "MHA 1983 s130D(1), (2)(a), (3), (4), (5)"
                },
                (!part3).then_some(NR_COPY),
            ))
        }
    };
    let excluded = match by_status {
        Ok(imha) => return imha,
        Err(basis) => basis,
    };
    match treatment_route(input, w) {
        Ok(imha) => return imha,
        Err(b) if !b.is_empty() => return no(b),
        Err(_) => {}
    }
    // MHA 2025 Sch 3, when commenced: English qualifying informal patients (s130CA).
    if status == Some(Status::Informal)
        && input.informal_in_patient
        && config
            .imha_informal_patients
            .in_force(Jurisdiction::England, day)
    {
        w.note(text::notes::MHA2025_SCH3);
        return yes(
            "MHA 1983 s130CA (inserted by MHA 2025 Sch 3)",
            HospitalManagers,
            true,
            "as soon as practicable after the patient becomes an English qualifying informal \
             patient",
            "MHA 1983 s130DA (inserted by MHA 2025 Sch 3)",
            Some("the nominated person, unless the patient objects"),
        );
    }
    no(excluded)
}

fn wales(input: &Input, status: Option<Status>, w: &mut Warnings) -> Imha {
    use ResponsiblePerson::*;
    const DETAINED: &str = "as soon as practicable after the patient becomes liable to be detained";
    let by_status = match status {
        Some(Status::S135 | Status::S136) => {
            w.low(text::rules::WALES_S135_S136_EXCLUDED);
            Err("MHA 1983 s130I(2)")
        }
        Some(Status::ConditionalDischarge) => Ok(yes(
            "MHA 1983 s130I(2)(a)",
            ResponsibleClinician,
            false,
            "as soon as practicable after the patient is conditionally discharged",
            "MHA 1983 s130K",
            None,
        )),
        Some(Status::S7 | Status::S37Guardianship) => Ok(yes(
            "MHA 1983 s130I(2)(b)",
            LocalSocialServicesAuthority,
            true,
            "as soon as practicable after the patient becomes subject to guardianship",
            "MHA 1983 s130K",
            Some(NR_COPY),
        )),
        Some(Status::Cto) => Ok(yes(
            "MHA 1983 s130I(2)(c)",
            ResponsibleHospitalManagers,
            true,
            "as soon as practicable after the patient becomes a community patient",
            "MHA 1983 s130K",
            Some(NR_COPY),
        )),
        Some(Status::Informal) | None => Err("MHA 1983 s130I(2)"),
        Some(s) => {
            if matches!(s, Status::S5_2 | Status::S5_4) {
                w.medium(text::rules::WALES_S5_QUALIFIES);
            }
            let part3 = s.is_part3_detained();
            Ok(yes(
                "MHA 1983 s130I(2)(a)",
                HospitalManagers,
                !part3,
                DETAINED,
                "MHA 1983 s130K",
                (!part3).then_some(NR_COPY),
            ))
        }
    };
    let excluded = match by_status {
        Ok(imha) => {
            w.medium(text::rules::WALES_DUTY_MIRRORS);
            return imha;
        }
        Err(basis) => basis,
    };
    // s130J: informal in-patients of any age (preferred over the s130I(3) route: it lasts for
    // the whole admission and brings the wider s130G help).
    if status == Some(Status::Informal) && input.informal_in_patient {
        return yes(
            "MHA 1983 s130J",
            HospitalManagers,
            false,
            "as soon as practicable after the patient becomes an in-patient",
            "MHA 1983 s130L",
            Some("the persons listed in s130L(6), unless the patient asks otherwise"),
        );
    }
    match treatment_route(input, w) {
        Ok(imha) => imha,
        Err(b) if !b.is_empty() => no(b),
        // An informal patient who is not an in-patient fails s130J(2)(a).
        Err(_) if status == Some(Status::Informal) => no("MHA 1983 s130J(2)(a)"),
        Err(_) => no(excluded),
    }
}
