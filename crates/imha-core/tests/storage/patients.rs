//! Patients on both databases: the record and its audited view, the legal timeline, search,
//! likely matches (merging, and later feed rows landing on the survivor), the s130D duty to
//! inform and the outcomes of opt-out referrals.

use imha_core::accounts::{self, Role};
use imha_core::audit::{self, Action, Filter};
use imha_core::feed::import::{self, Options};
use imha_core::organisations::{self, Kind};
use imha_core::patients::{self, Outcome, PatientError, SearchBy};
use imha_core::referrals::{self, Actor, ReferralStatus};
use imha_core::storage_test;
use jiff::Timestamp;
use jiff::civil::date;

const HEADER: &str = "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,legal_status,start,end,ward";

async fn hospitals(db: &imha_core::Database) -> (String, String) {
    let mut tx = db.begin().await.unwrap();
    let a = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Northshire General",
        Some("RZZ01"),
        "england",
    )
    .await
    .unwrap();
    let b = organisations::create(&mut tx, Kind::Hospital, "Moorside", Some("RZZ02"), "wales")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (a.id, b.id)
}

async fn feed(db: &imha_core::Database, rows: &[&str]) -> import::Summary {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    import::import(
        db,
        std::io::Cursor::new(s.into_bytes()),
        &Options::default(),
        &Actor::System,
        date(2026, 11, 28),
        |_| {},
    )
    .await
    .unwrap()
}

