//! The casework pages over HTTP: the cases list, the case page and its forms (errors that
//! keep what was typed, changes that redirect back), the access rule (another advocate, a
//! hospital referrer and a commissioner are refused; a case nobody may see is a 404 like a
//! missing one) and the audit trail, which never holds a contact's note.

use imha_core::accounts::{Role, User};
use imha_core::audit::{self, Filter};
use imha_core::referrals::{self, Actor, Decision};
use jiff::Timestamp;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::referrals::{Staff, ash_advocate, make_referral, morgan_manager, staff};
use crate::support::TestApp;

mod browser;

const NOTE: &str = "Talked through the tribunal papers; wants her sister there";

/// A case opened by accepting a referral for `given` Okafor; its id.
pub async fn open_case(app: &TestApp, given: &str, manager: &User) -> String {
    let referral = make_referral(app, given, "Okafor", Some("1990-05-01"), None).await;
    let mut tx = app.db.db.begin().await.unwrap();
    let d = referrals::decide(
        &mut tx,
        &referral,
        &Decision::Accept,
        &Actor::User {
            id: manager.id.clone(),
            client: None,
        },
        Timestamp::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    d.case_id.unwrap()
}

/// Allocation is built elsewhere in issue 7: tests name the advocate directly.
pub async fn allocate(app: &TestApp, case: &str, advocate: &User) {
    imha_core::on_pool!(&app.db.db, p => sqlx::query("UPDATE cases SET advocate_id = $1 WHERE id = $2").bind(&advocate.id).bind(case).execute(p).await.map(|_| ()))
        .unwrap();
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

async fn body(res: reqwest::Response) -> String {
    unescape(&res.text().await.unwrap())
}

/// Post a form that should change the case: it redirects back to the case page.
async fn changes(who: &Staff, case: &str, path: &str, form: &[(&str, &str)], done: &str) {
    let res = who.post(&format!("/staff/cases/{case}{path}"), form).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{path}: {}",
        body(res).await
    );
    assert_eq!(location(&res), format!("/staff/cases/{case}?done={done}"));
}

/// Post a form with problems: the page again, with the error summary holding `messages`.
async fn refused_with(
    who: &Staff,
    case: &str,
    path: &str,
    form: &[(&str, &str)],
    messages: &[&str],
) -> String {
    let res = who.post(&format!("/staff/cases/{case}{path}"), form).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    let html = body(res).await;
    assert!(
        html.contains("govuk-error-summary"),
        "{path}: no error summary"
    );
    assert!(html.contains("<title>Error: "), "{path}: title");
    for m in messages {
        assert!(html.contains(m), "{path}: {m:?} missing");
    }
    html
}

fn today() -> (String, String, String) {
    let d = referrals::uk_date(Timestamp::now());
    (
        d.day().to_string(),
        d.month().to_string(),
        d.year().to_string(),
    )
}

both_backends!(an_advocate_works_a_case_through_the_forms, |app| {
    let manager = morgan_manager(&app).await;
    let ash = ash_advocate(&app).await;
    let case = open_case(&app, "Sam", &manager.user).await;
    allocate(&app, &case, &ash.user).await;
    let (d, m, y) = today();

    let list = ash.page("/staff/cases").await;
    assert!(
        list.contains("My cases") && list.contains("Sam Okafor"),
        "{list}"
    );
    let page = ash.page(&format!("/staff/cases/{case}")).await;
    assert!(page.contains("Ash Advocate") && page.contains("No issues recorded yet"));
    assert!(page.contains("section 130B(3)(c)"), "s130B cited");

    // Issues.
    refused_with(
        &ash,
        &case,
        "/issues/new",
        &[],
        &[
            "Select what the issue is about",
            "Enter the date the patient raised the issue",
        ],
    )
    .await;
    let html = refused_with(
        &ash,
        &case,
        "/issues/new",
        &[
            ("kind", "other"),
            ("raised_on-day", "31"),
            ("raised_on-month", "2"),
            ("raised_on-year", y.as_str()),
        ],
        &["Enter what the issue is about", "must be a real date"],
    )
    .await;
    assert!(
        html.contains("value=\"other\" checked"),
        "the choice is kept"
    );
    changes(
        &ash,
        &case,
        "/issues/new",
        &[
            ("kind", "tribunal-application"),
            ("raised_on-day", &d),
            ("raised_on-month", &m),
            ("raised_on-year", &y),
        ],
        "issue",
    )
    .await;
    let issue = imha_core::casework::issues::for_case(&app.db.db, &case)
        .await
        .unwrap()[0]
        .id
        .clone();

    // Contacts: the time spent is more than nothing and at most a day.
    let contact = |minutes: &'static str| {
        vec![
            ("happened_on-day", d.clone()),
            ("happened_on-month", m.clone()),
            ("happened_on-year", y.clone()),
            ("happened_time", "00:05".to_string()),
            ("minutes", minutes.to_string()),
            ("mode", "face-to-face".to_string()),
            ("with_whom", "patient".to_string()),
            ("with_whom", "nurse".to_string()),
            ("issue", issue.clone()),
            ("note", NOTE.to_string()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { v.clone() };
    for (minutes, message) in [
        ("0", "Time spent must be more than 0 minutes"),
        (
            "1441",
            "Time spent must be 1,440 minutes (24 hours) or fewer",
        ),
        (
            "an hour",
            "Enter the time spent in minutes, as a whole number",
        ),
    ] {
        let form = as_refs(&contact(minutes));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let html = refused_with(&ash, &case, "/contacts/new", &form, &[message]).await;
        assert!(html.contains(NOTE), "the note is kept");
    }
    let form = contact("45");
    let mut form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form.retain(|(k, _)| *k != "with_whom" && *k != "happened_time");
    refused_with(
        &ash,
        &case,
        "/contacts/new",
        &form,
        &[
            "Enter the time the contact started",
            "Select who the contact was with",
        ],
    )
    .await;
    let form = contact("45");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    changes(&ash, &case, "/contacts/new", &form, "contact").await;

    // Records access: the basis, the consent date, the record holder's decision.
    refused_with(
        &ash,
        &case,
        "/records-access/new",
        &[
            ("requested_on-day", &d),
            ("requested_on-month", &m),
            ("requested_on-year", &y),
            ("record_holder", "Ward manager"),
            ("records", "Care plan"),
            ("basis", "patient-consent"),
        ],
        &["Enter the date the patient gave their consent"],
    )
    .await;
    changes(
        &ash,
        &case,
        "/records-access/new",
        &[
            ("requested_on-day", &d),
            ("requested_on-month", &m),
            ("requested_on-year", &y),
            ("record_holder", "Ward manager"),
            ("records", "Care plan"),
            ("basis", "patient-consent"),
            ("consent_on-day", &d),
            ("consent_on-month", &m),
            ("consent_on-year", &y),
        ],
        "records",
    )
    .await;
    let request = imha_core::casework::records::for_case(&app.db.db, &case)
        .await
        .unwrap()[0]
        .id
        .clone();
    let decision = format!("/records-access/{request}/decision");
    refused_with(
        &ash,
        &case,
        &decision,
        &[
            ("decision", "refused"),
            ("decided_on-day", &d),
            ("decided_on-month", &m),
            ("decided_on-year", &y),
        ],
        &["Enter the reason the record holder gave for refusing"],
    )
    .await;
    changes(
        &ash,
        &case,
        &decision,
        &[
            ("decision", "refused"),
            ("decided_on-day", &d),
            ("decided_on-month", &m),
            ("decided_on-year", &y),
            ("refusal_reason", "Not relevant to the tribunal"),
        ],
        "records-decision",
    )
    .await;

    // The issue's outcome.
    changes(
        &ash,
        &case,
        &format!("/issues/{issue}"),
        &[
            ("status", "resolved"),
            ("felt_heard", "yes"),
            ("rights_upheld", "partly"),
            ("patient_words", "They listened at last."),
        ],
        "issue-updated",
    )
    .await;

    let page = ash.page(&format!("/staff/cases/{case}")).await;
    for text in [
        "Tribunal application",
        "Resolved",
        "They listened at last.",
        NOTE,
        "45 minutes",
        "Time spent: 45 minutes over 1 contact.",
        "Not relevant to the tribunal",
        "The patient, Nurse or ward staff",
    ] {
        assert!(page.contains(text), "{text:?} on the case page");
    }

    // Close, then not again; reopen.
    refused_with(
        &ash,
        &case,
        "/close",
        &[("close_reason", "other")],
        &["Enter why the case is closing"],
    )
    .await;
    changes(
        &ash,
        &case,
        "/close",
        &[
            ("close_reason", "issues-resolved"),
            ("felt_heard", "yes"),
            ("patient_words", "Thank you."),
            ("share_story", "yes"),
        ],
        "closed",
    )
    .await;
    let res = ash
        .post(
            &format!("/staff/cases/{case}/close"),
            &[("close_reason", "issues-resolved")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(body(res).await.contains("This case is already closed"));
    let res = ash.get(&format!("/staff/cases/{case}/contacts/new")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let page = ash.page(&format!("/staff/cases/{case}")).await;
    assert!(page.contains("Thank you.") && page.contains("Yes, the patient agreed"));
    assert!(page.contains("The patient's issues are resolved"));
    refused_with(
        &ash,
        &case,
        "/reopen",
        &[],
        &["Enter why the case is reopened"],
    )
    .await;
    changes(
        &ash,
        &case,
        "/reopen",
        &[("reason", "Asked again about leave")],
        "reopened",
    )
    .await;
    changes(&ash, &case, "/pause", &[("reason", "On leave")], "paused").await;
    changes(&ash, &case, "/resume", &[], "resumed").await;
    changes(
        &ash,
        &case,
        "/advocacy",
        &[
            ("advocacy", "non-instructed"),
            ("reason", "Lacks capacity to instruct"),
        ],
        "advocacy",
    )
    .await;
    // The home council (out-of-area placements in the reports): only a local authority.
    let (council, hospital) = {
        use imha_core::organisations::{self, Kind};
        let mut tx = app.db.db.begin().await.unwrap();
        let c = organisations::create(
            &mut tx,
            Kind::LocalAuthority,
            "Borchester Council",
            None,
            "england",
        )
        .await
        .unwrap();
        let h = organisations::create(
            &mut tx,
            Kind::Hospital,
            "Felpersham Hospital",
            Some("RZZ42"),
            "england",
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        (c.id, h.id)
    };
    let form = ash.page(&format!("/staff/cases/{case}/home-council")).await;
    assert!(form.contains("Borchester Council") && !form.contains("Felpersham Hospital"));
    refused_with(
        &ash,
        &case,
        "/home-council",
        &[("home_authority", &hospital)],
        &["Select the council responsible for the patient"],
    )
    .await;
    changes(
        &ash,
        &case,
        "/home-council",
        &[("home_authority", &council)],
        "home-council",
    )
    .await;
    let page = ash.page(&format!("/staff/cases/{case}")).await;
    assert!(
        page.contains("Borchester Council"),
        "the home council is shown"
    );
    let worker = imha_core::casework::Worker::new(ash.user.id.clone(), ash.user.role, None);
    let rec = imha_core::casework::view(&app.db.db, &case, &worker)
        .await
        .unwrap();
    assert_eq!(
        rec.case.home_authority_id.as_deref(),
        Some(council.as_str())
    );
    // "Not known" clears it.
    changes(
        &ash,
        &case,
        "/home-council",
        &[("home_authority", "")],
        "home-council",
    )
    .await;
    let rec = imha_core::casework::view(&app.db.db, &case, &worker)
        .await
        .unwrap();
    assert_eq!(rec.case.home_authority_id, None);
    let page = ash.page(&format!("/staff/cases/{case}")).await;
    assert!(page.contains("Non-instructed advocacy"));
    assert!(page.contains("Case reopened: Asked again about leave"));

    // Every view and change is in the audit trail, and no note is.
    let entries = audit::search(
        &app.db.db,
        &Filter {
            record_id: Some(case.clone()),
            limit: 1000,
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "record-viewed" && e.detail.is_none())
    );
    assert!(
        entries
            .iter()
            .any(|e| e.detail.as_deref() == Some("case-closed reason=issues-resolved"))
    );
    let all = format!(
        "{:?}",
        audit::search(
            &app.db.db,
            &Filter {
                limit: 1000,
                ..Filter::default()
            }
        )
        .await
        .unwrap()
    );
    assert!(!all.contains("tribunal papers") && !all.contains("listened at last"));
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_allocated_advocate_and_managers_see_a_case() {
    let app = TestApp::sqlite().await;
    let manager = morgan_manager(&app).await;
    let ash = ash_advocate(&app).await;
    let bo = staff(&app, "bo@example.org", "Bo Advocate", Role::Advocate, None).await;
    let referrer = staff(
        &app,
        "r@example.org",
        "Riley Referrer",
        Role::HospitalReferrer,
        None,
    )
    .await;
    let commissioner = staff(
        &app,
        "c@example.org",
        "Casey Commissioner",
        Role::Commissioner,
        None,
    )
    .await;
    let case = open_case(&app, "Sam", &manager.user).await;
    let unallocated = open_case(&app, "Kim", &manager.user).await;
    allocate(&app, &case, &ash.user).await;

    // Another advocate: the case looks like one that does not exist.
    for path in [
        format!("/staff/cases/{case}"),
        format!("/staff/cases/{case}/contacts/new"),
        format!("/staff/cases/{unallocated}"),
        "/staff/cases/no-such-case".to_string(),
    ] {
        assert_eq!(
            bo.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let res = bo
        .post(
            &format!("/staff/cases/{case}/pause"),
            &[("reason", "mine now")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        imha_core::casework::get(&app.db.db, &case)
            .await
            .unwrap()
            .unwrap()
            .status,
        imha_core::casework::CaseStatus::Open
    );
    let list = bo.page("/staff/cases").await;
    assert!(!list.contains("Okafor") && list.contains("No cases are allocated to you yet"));

    // Hospital staff and commissioners have no casework at all.
    for who in [&referrer, &commissioner] {
        for path in ["/staff/cases".to_string(), format!("/staff/cases/{case}")] {
            assert_eq!(
                who.get(&path).await.status(),
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
        let res = who
            .post(
                &format!("/staff/cases/{case}/close"),
                &[("close_reason", "other")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }

    // A manager sees every case, the referral and where to allocate.
    let list = manager.page("/staff/cases").await;
    assert!(
        list.contains("Sam Okafor")
            && list.contains("Kim Okafor")
            && list.contains("Not allocated")
    );
    let page = manager.page(&format!("/staff/cases/{unallocated}")).await;
    assert!(page.contains(&format!("/staff/cases/{unallocated}/allocate")));
    assert!(page.contains("Allocate an advocate"));
    assert!(page.contains("href=\"/staff/referrals/"));
    // An advocate sees no link to the referral (they cannot triage).
    let page = ash.page(&format!("/staff/cases/{case}")).await;
    assert!(!page.contains("href=\"/staff/referrals/") && !page.contains("/allocate"));
    // Filter by status.
    changes(
        &manager,
        &unallocated,
        "/pause",
        &[("reason", "Awaiting an advocate")],
        "paused",
    )
    .await;
    let paused = manager.page("/staff/cases?status=paused").await;
    assert!(
        paused.contains("Kim Okafor") && !paused.contains("Sam Okafor"),
        "{paused}"
    );
}

both_backends!(the_cases_list_pages_past_one_hundred_cases, |app| {
    let manager = morgan_manager(&app).await;
    let per_page = imha_core::casework::CASES_PER_PAGE;
    for i in 0..per_page + 2 {
        open_case(&app, &format!("Sam{i}"), &manager.user).await;
    }
    let total = per_page + 2;
    let first = manager.page("/staff/cases").await;
    assert!(
        first.contains(&format!("{total} cases, showing 1 to {per_page}")),
        "{first}"
    );
    assert!(first.contains("Page 1 of 2"));
    assert!(first.contains("href=\"/staff/cases?page=2\" rel=\"next\""));
    assert!(!first.contains("rel=\"prev\""));
    // Newest first: the last case opened is on page 1, the first on page 2.
    let newest = format!("Sam{} Okafor", per_page + 1);
    assert!(first.contains(&newest));
    assert!(!first.contains(">Sam0 Okafor<"));
    let second = manager.page("/staff/cases?page=2").await;
    assert!(second.contains(&format!(
        "{total} cases, showing {} to {total}",
        per_page + 1
    )));
    assert!(second.contains(">Sam0 Okafor<") && second.contains(">Sam1 Okafor<"));
    assert!(!second.contains(&newest));
    assert!(second.contains("Page 2 of 2"));
    assert!(second.contains("href=\"/staff/cases?page=1\" rel=\"prev\""));
    assert!(!second.contains("rel=\"next\""));
    // Past the end: says so, and links back.
    let beyond = manager.page("/staff/cases?page=9").await;
    assert!(beyond.contains(&format!(
        "There are no cases on page 9: there are {total} cases."
    )));
    assert!(beyond.contains("href=\"/staff/cases?page=2\" rel=\"prev\""));
    // Nonsense is the first page.
    let odd = manager.page("/staff/cases?page=abc").await;
    assert!(odd.contains("Page 1 of 2"));
    // The status filter keeps its pages and its own count.
    let open = manager.page("/staff/cases?status=open").await;
    assert!(
        open.contains(&format!("{total} open cases, showing 1 to {per_page}")),
        "{open}"
    );
    assert!(
        unescape(&open).contains("href=\"/staff/cases?status=open&page=2\" rel=\"next\""),
        "{open}"
    );
});
