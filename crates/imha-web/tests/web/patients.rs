//! The staff patient pages over HTTP on both databases: search and the patient's legal
//! timeline (audited views), likely matches, the s130D duty list (hospital staff see their own
//! hospital only) and the outcome of opt-out referrals; and one browser journey with axe-core
//! on every page.

use imha_core::accounts::Role;
use imha_core::audit::{self, Filter};
use imha_core::feed::import::{self, Options};
use imha_core::organisations::{self, Kind};
use imha_core::referrals::{self, Actor, ReferralStatus};
use jiff::ToSpan;
use jiff::civil::Date;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::referrals::staff;
use crate::support::{Browser, TestApp};

/// What [`feed`] made.
pub struct Fed {
    pub north: String,
    pub moor: String,
    /// Sam Okafor (local id L1 at Northshire General).
    pub patient: String,
    /// Sam's s2 episode.
    pub episode: String,
    /// Sam's opt-out referral.
    pub referral: String,
    /// The day the episodes started (five days ago).
    pub start: Date,
}

pub fn today() -> Date {
    imha_core::referrals::uk_date(jiff::Timestamp::now())
}

pub fn long_date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

async fn one(app: &TestApp, sql: &str, arg: &str) -> String {
    imha_core::on_pool!(&app.db.db, p => sqlx::query_scalar::<_, String>(sql).bind(arg).fetch_one(p).await)
        .unwrap()
}

