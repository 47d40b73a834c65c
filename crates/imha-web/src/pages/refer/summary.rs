//! What the referral form shows back: the answers on "Check your answers" (each with a Change
//! link to its page), and on the confirmation page what the rights engine makes of the
//! person's section, in plain words.

use imha_core::referrals::{Answer, HelpKind, RawReferral, Referral, ReferrerKind, Whereabouts};
use imha_govuk::{
    SummaryAction, SummaryActions, SummaryCell, SummaryList, SummaryRow, TrustedHtml,
};
use imha_law::{Jurisdiction, Status};

use super::questions::{self, Ctx, Page, Voice, answer_label, help_label, who_label};
use super::{Section, escape};
use crate::i18n::{self, t, t_args};
use crate::pages::rights::readable_basis_in;
use crate::pages::statuses::{self, plain};

/// A value shown line by line (an address keeps its lines).
fn lines(lines: &[&str]) -> SummaryCell {
    let html = lines
        .iter()
        .flat_map(|l| l.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>");
    SummaryCell {
        html: Some(TrustedHtml::new(html)),
        ..SummaryCell::default()
    }
}

fn row(key: &str, value: SummaryCell, page: Page) -> SummaryRow {
    SummaryRow {
        key: SummaryCell::text(key),
        value,
        actions: Some(SummaryActions {
            items: vec![SummaryAction {
                href: format!("{}?change=yes", page.path()),
                text: Some(t("refer-change")),
                visually_hidden_text: Some(key.to_lowercase()),
                ..SummaryAction::default()
            }],
            ..SummaryActions::default()
        }),
        ..SummaryRow::default()
    }
}

fn or(value: &Option<String>, missing: &str) -> String {
    value.clone().unwrap_or_else(|| t(missing))
}

/// The answers as the check page lists them, in three parts.
pub fn sections(raw: &RawReferral, ctx: Ctx<'_>) -> Vec<Section> {
    let v = Voice::of(raw);
    let referrer = raw.referrer.as_deref().and_then(ReferrerKind::parse);
    let mut person = vec![row(
        &t("refer-row-who"),
        SummaryCell::text(
            referrer
                .map(who_label)
                .unwrap_or_else(|| t("refer-not-given")),
        ),
        Page::Who,
    )];
    let name = [raw.given_name.as_deref(), raw.family_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    person.push(row(
        &t("refer-row-name"),
        SummaryCell::text(if name.is_empty() {
            t("refer-not-given")
        } else {
            name
        }),
        Page::Name,
    ));
    let dob = raw
        .date_of_birth
        .as_deref()
        .and_then(imha_law::dates::parse_date)
        .map(|d| i18n::long_date(d, i18n::current()));
    person.push(row(
        &t("refer-row-dob"),
        SummaryCell::text(dob.unwrap_or_else(|| t("refer-not-known"))),
        Page::DateOfBirth,
    ));
    let nhs = raw.nhs_number.as_deref().map(questions::nhs_number_spaced);
    person.push(row(
        &t("refer-row-nhs"),
        SummaryCell::text(nhs.unwrap_or_else(|| t("refer-not-known"))),
        Page::NhsNumber,
    ));
    let ward = raw
        .ward
        .as_deref()
        .map(|w| t_args("refer-ward-is", &[("ward", w)]));
    match raw.whereabouts.as_deref().and_then(Whereabouts::parse) {
        Some(Whereabouts::Hospital) => {
            person.push(row(
                &t("refer-row-where"),
                SummaryCell::text(t("refer-in-hospital")),
                Page::Where,
            ));
            person.push(row(
                &t("refer-row-hospital"),
                lines(&[
                    &or(&raw.hospital_name, "refer-not-given"),
                    ward.as_deref().unwrap_or(""),
                ]),
                Page::Hospital,
            ));
        }
        Some(Whereabouts::Community) => {
            person.push(row(
                &t("refer-row-where"),
                SummaryCell::text(t("refer-in-community")),
                Page::Where,
            ));
            person.push(row(
                &t("refer-row-address"),
                lines(&[&or(&raw.address, "refer-not-given")]),
                Page::Address,
            ));
        }
        None => person.push(row(
            &t("refer-row-where"),
            SummaryCell::text("refer-not-given"),
            Page::Where,
        )),
    }
    person.push(row(
        &t("refer-row-phone"),
        SummaryCell::text(or(&raw.phone, "refer-not-given")),
        Page::Contact,
    ));
    person.push(row(
        &t("refer-row-email"),
        SummaryCell::text(or(&raw.email, "refer-not-given")),
        Page::Contact,
    ));
    let status = match raw.legal_status.as_deref() {
        Some("not-sure") => t("answer-not-sure"),
        Some(s) => Status::parse(s)
            .ok()
            .and_then(plain)
            .map(|p| statuses::label(p, i18n::current()))
            .unwrap_or_else(|| s.to_string()),
        None => t("refer-not-given"),
    };
    person.push(row(
        &t("refer-row-section"),
        SummaryCell::text(status),
        Page::Section,
    ));
    if Page::Country.applies(raw, ctx) {
        let country = t(
            match raw.jurisdiction.as_deref().and_then(Jurisdiction::parse) {
                Some(Jurisdiction::England) => "refer-england",
                Some(Jurisdiction::Wales) => "refer-wales",
                None => "refer-not-given",
            },
        );
        person.push(row(
            &t("refer-row-country"),
            SummaryCell::text(country),
            Page::Country,
        ));
    }

    let mut help = Vec::new();
    let kinds: Vec<String> = raw
        .help
        .iter()
        .filter_map(|h| HelpKind::parse(h))
        .map(|k| match (k, &raw.help_other) {
            (HelpKind::Other, Some(other)) => format!("{}: {other}", help_label(k, v)),
            _ => help_label(k, v),
        })
        .collect();
    let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
    help.push(row(
        &t("refer-row-help"),
        if kinds.is_empty() {
            SummaryCell::text(t("refer-not-given"))
        } else {
            lines(&kinds)
        },
        Page::Help,
    ));
    let mut needs: Vec<String> = Vec::new();
    if let Some(language) = &raw.interpreter_language {
        needs.push(t_args("refer-interpreter-is", &[("language", language)]));
    }
    if raw.bsl == Some(true) {
        needs.push(t("refer-bsl"));
    }
    if raw.easy_read == Some(true) {
        needs.push(t("refer-easy-read"));
    }
    if let Some(other) = &raw.communication_other {
        needs.push(t_args("refer-something-else-is", &[("text", other)]));
    }
    let needs_cell = match (needs.is_empty(), raw.bsl.is_some()) {
        (false, _) => lines(&needs.iter().map(String::as_str).collect::<Vec<_>>()),
        (true, true) => SummaryCell::text(t("refer-none")),
        (true, false) => SummaryCell::text(t("refer-not-given")),
    };
    help.push(row(
        &t("refer-row-communication"),
        needs_cell,
        Page::Communication,
    ));
    let answer = |a: &Option<String>| {
        a.as_deref()
            .and_then(Answer::parse)
            .map(answer_label)
            .unwrap_or_else(|| t("refer-not-given"))
    };
    if Page::Knows.applies(raw, ctx) {
        help.push(row(
            &t("refer-row-knows"),
            SummaryCell::text(answer(&raw.knows_about_referral)),
            Page::Knows,
        ));
    }
    if Page::Agrees.applies(raw, ctx) {
        help.push(row(
            &t("refer-row-agrees"),
            SummaryCell::text(answer(&raw.agrees_to_referral)),
            Page::Agrees,
        ));
    }
    help.push(row(
        &t("refer-row-before-visiting"),
        match &raw.risk {
            Some(risk) => lines(&[risk]),
            None => SummaryCell::text(t("refer-nothing")),
        },
        Page::BeforeVisiting,
    ));

    let mut out = vec![
        Section {
            heading: v.t("refer-section-person"),
            list: SummaryList {
                rows: person,
                ..SummaryList::default()
            },
        },
        Section {
            heading: t("refer-section-help"),
            list: SummaryList {
                rows: help,
                ..SummaryList::default()
            },
        },
    ];
    if Page::AboutYou.applies(raw, ctx) {
        let mut you = vec![row(
            &t("refer-row-your-name"),
            SummaryCell::text(or(&raw.referrer_name, "refer-not-given")),
            Page::AboutYou,
        )];
        if referrer == Some(ReferrerKind::Professional) {
            you.push(row(
                &t("refer-row-job-title"),
                SummaryCell::text(or(&raw.referrer_role, "refer-not-given")),
                Page::AboutYou,
            ));
            you.push(row(
                &t("refer-row-organisation"),
                SummaryCell::text(or(&raw.referrer_organisation, "refer-not-given")),
                Page::AboutYou,
            ));
        }
        you.push(row(
            &t("refer-row-your-phone"),
            SummaryCell::text(or(&raw.referrer_phone, "refer-not-given")),
            Page::AboutYou,
        ));
        you.push(row(
            &t("refer-row-your-email"),
            SummaryCell::text(or(&raw.referrer_email, "refer-not-given")),
            Page::AboutYou,
        ));
        out.push(Section {
            heading: t("refer-section-you"),
            list: SummaryList {
                rows: you,
                ..SummaryList::default()
            },
        });
    }
    out
}

/// What the rights engine made of the referral, for the confirmation page.
pub struct Eligibility {
    /// `None`: the section was not known.
    pub qualifies: Option<bool>,
    /// Why, in plain words (when the person may not qualify).
    pub reason: String,
    /// The provision, as people read it ("Mental Health Act 1983, section 130C(2)(a)").
    pub basis: String,
}

pub fn eligibility(r: &Referral, own: bool) -> Eligibility {
    let basis = r
        .eligibility_basis
        .as_deref()
        .map(|b| readable_basis_in(b, i18n::current()))
        .unwrap_or_default();
    let reason = match (r.appears_eligible, r.legal_status) {
        (Some(false), Some(status)) => why_not(status, r.jurisdiction, own),
        _ => String::new(),
    };
    Eligibility {
        qualifies: r.appears_eligible,
        reason,
        basis,
    }
}

/// Why someone on `status` does not qualify for an IMHA, in plain words.
fn why_not(status: Status, jurisdiction: Jurisdiction, own: bool) -> String {
    let lang = i18n::current();
    let label = plain(status)
        .map(|p| statuses::label(p, lang))
        .unwrap_or_else(|| t("refer-this-section"));
    let voice = if own { Voice::Own } else { Voice::Other };
    match status {
        Status::Informal => match jurisdiction {
            Jurisdiction::England => voice.t("refer-why-informal-england"),
            Jurisdiction::Wales => voice.t("refer-why-informal-wales"),
        },
        Status::S4 | Status::S5_2 | Status::S5_4 | Status::S135 | Status::S136 => t_args(
            "refer-why-short",
            &[("voice", voice.code()), ("label", &label)],
        ),
        _ => t_args("refer-why-not", &[("label", &label)]),
    }
}
