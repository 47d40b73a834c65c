//! Part 4 consent to treatment: who it covers (s56), the s58 three-month rule, and notes on s57
//! and s58A (law.md §8).

use super::{Episode, Warnings};
use crate::dates::{add_days, age_on, corresponding_date};
use crate::input::{Input, Treatment};
use crate::output::{ConsentToTreatment, Warning};
use crate::status::Status;
use crate::text;

const S57: &str = "s57 applies to any patient, detained or not (s56(1)): psychosurgery and \
                   hormone implants need both consent and a SOAD certificate.";

pub(crate) fn consent(
    input: &Input,
    ep: Option<&Episode<'_>>,
    cto_recalled: bool,
    w: &mut Warnings,
) -> ConsentToTreatment {
    let status = ep.map(|e| e.status);
    let (part4, basis) = match status {
        None | Some(Status::Informal) => (false, "MHA 1983 s56(3)"),
        Some(Status::S4) => (false, "MHA 1983 s56(3)(a)"),
        Some(Status::S5_2 | Status::S5_4 | Status::S35 | Status::S135 | Status::S136) => {
            (false, "MHA 1983 s56(3)(b)")
        }
        Some(Status::ConditionalDischarge) => (false, "MHA 1983 s56(3)(c)"),
        Some(Status::S7 | Status::S37Guardianship) => (false, "MHA 1983 s56(3)"),
        Some(Status::Cto) if cto_recalled => (true, "MHA 1983 s56(4)"),
        Some(Status::Cto) => (false, "MHA 1983 s56(4); Part 4A (ss 64A-64K)"),
        Some(_) => (true, "MHA 1983 s56(3)"),
    };
    let under18 = input
        .date_of_birth
        .map(|dob| age_on(dob, input.as_of.date()) < 18);
    let community = status == Some(Status::Cto) && !cto_recalled;
    let s58a = match (part4, community, under18) {
        (_, true, _) => {
            "Part 4A applies instead of s58A while the community patient is not recalled \
             (ss 64A-64K)."
        }
        (_, false, Some(true)) => {
            "s58A applies (s56(5) for a patient under 18 not otherwise covered): ECT needs a \
             SOAD certificate even if the patient consents."
        }
        (true, false, _) => {
            "s58A applies: ECT needs consent and a certificate, or a SOAD certificate where the \
             patient lacks capacity; a capable refusal may be overridden only in an emergency \
             (s62(1A))."
        }
        (false, false, Some(false)) => {
            "s58A does not apply: the patient is 18 or over and not liable to be detained in a \
             way Part 4 covers."
        }
        (false, false, None) => {
            "s58A applies to this patient only if under 18 (s56(5)): date_of_birth was not \
             given."
        }
    };
    if input.treatment_discussed == Some(Treatment::S58a) {
        w.medium(text::rules::S58A_GENERAL_KNOWLEDGE);
    }
    let mut out = ConsentToTreatment {
        part4_applies: part4,
        basis,
        s58_certificate_from: None,
        s58_strict_alternative: None,
        s58_basis: None,
        s57: S57,
        s58a,
    };
    if let (true, Some(first), Some(ep)) = (part4, input.first_medication, ep) {
        match ep.liability_start {
            Some(start) if first < start => w.push(Warning::MedicationBeforePeriod {
                first_medication: first,
                period_start: start,
            }),
            _ => {
                let from = corresponding_date(first, 3);
                out.s58_certificate_from = Some(from);
                out.s58_strict_alternative = Some(add_days(from, 1));
                out.s58_basis = Some("MHA 1983 s58(1)(b)");
                w.medium(text::rules::S58_THREE_MONTHS);
                w.month(text::dates::S58_CERTIFICATE, from);
            }
        }
    }
    out
}
