//! Allocation over HTTP: a manager records advocates' training and certificates, advocates
//! declare their links with patients, a manager allocates a case (refused on a conflict,
//! allowed with a written reason), and the manager's view; and, in a real browser with
//! axe-core on every page, the manager's journey from recording a certificate to an override
//! in the audit trail.

use imha_core::accounts::Role;
use imha_core::allocation;
use imha_core::audit::{self, Filter};
use imha_core::referrals::{self, Actor, Decision};
use jiff::Timestamp;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::referrals::{Staff, ash_advocate, make_referral_at, morgan_manager, staff};
use crate::support::TestApp;

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn today() -> jiff::civil::Date {
    referrals::uk_date(Timestamp::now())
}

/// A referral received `hours` ago for `given` Okafor, accepted: (referral id, case id).
pub async fn make_case(
    app: &TestApp,
    given: &str,
    dob: Option<&str>,
    nhs: Option<&str>,
    hours: i64,
) -> (String, String) {
    let at = Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_hours(hours))
        .unwrap();
    let r = make_referral_at(app, given, "Okafor", dob, nhs, at).await;
    let mut tx = app.db.db.begin().await.unwrap();
    let d = referrals::decide(&mut tx, &r.id, &Decision::Accept, &Actor::System, at)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (r.id, d.case_id.unwrap())
}