async fn user(db: &imha_core::Database) -> Actor {
    let mut tx = db.begin().await.unwrap();
    let u = accounts::create_user(
        &mut tx,
        "manager@example.org",
        "Mo Manager",
        Role::ServiceManager,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    Actor::User {
        id: u.id,
        client: Some("127.0.0.1".into()),
    }
}

async fn scalar(db: &imha_core::Database, sql: &str, arg: &str) -> String {
    imha_core::on_pool!(db, p => sqlx::query_scalar::<_, String>(sql).bind(arg).fetch_one(p).await)
        .unwrap()
}

async fn patient_id(db: &imha_core::Database, local: &str) -> String {
    scalar(
        db,
        "SELECT id FROM patients WHERE local_patient_id = $1",
        local,
    )
    .await
}

storage_test!(a_patient_is_read_with_episodes_and_the_view_audited, |t| {
    hospitals(&t.db).await;
    let actor = user(&t.db).await;
    feed(
        &t.db,
        &[
            "E2,RZZ01,9434765919,L1,Sam,Okafor,1990-05-01,s2,2026-03-10,,Willow",
            "E1,RZZ01,9434765919,L1,Sam,Okafor,1990-05-01,s136,2026-03-09T22:00,2026-03-10T09:00,",
        ],
    )
    .await;
    let id = patient_id(&t.db, "L1").await;
    let r = patients::view(&t.db, &id, &actor).await.unwrap().unwrap();
    assert_eq!(r.patient.full_name(), "Sam Okafor");
    assert_eq!(
        r.patient.nhs_number_spaced().as_deref(),
        Some("943 476 5919")
    );
    assert_eq!(
        r.patient.hospital_name.as_deref(),
        Some("Northshire General")
    );
    // Oldest first.
    let ids: Vec<&str> = r.episodes.iter().map(|e| e.episode_id.as_str()).collect();
    assert_eq!(ids, ["E1", "E2"]);
    assert_eq!(r.referrals.len(), 1);
    assert_eq!(r.referrals[0].channel, "opt-out");
    let views = audit::search(
        &t.db,
        &Filter {
            action: Some(Action::RecordViewed.as_str().to_string()),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert!(
        views
            .iter()
            .any(|e| e.record_type.as_deref() == Some("patient")
                && e.record_id.as_deref() == Some(id.as_str()))
    );
    assert!(
        patients::view(&t.db, "nope", &actor)
            .await
            .unwrap()
            .is_none()
    );

    // The timeline: the s2's 28 days, beginning with the day of admission, with the citation.
    let out = patients::timeline(&r, date(2026, 3, 15), &imha_law::LawConfig::default()).unwrap();
    assert_eq!(out.status, Some(imha_law::Status::S2));
    let a = out.authority.unwrap();
    assert_eq!(a.end, Some(date(2026, 4, 6)));
    assert!(a.basis.contains("s2(4)"), "{}", a.basis);
    assert!(out.imha.qualifies);
    assert!(out.tribunal_patient.is_some());
});

storage_test!(
    search_by_nhs_number_or_name_is_audited_without_the_terms,
    |t| {
        hospitals(&t.db).await;
        let actor = user(&t.db).await;
        feed(
            &t.db,
            &[
                "E1,RZZ01,9434765919,,Sam,Okafor,1990-05-01,s3,2026-03-10,,",
                "E2,RZZ01,,L2,Ann,Lee,1970-01-02,s3,2026-03-10,,",
            ],
        )
        .await;
        let (by, found) = patients::search(&t.db, "943 476 5919", &actor)
            .await
            .unwrap();
        assert_eq!(by, SearchBy::NhsNumber);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].given_name, "Sam");
        let (by, found) = patients::search(&t.db, "  ann   LEE ", &actor)
            .await
            .unwrap();
        assert_eq!(by, SearchBy::Name);
        assert_eq!(found.len(), 1);
        let (_, found) = patients::search(&t.db, "okafor", &actor).await.unwrap();
        assert_eq!(found.len(), 1);
        let (_, found) = patients::search(&t.db, "nobody", &actor).await.unwrap();
        assert!(found.is_empty());
        let entries = audit::search(&t.db, &Filter::default()).await.unwrap();
        let searches: Vec<_> = entries
            .iter()
            .filter(|e| {
                e.detail
                    .as_deref()
                    .is_some_and(|d| d.starts_with("patient-search"))
            })
            .collect();
        assert_eq!(searches.len(), 4);
        for e in searches {
            let d = e.detail.as_deref().unwrap();
            assert!(
                !d.contains("943") && !d.to_lowercase().contains("lee"),
                "{d}"
            );
        }
    }
);

storage_test!(
    a_confirmed_match_merges_and_later_rows_land_on_the_survivor,
    |t| {
        let (north, _) = hospitals(&t.db).await;
        let actor = user(&t.db).await;
        feed(
            &t.db,
            &[
                "A1,RZZ01,,L1,Sam,Okafor,1990-05-01,s2,2026-03-10,,",
                "B1,RZZ02,9434765919,,Sam,Okafor,1990-05-01,s3,2026-03-20,,",
                "C1,RZZ01,,L7,Ann,Lee,1970-01-02,s3,2026-03-10,,",
                "C2,RZZ01,,L8,Ann,Lee,1970-01-02,s3,2026-03-11,,",
            ],
        )
        .await;
        let matches = patients::open_matches(&t.db).await.unwrap();
        assert_eq!(matches.len(), 2);
        let sam = matches
            .iter()
            .find(|m| m.patient.given_name == "Sam")
            .unwrap()
            .clone();
        let ann = matches
            .iter()
            .find(|m| m.patient.given_name == "Ann")
            .unwrap()
            .clone();

        // Same person: the candidate's episodes and referrals move, its local id is copied.
        let mut tx = t.db.begin().await.unwrap();
        patients::resolve_match(
            &mut tx,
            &sam.patient.id,
            &sam.candidate.id,
            true,
            &actor,
            Timestamp::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let survivor = patients::get(&t.db, &sam.patient.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(survivor.episodes.len(), 2);
        assert_eq!(survivor.referrals.len(), 2);
        assert_eq!(survivor.patient.nhs_number.as_deref(), Some("9434765919"));
        assert_eq!(survivor.patient.local_patient_id.as_deref(), Some("L1"));
        assert_eq!(
            survivor.patient.hospital_id.as_deref(),
            Some(north.as_str())
        );
        let merged = patients::get(&t.db, &sam.candidate.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            merged.patient.merged_into.as_deref(),
            Some(sam.patient.id.as_str())
        );
        assert!(merged.episodes.is_empty());
        // Merged records are not found by search.
        let (_, found) = patients::search(&t.db, "sam okafor", &actor).await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, sam.patient.id);
        // Deciding again is refused.
        let mut tx = t.db.begin().await.unwrap();
        let e = patients::resolve_match(
            &mut tx,
            &sam.patient.id,
            &sam.candidate.id,
            false,
            &actor,
            Timestamp::now(),
        )
        .await
        .unwrap_err();
        assert!(matches!(e, PatientError::AlreadyDecided(_)), "{e:?}");
        drop(tx);

        // Different people: only the decision is kept.
        let mut tx = t.db.begin().await.unwrap();
        patients::resolve_match(
            &mut tx,
            &ann.patient.id,
            &ann.candidate.id,
            false,
            &actor,
            Timestamp::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(patients::open_matches(&t.db).await.unwrap().is_empty());
        assert!(
            patients::get(&t.db, &ann.candidate.id)
                .await
                .unwrap()
                .unwrap()
                .patient
                .merged_into
                .is_none()
        );

        // A later row with the candidate's old identifiers lands on the survivor, whichever
        // identifier the hospital sends.
        let s = feed(
            &t.db,
            &[
                "A2,RZZ01,,L1,Sam,Okafor,1990-05-01,s3,2026-04-01,,",
                "B2,RZZ02,9434765919,,Sam,Okafor,1990-05-01,s3,2026-04-02,,",
            ],
        )
        .await;
        assert_eq!(s.rejected, 0, "{s:?}");
        assert_eq!(s.possible_matches, 0);
        let survivor = patients::get(&t.db, &sam.patient.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(survivor.episodes.len(), 4);
        let audit = audit::search(&t.db, &Filter::default()).await.unwrap();
        assert!(audit.iter().any(
            |e| e.detail.as_deref() == Some(format!("merged-into={}", sam.patient.id).as_str())
        ));
    }
);

storage_test!(
    a_merged_candidate_whose_nhs_number_stays_is_followed_too,
    |t| {
        hospitals(&t.db).await;
        let actor = user(&t.db).await;
        // The newer record has its own NHS number, so the candidate keeps its one.
        feed(
            &t.db,
            &["A1,RZZ01,9434765919,,Sam,Okafor,1990-05-01,s2,2026-03-10,,"],
        )
        .await;
        feed(
            &t.db,
            &["B1,RZZ02,9990000018,,Sam,Okafor,1990-05-01,s3,2026-03-20,,"],
        )
        .await;
        let m = patients::open_matches(&t.db).await.unwrap().remove(0);
        let mut tx = t.db.begin().await.unwrap();
        patients::resolve_match(
            &mut tx,
            &m.patient.id,
            &m.candidate.id,
            true,
            &actor,
            Timestamp::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let s = feed(
            &t.db,
            &["A2,RZZ01,9434765919,,Sam,Okafor,1990-05-01,s3,2026-04-01,,"],
        )
        .await;
        assert_eq!(s.rejected, 0, "{s:?}");
        let survivor = patients::get(&t.db, &m.patient.id).await.unwrap().unwrap();
        assert_eq!(survivor.episodes.len(), 3);
        assert_eq!(
            survivor.patient.nhs_number.as_deref(),
            Some(if m.patient.nhs_number.as_deref() == Some("9990000018") {
                "9990000018"
            } else {
                "9434765919"
            })
        );
    }
);

storage_test!(the_duty_list_and_recording_that_the_patient_was_told, |t| {
    let (north, moor) = hospitals(&t.db).await;
    let actor = user(&t.db).await;
    feed(
        &t.db,
        &[
            // Qualifying, in force, not told: listed.
            "N1,RZZ01,,L1,Sam,Okafor,1990-05-01,s3,2026-03-02,,Willow",
            // s136 does not qualify: not listed.
            "N2,RZZ01,,L2,Kit,Brennan,1999-12-01,s136,2026-03-15T22:00,,",
            // Ended before today: not listed.
            "N3,RZZ01,,L3,Jo,Khan,1985-07-07,s2,2026-02-01,2026-02-20,",
            // Another hospital.
            "M1,RZZ02,,M1,Robin,Ashdown,1988-02-14,s2,2026-03-18,,Fern",
        ],
    )
    .await;
    let today = date(2026, 3, 20);
    let all = patients::duty_list(&t.db, None, today, 1, &actor)
        .await
        .unwrap();
    let names: Vec<&str> = all.iter().map(|d| d.patient_name.as_str()).collect();
    assert_eq!(names, ["Robin Ashdown", "Sam Okafor"], "by hospital name");
    let sam = &all[1];
    assert_eq!(sam.working_days, 14);
    assert!(sam.overdue);
    assert_eq!(all[0].working_days, 2);
    assert!(all[0].overdue);
    let not_overdue = patients::duty_list(&t.db, Some(&moor), today, 5, &actor)
        .await
        .unwrap();
    assert_eq!(not_overdue.len(), 1);
    assert!(!not_overdue[0].overdue);
    let own = patients::duty_list(&t.db, Some(&north), today, 1, &actor)
        .await
        .unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].patient_name, "Sam Okafor");

    let episode = sam.episode.id.clone();
    let record = |orally, writing, hospital: Option<String>| {
        let db = t.db.clone();
        let actor = actor.clone();
        let episode = episode.clone();
        async move {
            let mut tx = db.begin().await.unwrap();
            let r = patients::record_duty(
                &mut tx,
                &episode,
                orally,
                writing,
                today,
                hospital.as_deref(),
                &actor,
            )
            .await;
            if r.is_ok() {
                tx.commit().await.unwrap();
            }
            r
        }
    };
    // Nothing given, a future date, a date before the start.
    let fields = |e: PatientError| match e {
        PatientError::Invalid(v) => v.into_iter().map(|f| f.field).collect::<Vec<_>>(),
        e => panic!("{e:?}"),
    };
    assert_eq!(
        fields(record(None, None, None).await.unwrap_err()),
        ["told_orally_on"]
    );
    assert_eq!(
        fields(
            record(Some(date(2026, 3, 21)), Some(date(2026, 3, 1)), None)
                .await
                .unwrap_err()
        ),
        ["told_orally_on", "told_in_writing_on"]
    );
    // Another hospital's staff cannot reach it.
    assert!(matches!(
        record(Some(today), None, Some(moor.clone()))
            .await
            .unwrap_err(),
        PatientError::NotFound
    ));
    // Told orally: still listed (not yet in writing).
    record(Some(date(2026, 3, 3)), None, Some(north.clone()))
        .await
        .unwrap();
    let own = patients::duty_list(&t.db, Some(&north), today, 1, &actor)
        .await
        .unwrap();
    assert_eq!(own[0].episode.told_orally_on, Some(date(2026, 3, 3)));
    record(None, Some(date(2026, 3, 4)), None).await.unwrap();
    let own = patients::duty_list(&t.db, Some(&north), today, 1, &actor)
        .await
        .unwrap();
    assert!(own.is_empty());
    let e = patients::episode(&t.db, &episode).await.unwrap().unwrap();
    assert_eq!(e.told_orally_on, Some(date(2026, 3, 3)));
    assert_eq!(e.told_in_writing_on, Some(date(2026, 3, 4)));
    // The same row sent again by the hospital, without the dates, keeps them.
    let s = feed(
        &t.db,
        &["N1,RZZ01,,L1,Sam,Okafor,1990-05-01,s3,2026-03-02,,Willow Ward"],
    )
    .await;
    assert_eq!(s.updated, 1);
    let e = patients::episode(&t.db, &episode).await.unwrap().unwrap();
    assert_eq!(e.told_in_writing_on, Some(date(2026, 3, 4)));
    let audit = audit::search(&t.db, &Filter::default()).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.detail.as_deref() == Some("duty=told-orally")
                && e.record_id.as_deref() == Some(episode.as_str()))
    );
});

storage_test!(outcomes_of_opt_out_referrals, |t| {
    hospitals(&t.db).await;
    let actor = user(&t.db).await;
    feed(
        &t.db,
        &[
            "E1,RZZ01,,L1,Sam,Okafor,1990-05-01,s3,2026-03-02,,",
            "E2,RZZ01,,L2,Ann,Lee,1970-01-02,s3,2026-03-02,,",
            "E3,RZZ01,,L3,Jo,Khan,1985-07-07,s3,2026-03-02,,",
        ],
    )
    .await;
    let referral = |local: &'static str| {
        let db = t.db.clone();
        async move {
            scalar(
                &db,
                "SELECT r.id FROM referrals r JOIN patients p ON p.id = r.patient_id \
                 WHERE p.local_patient_id = $1",
                local,
            )
            .await
        }
    };
    let outcome = |id: String, o: Outcome, reason: Option<&'static str>| {
        let db = t.db.clone();
        let actor = actor.clone();
        async move {
            let mut tx = db.begin().await.unwrap();
            let r =
                patients::record_outcome(&mut tx, &id, o, reason, Timestamp::now(), &actor).await;
            if r.is_ok() {
                tx.commit().await.unwrap();
            }
            r
        }
    };
    let first_contact = |id: String| {
        let db = t.db.clone();
        async move {
            referrals::get(&db, &id)
                .await
                .unwrap()
                .unwrap()
                .first_contact_at
        }
    };
    let sam = referral("L1").await;
    assert_eq!(first_contact(sam.clone()).await, None);
    // Visited: stays new, outcome stored; seeing the patient is the first contact.
    let done = outcome(sam.clone(), Outcome::Visited, None).await.unwrap();
    assert_eq!(done.status, ReferralStatus::New);
    let first = first_contact(sam.clone()).await;
    assert!(first.is_some(), "the visit is the first contact");
    let o = patients::opt_out(&t.db, &sam).await.unwrap().unwrap();
    assert_eq!(o.outcome, Some(Outcome::Visited));
    assert!(o.visit_due_on.is_some() && o.outcome_at.is_some());
    // Not seen needs a reason, then stays new.
    assert!(matches!(
        outcome(sam.clone(), Outcome::NotSeen, Some("  ")).await.unwrap_err(),
        PatientError::Invalid(v) if v[0].field == "outcome_reason"
    ));
    outcome(sam.clone(), Outcome::NotSeen, Some("At tribunal all day"))
        .await
        .unwrap();
    let o = patients::opt_out(&t.db, &sam).await.unwrap().unwrap();
    assert_eq!(o.outcome_reason.as_deref(), Some("At tribunal all day"));
    // Accepted opens an instructed case; the first contact stays the first visit.
    let done = outcome(sam.clone(), Outcome::Accepted, None).await.unwrap();
    assert_eq!(done.status, ReferralStatus::Accepted);
    assert_eq!(first_contact(sam.clone()).await, first);
    let case = done.case_id.unwrap();
    assert_eq!(
        scalar(&t.db, "SELECT advocacy FROM cases WHERE id = $1", &case).await,
        "instructed"
    );
    // And then nothing more can be recorded.
    assert!(matches!(
        outcome(sam.clone(), Outcome::Visited, None)
            .await
            .unwrap_err(),
        PatientError::AlreadyDecided(_)
    ));
    // Declined needs a reason and records the patient's decision.
    let ann = referral("L2").await;
    assert!(matches!(
        outcome(ann.clone(), Outcome::Declined, None)
            .await
            .unwrap_err(),
        PatientError::Invalid(_)
    ));
    let done = outcome(ann.clone(), Outcome::Declined, Some("Has a solicitor"))
        .await
        .unwrap();
    assert_eq!(done.status, ReferralStatus::PatientDeclined);
    let r = referrals::get(&t.db, &ann).await.unwrap().unwrap();
    assert_eq!(r.decision_reason.as_deref(), Some("Has a solicitor"));
    // Could not see Jo: no first contact yet. Then Jo lacks capacity to decide: a
    // non-instructed case, and that visit is the first contact.
    let jo = referral("L3").await;
    outcome(jo.clone(), Outcome::NotSeen, Some("Asleep"))
        .await
        .unwrap();
    assert_eq!(first_contact(jo.clone()).await, None);
    let done = outcome(jo.clone(), Outcome::LacksCapacity, None)
        .await
        .unwrap();
    assert_eq!(
        scalar(
            &t.db,
            "SELECT advocacy FROM cases WHERE id = $1",
            &done.case_id.unwrap()
        )
        .await,
        "non-instructed"
    );
    assert!(first_contact(jo.clone()).await.is_some());
    // Not an opt-out referral.
    let raw = referrals::RawReferral {
        referrer: Some("self".into()),
        given_name: Some("Pat".into()),
        family_name: Some("Doe".into()),
        whereabouts: Some("hospital".into()),
        hospital_name: Some("Northshire".into()),
        help: vec!["rights".into()],
        ..referrals::RawReferral::default()
    };
    let mut tx = t.db.begin().await.unwrap();
    let other = referrals::create(
        &mut tx,
        &raw,
        referrals::Channel::PublicForm,
        &Actor::System,
        Timestamp::now(),
        &imha_law::LawConfig::default(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert!(patients::opt_out(&t.db, &other.id).await.unwrap().is_none());
    assert!(matches!(
        outcome(other.id.clone(), Outcome::Accepted, None).await.unwrap_err(),
        PatientError::Invalid(v) if v[0].field == "outcome"
    ));
    assert!(matches!(
        outcome("missing".into(), Outcome::Accepted, None)
            .await
            .unwrap_err(),
        PatientError::NotFound
    ));
    let audit = audit::search(&t.db, &Filter::default()).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.detail.as_deref() == Some("outcome=lacks-capacity"))
    );
});

