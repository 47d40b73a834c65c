//! Commissioner and manager reports over HTTP on both databases: the area and period form and
//! its validation, the commissioner's lock to their own area (a tampered `area` is refused),
//! who may see reports at all, the CSV files, the annual impact report as HTML and PDF with
//! its shared stories and audit entries, and that no report page or file ever shows a
//! patient's name, NHS number, hospital or a link to their record.
//!
//! The tables themselves come from `imha_core::reports` (tested there and, as rendered, by the
//! unit tests of `staff::reports::render`); these tests check what the pages do around them.

use imha_core::accounts::Role;
use imha_core::audit::{self, Filter};
use imha_core::casework::issues::{self, IssueKind, Measures, NewIssue};
use imha_core::casework::outcome::NewOutcome;
use imha_core::casework::{self, CloseReason, Closing, Worker};
use imha_core::organisations::{self, Kind};
use imha_core::referrals::{self, Actor, Decision};
use jiff::Timestamp;
use jiff::civil::Date;
use reqwest::StatusCode;

use crate::letter::pdf_text;
use crate::referrals::{Staff, ash_advocate, make_referral, staff};
use crate::support::TestApp;

mod browser;

const WORDS: &str = "My advocate came to the ward round with me and they listened.";
const NHS: &str = "9434765919";

/// The last complete financial year as of today, worked out here independently: (from, to,
/// the year it ends).
fn last_financial_year() -> (Date, Date, i16) {
    let today = crate::patients::today();
    let end = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    (
        Date::new(end - 1, 4, 1).unwrap(),
        Date::new(end, 3, 31).unwrap(),
        end,
    )
}

