//! The staff referral pages over HTTP: the triage queue (oldest first, duplicates, waiting
//! time), the referral page (decisions, first contact, response time), the staff referral form
//! with the s130D record, the audit trail of every view and decision, who may see what, and the
//! managers' email.

use imha_core::accounts::{self, Role, User};
use imha_core::audit::{self, AuditEntry, Filter};
use imha_core::organisations::{self, Kind};
use imha_core::referrals::{
    self, Actor, Channel, NearestRelativeCopy, RawReferral, ReferralStatus,
};
use jiff::{SignedDuration, Timestamp, ToSpan};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, COOKIE, LOCATION};

use crate::support::{TestApp, http};

/// A signed-in member of staff: their session cookie and form token.
pub struct Staff {
    base: String,
    cookie: String,
    csrf: String,
    pub user: User,
}

impl Staff {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        http()
            .get(format!("{}{path}", self.base))
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .unwrap()
    }

    pub async fn page(&self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        unescape(&res.text().await.unwrap())
    }

    /// POST a form (repeated names allowed) with the session's form token.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &self.csrf));
        http()
            .post(format!("{}{path}", self.base))
            .header(COOKIE, &self.cookie)
            .form(&form)
            .send()
            .await
            .unwrap()
    }
}

/// Undo askama's escaping of quotes and ampersands, so tests read plain text.
fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// A member of staff with a session made directly (sign-in itself is tested elsewhere).
pub async fn staff(app: &TestApp, email: &str, name: &str, role: Role, org: Option<&str>) -> Staff {
    let mut tx = app.db.db.begin().await.unwrap();
    let user = accounts::create_user(&mut tx, email, name, role, org)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (cookie, csrf) = crate::staff::session(app, &user, true).await;
    Staff {
        base: format!("http://{}", app.addr),
        cookie,
        csrf,
        user,
    }
}

/// The service manager most tests need: Morgan Manager, m@example.org.
pub async fn morgan_manager(app: &TestApp) -> Staff {
    staff(
        app,
        "m@example.org",
        "Morgan Manager",
        Role::ServiceManager,
        None,
    )
    .await
}

/// The advocate most tests need: Ash Advocate, ash@example.org.
pub async fn ash_advocate(app: &TestApp) -> Staff {
    staff(app, "ash@example.org", "Ash Advocate", Role::Advocate, None).await
}

async fn hospital(app: &TestApp) -> String {
    let mut tx = app.db.db.begin().await.unwrap();
    let h = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Northshire General",
        Some("RZZ01"),
        "england",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    h.id
}

/// A self-referral from the public form, received at `at`.
pub async fn make_referral_at(
    app: &TestApp,
    given: &str,
    family: &str,
    dob: Option<&str>,
    nhs: Option<&str>,
    at: Timestamp,
) -> referrals::Created {
    let raw = RawReferral {
        referrer: Some("self".into()),
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        date_of_birth: dob.map(Into::into),
        nhs_number: nhs.map(Into::into),
        whereabouts: Some("hospital".into()),
        hospital_name: Some("Northshire General".into()),
        ward: Some("Willow".into()),
        legal_status: Some("s3".into()),
        help: vec!["rights".into(), "tribunal".into()],
        risk: Some("Prefers mornings.\nLikes to walk while talking.".into()),
        ..RawReferral::default()
    };
    let mut tx = app.db.db.begin().await.unwrap();
    let created = referrals::create(
        &mut tx,
        &raw,
        Channel::PublicForm,
        &Actor::System,
        at,
        &imha_law::LawConfig::default(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    created
}

/// A referral received now; its id.
pub async fn make_referral(
    app: &TestApp,
    given: &str,
    family: &str,
    dob: Option<&str>,
    nhs: Option<&str>,
) -> String {
    make_referral_at(app, given, family, dob, nhs, Timestamp::now())
        .await
        .id
}

fn ago(hours: i64) -> Timestamp {
    Timestamp::now()
        .checked_sub(SignedDuration::from_hours(hours))
        .unwrap()
}

/// The table row holding `needle`.
fn row_with<'a>(html: &'a str, needle: &str) -> &'a str {
    html.split("<tr")
        .find(|r| r.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle}"))
}