/// Every referral's possible duplicates as the check found them before migration 0014: a join
/// of each referral to every other on NHS number or match_key, opt-out ones included.
async fn duplicates_by_join(db: &imha_core::Database) -> Vec<(String, String, String)> {
    let sql = "SELECT r.id, o.id, \
         CASE WHEN r.nhs_number IS NOT NULL AND o.nhs_number = r.nhs_number \
              THEN 'nhs-number' ELSE 'name-and-date-of-birth' END \
         FROM referrals r JOIN referrals o ON o.id <> r.id AND \
           ((r.nhs_number IS NOT NULL AND o.nhs_number = r.nhs_number) OR \
            (r.match_key IS NOT NULL AND o.match_key = r.match_key))";
    let mut rows: Vec<(String, String, String)> =
        imha_core::on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await).unwrap();
    rows.sort();
    rows
}

/// The same, through `referrals::possible_duplicates`, referral by referral.
async fn duplicates_shown(db: &imha_core::Database) -> Vec<(String, String, String)> {
    let ids: Vec<String> = imha_core::on_pool!(db, p => sqlx::query_scalar("SELECT id FROM referrals").fetch_all(p).await).unwrap();
    let mut rows = Vec::new();
    for id in ids {
        for d in referrals::possible_duplicates(db, &id).await.unwrap() {
            rows.push((id.clone(), d.id, d.matched_on.to_string()));
        }
    }
    rows.sort();
    rows
}