/// Two hospitals and a small feed: Sam Okafor on s2 at Northshire General, a second record
/// that is probably him (same name and date of birth, another local id), and Robin Ashdown at
/// Moorside, all starting five days ago.
pub async fn feed(app: &TestApp) -> Fed {
    let mut tx = app.db.db.begin().await.unwrap();
    let north = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Northshire General",
        Some("RZZ01"),
        "england",
    )
    .await
    .unwrap();
    let moor = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Moorside",
        Some("RZZ02"),
        "england",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let start = today().checked_sub(5.days()).unwrap();
    let csv = format!(
        "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end,ward\n\
         E1,RZZ01,,L1,Sam,Okafor,1990-05-01,s2,{start},,Willow\n\
         E2,RZZ01,,L2,SAM,okafor,1990-05-01,s3,{start},,Cedar\n\
         M1,RZZ02,,M1,Robin,Ashdown,1988-02-14,s2,{start},,Fern\n"
    );
    let s = import::import(
        &app.db.db,
        std::io::Cursor::new(csv.into_bytes()),
        &Options::default(),
        &Actor::System,
        today(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(s.rejected, 0, "{s:?}");
    let patient = one(
        app,
        "SELECT id FROM patients WHERE local_patient_id = $1",
        "L1",
    )
    .await;
    let episode = one(app, "SELECT id FROM episodes WHERE episode_id = $1", "E1").await;
    let referral = one(
        app,
        "SELECT id FROM referrals WHERE patient_id = $1",
        &patient,
    )
    .await;
    Fed {
        north: north.id,
        moor: moor.id,
        patient,
        episode,
        referral,
        start,
    }
}

async fn viewed(app: &TestApp, record_type: &str, id: &str) -> usize {
    audit::search(
        &app.db.db,
        &Filter {
            action: Some("record-viewed".into()),
            record_type: Some(record_type.into()),
            record_id: Some(id.into()),
            ..Filter::default()
        },
    )
    .await
    .unwrap()
    .len()
}

both_backends!(search_and_the_patient_page_with_its_legal_timeline, |app| {
    let fed = feed(&app).await;
    let manager = staff(
        &app,
        "m@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    let page = manager.page("/staff/patients?q=okafor").await;
    assert!(
        page.contains(&format!("/staff/patients/{}", fed.patient)),
        "{page}"
    );
    assert!(page.contains("2 patients found"));
    // A blank search says what to do.
    let page = manager.page("/staff/patients?q=+").await;
    assert!(page.contains("Enter an NHS number or a name"));
    assert!(page.contains("<title>Error: Patients"));
    let page = manager.page("/staff/patients?q=nobody").await;
    assert!(page.contains("No patients found"));

    let page = manager
        .page(&format!("/staff/patients/{}", fed.patient))
        .await;
    assert!(page.contains("Legal timeline"));
    // The s2's 28 days, beginning with the day it started, beside its citation.
    let end = fed.start.checked_add(27.days()).unwrap();
    let line = format!(
        "First period: from {}, ends at the end of {}</td>\n          <td class=\"govuk-table__cell\">Mental Health Act 1983, section 2(4)",
        long_date(fed.start),
        long_date(end)
    );
    assert!(page.contains(&line), "{page}");
    assert!(page.contains("Patient's tribunal application"));
    assert!(page.contains("section 66(1)"), "{page}");
    assert!(page.contains("Can have an IMHA"));
    assert!(page.contains(&format!("/staff/referrals/{}", fed.referral)));
    assert!(page.contains("Duty to give information (section 130D)"));
    assert_eq!(viewed(&app, "patient", &fed.patient).await, 1);

    // Advocates read patients too; a missing one is 404.
    let advocate = staff(&app, "a@example.org", "Al Advocate", Role::Advocate, None).await;
    advocate
        .page(&format!("/staff/patients/{}", fed.patient))
        .await;
    assert_eq!(viewed(&app, "patient", &fed.patient).await, 2);
    assert_eq!(
        advocate.get("/staff/patients/missing").await.status(),
        StatusCode::NOT_FOUND
    );
});

both_backends!(likely_matches_are_confirmed_by_a_person, |app| {
    let fed = feed(&app).await;
    let manager = staff(
        &app,
        "m@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    let page = manager.page("/staff/patients/matches").await;
    assert!(page.contains("Possible match 1"), "{page}");
    let newer = one(
        &app,
        "SELECT id FROM patients WHERE local_patient_id = $1",
        "L2",
    )
    .await;
    let path = format!("/staff/patients/matches/{newer}");
    // No answer: the page again with the problem.
    let res = manager.post(&path, &[("candidate", &fed.patient)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Select whether the records are the same person"));
    assert!(page.contains("href=\"#decision-1\""), "{page}");
    let res = manager
        .post(&path, &[("candidate", &fed.patient), ("decision", "same")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/staff/patients/matches?done=same");
    let page = manager.page("/staff/patients/matches?done=same").await;
    assert!(page.contains("The records were merged."));
    assert!(page.contains("There are no likely matches to check."));
    // Sam's episode is now on the surviving record.
    let page = manager.page(&format!("/staff/patients/{newer}")).await;
    assert!(page.contains("episode E1"), "{page}");
    // Again: someone has already decided.
    let res = manager
        .post(
            &path,
            &[("candidate", &fed.patient), ("decision", "different")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
});

both_backends!(the_duty_list_is_per_hospital_and_records_dates, |app| {
    let fed = feed(&app).await;
    let referrer = staff(
        &app,
        "h@example.org",
        "Hana Ward",
        Role::HospitalReferrer,
        Some(&fed.north),
    )
    .await;
    let manager = staff(
        &app,
        "m@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    let page = referrer.page("/staff/duty").await;
    assert!(page.contains("Sam Okafor"), "{page}");
    assert!(!page.contains("Robin Ashdown"), "{page}");
    assert!(page.contains("Overdue"));
    assert!(page.contains("not a time limit in the law"));
    let page = manager.page("/staff/duty").await;
    assert!(page.contains("Sam Okafor") && page.contains("Robin Ashdown"));
    // Moorside comes before Northshire General.
    assert!(page.find("Moorside").unwrap() < page.find("Northshire General").unwrap());

    let path = format!("/staff/duty/{}", fed.episode);
    let tomorrow = today().checked_add(1.day()).unwrap();
    let (d, m, y) = (
        tomorrow.day().to_string(),
        tomorrow.month().to_string(),
        tomorrow.year().to_string(),
    );
    let res = referrer
        .post(
            &path,
            &[
                ("told_orally_on-day", &d),
                ("told_orally_on-month", &m),
                ("told_orally_on-year", &y),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Date told orally must be today or in the past"),
        "{page}"
    );
    // What was typed is kept.
    assert!(page.contains(&format!("value=\"{y}\"")), "{page}");
    // Another hospital's episode is not theirs.
    let moor_episode = one(&app, "SELECT id FROM episodes WHERE episode_id = $1", "M1").await;
    let t = today();
    let (d, m, y) = (
        t.day().to_string(),
        t.month().to_string(),
        t.year().to_string(),
    );
    let both = [
        ("told_orally_on-day", d.as_str()),
        ("told_orally_on-month", m.as_str()),
        ("told_orally_on-year", y.as_str()),
        ("told_in_writing_on-day", d.as_str()),
        ("told_in_writing_on-month", m.as_str()),
        ("told_in_writing_on-year", y.as_str()),
    ];
    let res = referrer
        .post(&format!("/staff/duty/{moor_episode}"), &both)
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = referrer.post(&path, &both).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = referrer.page("/staff/duty?done=1").await;
    assert!(page.contains("Saved."));
    // Sam's other record (another episode, not yet told) is still listed; this one is not.
    assert!(!page.contains("Sam Okafor"), "{page}");
    assert!(page.contains("SAM okafor"), "{page}");
    let changed = audit::search(
        &app.db.db,
        &Filter {
            action: Some("record-changed".into()),
            record_id: Some(fed.episode.clone()),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(
        changed[0].detail.as_deref(),
        Some("duty=told-orally,told-in-writing")
    );
});

both_backends!(the_outcome_of_an_opt_out_referral, |app| {
    let fed = feed(&app).await;
    let manager = staff(
        &app,
        "m@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    let show = format!("/staff/referrals/{}", fed.referral);
    let page = manager.page(&show).await;
    assert!(page.contains("Opt-out visit"));
    assert!(page.contains("Visit due"));
    assert!(page.contains(&format!("/staff/patients/{}", fed.patient)));
    let path = format!("{show}/outcome");
    let res = manager.post(&path, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Select what happened"));
    let res = manager.post(&path, &[("outcome", "declined")]).await;
    let page = res.text().await.unwrap();
    assert!(
        page.contains("reason for not wanting an advocate"),
        "{page}"
    );
    assert!(page.contains("value=\"declined\" checked"), "{page}");
    let res = manager.post(&path, &[("outcome", "visited")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = manager.page(&format!("{show}?done=outcome")).await;
    assert!(page.contains("Outcome recorded."));
    assert!(page.contains("Visited: the patient is thinking about it"));
    let res = manager.post(&path, &[("outcome", "lacks-capacity")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let r = referrals::get(&app.db.db, &fed.referral)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status, ReferralStatus::Accepted);
    let advocacy = one(
        &app,
        "SELECT advocacy FROM cases WHERE referral_id = $1",
        &fed.referral,
    )
    .await;
    assert_eq!(advocacy, "non-instructed");
    let res = manager.post(&path, &[("outcome", "accepted")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
});

/// The journey in a browser, axe-core on every page: a manager finds a patient from
/// the feed, reads the timeline, confirms a likely match and records an opt-out outcome; a
/// hospital referrer records the duty to inform for an overdue episode.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_and_a_hospital_referrer_work_through_the_feed_in_a_browser() {
    use crate::browser::sign_in_with_browser;
    use fantoccini::Locator;
    let app = TestApp::sqlite().await;
    let fed = feed(&app).await;
    let (manager, secret) =
        crate::staff::make_user(&app, "manager@example.org", Role::ServiceManager).await;
    let browser = Browser::start().await;
    sign_in_with_browser(
        &browser,
        &app,
        &manager.email,
        crate::staff::PASSWORD,
        &secret,
    )
    .await;
    browser.assert_accessible().await;
    browser.visit(&app.url("/staff/patients")).await;
    browser.fill("#q", "Sam Okafor").await;
    browser.click_and_wait("main button.govuk-button").await;
    browser.assert_accessible().await;
    browser
        .click_and_wait(&format!("a[href='/staff/patients/{}']", fed.patient))
        .await;
    browser.assert_accessible().await;
    let main = browser.text_of("main").await;
    let end = fed.start.checked_add(27.days()).unwrap();
    assert!(main.contains(&long_date(end)), "{main}");
    assert!(
        main.contains("Mental Health Act 1983, section 2(4)"),
        "{main}"
    );

    browser.visit(&app.url("/staff/patients/matches")).await;
    browser
        .client
        .find(Locator::Css("#decision-1"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .click_and_wait("main form button.govuk-button")
        .await;
    browser.assert_accessible().await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("The records were merged.")
    );

    browser
        .visit(&app.url(&format!("/staff/referrals/{}", fed.referral)))
        .await;
    // An error first, then the outcome.
    browser
        .client
        .find(Locator::Css("input[name='outcome'][value='not-seen']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .click_and_wait("form[action$='/outcome'] button.govuk-button")
        .await;
    browser.assert_accessible().await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("Enter why the patient could not be seen")
    );
    browser
        .fill("#outcome_reason", "On leave with family")
        .await;
    browser
        .click_and_wait("form[action$='/outcome'] button.govuk-button")
        .await;
    browser.assert_accessible().await;
    assert!(browser.text_of("main").await.contains("Outcome recorded."));
    browser.close().await;

    // The hospital referrer records the duty for the overdue episode.
    let (referrer, secret) =
        crate::staff::make_user(&app, "ward@example.org", Role::HospitalReferrer).await;
    let mut tx = app.db.db.begin().await.unwrap();
    imha_core::accounts::set_organisation(&mut tx, &referrer.id, Some(&fed.north))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let browser = Browser::start().await;
    sign_in_with_browser(
        &browser,
        &app,
        &referrer.email,
        crate::staff::PASSWORD,
        &secret,
    )
    .await;
    browser.visit(&app.url("/staff/duty")).await;
    // Both of Sam's episodes are on the merged record now.
    let main = browser.text_of("main").await;
    assert!(
        main.contains("Overdue") && main.contains("SAM okafor"),
        "{main}"
    );
    let t = today();
    browser
        .fill("#told_orally_on-1-day", &t.day().to_string())
        .await;
    browser
        .fill("#told_orally_on-1-month", &t.month().to_string())
        .await;
    browser
        .fill("#told_orally_on-1-year", &t.year().to_string())
        .await;
    browser
        .fill("#told_in_writing_on-1-day", &t.day().to_string())
        .await;
    browser
        .fill("#told_in_writing_on-1-month", &t.month().to_string())
        .await;
    browser.fill("#told_in_writing_on-1-year", "20").await;
    browser
        .click_and_wait("main form button.govuk-button")
        .await;
    browser.assert_accessible().await;
    assert!(
        browser
            .text_of("main")
            .await
            .contains("Year must include 4 numbers")
    );
    browser
        .fill("#told_in_writing_on-1-year", &t.year().to_string())
        .await;
    browser
        .click_and_wait("main form button.govuk-button")
        .await;
    browser.assert_accessible().await;
    assert!(browser.text_of("main").await.contains("Saved."));
    browser.close().await;
    let _ = fed.moor;
}