/// Record training and a certificate (issued 100 days ago) for `advocate` through the pages.
async fn qualify(manager: &Staff, advocate: &str, lists: &str) {
    let issued = imha_law::dates::add_days(today(), -100);
    let res = manager
        .post(
            &format!("/staff/advocates/{advocate}/training"),
            &[
                ("kind", "qualification"),
                ("title", "National IMHA qualification"),
                ("awarded_on-day", "1"),
                ("awarded_on-month", "3"),
                ("awarded_on-year", "2024"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = manager
        .post(
            &format!("/staff/advocates/{advocate}/certificates"),
            &[
                ("issued_on-day", &issued.day().to_string()),
                ("issued_on-month", &issued.month().to_string()),
                ("issued_on-year", &issued.year().to_string()),
                ("barred_lists", lists),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

both_backends!(
    a_manager_records_training_and_certificates_with_clear_errors,
    |app| {
        let manager = morgan_manager(&app).await;
        let ash = ash_advocate(&app).await;
        let list = manager.page("/staff/advocates").await;
        assert!(list.contains("Ash Advocate"), "{list}");
        assert!(list.contains("None recorded"));
        assert!(list.contains("relied on for 36 months"));
        assert!(list.contains("not a limit in the law"));
        let path = format!("/staff/advocates/{}", ash.user.id);

        // Nothing given: every problem, against its field, and nothing saved.
        let res = manager.post(&format!("{path}/training"), &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.unwrap();
        assert!(page.contains("<title>Error: Ash Advocate"));
        for m in [
            "Select whether this is a qualification or training",
            "Enter the name of the qualification or course",
            "Enter the date it was awarded or completed",
        ] {
            assert!(page.contains(m), "{m}");
        }
        assert!(page.contains("href=\"#kind\""));
        assert!(page.contains("href=\"#awarded_on-day\""));
        // A date without a year keeps what was typed.
        let res = manager
            .post(
                &format!("{path}/training"),
                &[
                    ("kind", "training"),
                    ("title", "MHA induction"),
                    ("awarded_on-day", "4"),
                    ("awarded_on-month", "5"),
                ],
            )
            .await;
        let page = res.text().await.unwrap();
        assert!(
            page.contains("The date it was awarded must include a year"),
            "{page}"
        );
        assert!(page.contains("href=\"#awarded_on-year\""));
        assert!(page.contains("value=\"MHA induction\""));
        assert!(advocates_training(&app, &ash.user.id).await.is_empty());

        let res = manager
            .post(
                &format!("{path}/training"),
                &[
                    ("kind", "training"),
                    ("title", "MHA induction"),
                    ("awarded_on-day", "4"),
                    ("awarded_on-month", "5"),
                    ("awarded_on-year", "2025"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res), format!("{path}?done=training"));
        let page = manager.page(&format!("{path}?done=training")).await;
        assert!(page.contains("Training recorded."));
        assert!(page.contains("MHA induction"));

        // A certificate from the future is refused; one expiring within 60 days shows so.
        let tomorrow = imha_law::dates::add_days(today(), 1);
        let res = manager
            .post(
                &format!("{path}/certificates"),
                &[
                    ("issued_on-day", &tomorrow.day().to_string()),
                    ("issued_on-month", &tomorrow.month().to_string()),
                    ("issued_on-year", &tomorrow.year().to_string()),
                ],
            )
            .await;
        let page = res.text().await.unwrap();
        assert!(page.contains("The date of issue must be today or in the past"));
        assert!(page.contains("Select which barred lists the certificate includes"));
        let issued = imha_law::dates::add_days(
            today().checked_sub(jiff::Span::new().months(36)).unwrap(),
            30,
        );
        let res = manager
            .post(
                &format!("{path}/certificates"),
                &[
                    ("issued_on-day", &issued.day().to_string()),
                    ("issued_on-month", &issued.month().to_string()),
                    ("issued_on-year", &issued.year().to_string()),
                    ("barred_lists", "adults"),
                    ("reference", "001234567890"),
                ],
            )
            .await;
        assert_eq!(location(&res), format!("{path}?done=certificate"));
        let list = manager.page("/staff/advocates").await;
        assert!(list.contains("Expiring soon"), "{list}");
        let page = manager.page(&path).await;
        assert!(page.contains("001234567890"));
        // Advocates cannot see or change these pages.
        assert_eq!(ash.get(&path).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            ash.post(&format!("{path}/training"), &[]).await.status(),
            StatusCode::FORBIDDEN
        );
        // Only advocates have these records: another user's id is not found.
        assert_eq!(
            manager
                .get(&format!("/staff/advocates/{}", manager.user.id))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        let viewed = audit::search(
            &app.db.db,
            &Filter {
                record_id: Some(ash.user.id.clone()),
                action: Some("record-viewed".into()),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert!(
            !viewed.is_empty(),
            "viewing an advocate's record is audited"
        );
    }
);

/// The allocation is checked on the same day as the candidate list: the configured date when
/// one is fixed (demos and tests), not the machine's clock. Five years on, a certificate issued
/// 100 days ago is past the provider's renewal policy: the list says so, and allocating without
/// a reason is refused rather than let through on today's real date.
mod allocation_checks_the_configured_date {
    use super::*;
    use crate::support::test_config;
    use imha_core::testing::TestDb;

    async fn run(db: TestDb) {
        let later = today().checked_add(jiff::Span::new().years(5)).unwrap();
        let app = TestApp::start(
            db,
            imha_web::Config {
                today: Some(later),
                ..test_config()
            },
        )
        .await;
        let manager = morgan_manager(&app).await;
        let ash = ash_advocate(&app).await;
        qualify(&manager, &ash.user.id, "both").await;
        let (_, case_id) = make_case(&app, "Sam", Some("1990-05-01"), None, 30).await;
        let path = format!("/staff/cases/{case_id}/allocate");
        let page = manager.page(&path).await;
        assert!(
            page.contains("Not eligible for this patient without an override"),
            "{page}"
        );
        assert!(page.contains("was due for renewal on"), "{page}");

        let res = manager.post(&path, &[("advocate", &ash.user.id)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("cannot be allocated this case without an override: 1 conflict"),
            "{page}"
        );
        assert!(page.contains("was due for renewal on"), "{page}");
        let s = allocation::case_summary(&app.db.db, &case_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.advocate_id, None, "nothing allocated");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        run(TestDb::sqlite().await).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        run(TestDb::postgres().await).await;
    }
}

async fn advocates_training(app: &TestApp, id: &str) -> Vec<imha_core::advocates::Training> {
    imha_core::advocates::training(&app.db.db, Some(id))
        .await
        .unwrap()
}

both_backends!(advocates_declare_and_withdraw_their_own_links, |app| {
    let ash = ash_advocate(&app).await;
    let bea = staff(
        &app,
        "bea@example.org",
        "Bea Advocate",
        Role::Advocate,
        None,
    )
    .await;
    let page = ash.page("/staff/declarations").await;
    assert!(page.contains("You have not declared any links."));
    assert!(page.contains("reg 6(2)(c) and (d)"));
    let form = ash.page("/staff/declarations/new").await;
    assert!(form.contains("What is your link with the patient?"));

    let res = ash.post("/staff/declarations/new", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    for m in [
        "Select what your link with the patient is",
        "Enter the patient&#39;s NHS number, or their name and date of birth",
        "Describe your link with the patient",
    ] {
        assert!(page.contains(m), "{m}: {page}");
    }
    let res = ash
        .post(
            "/staff/declarations/new",
            &[
                ("kind", "professionally-concerned"),
                ("given_name", "Sam"),
                ("date_of_birth-day", "1"),
                ("date_of_birth-month", "13"),
                ("date_of_birth-year", "1990"),
                ("description", "I was on his care team."),
            ],
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(page.contains("Date of birth must be a real date"), "{page}");
    assert!(page.contains("Enter the patient&#39;s last name"));
    assert!(
        page.contains("I was on his care team."),
        "what was typed is kept"
    );

    let res = ash
        .post(
            "/staff/declarations/new",
            &[
                ("kind", "professionally-concerned"),
                ("nhs_number", "943 476 5919"),
                ("description", "I was on his care team."),
            ],
        )
        .await;
    assert_eq!(location(&res), "/staff/declarations?done=declared");
    let page = ash.page("/staff/declarations?done=declared").await;
    assert!(page.contains("Link declared."));
    assert!(page.contains("NHS number 943 476 5919"));
    let mine = imha_core::advocates::declarations(&app.db.db, Some(&ash.user.id), false)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    // Someone else cannot withdraw it; a missing id is an error, not a crash.
    let res = bea
        .post(
            "/staff/declarations/withdraw",
            &[("declaration", &mine[0].id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("not one of yours"));
    let res = ash.post("/staff/declarations/withdraw", &[]).await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Choose a declaration to withdraw")
    );
    let res = ash
        .post(
            "/staff/declarations/withdraw",
            &[("declaration", &mine[0].id)],
        )
        .await;
    assert_eq!(location(&res), "/staff/declarations?done=withdrawn");
    let page = ash.page("/staff/declarations").await;
    assert!(page.contains("You have not declared any links."));
    assert!(page.contains("Withdrawn"));
});

both_backends!(
    a_conflict_is_refused_and_an_override_needs_a_written_reason,
    |app| {
        let manager = morgan_manager(&app).await;
        let ash = ash_advocate(&app).await;
        let bea = staff(
            &app,
            "bea@example.org",
            "Bea Advocate",
            Role::Advocate,
            None,
        )
        .await;
        qualify(&manager, &ash.user.id, "adults").await;
        qualify(&manager, &bea.user.id, "both").await;
        let (_, case_id) = make_case(&app, "Sam", Some("1990-05-01"), Some("9434765919"), 30).await;
        let res = bea
            .post(
                "/staff/declarations/new",
                &[
                    ("kind", "professionally-concerned"),
                    ("nhs_number", "9434765919"),
                    ("description", "I am on his care team."),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        let path = format!("/staff/cases/{case_id}/allocate");
        let page = manager.page(&path).await;
        assert!(page.contains("Sam Okafor"));
        assert!(page.contains("Eligible. 0 open cases"), "{page}");
        assert!(page.contains("Not eligible for this patient without an override"));
        assert!(page.contains("(SI 2008/3166 reg 6(2)(c))"));
        assert!(page.contains("not a limit in the law"));
        // Ash (eligible) is listed before Bea.
        assert!(page.find("Ash Advocate").unwrap() < page.find("Bea Advocate").unwrap());

        // Nothing chosen.
        let res = manager.post(&path, &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.unwrap().contains("Select an advocate"));
        // Bea: refused, with the conflicts and the override form.
        let res = manager.post(&path, &[("advocate", &bea.user.id)]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.unwrap();
        assert!(page.contains("<title>Error: "));
        assert!(page.contains("cannot be allocated this case without an override: 1 conflict"));
        assert!(page.contains("Allocate despite the conflicts"));
        assert!(page.contains("href=\"#override_reason\""));
        assert!(page.contains(&format!(
            "action=\"/staff/cases/{case_id}/allocate/override\""
        )));
        let s = allocation::case_summary(&app.db.db, &case_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.advocate_id, None, "nothing allocated");
        // The override without a reason is refused too.
        let res = manager
            .post(
                &format!("{path}/override"),
                &[("advocate", &bea.user.id), ("override_reason", "  ")],
            )
            .await;
        let page = res.text().await.unwrap();
        assert!(page.contains("Enter why you are allocating this advocate despite the conflicts"));
        assert!(
            allocation::case_summary(&app.db.db, &case_id)
                .await
                .unwrap()
                .unwrap()
                .advocate_id
                .is_none()
        );
        // With a reason: allocated, back to the case page.
        let res = manager
            .post(
                &format!("{path}/override"),
                &[
                    ("advocate", &bea.user.id),
                    (
                        "override_reason",
                        "Sam asked for Bea; she has left his ward.",
                    ),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            location(&res),
            format!("/staff/cases/{case_id}?done=allocated")
        );
        let s = allocation::case_summary(&app.db.db, &case_id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s.advocate_id.as_deref(), Some(bea.user.id.as_str()));
        let page = manager.page(&path).await;
        assert!(page.contains("Allocation history"));
        assert!(page.contains("Sam asked for Bea; she has left his ward."));
        assert!(page.contains("Professionally concerned"));
        // Reallocation to Ash, no conflicts, straight through.
        let res = manager.post(&path, &[("advocate", &ash.user.id)]).await;
        assert_eq!(
            location(&res),
            format!("/staff/cases/{case_id}?done=allocated")
        );
        // Bea again, already... no: Ash now; Ash again is refused as already allocated.
        let res = manager.post(&path, &[("advocate", &ash.user.id)]).await;
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("already allocated this case")
        );
        let entries = audit::search(
            &app.db.db,
            &Filter {
                record_id: Some(case_id.clone()),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions.iter().filter(|a| **a == "case-allocated").count(),
            2
        );
        assert_eq!(
            actions
                .iter()
                .filter(|a| **a == "allocation-overridden")
                .count(),
            1
        );
        assert!(
            actions.contains(&"record-viewed"),
            "the page view is audited"
        );
        // Advocates cannot allocate.
        assert_eq!(ash.get(&path).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            ash.post(&path, &[("advocate", &ash.user.id)])
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        // An unknown case is not found.
        assert_eq!(
            manager.get("/staff/cases/nope/allocate").await.status(),
            StatusCode::NOT_FOUND
        );
    }
);

both_backends!(
    the_manager_s_view_shows_who_waits_caseloads_and_what_is_late,
    |app| {
        let manager = morgan_manager(&app).await;
        let ash = ash_advocate(&app).await;
        qualify(&manager, &ash.user.id, "both").await;
        let (_, old) = make_case(&app, "Olga", Some("1980-01-01"), None, 24 * 20).await;
        let (_, newer) = make_case(&app, "Nia", Some("1981-01-01"), None, 24 * 9).await;
        let (_, given) = make_case(&app, "Gil", Some("1982-01-01"), None, 24 * 12).await;
        make_referral_at(&app, "Tri", "Age", None, None, Timestamp::now()).await;
        let res = manager
            .post(
                &format!("/staff/cases/{given}/allocate"),
                &[("advocate", &ash.user.id)],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let yesterday = imha_law::dates::add_days(today(), -1).to_string();
        let sql = "INSERT INTO tasks (id, case_id, assigned_to, kind, title, due_on, created_at) \
                   VALUES ('t1', $1, $2, 'task', 'Send the tribunal form', $3, $4)";
        imha_core::on_pool!(&app.db.db, p => sqlx::query(sql).bind(&given).bind(&ash.user.id).bind(&yesterday).bind(Timestamp::now().to_string()).execute(p).await.map(|_| ())).unwrap();

        let page = manager.page("/staff/manage").await;
        assert!(page.contains("1 new referral is waiting"), "{page}");
        assert!(page.contains("Cases waiting for an advocate (2)"));
        let olga = page.find("Olga Okafor").unwrap();
        let nia = page.find("Nia Okafor").unwrap();
        assert!(olga < nia, "oldest first");
        assert!(page.contains(&format!("href=\"/staff/cases/{old}/allocate\"")));
        assert!(page.contains(&format!("href=\"/staff/cases/{newer}\"")));
        assert!(page.contains("working days"));
        // Caseloads: Ash has one open case and one overdue task.
        let row = page
            .split("<tr")
            .find(|r| r.contains("Ash Advocate") && r.contains("/staff/advocates/"))
            .unwrap();
        let numbers: Vec<&str> = row
            .split("govuk-table__cell--numeric\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap())
            .collect();
        assert_eq!(numbers, vec!["1", "0", "1"], "{row}");
        // First contacts: all three accepted cases are past the target of 2 working days.
        assert!(page.contains("First contact overdue (3)"), "{page}");
        assert!(page.contains("Overdue tasks (1)"));
        assert!(page.contains("Send the tribunal form"));
        // The view is audited with the cases shown.
        let viewed = audit::search(
            &app.db.db,
            &Filter {
                record_type: Some("manager-view".into()),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(viewed.len(), 1);
        assert!(viewed[0].detail.as_deref().unwrap().contains(&old));
        // The staff home page links here, for managers only.
        assert!(
            manager
                .page("/staff")
                .await
                .contains("href=\"/staff/manage\"")
        );
        let home = ash.page("/staff").await;
        assert!(!home.contains("href=\"/staff/manage\""));
        assert!(home.contains("href=\"/staff/declarations\""));
        assert_eq!(
            ash.get("/staff/manage").await.status(),
            StatusCode::FORBIDDEN
        );
    }
);

// ---------------------------------------------------------------------------------------------
// In a real browser, with axe-core on every page

mod browser {
    use imha_core::accounts;

    use super::*;
    use crate::support::Browser;

    const PASSWORD: &str = "kettle orbit meadow lantern";

    async fn account(app: &TestApp, email: &str, name: &str, role: Role) -> (String, String) {
        let mut tx = app.db.db.begin().await.unwrap();
        let user = accounts::create_user(&mut tx, email, name, role, None)
            .await
            .unwrap();
        let hash = accounts::hash_password(PASSWORD).unwrap();
        accounts::set_password_hash(&mut tx, &user.id, &hash)
            .await
            .unwrap();
        let secret = accounts::new_totp_secret();
        accounts::set_totp_secret(&mut tx, &user.id, Some(&secret))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        (user.id, secret)
    }

    /// The manager journey: record an advocate's training and certificate (adults
    /// only), open the manager's view, try to allocate a 16-year-old's case to them (refused:
    /// the certificate lacks the children's list), override with a written reason, and find
    /// the override in the audit trail.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_manager_allocates_overrides_a_conflict_and_finds_it_audited() {
        let app = TestApp::sqlite().await;
        let (_, manager_secret) = account(
            &app,
            "morgan@provider.example",
            "Morgan Manager",
            Role::ServiceManager,
        )
        .await;
        let (advocate_id, _) =
            account(&app, "ash@provider.example", "Ash Advocate", Role::Advocate).await;
        let (_, admin_secret) =
            account(&app, "alex@provider.example", "Alex Admin", Role::Admin).await;
        let sixteen = today()
            .checked_sub(jiff::Span::new().years(16))
            .unwrap()
            .to_string();
        let (_, case_id) = make_case(&app, "Kit", Some(&sixteen), None, 50).await;
        let browser = Browser::start().await;

        crate::browser::sign_in_with_browser(
            &browser,
            &app,
            "morgan@provider.example",
            PASSWORD,
            &manager_secret,
        )
        .await;
        browser
            .click_and_wait("main a[href='/staff/advocates']")
            .await;
        assert_eq!(browser.text_of("h1").await, "Advocates");
        browser.assert_accessible().await;
        browser
            .click_and_wait(&format!("main a[href='/staff/advocates/{advocate_id}']"))
            .await;
        assert_eq!(browser.text_of("h1").await, "Ash Advocate");
        browser.assert_accessible().await;
        // Training, first with a mistake.
        browser.click("input[name=kind][value=qualification]").await;
        browser.fill("#title", "National IMHA qualification").await;
        browser.fill("#awarded_on-day", "12").await;
        browser.fill("#awarded_on-month", "9").await;
        browser
            .click_and_wait("form[action$='/training'] button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-error-summary")
                .await
                .contains("The date it was awarded must include a year")
        );
        browser.assert_accessible().await;
        browser.fill("#awarded_on-year", "2024").await;
        browser
            .click_and_wait("form[action$='/training'] button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-notification-banner")
                .await
                .contains("Training recorded.")
        );
        browser.assert_accessible().await;
        // A certificate with the adults' list only.
        let issued = imha_law::dates::add_days(today(), -200);
        browser
            .fill("#issued_on-day", &issued.day().to_string())
            .await;
        browser
            .fill("#issued_on-month", &issued.month().to_string())
            .await;
        browser
            .fill("#issued_on-year", &issued.year().to_string())
            .await;
        browser
            .click("input[name=barred_lists][value=adults]")
            .await;
        browser
            .click_and_wait("form[action$='/certificates'] button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-notification-banner")
                .await
                .contains("Certificate recorded.")
        );
        browser.assert_accessible().await;

        // An overdue task, so the manager's view shows every table.
        let sql = "INSERT INTO tasks (id, assigned_to, kind, title, due_on, created_at) \
                   VALUES ('t1', $1, 'task', 'Book the ward round', $2, $3)";
        imha_core::on_pool!(&app.db.db, p => sqlx::query(sql).bind(&advocate_id).bind(imha_law::dates::add_days(today(), -2).to_string()).bind(Timestamp::now().to_string()).execute(p).await.map(|_| ())).unwrap();
        // The manager's view: Kit's case waits for an advocate.
        browser.visit(&app.url("/staff")).await;
        browser.click_and_wait("main a[href='/staff/manage']").await;
        assert_eq!(browser.text_of("h1").await, "Manage the service");
        browser.assert_accessible().await;
        assert!(
            browser
                .text_of("#unallocated + p + table")
                .await
                .contains("Kit Okafor")
        );
        browser
            .click_and_wait(&format!("main a[href='/staff/cases/{case_id}/allocate']"))
            .await;
        assert_eq!(browser.text_of("h1").await, "Kit Okafor");
        browser.assert_accessible().await;
        let hint = browser.text_of("main form .govuk-radios").await;
        assert!(
            hint.contains("covering children (the patient is under 18)"),
            "{hint}"
        );

        // Refused: the certificate lacks the children's list.
        browser
            .click(&format!("input[name=advocate][value='{advocate_id}']"))
            .await;
        browser
            .click_and_wait("form[action$='/allocate'] button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-error-summary")
                .await
                .contains("cannot be allocated this case without an override")
        );
        assert!(
            browser
                .text_of("#override + p + ul")
                .await
                .contains("SI 2008/3166 reg 6(5)")
        );
        browser.assert_accessible().await;
        // The override needs a reason.
        browser
            .click_and_wait("form[action$='/override'] button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-error-summary")
                .await
                .contains("Enter why you are allocating this advocate despite the conflicts")
        );
        browser.assert_accessible().await;
        browser.fill("#override_reason",
            "Ash's renewed certificate with the children's list arrives on Monday; Kit asked for Ash.",
        )
        .await;
        browser
            .click_and_wait("form[action$='/override'] button.govuk-button")
            .await;
        // Back on the case page, which names the new advocate.
        let url = browser.client.current_url().await.unwrap();
        assert!(
            url.path() == format!("/staff/cases/{case_id}"),
            "returned to the case page: {url}"
        );
        assert!(
            browser
                .text_of(".govuk-notification-banner")
                .await
                .contains("Advocate allocated.")
        );
        assert!(browser.text_of("main").await.contains("Ash Advocate"));
        browser.assert_accessible().await;
        browser
            .visit(&app.url(&format!("/staff/cases/{case_id}/allocate")))
            .await;
        assert!(
            browser.text_of("main").await.contains("Kit asked for Ash"),
            "the allocation history shows the reason"
        );

        // The administrator finds the override in the audit trail.
        browser.client.delete_all_cookies().await.unwrap();
        crate::browser::sign_in_with_browser(
            &browser,
            &app,
            "alex@provider.example",
            PASSWORD,
            &admin_secret,
        )
        .await;
        browser
            .visit(&app.url(&format!("/staff/admin/audit?record-id={case_id}")))
            .await;
        let trail = browser.text_of("main").await;
        assert!(trail.contains("Overrode allocation conflicts"), "{trail}");
        assert!(trail.contains("Allocated case"));
        browser.close().await;
    }

    /// An advocate declares a link with a patient (correcting a mistake), sees it listed and
    /// withdraws it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_advocate_declares_a_link_and_withdraws_it() {
        let app = TestApp::sqlite().await;
        let (_, secret) =
            account(&app, "ash@provider.example", "Ash Advocate", Role::Advocate).await;
        let browser = Browser::start().await;
        crate::browser::sign_in_with_browser(
            &browser,
            &app,
            "ash@provider.example",
            PASSWORD,
            &secret,
        )
        .await;
        browser
            .click_and_wait("main a[href='/staff/declarations']")
            .await;
        assert_eq!(browser.text_of("h1").await, "Your links with patients");
        browser.assert_accessible().await;
        browser
            .click_and_wait("main a[href='/staff/declarations/new']")
            .await;
        assert_eq!(browser.text_of("h1").await, "Declare a link with a patient");
        browser.assert_accessible().await;
        browser
            .click("input[name=kind][value=personal-relationship]")
            .await;
        browser.fill("#given_name", "Sam").await;
        browser.fill("#family_name", "Okafor").await;
        browser
            .fill("#description", "Sam is my neighbour's son.")
            .await;
        browser
            .click_and_wait("main form button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-error-summary")
                .await
                .contains("Enter the patient's date of birth")
        );
        browser.assert_accessible().await;
        browser.fill("#date_of_birth-day", "1").await;
        browser.fill("#date_of_birth-month", "5").await;
        browser.fill("#date_of_birth-year", "1990").await;
        browser
            .click_and_wait("main form button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-notification-banner")
                .await
                .contains("Link declared.")
        );
        assert!(
            browser
                .text_of("main table")
                .await
                .contains("Sam Okafor, born 1 May 1990")
        );
        browser.assert_accessible().await;
        browser
            .click_and_wait("form[action='/staff/declarations/withdraw'] button")
            .await;
        assert!(
            browser
                .text_of(".govuk-notification-banner")
                .await
                .contains("Declaration withdrawn.")
        );
        browser.assert_accessible().await;
        browser.close().await;
    }
}