async fn audit_of(app: &TestApp, record_id: &str) -> Vec<AuditEntry> {
    audit::search(
        &app.db.db,
        &Filter {
            record_id: Some(record_id.to_string()),
            ..Filter::default()
        },
    )
    .await
    .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

both_backends!(
    the_queue_lists_new_referrals_oldest_first_and_flags_duplicates,
    |app| {
        let manager = morgan_manager(&app).await;
        let empty = manager.page("/staff/referrals").await;
        assert!(empty.contains("There are no new referrals"), "{empty}");
        assert!(empty.contains("<title>Referrals (0 new)"));

        let nhs = "9434765919";
        let first = make_referral_at(
            &app,
            "Sam",
            "Okafor",
            Some("1990-05-01"),
            Some(nhs),
            ago(240),
        )
        .await;
        let newest = make_referral_at(&app, "Ana", "Bell", None, None, ago(0)).await;
        let same_name =
            make_referral_at(&app, "sam", "OKAFOR", Some("1990-05-01"), None, ago(120)).await;
        let same_nhs = make_referral_at(&app, "Samuel", "Okafor", None, Some(nhs), ago(48)).await;

        let res = manager.get("/staff/referrals").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()[CACHE_CONTROL],
            "no-store",
            "personal data is never cached"
        );
        let page = unescape(&res.text().await.unwrap());
        assert!(
            page.contains("<title>Referrals (4 new)"),
            "the count is in the title"
        );
        assert!(page.contains("4 new referrals, oldest first"));
        let at = |r: &referrals::Created| page.find(&r.reference).unwrap();
        assert!(
            at(&first) < at(&same_name)
                && at(&same_name) < at(&same_nhs)
                && at(&same_nhs) < at(&newest)
        );

        let row = row_with(&page, &format!(">{}</a>", same_name.reference));
        assert!(row.contains("Possible duplicate"), "{row}");
        assert!(
            row.contains(&format!(
                "{} (same name and date of birth)",
                first.reference
            )),
            "{row}"
        );
        let row = row_with(&page, &format!(">{}</a>", same_nhs.reference));
        assert!(
            row.contains(&format!("{} (same NHS number)", first.reference)),
            "{row}"
        );
        let row = row_with(&page, &format!(">{}</a>", newest.reference));
        assert!(!row.contains("Possible duplicate"), "{row}");

        // Ten days old: overdue against a 2-working-day target, counted in working days.
        let row = row_with(&page, &format!(">{}</a>", first.reference));
        assert!(row.contains("Overdue"), "{row}");
        assert!(row.contains("working days"), "{row}");
        assert!(
            row.contains("Section 3") && row.contains("Appears to qualify"),
            "{row}"
        );
        assert!(row.contains("Northshire General, Willow"), "{row}");
        assert!(
            row.contains("Referral form") && row.contains("The person themself"),
            "{row}"
        );

        // The list itself is a view of personal data.
        let viewed = audit::search(
            &app.db.db,
            &Filter {
                record_type: Some("referral-queue".into()),
                actor_id: Some(manager.user.id.clone()),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(viewed.len(), 2);
        assert!(
            viewed[0]
                .detail
                .as_deref()
                .unwrap_or_default()
                .contains(&first.id)
        );

        // The staff home counts them for a manager.
        let home = manager.page("/staff").await;
        assert!(home.contains("Referrals (4 new)"), "{home}");

        // A hospital referrer may refer, but not see the queue or a referral.
        let referrer = staff(
            &app,
            "r@example.org",
            "Riley Nurse",
            Role::HospitalReferrer,
            None,
        )
        .await;
        assert_eq!(
            referrer.get("/staff/referrals").await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            referrer
                .get(&format!("/staff/referrals/{}", first.id))
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        let home = referrer.page("/staff").await;
        assert!(
            home.contains("Refer a patient") && !home.contains("Referrals ("),
            "{home}"
        );
    }
);

both_backends!(
    accepting_opens_a_case_and_a_second_decision_is_refused,
    |app| {
        let manager = morgan_manager(&app).await;
        let id = make_referral(&app, "Sam", "Okafor", None, None).await;
        let path = format!("/staff/referrals/{id}");

        let page = manager.page(&path).await;
        assert!(page.contains("<h1 class=\"govuk-heading-l\">Sam Okafor</h1>"));
        assert!(
            page.contains("Prefers mornings.<br>Likes to walk while talking."),
            "line breaks kept"
        );
        assert!(
            page.contains("Mental Health Act 1983, section 130C(2)(a)"),
            "the engine's citation"
        );
        assert!(page.contains(&format!("action=\"/staff/referrals/{id}/decision\"")));

        let res = manager
            .post(&format!("{path}/decision"), &[("decision", "accept")])
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res), format!("{path}?done=accepted"));
        let page = manager.page(&location(&res)).await;
        assert!(
            page.contains("Referral accepted. A case has been opened."),
            "{page}"
        );
        assert!(page.contains("Decided by</dt>") && page.contains("Morgan Manager"));
        assert!(
            !page.contains("/decision\""),
            "no decision form once decided"
        );

        let r = referrals::get(&app.db.db, &id).await.unwrap().unwrap();
        assert_eq!(r.status, ReferralStatus::Accepted);
        assert!(r.case_id.is_some(), "accepting opens a case");
        assert!(
            referrals::queue(&app.db.db).await.unwrap().is_empty(),
            "it left the queue"
        );
        let queue = manager.page("/staff/referrals").await;
        assert!(queue.contains("There are no new referrals"));
        assert!(queue.contains("Recently decided") && queue.contains(&r.reference));

        // A page opened before the decision, sent again.
        let res = manager
            .post(
                &format!("{path}/decision"),
                &[
                    ("decision", "decline"),
                    ("rejection_reason", "01"),
                    ("decline_reason", "Duplicate"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let page = unescape(&res.text().await.unwrap());
        assert!(
            page.contains("This referral has already been decided (accepted)"),
            "{page}"
        );
        assert!(page.contains("href=\"#decision-outcome\""));
        assert_eq!(
            referrals::get(&app.db.db, &id)
                .await
                .unwrap()
                .unwrap()
                .status,
            ReferralStatus::Accepted
        );

        // Every view and the decision are in the audit trail, by the manager.
        let trail = audit_of(&app, &id).await;
        let by_manager: Vec<&AuditEntry> = trail
            .iter()
            .filter(|e| e.actor_id.as_deref() == Some(manager.user.id.as_str()))
            .collect();
        assert_eq!(
            by_manager
                .iter()
                .filter(|e| e.action == "record-viewed")
                .count(),
            3,
            "each showing of the page is a view: {trail:?}"
        );
        assert_eq!(
            by_manager
                .iter()
                .filter(|e| e.action == "record-changed"
                    && e.detail.as_deref() == Some("decision=accepted"))
                .count(),
            1
        );
        let case = audit_of(&app, r.case_id.as_deref().unwrap()).await;
        assert!(case.iter().any(|e| e.action == "record-created"));
        // Audit entries hold ids, never the person's name.
        assert!(
            trail
                .iter()
                .all(|e| !e.detail.clone().unwrap_or_default().contains("Okafor"))
        );
    }
);

both_backends!(declining_needs_a_code_and_a_reason, |app| {
    let manager = morgan_manager(&app).await;
    let id = make_referral(&app, "Sam", "Okafor", None, None).await;
    let path = format!("/staff/referrals/{id}");

    let res = manager.post(&format!("{path}/decision"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = unescape(&res.text().await.unwrap());
    assert!(page.contains("<title>Error: Referral "));
    assert!(page.contains("Select what you have decided") && page.contains("href=\"#decision\""));

    let res = manager
        .post(
            &format!("{path}/decision"),
            &[
                ("decision", "decline"),
                ("rejection_reason", "02"),
                ("decline_reason", "  "),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = unescape(&res.text().await.unwrap());
    assert!(
        page.contains("Enter the reason for declining the referral"),
        "{page}"
    );
    assert!(page.contains("href=\"#decline_reason\""));
    assert!(
        page.contains("value=\"decline\" checked"),
        "the choice is kept"
    );
    assert!(page.contains("value=\"02\" checked"), "the code is kept");
    assert_eq!(
        referrals::get(&app.db.db, &id)
            .await
            .unwrap()
            .unwrap()
            .status,
        ReferralStatus::New
    );

    let res = manager
        .post(
            &format!("{path}/decision"),
            &[
                ("decision", "decline"),
                ("rejection_reason", "02"),
                ("decline_reason", "Lives outside our area"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{path}?done=declined"));
    let page = manager.page(&location(&res)).await;
    assert!(page.contains("Referral declined."));
    assert!(page.contains("Not appropriate for this service (MHSDS referral rejection reason 02)"));
    assert!(page.contains("Lives outside our area"));
    let r = referrals::get(&app.db.db, &id).await.unwrap().unwrap();
    assert_eq!(r.status, ReferralStatus::Declined);
    assert_eq!(r.decision_code.as_deref(), Some("02"));
    assert!(r.case_id.is_none());
});

both_backends!(the_persons_decision_is_recorded_with_its_code, |app| {
    let manager = morgan_manager(&app).await;
    let id = make_referral(&app, "Sam", "Okafor", None, None).await;
    let path = format!("/staff/referrals/{id}");
    let res = manager
        .post(
            &format!("{path}/decision"),
            &[
                ("decision", "patient-declined"),
                ("patient_decision", "other"),
            ],
        )
        .await;
    let page = unescape(&res.text().await.unwrap());
    assert!(
        page.contains("Enter the person's reason") && page.contains("href=\"#patient_reason\"")
    );
    let res = manager
        .post(
            &format!("{path}/decision"),
            &[
                ("decision", "patient-declined"),
                ("patient_decision", "has-advocate"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("{path}?done=patient-declined"));
    let page = manager.page(&location(&res)).await;
    assert!(page.contains("The person's decision not to have an IMHA has been recorded."));
    assert!(page.contains("Already has an advocate"));
    let r = referrals::get(&app.db.db, &id).await.unwrap().unwrap();
    assert_eq!(r.status, ReferralStatus::PatientDeclined);
    assert_eq!(r.decision_code.as_deref(), Some("has-advocate"));
    let trail = audit_of(&app, &id).await;
    assert!(
        trail
            .iter()
            .any(|e| e.detail.as_deref() == Some("decision=patient-declined"))
    );
});

both_backends!(
    first_contact_is_checked_and_the_response_time_shown,
    |app| {
        let manager = morgan_manager(&app).await;
        let received = ago(24 * 10);
        let created = make_referral_at(&app, "Sam", "Okafor", None, None, received).await;
        let path = format!("/staff/referrals/{}", created.id);
        let contact_path = format!("{path}/first-contact");
        let uk = |t: Timestamp| t.in_tz("Europe/London").unwrap();
        let received_uk = uk(received);

        let page = manager.page(&path).await;
        assert!(
            page.contains("Not made yet") && page.contains("Overdue"),
            "{page}"
        );

        let date_fields = |d: jiff::civil::Date| {
            (
                d.day().to_string(),
                d.month().to_string(),
                d.year().to_string(),
            )
        };
        let post = |d: jiff::civil::Date, time: &'static str| {
            let (day, month, year) = date_fields(d);
            let m = &manager;
            let p = contact_path.clone();
            async move {
                m.post(
                    &p,
                    &[
                        ("first_contact-day", &day),
                        ("first_contact-month", &month),
                        ("first_contact-year", &year),
                        ("first_contact_time", time),
                    ],
                )
                .await
            }
        };
        let tomorrow = uk(Timestamp::now()).date().checked_add(1.day()).unwrap();
        let page = unescape(&post(tomorrow, "10:00").await.text().await.unwrap());
        assert!(
            page.contains("First contact must be now or in the past"),
            "{page}"
        );
        assert!(page.contains("href=\"#first_contact-day\""));
        assert!(page.contains("value=\"10:00\""), "what was typed is kept");
        let before = received_uk.date().checked_sub(1.day()).unwrap();
        let page = unescape(&post(before, "10:00").await.text().await.unwrap());
        assert!(
            page.contains("First contact must be after the referral arrived"),
            "{page}"
        );
        let page = unescape(&post(before, "25:00").await.text().await.unwrap());
        assert!(page.contains("Time of first contact must be a real time, like 14:30"));
        let res = manager
            .post(
                &contact_path,
                &[("first_contact-day", "3"), ("first_contact_time", "10:00")],
            )
            .await;
        let page = unescape(&res.text().await.unwrap());
        assert!(
            page.contains("Date of first contact must include a month and a year"),
            "{page}"
        );
        assert!(page.contains("href=\"#first_contact-month\""));
        assert!(
            referrals::get(&app.db.db, &created.id)
                .await
                .unwrap()
                .unwrap()
                .first_contact_at
                .is_none()
        );

        // The next day, at 10:00 UK time.
        let contact_day = received_uk.date().checked_add(1.day()).unwrap();
        let res = post(contact_day, "10:00").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res), format!("{path}?done=first-contact"));
        let page = manager.page(&location(&res)).await;
        assert!(page.contains("First contact recorded."));
        let r = referrals::get(&app.db.db, &created.id)
            .await
            .unwrap()
            .unwrap();
        let at = r.first_contact_at.unwrap();
        assert_eq!(uk(at).date(), contact_day);
        assert_eq!((uk(at).hour(), uk(at).minute()), (10, 0));
        let expected = referrals::response_time(received, Some(at), contact_day, 2);
        let shown = match expected.working_days {
            0 => String::new(), // hours: checked by the target below
            1 => "1 working day".to_string(),
            n => format!("{n} working days"),
        };
        assert!(page.contains(&shown), "{page}");
        assert!(page.contains(if expected.within_target {
            ">Met<"
        } else {
            ">Missed<"
        }));
        assert!(
            !page.contains(&format!("action=\"{contact_path}\"")),
            "recorded once"
        );
        // The same form sent again from an old page is refused, and says why.
        let res = post(contact_day, "11:00").await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = unescape(&res.text().await.unwrap());
        assert!(page.contains("First contact has already been recorded for this referral"));
        assert!(page.contains("href=\"#response-time\""));
        let again = referrals::get(&app.db.db, &created.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.first_contact_at, Some(at));
        let trail = audit_of(&app, &created.id).await;
        assert!(
            trail
                .iter()
                .any(|e| e.detail.as_deref() == Some("first-contact"))
        );
    }
);

both_backends!(unknown_referrals_are_the_404_page, |app| {
    let manager = morgan_manager(&app).await;
    let res = manager.get("/staff/referrals/no-such-referral").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Page not found"));
    let res = manager
        .post(
            "/staff/referrals/no-such-referral/decision",
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = manager
        .post(
            "/staff/referrals/no-such-referral/first-contact",
            &[
                ("first_contact-day", "1"),
                ("first_contact-month", "1"),
                ("first_contact-year", "2026"),
                ("first_contact_time", "10:00"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
});

/// A complete staff referral, as the form sends it.
fn full_form(told: jiff::civil::Date) -> Vec<(&'static str, String)> {
    let d = told.day().to_string();
    let m = told.month().to_string();
    let y = told.year().to_string();
    vec![
        ("given_name", "Jovita".into()),
        ("family_name", "Adeyemi".into()),
        ("date_of_birth-day", "14".into()),
        ("date_of_birth-month", "2".into()),
        ("date_of_birth-year", "1987".into()),
        ("nhs_number", "943 476 5919".into()),
        ("whereabouts", "hospital".into()),
        ("hospital_ods", "RZZ01".into()),
        ("ward", "Cedar".into()),
        // Typed under "In the community" and then hidden: not stored.
        ("address", "1 Hidden Road".into()),
        ("legal_status", "s3".into()),
        ("help", "rights".into()),
        ("help", "tribunal".into()),
        ("bsl", "yes".into()),
        ("knows_about_referral", "yes".into()),
        ("agrees_to_referral", "yes".into()),
        ("risk", "None known".into()),
        ("told_orally_on-day", d.clone()),
        ("told_orally_on-month", m.clone()),
        ("told_orally_on-year", y.clone()),
        ("nearest_relative_copy", "sent".into()),
        ("nearest_relative_copy_sent_on-day", d),
        ("nearest_relative_copy_sent_on-month", m),
        ("nearest_relative_copy_sent_on-year", y),
        ("referrer_name", "Riley Nurse".into()),
        ("referrer_role", "Ward manager".into()),
        ("referrer_organisation", "Northshire General".into()),
        ("referrer_email", "riley@nhs.example".into()),
    ]
}

fn pairs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The reference on the confirmation page.
fn reference_in(page: &str) -> String {
    page.split("id=\"reference\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no reference in {page}"))
        .split('<')
        .next()
        .unwrap()
        .to_string()
}

both_backends!(
    the_staff_form_stores_the_s130d_record_and_the_referrers_hospital,
    |app| {
        let hospital_id = hospital(&app).await;
        let referrer = staff(
            &app,
            "riley@nhs.example",
            "Riley Nurse",
            Role::HospitalReferrer,
            Some(&hospital_id),
        )
        .await;
        let form = referrer.page("/staff/referrals/new").await;
        assert!(
            form.contains("<option value=\"RZZ01\" selected>"),
            "the referrer's hospital is chosen: {form}"
        );
        assert!(form.contains("value=\"Riley Nurse\""), "{form}");
        assert!(form.contains("value=\"riley@nhs.example\""));
        assert!(form.contains("section 130D"));

        let told = jiff::Zoned::now()
            .in_tz("Europe/London")
            .unwrap()
            .date()
            .checked_sub(1.day())
            .unwrap();
        let res = referrer
            .post("/staff/referrals/new", &pairs(&full_form(told)))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = unescape(&res.text().await.unwrap());
        assert!(page.contains("Referral sent"), "{page}");
        let reference = reference_in(&page);
        assert!(
            !page.contains("Open the referral"),
            "referrers cannot open the triage page"
        );

        let id = referrals::id_for_reference(&app.db.db, &reference)
            .await
            .unwrap()
            .unwrap();
        let r = referrals::get(&app.db.db, &id).await.unwrap().unwrap();
        assert_eq!(r.channel, Channel::Staff);
        assert_eq!(r.hospital_id.as_deref(), Some(hospital_id.as_str()));
        assert_eq!(r.hospital_name.as_deref(), Some("Northshire General"));
        assert_eq!(r.ward.as_deref(), Some("Cedar"));
        assert_eq!(
            r.address, None,
            "answers under the choice not made are dropped"
        );
        assert_eq!(r.date_of_birth, Some(jiff::civil::date(1987, 2, 14)));
        assert_eq!(r.nhs_number.unwrap().as_str(), "9434765919");
        assert!(r.bsl && !r.easy_read);
        assert_eq!(r.appears_eligible, Some(true));
        assert_eq!(
            r.created_by_user.as_deref(),
            Some(referrer.user.id.as_str())
        );
        let duty = r.duty.unwrap();
        assert_eq!(duty.told_orally_on, Some(told));
        assert_eq!(duty.told_in_writing_on, None);
        assert_eq!(duty.nearest_relative_copy, NearestRelativeCopy::Sent);
        assert_eq!(duty.nearest_relative_copy_sent_on, Some(told));

        // The manager sees the s130D record on the referral page.
        let manager = morgan_manager(&app).await;
        let page = manager.page(&format!("/staff/referrals/{id}")).await;
        assert!(page.contains("Duty to give information (section 130D)"));
        assert!(page.contains("A copy was sent to the nearest relative"));
        assert!(page.contains("943 476 5919") && page.contains("14 February 1987"));
        assert!(page.contains("Staff referral"));
    }
);

both_backends!(the_staff_form_shows_errors_and_keeps_the_answers, |app| {
    hospital(&app).await;
    let manager = morgan_manager(&app).await;
    let told = jiff::Zoned::now().in_tz("Europe/London").unwrap().date();
    let mut form = full_form(told);
    let drop = [
        "family_name",
        "date_of_birth-month",
        "nearest_relative_copy_sent_on-day",
        "nearest_relative_copy_sent_on-month",
        "nearest_relative_copy_sent_on-year",
    ];
    form.retain(|(k, _)| !drop.contains(k));
    for (k, v) in &mut form {
        if *k == "nhs_number" {
            *v = "9434765918".into();
        }
    }
    let res = manager.post("/staff/referrals/new", &pairs(&form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = unescape(&res.text().await.unwrap());
    assert!(page.contains("<title>Error: Refer a patient"));
    let expected = [
        (
            "family_name",
            "Enter the last name of the person who wants an advocate",
        ),
        ("date_of_birth-month", "Date of birth must include a month"),
        ("nhs_number", "NHS number check digit does not match"),
        (
            "nearest_relative_copy_sent_on-day",
            "Enter the date the copy was sent to the nearest relative",
        ),
    ];
    let mut last = 0;
    for (anchor, message) in expected {
        let link = format!("<a href=\"#{anchor}\">{message}</a>");
        let at = page
            .find(&link)
            .unwrap_or_else(|| panic!("no {link} in {page}"));
        assert!(at > last, "errors in the order of the form: {anchor}");
        last = at;
    }
    // What was typed is kept.
    assert!(page.contains("value=\"Jovita\""));
    assert!(
        page.contains("name=\"date_of_birth-day\" type=\"text\" value=\"14\""),
        "{page}"
    );
    assert!(page.contains("value=\"9434765918\""));
    assert!(page.contains("value=\"tribunal\" checked"));
    assert!(page.contains("<option value=\"s3\" selected>"));
    assert!(page.contains("value=\"sent\" checked"));
    assert!(page.contains(">None known</textarea>"));
    assert!(
        referrals::queue(&app.db.db).await.unwrap().is_empty(),
        "nothing stored"
    );
});

async fn managers_are_emailed_without_the_patients_name(db: imha_core::testing::TestDb) {
    let mail = tempfile::tempdir().unwrap();
    let mailer = imha_core::mail::Mailer::from_config(
        None,
        Some(mail.path().to_path_buf()),
        "IMHA <no-reply@imha.example>",
    )
    .unwrap();
    // Plain http, so the session cookie keeps its plain name (https would need `__Host-`).
    let config = imha_web::Config {
        public_url: Some("http://imha.example.org".into()),
        ..crate::support::test_config()
    };
    let app = TestApp::start_with_mailer(db, config, mailer).await;
    let hospital_id = hospital(&app).await;
    staff(
        &app,
        "manager@provider.example",
        "Morgan Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    let referrer = staff(
        &app,
        "riley@nhs.example",
        "Riley Nurse",
        Role::HospitalReferrer,
        Some(&hospital_id),
    )
    .await;
    let told = jiff::Zoned::now().in_tz("Europe/London").unwrap().date();
    let res = referrer
        .post("/staff/referrals/new", &pairs(&full_form(told)))
        .await;
    let reference = reference_in(&unescape(&res.text().await.unwrap()));
    let id = referrals::id_for_reference(&app.db.db, &reference)
        .await
        .unwrap()
        .unwrap();
    let files: Vec<_> = std::fs::read_dir(mail.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one email, to the one manager");
    let message = std::fs::read_to_string(&files[0])
        .unwrap()
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    assert!(
        message.contains("To: manager@provider.example"),
        "{message}"
    );
    assert!(message.contains(&reference));
    assert!(message.contains(&format!("http://imha.example.org/staff/referrals/{id}")));
    for personal in ["Jovita", "Adeyemi", "9434765919", "1987-02-14", "Cedar"] {
        assert!(!message.contains(personal), "{personal} in {message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_are_emailed_about_a_staff_referral_sqlite() {
    managers_are_emailed_without_the_patients_name(imha_core::testing::TestDb::sqlite().await)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_are_emailed_about_a_staff_referral_postgres() {
    managers_are_emailed_without_the_patients_name(imha_core::testing::TestDb::postgres().await)
        .await;
}

// ---------------------------------------------------------------------------------------------
// In a real browser, with axe-core on every page

mod browser {

    use super::*;
    use crate::support::Browser;

    const PASSWORD: &str = "kettle orbit meadow lantern";

    /// An account that can sign in with a password and a code; returns its TOTP secret.
    async fn account(
        app: &TestApp,
        email: &str,
        name: &str,
        role: Role,
        org: Option<&str>,
    ) -> String {
        let mut tx = app.db.db.begin().await.unwrap();
        let user = accounts::create_user(&mut tx, email, name, role, org)
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
        secret
    }

    /// The journey: a hospital referrer refers a patient (correcting one error); a
    /// manager sees the referral waiting in the queue, opens it, records the first contact
    /// and accepts it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_referral_from_the_ward_to_an_accepted_case() {
        let app = TestApp::sqlite().await;
        let hospital_id = hospital(&app).await;
        let referrer_secret = account(
            &app,
            "riley@nhs.example",
            "Riley Nurse",
            Role::HospitalReferrer,
            Some(&hospital_id),
        )
        .await;
        let manager_secret = account(
            &app,
            "morgan@provider.example",
            "Morgan Manager",
            Role::ServiceManager,
            None,
        )
        .await;
        let browser = Browser::start().await;

        crate::browser::sign_in_with_browser(
            &browser,
            &app,
            "riley@nhs.example",
            PASSWORD,
            &referrer_secret,
        )
        .await;
        browser
            .click_and_wait("main a[href='/staff/referrals/new']")
            .await;
        assert_eq!(browser.text_of("h1").await, "Refer a patient");
        browser.assert_accessible().await;
        browser.fill("#given_name", "Jovita").await;
        browser.fill("#family_name", "Adeyemi").await;
        browser.fill("#date_of_birth-day", "14").await;
        browser.fill("#date_of_birth-month", "2").await;
        browser
            .click("input[name=whereabouts][value=hospital]")
            .await;
        browser.fill("#ward", "Cedar").await;
        browser
            .click("select[name=legal_status] option[value='s3']")
            .await;
        browser.click("input[name=help][value=rights]").await;
        browser
            .click("input[name=knows_about_referral][value=yes]")
            .await;
        browser
            .click("input[name=agrees_to_referral][value=yes]")
            .await;
        browser
            .click("input[name=nearest_relative_copy][value=not-yet]")
            .await;
        browser
            .click_and_wait("main form button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-error-summary")
                .await
                .contains("Date of birth must include a year")
        );
        browser.assert_accessible().await;
        browser.fill("#date_of_birth-year", "1987").await;
        browser
            .click_and_wait("main form button.govuk-button")
            .await;
        assert_eq!(browser.text_of("h1").await, "Referral sent");
        browser.assert_accessible().await;
        let reference = browser.text_of("#reference").await;

        browser.client.delete_all_cookies().await.unwrap();
        crate::browser::sign_in_with_browser(
            &browser,
            &app,
            "morgan@provider.example",
            PASSWORD,
            &manager_secret,
        )
        .await;
        assert!(browser.text_of("main").await.contains("Referrals (1 new)"));
        browser
            .click_and_wait("main a[href='/staff/referrals']")
            .await;
        browser.assert_accessible().await;
        let row = browser.text_of("tbody tr").await;
        assert!(row.contains(&reference), "{row}");
        assert!(
            row.contains("hour") || row.contains("working day"),
            "the waiting time is shown: {row}"
        );
        browser.click_and_wait("tbody a.govuk-link").await;
        assert_eq!(browser.text_of("h1").await, "Jovita Adeyemi");
        browser.assert_accessible().await;

        // A decision without a choice: the error summary, checked by axe too.
        browser
            .click_and_wait("form[action$='/decision'] button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-error-summary")
                .await
                .contains("Select what you have decided")
        );
        browser.assert_accessible().await;

        // First contact: now, in UK time (to the minute, which is what people type).
        let now = jiff::Zoned::now().in_tz("Europe/London").unwrap();
        browser
            .fill("#first_contact-day", &now.day().to_string())
            .await;
        browser
            .fill("#first_contact-month", &now.month().to_string())
            .await;
        browser
            .fill("#first_contact-year", &now.year().to_string())
            .await;
        browser
            .fill("#first_contact_time", &now.strftime("%H:%M").to_string())
            .await;
        browser
            .click_and_wait("form[action$='/first-contact'] button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-notification-banner")
                .await
                .contains("First contact recorded.")
        );
        browser.assert_accessible().await;

        browser.click("input[name=decision][value=accept]").await;
        browser
            .click_and_wait("form[action$='/decision'] button.govuk-button")
            .await;
        assert!(
            browser
                .text_of(".govuk-notification-banner")
                .await
                .contains("Referral accepted. A case has been opened.")
        );
        browser.assert_accessible().await;
        browser.close().await;

        let id = referrals::id_for_reference(&app.db.db, &reference)
            .await
            .unwrap()
            .unwrap();
        let r = referrals::get(&app.db.db, &id).await.unwrap().unwrap();
        assert_eq!(r.status, ReferralStatus::Accepted);
        assert!(r.first_contact_at.is_some() && r.case_id.is_some());
    }
}

both_backends!(a_long_queue_is_shown_a_page_at_a_time_oldest_first, |app| {
    let manager = staff(
        &app,
        "m@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await;
    // 105 referrals, an hour apart: the oldest is "Person 0".
    let n = 105;
    for i in 0..n {
        make_referral_at(
            &app,
            &format!("Person{i}"),
            "Queue",
            None,
            None,
            ago(200 - i),
        )
        .await;
    }
    let page = manager.page("/staff/referrals").await;
    assert!(page.contains("<title>Referrals (105 new)"), "{page}");
    assert!(page.contains("105 new referrals, oldest first: 1 to 100"));
    let body_rows = |html: &str| {
        html.split("<tbody")
            .nth(1)
            .unwrap()
            .split("</tbody>")
            .next()
            .unwrap()
            .matches("<tr")
            .count()
    };
    assert_eq!(body_rows(&page), 100);
    assert!(page.contains("Person0 Queue"));
    assert!(!page.contains("Person104 Queue"));
    assert!(page.contains("Page 1 of 2"));
    assert!(page.contains("href=\"/staff/referrals?page=2\" rel=\"next\""));
    let second = manager.page("/staff/referrals?page=2").await;
    assert_eq!(body_rows(&second), 5);
    assert!(second.contains("Person104 Queue"));
    assert!(second.contains("href=\"/staff/referrals?page=1\" rel=\"prev\""));
    // A page past the end, or not a number, shows the nearest real page.
    assert!(
        manager
            .page("/staff/referrals?page=99")
            .await
            .contains("Page 2 of 2")
    );
    assert!(
        manager
            .page("/staff/referrals?page=x")
            .await
            .contains("Page 1 of 2")
    );
    // The staff home page counts them all.
    assert!(manager.page("/staff").await.contains("Referrals (105 new)"));
});
