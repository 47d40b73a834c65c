//! The quality self-assessment over HTTP on both databases: a manager starts one, rates with
//! evidence (errors first), adds an action and marks it done, cannot finalise until every
//! indicator is rated, finalises, and is then refused any change; advocates see but cannot
//! change; a commissioner sees only final assessments of providers in their area; the
//! comparison in words; the CSV neutralises formulas; the PDF carries every indicator.

use imha_core::accounts::Role;
use imha_core::organisations::{self, Kind};
use jiff::ToSpan;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};

use crate::letter::pdf_text;
use crate::patients::today;
use crate::referrals::{Staff, staff};
use crate::support::TestApp;

mod browser;

pub struct Service {
    pub provider: String,
    pub council: String,
}

/// A provider in a council's area, and a council without it.
pub async fn service(app: &TestApp) -> Service {
    let mut tx = app.db.db.begin().await.unwrap();
    let provider = organisations::create(
        &mut tx,
        Kind::Provider,
        "Northshire Advocacy",
        None,
        "england",
    )
    .await
    .unwrap();
    let council = organisations::create(
        &mut tx,
        Kind::LocalAuthority,
        "Northshire Council",
        None,
        "england",
    )
    .await
    .unwrap();
    organisations::add_to_area(&mut tx, &council.id, &provider.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Service {
        provider: provider.id,
        council: council.id,
    }
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Start an assessment through the form: its id.
pub async fn start(manager: &Staff, title: &str) -> String {
    let t = today();
    let start = t.checked_sub(90.days()).unwrap();
    let (sd, sm, sy) = (
        start.day().to_string(),
        start.month().to_string(),
        start.year().to_string(),
    );
    let (ed, em, ey) = (
        t.day().to_string(),
        t.month().to_string(),
        t.year().to_string(),
    );
    let res = manager
        .post(
            "/staff/quality/new",
            &[
                ("title", title),
                ("period_start-day", &sd),
                ("period_start-month", &sm),
                ("period_start-year", &sy),
                ("period_end-day", &ed),
                ("period_end-month", &em),
                ("period_end-year", &ey),
                ("repeat", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    to.strip_prefix("/staff/quality/")
        .unwrap()
        .strip_suffix("?done=started")
        .unwrap()
        .to_string()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

both_backends!(a_manager_completes_and_finalises_an_assessment, |app| {
    let s = service(&app).await;
    let manager = staff(
        &app,
        "m@example.org",
        "Morgan Manager",
        Role::ServiceManager,
        Some(&s.provider),
    )
    .await;
    let advocate = staff(
        &app,
        "a@example.org",
        "Ash Advocate",
        Role::Advocate,
        Some(&s.provider),
    )
    .await;
    let commissioner = staff(
        &app,
        "c@example.org",
        "Casey Commissioner",
        Role::Commissioner,
        Some(&s.council),
    )
    .await;

    let list = manager.page("/staff/quality").await;
    assert!(list.contains("There are no assessments yet."), "{list}");
    assert!(list.contains("href=\"/staff/quality/new\""));
    // The form's errors, in form order, linked to their fields.
    let res = manager
        .post("/staff/quality/new", &[("repeat", "no")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("<title>Error: Start a new assessment"),
        "{body}"
    );
    assert!(body.contains("href=\"#title\""));
    assert!(body.contains("href=\"#period_start-day\""));

    let id = start(&manager, "Spring 2027").await;
    let page = squash(
        &manager
            .page(&format!("/staff/quality/{id}?done=started"))
            .await,
    );
    assert!(
        page.contains("Quality self-assessment: Spring 2027"),
        "{page}"
    );
    assert!(page.contains("Assessment started."));
    for ind in imha_core::quality::INDICATORS {
        assert!(page.contains(&format!("{}. {}", ind.number, ind.title)));
    }
    assert_eq!(
        page.matches("Not yet rated").count(),
        10,
        "in the contents table"
    );
    // Live figures beside the indicators imha measures (no feed yet: nobody qualified).
    assert!(page.contains("Live figures for this period"));
    assert!(page.contains(
        "No patients qualified for an IMHA in the period, according to the hospitals' feed."
    ));

    // No rating chosen: the error against that indicator, the evidence kept.
    let res = manager
        .post(
            &format!("/staff/quality/{id}/indicators/8"),
            &[("evidence", "Uptake looks low")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = squash(&res.text().await.unwrap());
    assert!(body.contains(
        "Select red, amber or green for indicator 8: Access for all qualifying patients"
    ));
    assert!(body.contains("href=\"#indicator-8\""));
    assert!(body.contains("Uptake looks low</textarea>"));

    let res = manager
        .post(
            &format!("/staff/quality/{id}/indicators/8"),
            &[
                ("rating", "amber"),
                ("evidence", "Uptake 62%; lower for Black patients."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/staff/quality/{id}?done=saved#section-8")
    );

    // An action, errors first.
    let form = manager
        .page(&format!("/staff/quality/{id}/actions/new?indicator=8"))
        .await;
    assert!(form.contains("<option value=\"8\" selected>"), "{form}");
    assert!(form.contains("Ash Advocate") && form.contains("Morgan Manager"));
    let res = manager
        .post(
            &format!("/staff/quality/{id}/actions/new"),
            &[("indicator", "8")],
        )
        .await;
    let body = res.text().await.unwrap();
    assert!(body.contains("Enter what will be done"), "{body}");
    assert!(body.contains("Choose who owns this action, or type their name"));
    assert!(body.contains("href=\"#due_on-day\""));
    let due = today().checked_add(30.days()).unwrap();
    let (d, m, y) = (
        due.day().to_string(),
        due.month().to_string(),
        due.year().to_string(),
    );
    let res = manager
        .post(
            &format!("/staff/quality/{id}/actions/new"),
            &[
                ("indicator", "8"),
                ("description", "Meet the community group about uptake"),
                ("owner_user_id", &advocate.user.id),
                ("owner_name", ""),
                ("due_on-day", &d),
                ("due_on-month", &m),
                ("due_on-year", &y),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let page = squash(&manager.page(&format!("/staff/quality/{id}")).await);
    assert!(page.contains("Amber: attention needed"), "{page}");
    assert!(page.contains("Meet the community group about uptake"));
    assert!(page.contains("Ash Advocate"));
    assert!(page.contains(&due.strftime("%-d %B %Y").to_string()));
    let full = imha_core::quality::get(
        &app.db.db,
        &imha_core::quality::Scope::Provider {
            provider_id: s.provider.clone(),
        },
        &id,
    )
    .await
    .unwrap()
    .unwrap();
    let action = full.actions[0].id.clone();
    let res = manager
        .post(&format!("/staff/quality/{id}/actions/{action}/done"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        manager
            .page(&format!("/staff/quality/{id}"))
            .await
            .contains("govuk-tag--green\">Done</strong>")
    );

    // An advocate sees the draft but cannot change it.
    let seen = advocate.page(&format!("/staff/quality/{id}")).await;
    assert!(seen.contains("Uptake 62%; lower for Black patients."));
    assert!(!seen.contains("Save indicator"), "no forms for advocates");
    let res = advocate
        .post(
            &format!("/staff/quality/{id}/indicators/1"),
            &[("rating", "red")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The commissioner does not see a draft.
    assert!(
        commissioner
            .page("/staff/quality")
            .await
            .contains("There are no assessments yet.")
    );
    assert_eq!(
        commissioner
            .get(&format!("/staff/quality/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Finalising needs every indicator rated.
    let confirm = squash(&manager.page(&format!("/staff/quality/{id}/finalise")).await);
    assert!(confirm.contains("Finalise Spring 2027?"), "{confirm}");
    assert!(confirm.contains("Not yet rated: 1. A clear role;"));
    let res = manager
        .post(&format!("/staff/quality/{id}/finalise"), &[])
        .await;
    let body = res.text().await.unwrap();
    assert!(body.contains("Rate indicator 1 (A clear role) before you finalise the assessment"));
    assert!(body.contains(&format!("href=\"/staff/quality/{id}#indicator-1\"")));
    for n in 1..=10 {
        if n != 8 {
            let colour = if n == 4 { "red" } else { "green" };
            let res = manager
                .post(
                    &format!("/staff/quality/{id}/indicators/{n}"),
                    &[("rating", colour), ("evidence", "")],
                )
                .await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER);
        }
    }
    let res = manager
        .post(&format!("/staff/quality/{id}/finalise"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = squash(
        &manager
            .page(&format!("/staff/quality/{id}?done=finalised"))
            .await,
    );
    assert!(page.contains("This assessment is final and cannot be changed."));
    // The figures shown when it was finalised are kept with it.
    assert!(
        page.contains("Live figures when it was finalised"),
        "{page}"
    );
    assert!(!page.contains("Save indicator"));
    // Then every change is refused, with a clear page.
    let res = manager
        .post(
            &format!("/staff/quality/{id}/indicators/1"),
            &[("rating", "red")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("was finalised and can no longer be changed")
    );
    assert_eq!(
        manager
            .get(&format!("/staff/quality/{id}/actions/new"))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The commissioner of the provider's area now sees it.
    let list = squash(&commissioner.page("/staff/quality").await);
    assert!(
        list.contains("Spring 2027") && list.contains("Northshire Advocacy"),
        "{list}"
    );
    assert!(list.contains("1 red, 1 amber, 8 green"));
    assert!(
        commissioner
            .page(&format!("/staff/quality/{id}"))
            .await
            .contains("Red: not met")
    );

    // Repeat and compare: the change in words, not colour alone.
    let second = start(&manager, "Autumn 2027").await;
    let res = manager
        .post(
            &format!("/staff/quality/{second}/indicators/4"),
            &[("rating", "amber"), ("evidence", "A reference group met.")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cmp = squash(&manager.page("/staff/quality/compare").await);
    assert!(cmp.contains("From Spring 2027 to Autumn 2027"), "{cmp}");
    assert!(cmp.contains("Better: red then, amber now"));
    assert!(cmp.contains("No change: amber both times"));
    let same = manager
        .page(&format!("/staff/quality/compare?from={id}&to={id}"))
        .await;
    assert!(same.contains("Choose two different assessments"));
});

both_backends!(
    exports_neutralise_formulas_and_carry_every_indicator,
    |app| {
        let s = service(&app).await;
        let manager = staff(
            &app,
            "m@example.org",
            "Morgan Manager",
            Role::ServiceManager,
            Some(&s.provider),
        )
        .await;
        let id = start(&manager, "=HYPERLINK(\"http://evil.example\")").await;
        let res = manager
            .post(
                &format!("/staff/quality/{id}/indicators/3"),
                &[
                    ("rating", "green"),
                    ("evidence", "@SUM(1+1) independent funding"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let res = manager.get(&format!("/staff/quality/{id}.csv")).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()[CONTENT_TYPE].to_str().unwrap(),
            "text/csv; charset=utf-8"
        );
        assert!(
            res.headers()[CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .starts_with("attachment; filename=\"quality-self-assessment-")
        );
        let csv = res.text().await.unwrap();
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 10);
        for row in &rows {
            for cell in row.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "unsafe cell {cell:?}"
                );
            }
        }
        assert_eq!(&rows[0][0], "'=HYPERLINK(\"http://evil.example\")");
        assert_eq!(&rows[2][7], "green");
        assert_eq!(&rows[2][8], "'@SUM(1+1) independent funding");

        let res = manager.get(&format!("/staff/quality/{id}.pdf")).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[CONTENT_TYPE], "application/pdf");
        let pdf = res.bytes().await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = pdf_text(&pdf);
        for ind in imha_core::quality::INDICATORS {
            assert!(
                text.contains(&format!("{}. {}", ind.number, ind.title)),
                "indicator {} in {text}",
                ind.number
            );
        }
        assert!(text.contains("Rating: Green (all is well)"), "{text}");
        assert!(text.contains("@SUM(1+1) independent funding"));
        assert!(text.contains("Not yet rated"));
        // Tagged: headings in the structure tree.
        let structure = crate::letter::pdf_structure(&pdf);
        assert!(
            structure.contains("H1") && structure.contains("H2"),
            "{structure}"
        );
        // Someone from another provider cannot export it.
        let mut tx = app.db.db.begin().await.unwrap();
        let other = organisations::create(
            &mut tx,
            Kind::Provider,
            "Southshire Advocacy",
            None,
            "england",
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let stranger = staff(
            &app,
            "s@example.org",
            "Sol Manager",
            Role::ServiceManager,
            Some(&other.id),
        )
        .await;
        for path in [
            format!("/staff/quality/{id}"),
            format!("/staff/quality/{id}.csv"),
            format!("/staff/quality/{id}.pdf"),
        ] {
            assert_eq!(
                stranger.get(&path).await.status(),
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
    }
);
