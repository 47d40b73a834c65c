//! What the referral form shows back: the answers on "Check your answers" (each with a Change
//! link to its page), and on the confirmation page what the rights engine makes of the
//! person's section, in plain words.

use imha_core::referrals::{Answer, HelpKind, RawReferral, Referral, ReferrerKind, Whereabouts};
use imha_govuk::{
    SummaryAction, SummaryActions, SummaryCell, SummaryList, SummaryRow, TrustedHtml,
};
use imha_law::{Jurisdiction, Status};

use super::questions::{self, Ctx, Page, Voice, help_label, who_label};
use super::{Section, escape};
use crate::pages::rights::{long_date, readable_basis};
use crate::pages::statuses::plain;

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
                text: Some("Change".into()),
                visually_hidden_text: Some(key.to_lowercase()),
                ..SummaryAction::default()
            }],
            ..SummaryActions::default()
        }),
        ..SummaryRow::default()
    }
}

fn or<'a>(value: &'a Option<String>, missing: &'a str) -> &'a str {
    value.as_deref().unwrap_or(missing)
}

/// The answers as the check page lists them, in three parts.
pub fn sections(raw: &RawReferral, ctx: Ctx<'_>) -> Vec<Section> {
    let v = Voice::of(raw);
    let referrer = raw.referrer.as_deref().and_then(ReferrerKind::parse);
    let mut person = vec![row(
        "Who is making the referral",
        SummaryCell::text(referrer.map(who_label).unwrap_or("Not given")),
        Page::Who,
    )];
    let name = [raw.given_name.as_deref(), raw.family_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    person.push(row(
        "Name",
        SummaryCell::text(if name.is_empty() { "Not given" } else { &name }),
        Page::Name,
    ));
    let dob = raw
        .date_of_birth
        .as_deref()
        .and_then(imha_law::dates::parse_date)
        .map(long_date);
    person.push(row(
        "Date of birth",
        SummaryCell::text(dob.as_deref().unwrap_or("Not known")),
        Page::DateOfBirth,
    ));
    let nhs = raw.nhs_number.as_deref().map(questions::nhs_number_spaced);
    person.push(row(
        "NHS number",
        SummaryCell::text(nhs.as_deref().unwrap_or("Not known")),
        Page::NhsNumber,
    ));
    let ward = raw.ward.as_deref().map(|w| format!("Ward: {w}"));
    match raw.whereabouts.as_deref().and_then(Whereabouts::parse) {
        Some(Whereabouts::Hospital) => {
            person.push(row("Where", SummaryCell::text("In hospital"), Page::Where));
            person.push(row(
                "Hospital",
                lines(&[
                    or(&raw.hospital_name, "Not given"),
                    ward.as_deref().unwrap_or(""),
                ]),
                Page::Hospital,
            ));
        }
        Some(Whereabouts::Community) => {
            person.push(row(
                "Where",
                SummaryCell::text("In the community"),
                Page::Where,
            ));
            person.push(row(
                "Address",
                lines(&[or(&raw.address, "Not given")]),
                Page::Address,
            ));
        }
        None => person.push(row("Where", SummaryCell::text("Not given"), Page::Where)),
    }
    person.push(row(
        "Phone number",
        SummaryCell::text(or(&raw.phone, "Not given")),
        Page::Contact,
    ));
    person.push(row(
        "Email address",
        SummaryCell::text(or(&raw.email, "Not given")),
        Page::Contact,
    ));
    let status = match raw.legal_status.as_deref() {
        Some("not-sure") => "Not sure".to_string(),
        Some(s) => Status::parse(s)
            .ok()
            .and_then(plain)
            .map(|p| p.label.to_string())
            .unwrap_or_else(|| s.to_string()),
        None => "Not given".to_string(),
    };
    person.push(row(
        "Section or order",
        SummaryCell::text(status),
        Page::Section,
    ));
    if Page::Country.applies(raw, ctx) {
        let country = match raw.jurisdiction.as_deref().and_then(Jurisdiction::parse) {
            Some(Jurisdiction::England) => "England",
            Some(Jurisdiction::Wales) => "Wales",
            None => "Not given",
        };
        person.push(row(
            "England or Wales",
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
        "Help with",
        if kinds.is_empty() {
            SummaryCell::text("Not given")
        } else {
            lines(&kinds)
        },
        Page::Help,
    ));
    let mut needs: Vec<String> = Vec::new();
    if let Some(language) = &raw.interpreter_language {
        needs.push(format!("An interpreter: {language}"));
    }
    if raw.bsl == Some(true) {
        needs.push("British Sign Language (BSL)".into());
    }
    if raw.easy_read == Some(true) {
        needs.push("Easy Read information".into());
    }
    if let Some(other) = &raw.communication_other {
        needs.push(format!("Something else: {other}"));
    }
    let needs_cell = match (needs.is_empty(), raw.bsl.is_some()) {
        (false, _) => lines(&needs.iter().map(String::as_str).collect::<Vec<_>>()),
        (true, true) => SummaryCell::text("None"),
        (true, false) => SummaryCell::text("Not given"),
    };
    help.push(row("Help to communicate", needs_cell, Page::Communication));
    let answer = |a: &Option<String>| {
        a.as_deref()
            .and_then(Answer::parse)
            .map(Answer::label)
            .unwrap_or("Not given")
    };
    if Page::Knows.applies(raw, ctx) {
        help.push(row(
            "Knows about the referral",
            SummaryCell::text(answer(&raw.knows_about_referral)),
            Page::Knows,
        ));
    }
    if Page::Agrees.applies(raw, ctx) {
        help.push(row(
            "Agrees to the referral",
            SummaryCell::text(answer(&raw.agrees_to_referral)),
            Page::Agrees,
        ));
    }
    help.push(row(
        "Before visiting",
        match &raw.risk {
            Some(risk) => lines(&[risk]),
            None => SummaryCell::text("Nothing"),
        },
        Page::BeforeVisiting,
    ));

    let mut out = vec![
        Section {
            heading: v.pick("About you", "About the person").into(),
            list: SummaryList {
                rows: person,
                ..SummaryList::default()
            },
        },
        Section {
            heading: "The help wanted".into(),
            list: SummaryList {
                rows: help,
                ..SummaryList::default()
            },
        },
    ];
    if Page::AboutYou.applies(raw, ctx) {
        let mut you = vec![row(
            "Your name",
            SummaryCell::text(or(&raw.referrer_name, "Not given")),
            Page::AboutYou,
        )];
        if referrer == Some(ReferrerKind::Professional) {
            you.push(row(
                "Job title",
                SummaryCell::text(or(&raw.referrer_role, "Not given")),
                Page::AboutYou,
            ));
            you.push(row(
                "Organisation",
                SummaryCell::text(or(&raw.referrer_organisation, "Not given")),
                Page::AboutYou,
            ));
        }
        you.push(row(
            "Your phone number",
            SummaryCell::text(or(&raw.referrer_phone, "Not given")),
            Page::AboutYou,
        ));
        you.push(row(
            "Your email address",
            SummaryCell::text(or(&raw.referrer_email, "Not given")),
            Page::AboutYou,
        ));
        out.push(Section {
            heading: "About you".into(),
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
        .map(readable_basis)
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
    let label = plain(status).map(|p| p.label).unwrap_or("this section");
    let (they, they_are) = if own {
        ("you", "you are")
    } else {
        ("they", "they are")
    };
    match status {
        Status::Informal => match jurisdiction {
            Jurisdiction::England => format!(
                "In England, people in hospital without being on a section do not have the right to an IMHA, unless a doctor talks with them about certain treatments, such as ECT. If {they_are} put on a section, {they} will have the right."
            ),
            Jurisdiction::Wales => format!(
                "In Wales, people who are not on a section have the right to an IMHA while they are staying in hospital for their mental health. If {they_are} not staying in hospital, {they} do not have that right."
            ),
        },
        Status::S4 | Status::S5_2 | Status::S5_4 | Status::S135 | Status::S136 => format!(
            "{label} is a short emergency power. The law does not give people on it the right to an IMHA. If {they_are} then kept in hospital on another section, such as section 2 or 3, {they} will have the right."
        ),
        _ => format!("The law does not give people on {label} the right to an IMHA."),
    }
}
