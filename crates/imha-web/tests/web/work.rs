//! "My work", tasks and the legal status recorded on a case, over HTTP on both databases:
//! a new allocation, deadlines worked out from the recorded status with their law, tasks
//! added (with errors first) and done, and who may do what.

use imha_core::accounts::Role;
use imha_core::audit::{self, Filter};
use imha_core::referrals::{self, Actor, Decision};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::patients::{long_date, today};
use crate::referrals::{make_referral, staff};
use crate::support::TestApp;

mod browser;

/// An accepted self-referral for Sam Okafor, allocated to the user `advocate`: the case id.
pub async fn allocated_case(app: &TestApp, advocate: &str) -> String {
    let referral = make_referral(app, "Sam", "Okafor", Some("1990-05-01"), None).await;
    let mut tx = app.db.db.begin().await.unwrap();
    let decided = referrals::decide(
        &mut tx,
        &referral,
        &Decision::Accept,
        &Actor::System,
        Timestamp::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let case_id = decided.case_id.unwrap();
    imha_core::on_pool!(&app.db.db, p => sqlx::query(
        "UPDATE cases SET advocate_id = $1, allocated_at = $2 WHERE id = $3")
        .bind(advocate)
        .bind(Timestamp::now().to_string())
        .bind(&case_id)
        .execute(p).await.map(|_| ()))
    .unwrap();
    case_id
}

/// A task of `user`'s on `case_id`, due today: its id.
pub async fn task_for(app: &TestApp, user: &str, case_id: &str) -> String {
    let task = imha_core::tasks::NewTask {
        kind: imha_core::tasks::TaskKind::Task,
        title: "Ask for the tribunal papers".into(),
        due_on: today(),
        due_time: None,
    };
    imha_core::tasks::create(&app.db.db, Some(case_id), user, &task, &Actor::System)
        .await
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

fn parts(d: Date) -> [String; 3] {
    [
        d.day().to_string(),
        d.month().to_string(),
        d.year().to_string(),
    ]
}

both_backends!(an_advocates_work_deadlines_and_tasks, |app| {
    let ada = staff(
        &app,
        "ada@example.org",
        "Ada Advocate",
        Role::Advocate,
        None,
    )
    .await;
    let case_id = allocated_case(&app, &ada.user.id).await;
    let today = today();
    let d_today = parts(today);

    // A new allocation, with nothing to work the dates out from yet.
    let page = ada.page("/staff/work").await;
    assert!(
        page.contains("<h1 class=\"govuk-heading-l\">My work</h1>"),
        "{page}"
    );
    let new = page.split("id=\"new\"").nth(1).unwrap();
    assert!(new.contains(&format!("/staff/cases/{case_id}")), "{page}");
    assert!(page.contains("None of your cases has a legal deadline"));
    // Reading it is audited, once, as the advocate's work list.
    let viewed = audit::search(
        &app.db.db,
        &Filter {
            record_type: Some("advocate-work".into()),
            record_id: Some(ada.user.id.clone()),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(viewed.len(), 1);

    // Recording the legal status: every problem named against its field, nothing saved.
    let path = format!("/staff/cases/{case_id}/legal-status");
    let page = ada.page(&path).await;
    assert!(page.contains("Record the legal status"));
    let future = parts(today.checked_add(2.days()).unwrap());
    let res = ada
        .post(
            &path,
            &[
                ("legal_status", ""),
                ("started_on-day", &future[0]),
                ("started_on-month", &future[1]),
                ("started_on-year", &future[2]),
                ("first_medication_on-day", "31"),
                ("first_medication_on-month", "2"),
                ("first_medication_on-year", "2027"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("<title>Error: Record the legal status"),
        "{body}"
    );
    assert!(body.contains("Select the legal status"));
    assert!(body.contains("The date it started must be today or in the past"));
    assert!(body.contains("The date of the first medicine must be a real date"));
    assert!(body.contains("href=\"#legal_status\""));
    assert!(body.contains("href=\"#started_on-day\""));

    // Section 2 from two days ago: the 14-day tribunal window closes within the fortnight.
    let start = today.checked_sub(2.days()).unwrap();
    let s = parts(start);
    let res = ada
        .post(
            &path,
            &[
                ("legal_status", "s2"),
                ("started_on-day", &s[0]),
                ("started_on-month", &s[1]),
                ("started_on-year", &s[2]),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/staff/cases/{case_id}?done=legal-status#dates")
    );
    let page = ada.page("/staff/work").await;
    let deadlines = page
        .split("id=\"deadlines\"")
        .nth(1)
        .unwrap()
        .split("id=\"coming-up\"")
        .next()
        .unwrap();
    assert!(
        deadlines.contains("Last day for the patient to apply to the tribunal"),
        "{page}"
    );
    assert!(
        deadlines.contains("Mental Health Act 1983, section 66"),
        "{deadlines}"
    );
    assert!(deadlines.contains(&format!("/staff/cases/{case_id}\">Sam Okafor")));
    // The form shows what was recorded.
    let page = ada.page(&path).await;
    assert!(page.contains("value=\"s2\" selected"), "{page}");

    // The patient applies to the tribunal: the window's last day stops being a deadline
    // (one application per period); withdrawn, it comes back.
    let new_app = format!("/staff/cases/{case_id}/tribunal-applications/new");
    assert!(ada.page(&new_app).await.contains("section 77(2)"));
    let res = ada.post(&new_app, &[("applicant", "")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap();
    assert!(body.contains("Select who applied"));
    assert!(body.contains("Enter the date the tribunal received it"));
    let res = ada
        .post(
            &new_app,
            &[
                ("applicant", "patient"),
                ("on-day", &d_today[0]),
                ("on-month", &d_today[1]),
                ("on-year", &d_today[2]),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let page = ada.page("/staff/work").await;
    assert!(!page.contains("Last day for the patient to apply to the tribunal"));
    let application: String = imha_core::on_pool!(&app.db.db, p => sqlx::query_scalar(
        "SELECT id FROM tribunal_applications WHERE case_id = $1").bind(&case_id).fetch_one(p).await)
    .unwrap();
    let withdraw = format!("/staff/tribunal-applications/{application}/withdrawn");
    let before = parts(start.checked_sub(1.days()).unwrap());
    let res = ada
        .post(
            &withdraw,
            &[
                ("on-day", &before[0]),
                ("on-month", &before[1]),
                ("on-year", &before[2]),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("must be on or after the application")
    );
    let res = ada
        .post(
            &withdraw,
            &[
                ("on-day", &d_today[0]),
                ("on-month", &d_today[1]),
                ("on-year", &d_today[2]),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Withdrawn today: the window counts again from tomorrow, so a later visit shows it.
    assert_eq!(
        imha_core::on_pool!(&app.db.db, p => sqlx::query_scalar::<_, Option<String>>(
            "SELECT withdrawn_on FROM tribunal_applications WHERE id = $1").bind(&application)
            .fetch_one(p).await)
        .unwrap(),
        Some(today.to_string())
    );

    // A task on the case: problems first, then saved and on the list.
    let res = ada
        .post(
            "/staff/tasks/new",
            &[
                ("case", &case_id),
                ("kind", ""),
                ("title", ""),
                ("due_time", "9"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = res.text().await.unwrap();
    assert!(body.contains("Select what kind of task this is"));
    assert!(body.contains("Enter what the task is"));
    assert!(body.contains("Enter the due date"));
    assert!(body.contains("Enter the time as hours and minutes"));
    assert!(body.contains(&format!("name=\"case\" value=\"{case_id}\"")));
    let d = d_today.clone();
    let res = ada
        .post(
            "/staff/tasks/new",
            &[
                ("case", &case_id),
                ("kind", "ward-round"),
                ("title", "Ward round on Willow ward"),
                ("due-day", &d[0]),
                ("due-month", &d[1]),
                ("due-year", &d[2]),
                ("due_time", "14:30"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/staff/cases/{case_id}?done=task#tasks")
    );
    // One of her own, not on a case, for next week.
    let next = parts(today.checked_add(7.days()).unwrap());
    let res = ada
        .post(
            "/staff/tasks/new",
            &[
                ("kind", "task"),
                ("title", "Supervision"),
                ("due-day", &next[0]),
                ("due-month", &next[1]),
                ("due-year", &next[2]),
            ],
        )
        .await;
    assert_eq!(location(&res), "/staff/work?done=task");
    let page = ada.page("/staff/work?done=task").await;
    assert!(page.contains("Task saved."));
    let today_part = page
        .split("id=\"today\"")
        .nth(1)
        .unwrap()
        .split("id=\"deadlines\"")
        .next()
        .unwrap();
    assert!(today_part.contains("Ward round on Willow ward"), "{page}");
    assert!(today_part.contains(&format!("{} at 14:30", long_date(today))));
    let coming = page.split("id=\"coming-up\"").nth(1).unwrap();
    assert!(coming.contains("Supervision"));

    // Another advocate cannot see the case's forms or touch Ada's tasks; a hospital referrer
    // has no work list at all.
    let task_id: String = imha_core::on_pool!(&app.db.db, p => sqlx::query_scalar(
        "SELECT id FROM tasks WHERE title = 'Ward round on Willow ward'").fetch_one(p).await)
    .unwrap();
    let bo = staff(&app, "bo@example.org", "Bo Advocate", Role::Advocate, None).await;
    assert_eq!(bo.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        bo.get(&format!("/staff/tasks/new?case={case_id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bo.post(&format!("/staff/tasks/{task_id}/done"), &[("done", "yes")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert!(!bo.page("/staff/work").await.contains("Sam Okafor"));
    let nurse = staff(
        &app,
        "nurse@example.org",
        "Nia Nurse",
        Role::HospitalReferrer,
        None,
    )
    .await;
    assert_eq!(
        nurse.get("/staff/work").await.status(),
        StatusCode::FORBIDDEN
    );

    // Done: it leaves the work list.
    let res = ada
        .post(&format!("/staff/tasks/{task_id}/done"), &[("done", "yes")])
        .await;
    assert_eq!(location(&res), "/staff/work?done=done");
    let page = ada.page("/staff/work").await;
    assert!(!page.contains("Ward round on Willow ward"));
    // A manager may record the legal status on any case.
    let mo = staff(
        &app,
        "mo@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    assert_eq!(mo.get(&path).await.status(), StatusCode::OK);
});
