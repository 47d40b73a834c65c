//! The personalised rights letter over HTTP on both databases: the engine's dates and their
//! citations in the HTML letter and in the PDF's extracted text, both styles, who may make it,
//! and the audit trail.

use imha_core::accounts::Role;
use imha_core::audit::{self, Filter};
use imha_core::case_dates::{self, Recorded};
use imha_core::referrals::Actor;
use imha_law::Status;
use jiff::ToSpan;
use jiff::civil::Date;
use reqwest::StatusCode;

use crate::patients::today;
use crate::referrals::staff;
use crate::support::TestApp;
use crate::work::allocated_case;

mod browser;

/// "Sunday 14 June 2026", as the letter writes dates.
pub fn day(d: Date) -> String {
    d.strftime("%A %-d %B %Y").to_string()
}

/// The text poppler's `pdftotext` extracts from `pdf`, with runs of white space made one space
/// (so a date broken over two lines still matches).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils) must be installed");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The structure tree poppler reads (`pdfinfo -struct`).
pub fn pdf_structure(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfinfo")
        .arg("-struct")
        .arg(&path)
        .output()
        .expect("pdfinfo (Debian's poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A case allocated to a new advocate, with section 2 recorded from two days ago: the case id,
/// the advocate, and the section's start.
pub async fn case_on_section_2(app: &TestApp) -> (String, crate::referrals::Staff, Date) {
    let ada = staff(app, "ada@example.org", "Ada Advocate", Role::Advocate, None).await;
    let case_id = allocated_case(app, &ada.user.id).await;
    let start = today().checked_sub(2.days()).unwrap();
    case_dates::record(
        &app.db.db,
        &case_id,
        &Recorded {
            legal_status: Some(Status::S2),
            started_on: Some(start),
            first_medication_on: None,
        },
        &Actor::System,
    )
    .await
    .unwrap();
    (case_id, ada, start)
}

both_backends!(
    a_rights_letter_carries_the_engines_dates_and_their_law,
    |app| {
        let (case_id, ada, start) = case_on_section_2(&app).await;
        // Section 2: 28 days beginning with the day of admission (s2(4)); the patient may apply
        // within the 14 days beginning with it (s66(1)(a), (2)(a)).
        let ends = day(start.checked_add(27.days()).unwrap());
        let last_day = day(start.checked_add(13.days()).unwrap());
        let first_day = day(start);

        // Two clicks from the case page: the link, then the choice.
        let case_page = ada.page(&format!("/staff/cases/{case_id}")).await;
        assert!(
            case_page.contains(&format!("href=\"/staff/cases/{case_id}/letter\"")),
            "{case_page}"
        );
        let choose = ada.page(&format!("/staff/cases/{case_id}/letter")).await;
        assert!(choose.contains("Rights letter: which version?"), "{choose}");
        assert!(choose.contains("Sam Okafor"));
        // No choice made: a clear error, on the same page.
        let res = ada
            .get(&format!("/staff/cases/{case_id}/letter?style=other"))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let body = res.text().await.unwrap();
        assert!(body.contains("<title>Error: Rights letter"), "{body}");
        assert!(body.contains("Select plain English or Easy Read"));
        assert!(body.contains("href=\"#style\""));

        for style in ["plain", "easy-read"] {
            let html = squash(
                &ada.page(&format!("/staff/cases/{case_id}/letter?style={style}"))
                    .await,
            );
            assert!(html.contains("Your rights: Section 2"), "{html}");
            assert!(html.contains("To Sam Okafor"));
            assert!(
                html.contains("kept in hospital for an assessment"),
                "{html}"
            );
            assert!(html.contains(&ends), "{ends} in {html}");
            assert!(html.contains(&last_day), "{last_day} in {html}");
            assert!(html.contains(&first_day), "{first_day} in {html}");
            assert!(
                html.contains("First-tier Tribunal (Mental Health)"),
                "{html}"
            );
            assert!(html.contains("Your advocate is <strong>Ada Advocate</strong>"));
            assert!(
                html.contains("Mental Health Act 1983, section 2(4)"),
                "{html}"
            );
            assert!(
                html.contains("Mental Health Act 1983, section 66"),
                "{html}"
            );
            assert!(html.contains(&format!("/staff/cases/{case_id}/letter.pdf?style={style}")));
            if style == "easy-read" {
                assert!(html.contains("govuk-body-l"));
            }

            let res = ada
                .get(&format!("/staff/cases/{case_id}/letter.pdf?style={style}"))
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()["content-type"], "application/pdf");
            assert_eq!(res.headers()["cache-control"], "no-store");
            let pdf = res.bytes().await.unwrap();
            assert!(pdf.starts_with(b"%PDF-1.7"));
            let text = pdf_text(&pdf);
            assert!(text.contains("Sam Okafor"), "{text}");
            assert!(text.contains(&ends), "{ends} in {text}");
            assert!(text.contains(&last_day), "{last_day} in {text}");
            assert!(
                text.contains("Mental Health Act 1983, section 2(4)"),
                "{text}"
            );
            assert!(
                text.contains("Mental Health Act 1983, section 66"),
                "{text}"
            );
            assert!(text.contains("Ada Advocate"));
            let tree = pdf_structure(&pdf);
            for tag in [
                "Document",
                "H1 \"Your rights: Section 2\"",
                "P",
                "H2",
                "Note",
            ] {
                assert!(tree.contains(tag), "{tag} in {tree}");
            }
        }

        // Audited: the views as record-viewed, each PDF as record-exported, on the case.
        let exported = audit::search(
            &app.db.db,
            &Filter {
                action: Some("record-exported".into()),
                record_type: Some("case".into()),
                record_id: Some(case_id.clone()),
                limit: 50,
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(exported.len(), 2);
        assert!(
            exported
                .iter()
                .all(|e| e.actor_id.as_deref() == Some(ada.user.id.as_str()))
        );
        let viewed = audit::search(
            &app.db.db,
            &Filter {
                action: Some("record-viewed".into()),
                record_type: Some("case".into()),
                record_id: Some(case_id.clone()),
                limit: 50,
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert!(
            viewed
                .iter()
                .filter(|e| e
                    .detail
                    .as_deref()
                    .is_some_and(|d| d.starts_with("rights-letter")))
                .count()
                == 2
        );
    }
);

both_backends!(only_those_who_may_work_on_the_case_get_its_letter, |app| {
    let (case_id, _ada, _) = case_on_section_2(&app).await;
    let other = staff(&app, "bo@example.org", "Bo Advocate", Role::Advocate, None).await;
    for path in [
        format!("/staff/cases/{case_id}/letter"),
        format!("/staff/cases/{case_id}/letter?style=plain"),
        format!("/staff/cases/{case_id}/letter.pdf?style=plain"),
    ] {
        assert_eq!(
            other.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let manager = staff(
        &app,
        "mo@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    let res = manager
        .get(&format!(
            "/staff/cases/{case_id}/letter.pdf?style=easy-read"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for role in [Role::Admin, Role::Commissioner, Role::HospitalReferrer] {
        let email = format!("{}@example.org", format!("{role:?}").to_lowercase());
        let s = staff(&app, &email, "Someone", role, None).await;
        assert_eq!(
            s.get(&format!("/staff/cases/{case_id}/letter.pdf?style=plain"))
                .await
                .status(),
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
    }
    // No export was recorded for the refused requests.
    let exported = audit::search(
        &app.db.db,
        &Filter {
            action: Some("record-exported".into()),
            record_id: Some(case_id.clone()),
            limit: 50,
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(exported.len(), 1);
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_letter_gives_the_services_phone_and_email() {
    let config = imha_web::Config {
        contact_phone: Some("020 7946 0000".into()),
        contact_email: Some("advocacy@example.org".into()),
        ..crate::support::test_config()
    };
    let app = TestApp::start(imha_core::testing::TestDb::sqlite().await, config).await;
    let (case_id, ada, _) = case_on_section_2(&app).await;
    let html = ada
        .page(&format!("/staff/cases/{case_id}/letter?style=plain"))
        .await;
    assert!(
        html.contains("href=\"tel:02079460000\">020 7946 0000</a>"),
        "{html}"
    );
    assert!(html.contains("href=\"mailto:advocacy@example.org\">advocacy@example.org</a>"));
    let pdf = ada
        .get(&format!(
            "/staff/cases/{case_id}/letter.pdf?style=easy-read"
        ))
        .await
        .bytes()
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("020 7946 0000"), "{text}");
    assert!(text.contains("advocacy@example.org"), "{text}");
    // The phone number and email are working links in the PDF too.
    let tree = pdf_structure(&pdf);
    assert!(tree.matches("Link").count() >= 2, "{tree}");
}

both_backends!(a_letter_from_a_patients_record, |app| {
    let fed = crate::patients::feed(&app).await;
    let viewer = staff(
        &app,
        "mo@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    let page = viewer
        .page(&format!("/staff/patients/{}", fed.patient))
        .await;
    assert!(page.contains(&format!("href=\"/staff/patients/{}/letter\"", fed.patient)));
    let ends = day(fed.start.checked_add(27.days()).unwrap());
    let html = squash(
        &viewer
            .page(&format!(
                "/staff/patients/{}/letter?style=plain",
                fed.patient
            ))
            .await,
    );
    assert!(html.contains("To Sam Okafor"), "{html}");
    assert!(html.contains(&ends), "{ends} in {html}");
    let res = viewer
        .get(&format!(
            "/staff/patients/{}/letter.pdf?style=easy-read",
            fed.patient
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = pdf_text(&res.bytes().await.unwrap());
    assert!(text.contains(&ends), "{ends} in {text}");
    assert!(
        text.contains("Mental Health Act 1983, section 2(4)"),
        "{text}"
    );
    let exported = audit::search(
        &app.db.db,
        &Filter {
            action: Some("record-exported".into()),
            record_type: Some("patient".into()),
            record_id: Some(fed.patient.clone()),
            limit: 50,
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(exported.len(), 1);
    let commissioner = staff(
        &app,
        "co@example.org",
        "Cy Commissioner",
        Role::Commissioner,
        None,
    )
    .await;
    let status = commissioner
        .get(&format!("/staff/patients/{}/letter.pdf", fed.patient))
        .await
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
});

/// "14 Mehefin 2026 (dydd Sul)", as the Welsh letter writes dates.
fn dydd(d: Date) -> String {
    let days = [
        "dydd Llun",
        "dydd Mawrth",
        "dydd Mercher",
        "dydd Iau",
        "dydd Gwener",
        "dydd Sadwrn",
        "dydd Sul",
    ];
    let month = imha_web::i18n::WELSH_MONTHS[usize::try_from(d.month() - 1).unwrap()];
    format!(
        "{} {month} {} ({})",
        d.day(),
        d.year(),
        days[usize::try_from(d.weekday().to_monday_zero_offset()).unwrap()],
    )
}

both_backends!(
    a_welsh_rights_letter_has_the_engines_dates_in_welsh,
    |app| {
        let (case_id, ada, start) = case_on_section_2(&app).await;
        let ends = start.checked_add(27.days()).unwrap();
        let last_day = start.checked_add(13.days()).unwrap();
        let choose = ada.page(&format!("/staff/cases/{case_id}/letter")).await;
        assert!(
            choose.contains(r#"name="language" type="radio" value="cy""#),
            "{choose}"
        );
        for style in ["plain", "easy-read"] {
            let html = squash(
                &ada.page(&format!(
                    "/staff/cases/{case_id}/letter?style={style}&language=cy"
                ))
                .await,
            );
            assert!(html.contains(r#"<div lang="cy">"#), "{html}");
            assert!(html.contains("Eich hawliau: Adran 2"), "{html}");
            assert!(html.contains("At Sam Okafor"));
            assert!(html.contains(&dydd(ends)), "{} in {html}", dydd(ends));
            assert!(html.contains(&dydd(last_day)), "{html}");
            assert!(html.contains("Tribiwnlys Haen Gyntaf (Iechyd Meddwl)"));
            assert!(
                html.contains("Deddf Iechyd Meddwl 1983, adran 2(4)"),
                "{html}"
            );
            assert!(html.contains("aros am adolygiad gan siaradwr Cymraeg"));
            assert!(html.contains("awaiting review by a Welsh speaker"));
            assert!(!html.contains(&day(ends)), "no English date");
            // The PDF and the other version stay Welsh.
            let pdf_link = format!("/staff/cases/{case_id}/letter.pdf?style={style}");
            assert!(
                html.contains(&format!("{pdf_link}&amp;language=cy"))
                    || html.contains(&format!("{pdf_link}&language=cy")),
                "{html}"
            );

            let res = ada
                .get(&format!(
                    "/staff/cases/{case_id}/letter.pdf?style={style}&language=cy"
                ))
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            let pdf = res.bytes().await.unwrap();
            let text = pdf_text(&pdf);
            let month = imha_web::i18n::WELSH_MONTHS[usize::try_from(ends.month() - 1).unwrap()];
            assert!(text.contains(month), "{month} in {text}");
            assert!(text.contains(&dydd(ends)), "{} in {text}", dydd(ends));
            assert!(text.contains(&dydd(last_day)), "{text}");
            assert!(
                text.contains("Deddf Iechyd Meddwl 1983, adran 66"),
                "{text}"
            );
            assert!(text.contains("Sam Okafor"));
            let tree = pdf_structure(&pdf);
            assert!(tree.contains("H1 \"Eich hawliau: Adran 2\""), "{tree}");
        }
        // English stays the default.
        let html = ada
            .page(&format!("/staff/cases/{case_id}/letter?style=plain"))
            .await;
        assert!(html.contains("Your rights: Section 2"));
        assert!(!html.contains(r#"<div lang="cy">"#));
        // Printed, the letter is the letter: the site's header, banners and footer are not.
        for part in [
            r#"<header class="govuk-template__header govuk-!-display-none-print">"#,
            r#"<div class="govuk-phase-banner govuk-!-display-none-print">"#,
            r#"<footer class="govuk-footer govuk-!-display-none-print">"#,
        ] {
            assert!(html.contains(part), "{part}");
        }
        let case_page = ada.page(&format!("/staff/cases/{case_id}")).await;
        assert!(case_page.contains(r#"<header class="govuk-template__header">"#));
        // The audit trail says which letter was made: style and language.
        let details: Vec<(String, String)> = audit::search(
            &app.db.db,
            &Filter {
                record_type: Some("case".into()),
                record_id: Some(case_id.clone()),
                limit: 50,
                ..Filter::default()
            },
        )
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| Some((e.action, e.detail?)))
        .filter(|(_, d)| d.starts_with("rights-letter"))
        .collect();
        for (action, detail) in [
            ("record-viewed", "rights-letter style=plain language=cy"),
            ("record-viewed", "rights-letter style=easy-read language=cy"),
            ("record-exported", "rights-letter style=plain language=cy"),
            (
                "record-exported",
                "rights-letter style=easy-read language=cy",
            ),
            ("record-viewed", "rights-letter style=plain language=en"),
        ] {
            assert!(
                details.iter().any(|(a, d)| a == action && d == detail),
                "{action} {detail} in {details:?}"
            );
        }
    }
);

both_backends!(
    a_welsh_rights_letter_gives_the_engines_warnings_in_welsh,
    |app| {
        // Section 3 from eight months ago: in its first renewal, so the engine warns that
        // renewals are counted in different ways (an uncertain rule), which the letter lists
        // under "Things to check".
        let ada = staff(
            &app,
            "ada@example.org",
            "Ada Advocate",
            Role::Advocate,
            None,
        )
        .await;
        let case_id = allocated_case(&app, &ada.user.id).await;
        case_dates::record(
            &app.db.db,
            &case_id,
            &Recorded {
                legal_status: Some(Status::S3),
                started_on: Some(today().checked_sub(8.months()).unwrap()),
                first_medication_on: None,
            },
            &Actor::System,
        )
        .await
        .unwrap();
        let rule_en = "Uncertain rule (confidence M): MHA 1983 s20(2): each renewal is counted \
                       from the day after the previous expiry";
        let rule_cy = "Rheol ansicr (hyder canolig): MHA 1983 s20(2): mae pob adnewyddiad yn \
                       cael ei gyfrif o'r diwrnod ar ôl i'r cyfnod blaenorol ddod i ben";
        let service = "Independent Mental Health Advocacy";

        // English: the engine's words, and nothing marked as another language.
        let html = squash(
            &ada.page(&format!("/staff/cases/{case_id}/letter?style=plain"))
                .await,
        );
        assert!(html.contains(rule_en), "{html}");
        assert!(html.contains(&format!("From {service}, your advocacy service.")));
        assert!(!html.contains("<span lang="), "{html}");
        let pdf = ada
            .get(&format!("/staff/cases/{case_id}/letter.pdf?style=plain"))
            .await
            .bytes()
            .await
            .unwrap();
        assert!(pdf_text(&pdf).contains(rule_en));
        assert!(!pdf_structure(&pdf).contains("Span"));

        for style in ["plain", "easy-read"] {
            // Welsh: the warning in Welsh; the English service name marked as English.
            let html = squash(
                &ada.page(&format!(
                    "/staff/cases/{case_id}/letter?style={style}&language=cy"
                ))
                .await,
            );
            assert!(html.contains(rule_cy), "{html}");
            for english in ["Uncertain rule", "each renewal", "legal reference"] {
                assert!(!html.contains(english), "{english} in {html}");
            }
            assert!(
                html.contains(&format!(
                    r#"Oddi wrth <span lang="en">{service}</span>, eich gwasanaeth eirioli."#
                )),
                "{html}"
            );

            let pdf = ada
                .get(&format!(
                    "/staff/cases/{case_id}/letter.pdf?style={style}&language=cy"
                ))
                .await
                .bytes()
                .await
                .unwrap();
            let text = pdf_text(&pdf);
            assert!(text.contains(rule_cy), "{text}");
            assert!(!text.contains("Uncertain rule"), "{text}");
            assert!(text.contains(&format!("Oddi wrth {service}, eich gwasanaeth")));
            // The document is Welsh; the service's English name is a Span marked English.
            let raw = |needle: &str| pdf.windows(needle.len()).any(|w| w == needle.as_bytes());
            assert!(raw("/Lang(cy)"));
            assert!(raw("/S/Span") && raw("/Lang(en)"));
            assert!(pdf_structure(&pdf).contains("Span"));
        }
    }
);