async fn staff_referral(
    db: &imha_core::Database,
    given: &str,
    family: &str,
    dob: &str,
    nhs: Option<&str>,
) -> referrals::Created {
    let raw = referrals::RawReferral {
        referrer: Some("professional".into()),
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        date_of_birth: Some(dob.into()),
        nhs_number: nhs.map(Into::into),
        whereabouts: Some("hospital".into()),
        hospital_ods: Some("RZZ01".into()),
        ward: Some("Willow".into()),
        legal_status: Some("s3".into()),
        help: vec!["rights".into()],
        knows_about_referral: Some("yes".into()),
        agrees_to_referral: Some("yes".into()),
        referrer_name: Some("Ward Nurse".into()),
        referrer_email: Some("nurse@example.nhs.uk".into()),
        ..referrals::RawReferral::default()
    };
    let mut tx = db.begin().await.unwrap();
    let c = referrals::create(
        &mut tx,
        &raw,
        referrals::Channel::Api,
        &Actor::System,
        Timestamp::now(),
        &imha_law::LawConfig::default(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    c
}

storage_test!(
    opt_out_referrals_are_duplicates_as_before_through_renames_and_merges,
    |t| {
        // Opt-out referrals are found by the duplicate check through their patient while they
        // carry the patient's NHS number and name (migration 0014); the results must be those
        // of a plain join of referrals at every step.
        hospitals(&t.db).await;
        let actor = user(&t.db).await;
        feed(
            &t.db,
            &[
                "A1,RZZ01,,L1,Sam,Okafor,1990-05-01,s2,2026-03-10,,",
                "B1,RZZ02,9434765919,,Sam,Okafor,1990-05-01,s3,2026-03-20,,",
                "C1,RZZ01,4010232137,L9,Kit,Brennan,1980-02-03,s3,2026-03-10,,",
                "D1,RZZ01,9990000018,L4,Ann,Lee,1970-01-02,s3,2026-03-10,,",
            ],
        )
        .await;
        // Staff referrals afterwards (an open one with a patient's NHS number would have held
        // the opt-out referral back).
        let by_nhs =
            staff_referral(&t.db, "Samuel", "Okafor", "1991-01-01", Some("9434765919")).await;
        let by_name = staff_referral(&t.db, "Kit", "Brennan", "1980-02-03", None).await;
        let marked = "SELECT COUNT(*) FROM referrals WHERE keys_on_patient";
        let n: i64 =
            imha_core::on_pool!(&t.db, p => sqlx::query_scalar(marked).fetch_one(p).await).unwrap();
        assert_eq!(n, 4);
        let shown = duplicates_shown(&t.db).await;
        assert_eq!(shown, duplicates_by_join(&t.db).await);
        // Both ways: staff referral to opt-out referral, and back; opt-out to opt-out (the two
        // Sam Okafors).
        let refs = |id: &str, shown: &[(String, String, String)]| -> Vec<String> {
            shown
                .iter()
                .filter(|(r, _, _)| r == id)
                .map(|(_, _, on)| on.clone())
                .collect()
        };
        assert_eq!(refs(&by_nhs.id, &shown), vec!["nhs-number".to_string()]);
        assert_eq!(
            refs(&by_name.id, &shown),
            vec!["name-and-date-of-birth".to_string()]
        );
        assert_eq!(shown.len(), 6);

        // Kit's name changes in the feed: the referral keeps the old one, and is still a
        // duplicate of the staff referral under it.
        feed(
            &t.db,
            &["C2,RZZ01,4010232137,L9,Kit,Brennan-Shaw,1980-02-03,s3,2026-04-01,,"],
        )
        .await;
        let n: i64 =
            imha_core::on_pool!(&t.db, p => sqlx::query_scalar(marked).fetch_one(p).await).unwrap();
        assert_eq!(n, 3);
        let shown = duplicates_shown(&t.db).await;
        assert_eq!(shown, duplicates_by_join(&t.db).await);
        assert_eq!(
            refs(&by_name.id, &shown),
            vec!["name-and-date-of-birth".to_string()]
        );
        let renamed = staff_referral(&t.db, "Kit", "Brennan-Shaw", "1980-02-03", None).await;
        assert_eq!(
            duplicates_shown(&t.db).await,
            duplicates_by_join(&t.db).await
        );
        assert!(
            referrals::possible_duplicates(&t.db, &renamed.id)
                .await
                .unwrap()
                .is_empty()
        );

        // The two Sams are one person: the candidate's referral and NHS number move.
        let sam = patients::open_matches(&t.db)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.patient.given_name == "Sam")
            .unwrap();
        let mut tx = t.db.begin().await.unwrap();
        patients::resolve_match(
            &mut tx,
            &sam.patient.id,
            &sam.candidate.id,
            true,
            &actor,
            Timestamp::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let n: i64 =
            imha_core::on_pool!(&t.db, p => sqlx::query_scalar(marked).fetch_one(p).await).unwrap();
        assert_eq!(n, 1);
        assert_eq!(
            duplicates_shown(&t.db).await,
            duplicates_by_join(&t.db).await
        );
        // A later referral for the survivor's NHS number finds both Sams' referrals.
        let later = staff_referral(&t.db, "Sam", "Okafor", "1990-05-01", Some("9434765919")).await;
        assert_eq!(
            duplicates_shown(&t.db).await,
            duplicates_by_join(&t.db).await
        );
        assert_eq!(
            referrals::possible_duplicates(&t.db, &later.id)
                .await
                .unwrap()
                .len(),
            3
        );
    }
);