fn long(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

async fn org(app: &TestApp, kind: Kind, name: &str, ods: Option<&str>) -> String {
    let mut tx = app.db.db.begin().await.unwrap();
    let o = organisations::create(&mut tx, kind, name, ods, "england")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    o.id
}

struct Area {
    council: String,
    other_council: String,
    hospital: String,
}

async fn area(app: &TestApp) -> Area {
    let council = org(app, Kind::LocalAuthority, "Northshire Council", None).await;
    let other_council = org(app, Kind::LocalAuthority, "Southshire Council", None).await;
    let hospital = org(app, Kind::Hospital, "Northshire General", Some("RZZ09")).await;
    let mut tx = app.db.db.begin().await.unwrap();
    organisations::add_to_area(&mut tx, &council, &hospital)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Area {
        council,
        other_council,
        hospital,
    }
}

/// A referral for a named patient with an NHS number at the area's hospital, accepted, with a
/// rights issue, closed today with an outcome whose story the patient agreed to share.
async fn shared_story(app: &TestApp, hospital: &str) {
    let referral = make_referral(app, "Robin", "Ashdown", Some("1988-02-14"), Some(NHS)).await;
    imha_core::on_pool!(&app.db.db, p => sqlx::query("UPDATE referrals SET hospital_id = $1 WHERE id = $2").bind(hospital).bind(&referral).execute(p).await.map(|_| ()))
        .unwrap();
    let mut tx = app.db.db.begin().await.unwrap();
    let m = imha_core::accounts::create_user(
        &mut tx,
        "story-manager@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await
    .unwrap();
    let manager = Worker::new(m.id, Role::ServiceManager, None);
    let now = Timestamp::now();
    let case = referrals::decide(&mut tx, &referral, &Decision::Accept, &Actor::System, now)
        .await
        .unwrap()
        .case_id
        .unwrap();
    issues::add(
        &mut tx,
        &case,
        &NewIssue {
            kind: Some(IssueKind::Meetings),
            detail: None,
            raised_on: Some(referrals::uk_date(now)),
        },
        &manager,
        now,
    )
    .await
    .unwrap();
    casework::close(
        &mut tx,
        &case,
        &Closing {
            reason: Some(CloseReason::IssuesResolved),
            words: None,
            outcome: Some(NewOutcome {
                measures: Measures {
                    patient_words: Some(WORDS.into()),
                    ..Measures::default()
                },
                share_story: true,
            }),
        },
        &manager,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn commissioner(app: &TestApp, council: &str) -> Staff {
    staff(
        app,
        "cat@northshire.example",
        "Cat Commissioner",
        Role::Commissioner,
        Some(council),
    )
    .await
}

async fn manager(app: &TestApp) -> Staff {
    staff(
        app,
        "mo@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await
}

both_backends!(the_form_defaults_to_the_last_financial_year, |app| {
    let a = area(&app).await;
    let mo = manager(&app).await;
    let (from, to, end) = last_financial_year();
    let html = mo.page("/staff/reports").await;
    assert!(
        html.contains("<h1 class=\"govuk-heading-l\">Reports</h1>"),
        "{html}"
    );
    assert!(html.contains("<form method=\"get\" action=\"/staff/reports\""));
    // Any local authority, or all areas.
    assert!(
        html.contains("<option value=\"all\" selected>All areas</option>"),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<option value=\"{}\">Northshire Council</option>",
        a.council
    )));
    assert!(html.contains(&format!(
        "<option value=\"{}\">Southshire Council</option>",
        a.other_council
    )));
    // The quick choices, the default checked.
    for label in [
        "Last financial year",
        "Last 12 months",
        "Last quarter",
        "Choose dates",
    ] {
        assert!(html.contains(label), "{label}");
    }
    assert!(
        html.contains("value=\"last-financial-year\" checked"),
        "{html}"
    );
    assert!(
        html.contains(&format!("All areas: {} to {}", long(from), long(to))),
        "{html}"
    );
    // Every download and the impact report for the same area and period.
    assert!(
        html.contains(&format!("/staff/reports/impact?area=all&year={end}")),
        "{html}"
    );
    // National context, with its source and year.
    assert!(html.contains("National context"));
    assert!(html.contains("51,312"));
    assert!(html.contains("NHS England, Mental Health Act Statistics, Annual Figures"));
    assert!(html.contains("2022-23"));

    // A chosen council and a quick period.
    let html = mo
        .page(&format!(
            "/staff/reports?area={}&period=last-quarter",
            a.council
        ))
        .await;
    assert!(html.contains(&format!(
        "<option value=\"{}\" selected>Northshire Council</option>",
        a.council
    )));
    assert!(html.contains("value=\"last-quarter\" checked"));
    assert!(html.contains("Northshire Council: 1 "), "{html}");
    // Dates typed in.
    let html = mo
        .page("/staff/reports?area=all&period=custom&from-day=1&from-month=1&from-year=2026&to-day=31&to-month=1&to-year=2026")
        .await;
    assert!(
        html.contains("All areas: 1 January 2026 to 31 January 2026"),
        "{html}"
    );
    assert!(
        html.contains("/staff/reports/impact?area=all&year=2026"),
        "{html}"
    );
});

both_backends!(bad_periods_and_areas_are_shown_gov_uk_style, |app| {
    let _ = area(&app).await;
    let mo = manager(&app).await;
    let html = mo
        .page("/staff/reports?period=custom&from-day=1&from-month=3&from-year=2026&to-day=1&to-month=2&to-year=2026")
        .await;
    assert!(html.contains("<title>Error: Reports"), "{html}");
    assert!(html.contains("govuk-error-summary"));
    assert!(html.contains("href=\"#to-day\""));
    assert!(html.contains("The to date must be the same as or after the from date"));
    // No report under a form in error.
    assert!(!html.contains("National context"));
    // What was typed is kept.
    assert!(
        html.contains("name=\"from-month\" type=\"text\" value=\"3\""),
        "{html}"
    );

    let html = mo
        .page("/staff/reports?period=custom&from-day=31&from-month=2&from-year=2026")
        .await;
    assert!(html.contains("The from date must be a real date"));
    assert!(html.contains("Enter the to date"));
    let html = mo.page("/staff/reports?area=not-a-council").await;
    assert!(html.contains("<title>Error: Reports"));
    assert!(html.contains("Select an area from the list"));
    assert!(html.contains("href=\"#area\""));
    let html = mo
        .page("/staff/reports?from=2026-02-30&to=2026-03-01")
        .await;
    assert!(html.contains("The from date must be a real date"));
});

both_backends!(a_commissioner_sees_only_their_own_area, |app| {
    let a = area(&app).await;
    let cat = commissioner(&app, &a.council).await;
    let (from, to, end) = last_financial_year();
    let html = cat.page("/staff/reports").await;
    // The area is fixed: no choice of area.
    assert!(!html.contains("name=\"area\""), "{html}");
    assert!(!html.contains("Southshire"));
    assert!(html.contains("Area:</span> Northshire Council"), "{html}");
    assert!(html.contains(&format!(
        "Northshire Council: {} to {}",
        long(from),
        long(to)
    )));
    assert!(html.contains(&format!(
        "/staff/reports/impact?area={}&year={end}",
        a.council
    )));
    // Their own area named in the URL is fine.
    let res = cat.get(&format!("/staff/reports?area={}", a.council)).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Any other area, or all areas, is refused: pages, files and the impact report.
    for area in [a.other_council.as_str(), "all", a.hospital.as_str(), "nope"] {
        for path in [
            format!("/staff/reports?area={area}"),
            format!("/staff/reports/all-tables.csv?area={area}&from={from}&to={to}"),
            format!("/staff/reports/uptake.csv?area={area}&from={from}&to={to}"),
            format!("/staff/reports/impact?area={area}&year={end}"),
            format!("/staff/reports/impact.pdf?area={area}&year={end}"),
        ] {
            let res = cat.get(&path).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        }
    }
    // A commissioner whose account has no council, or a hospital, sees no area at all.
    let lost = staff(
        &app,
        "lost@example.org",
        "Lee Lost",
        Role::Commissioner,
        None,
    )
    .await;
    assert_eq!(
        lost.get("/staff/reports").await.status(),
        StatusCode::FORBIDDEN
    );
    let odd = staff(
        &app,
        "odd@example.org",
        "Odd One",
        Role::Commissioner,
        Some(&a.hospital),
    )
    .await;
    assert_eq!(
        odd.get("/staff/reports").await.status(),
        StatusCode::FORBIDDEN
    );
});

both_backends!(
    reports_are_for_managers_commissioners_and_administrators,
    |app| {
        let a = area(&app).await;
        let cat = commissioner(&app, &a.council).await;
        let mo = manager(&app).await;
        let ad = staff(&app, "ad@example.org", "Ad Min", Role::Admin, None).await;
        let ash = ash_advocate(&app).await;
        let rue = staff(
            &app,
            "rue@example.org",
            "Rue Referrer",
            Role::HospitalReferrer,
            Some(&a.hospital),
        )
        .await;
        for who in [&cat, &mo, &ad] {
            let home = who.page("/staff").await;
            assert!(home.contains("href=\"/staff/reports\""), "{home}");
            assert_eq!(who.get("/staff/reports").await.status(), StatusCode::OK);
        }
        for who in [&ash, &rue] {
            let home = who.page("/staff").await;
            assert!(!home.contains("href=\"/staff/reports\""));
            for path in [
                "/staff/reports",
                "/staff/reports/all-tables.csv",
                "/staff/reports/impact",
                "/staff/reports/impact.pdf",
            ] {
                assert_eq!(
                    who.get(path).await.status(),
                    StatusCode::FORBIDDEN,
                    "{path}"
                );
            }
        }
    }
);

both_backends!(tables_download_as_csv, |app| {
    let _ = area(&app).await;
    let mo = manager(&app).await;
    let res = mo
        .get("/staff/reports/all-tables.csv?area=all&from=2025-04-01&to=2026-03-31")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"report-all-tables-2025-04-01-to-2026-03-31.csv\""
    );
    let csv = res.text().await.unwrap();
    // Exactly the long form `imha report --format csv` prints, for a council's automation.
    let header = format!("{}\n", imha_core::reports::CSV_HEADER.join(","));
    assert!(csv.starts_with(&header), "{csv}");
    assert!(
        csv.contains(
            "\nuptake,qualifying,Qualifying patients (from the hospitals' records),Count,"
        ),
        "{csv}"
    );
    assert!(!csv.contains("Note,"), "{csv}");
    // A table that does not exist, or a file that is not CSV.
    assert_eq!(
        mo.get("/staff/reports/no-such-table.csv?area=all")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        mo.get("/staff/reports/no-such-page").await.status(),
        StatusCode::NOT_FOUND
    );
    // A bad period goes back to the form, which explains.
    let res = mo
        .get("/staff/reports/all-tables.csv?area=all&from=2026-03-02&to=2026-03-01")
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/staff/reports?"), "{to}");
    let html = mo.page(&to).await;
    assert!(html.contains("The to date must be the same as or after the from date"));
});

both_backends!(the_impact_report_as_html_and_pdf, |app| {
    let a = area(&app).await;
    shared_story(&app, &a.hospital).await;
    let cat = commissioner(&app, &a.council).await;
    let today = crate::patients::today();
    // The financial year holding today (the story was recorded today).
    let year = if today.month() >= 4 {
        today.year() + 1
    } else {
        today.year()
    };
    let title = format!(
        "Annual impact report: Northshire Council, {} to {}",
        year - 1,
        year
    );
    let html = cat
        .page(&format!("/staff/reports/impact?year={year}"))
        .await;
    assert!(
        html.contains(&format!("<h1 class=\"govuk-heading-l\">{title}</h1>")),
        "{html}"
    );
    for s in [
        "Headline figures",
        "Uptake over the last three years",
        // The trend as an accessible chart (its figures in the table below it).
        "<title id=\"impact-trend-title\">Uptake by financial year</title>",
        "aria-labelledby=\"impact-trend-title impact-trend-desc\"",
        "In patients' own words",
        WORDS,
        "Meetings, ward rounds and care planning (CPA)",
        "National context",
        "52,458",
        &format!("/staff/reports/impact.pdf?area={}&year={year}", a.council),
    ] {
        assert!(html.contains(s), "{s} in {html}");
    }
    // The story's year, never a more precise date.
    assert!(
        html.contains(&format!("(CPA). {}.", today.year())),
        "{html}"
    );
    assert!(!html.contains(&today.to_string()));
    assert!(!html.contains(&long(today)));

    let res = cat
        .get(&format!("/staff/reports/impact.pdf?year={year}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let text = pdf_text(&res.bytes().await.unwrap());
    for s in [
        title.as_str(),
        "Headline figures",
        "In patients' own words",
        WORDS,
        "National context",
        "Mental Health Act Statistics",
    ] {
        assert!(text.contains(s), "{s} in {text}");
    }
    // Another year has no story; a year out of range is not found.
    let html = cat
        .page(&format!("/staff/reports/impact?year={}", year - 2))
        .await;
    assert!(!html.contains(WORDS));
    assert_eq!(
        cat.get("/staff/reports/impact?year=1999").await.status(),
        StatusCode::NOT_FOUND
    );
    // Both are in the audit trail, on the report and the area, not on any patient.
    let entries = audit::search(
        &app.db.db,
        &Filter {
            record_type: Some("impact-report".into()),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"record-viewed"), "{actions:?}");
    assert!(actions.contains(&"record-exported"), "{actions:?}");
    assert!(
        entries
            .iter()
            .all(|e| e.record_id.as_deref() == Some(a.council.as_str()))
    );
    assert!(
        entries
            .iter()
            .all(|e| e.actor_id.as_deref() == Some(cat.user.id.as_str()))
    );
});

both_backends!(no_report_shows_who_a_patient_is, |app| {
    let a = area(&app).await;
    // Patients from the feed (named, at named hospitals) and a shared story from a named
    // patient with an NHS number.
    let _ = crate::patients::feed(&app).await;
    shared_story(&app, &a.hospital).await;
    let _ = make_referral(&app, "Jo", "Quince", Some("1970-01-01"), Some("9876543210")).await;
    let cat = commissioner(&app, &a.council).await;
    let mo = manager(&app).await;
    let today = crate::patients::today();
    let year = if today.month() >= 4 {
        today.year() + 1
    } else {
        today.year()
    };
    let (from, to, _) = last_financial_year();
    let forbidden = [
        "Okafor",
        "OKAFOR",
        "Robin",
        "Ashdown",
        "Quince",
        NHS,
        "943 476 5919",
        "9876543210",
        "1988-02-14",
        "14 February 1988",
        "Northshire General",
        "Moorside",
        "/staff/patients/",
        "/staff/cases/",
        "/staff/referrals/",
    ];
    for (who, area) in [
        (&cat, a.council.as_str()),
        (&mo, "all"),
        (&mo, a.council.as_str()),
    ] {
        let mut docs = vec![
            who.page(&format!("/staff/reports?area={area}")).await,
            who.page(&format!("/staff/reports?area={area}&period=last-12-months"))
                .await,
            who.page(&format!(
                "/staff/reports?area={area}&from={}&to={}",
                today.first_of_year(),
                today
            ))
            .await,
            who.page(&format!("/staff/reports/impact?area={area}&year={year}"))
                .await,
        ];
        for file in ["all-tables.csv", "uptake.csv", "equality-ethnicity.csv"] {
            let res = who
                .get(&format!(
                    "/staff/reports/{file}?area={area}&from={from}&to={to}"
                ))
                .await;
            docs.push(res.text().await.unwrap());
        }
        let pdf = who
            .get(&format!(
                "/staff/reports/impact.pdf?area={area}&year={year}"
            ))
            .await
            .bytes()
            .await
            .unwrap();
        docs.push(pdf_text(&pdf));
        for doc in &docs {
            for f in forbidden {
                assert!(!doc.contains(f), "{f} shown to {:?}", who.user.role);
            }
        }
        // The story itself is there: the words are not identifying.
        assert!(docs.iter().any(|d| d.contains(WORDS)));
    }
});

both_backends!(
    the_figures_come_from_the_feed_small_numbers_withheld,
    |app| {
        // Nine patients qualify at the council's hospital and three at a hospital outside its
        // area, all through the opt-out feed (which refers each of them).
        let a = area(&app).await;
        let _elsewhere = org(&app, Kind::Hospital, "Westshire General", Some("RZZ10")).await;
        let start = crate::patients::today()
            .checked_sub(jiff::Span::new().days(5))
            .unwrap();
        let mut csv = String::from(
            "episode_id,hospital,local_patient_id,given_name,family_name,date_of_birth,legal_status,start\n",
        );
        for i in 0..9 {
            csv.push_str(&format!(
                "N{i},RZZ09,N{i},Nia{i},Northern,1980-01-0{},s3,{start}\n",
                i + 1
            ));
        }
        for i in 0..3 {
            csv.push_str(&format!(
                "W{i},RZZ10,W{i},Wyn{i},Western,1970-01-0{},s2,{start}\n",
                i + 1
            ));
        }
        let s = imha_core::feed::import::import(
            &app.db.db,
            std::io::Cursor::new(csv.into_bytes()),
            &imha_core::feed::import::Options::default(),
            &Actor::System,
            crate::patients::today(),
            |_| {},
        )
        .await
        .unwrap();
        assert_eq!((s.inserted, s.referrals_created), (12, 12), "{s:?}");

        let cat = commissioner(&app, &a.council).await;
        let from = start.checked_sub(jiff::Span::new().days(30)).unwrap();
        let to = crate::patients::today();
        let q = format!("area={}&from={from}&to={to}", a.council);
        let csv = cat.page(&format!("/staff/reports/uptake.csv?{q}")).await;
        // Nine is published rounded to the nearest 5; nobody was seen (0 is shown); the
        // three elsewhere are not counted.
        for line in [
            "Qualifying patients (from the hospitals' records),10,100%",
            "Referred to the service,10,100%",
            "Seen by an advocate,0,0%",
            "Never seen by an advocate,10,100%",
        ] {
            assert!(csv.contains(line), "{line} in {csv}");
        }
        // The whole service: twelve qualify, still rounded.
        let mo = manager(&app).await;
        let all = mo
            .page(&format!(
                "/staff/reports/uptake.csv?area=all&from={from}&to={to}"
            ))
            .await;
        assert!(
            all.contains("Qualifying patients (from the hospitals' records),10,100%"),
            "{all}"
        );
        // Equality by legal status: the three s2 patients are outside the council's area, so
        // its table has no s2 patients; for all areas, 3 is withheld.
        let eq = mo
            .page(&format!(
                "/staff/reports/equality-legal-status.csv?area=all&from={from}&to={to}"
            ))
            .await;
        assert!(eq.contains("Section 2 (assessment),*,0,0,*,*"), "{eq}");
        assert!(eq.contains("Section 3 (treatment),10,0,0,0%,0%"), "{eq}");
        let own = cat
            .page(&format!("/staff/reports/equality-legal-status.csv?{q}"))
            .await;
        assert!(own.contains("Section 2 (assessment),0,0,0,*,*"), "{own}");
        // And the page shows the same, with the legend.
        let html = cat.page(&format!("/staff/reports?{q}&period=custom&from-day={}&from-month={}&from-year={}&to-day={}&to-month={}&to-year={}", from.day(), from.month(), from.year(), to.day(), to.month(), to.year())).await;
        assert!(html.contains("Never seen by an advocate"), "{html}");
        assert!(!html.contains("Nia1") && !html.contains("Northern"));
    }
);
