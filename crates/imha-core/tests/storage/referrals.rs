//! Referrals on both databases: storing, eligibility, duplicates, the queue, triage decisions,
//! first contact and the public form's drafts.

use imha_core::audit::{self, Filter};
use imha_core::organisations::{self, Kind};
use imha_core::referrals::{
    self, Actor, Decision, PatientDecision, RawReferral, ReferralError, ReferralStatus,
    RejectionReason,
};
use imha_core::storage_test;
use imha_law::LawConfig;
use jiff::Timestamp;

fn raw(given: &str, family: &str, dob: Option<&str>, nhs: Option<&str>) -> RawReferral {
    RawReferral {
        referrer: Some("professional".into()),
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        date_of_birth: dob.map(Into::into),
        nhs_number: nhs.map(Into::into),
        whereabouts: Some("hospital".into()),
        hospital_ods: Some("RZZ01".into()),
        ward: Some("Willow".into()),
        legal_status: Some("s3".into()),
        help: vec!["tribunal".into(), "rights".into()],
        knows_about_referral: Some("yes".into()),
        agrees_to_referral: Some("yes".into()),
        referrer_name: Some("Ward Nurse".into()),
        referrer_email: Some("nurse@example.nhs.uk".into()),
        ..RawReferral::default()
    }
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

async fn hospital(db: &imha_core::Database) -> String {
    let mut tx = db.begin().await.unwrap();
    let h = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Northshire General",
        Some("RZZ01"),
        "wales",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    h.id
}

async fn make(
    db: &imha_core::Database,
    r: &RawReferral,
    when: &str,
) -> Result<referrals::Created, ReferralError> {
    let mut tx = db.begin().await.unwrap();
    let c = referrals::create(
        &mut tx,
        r,
        referrals::Channel::Api,
        &Actor::System,
        at(when),
        &LawConfig::default(),
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(c)
}

storage_test!(
    a_referral_is_stored_with_its_hospital_and_eligibility,
    |t| {
        let hospital_id = hospital(&t.db).await;
        let c = make(
            &t.db,
            &raw("Sam", "Okafor", Some("1990-05-01"), Some("943 476 5919")),
            "2026-11-20T10:00:00Z",
        )
        .await
        .unwrap();
        assert_eq!(c.appears_eligible, Some(true));
        // The hospital is in Wales, so the Welsh provisions decide.
        assert_eq!(c.eligibility_basis, Some("MHA 1983 s130I(2)(a)"));
        let r = referrals::get(&t.db, &c.id).await.unwrap().unwrap();
        assert_eq!(r.reference, c.reference);
        assert_eq!(r.hospital_id.as_deref(), Some(hospital_id.as_str()));
        assert_eq!(r.hospital_name.as_deref(), Some("Northshire General"));
        assert_eq!(r.nhs_number.unwrap().as_str(), "9434765919");
        assert_eq!(r.status, ReferralStatus::New);
        assert_eq!(r.jurisdiction, imha_law::Jurisdiction::Wales);
        assert_eq!(
            r.help,
            vec![referrals::HelpKind::Tribunal, referrals::HelpKind::Rights]
        );
        assert_eq!(r.received_at, at("2026-11-20T10:00:00Z"));
        assert_eq!(
            referrals::id_for_reference(&t.db, &c.reference.to_lowercase())
                .await
                .unwrap(),
            Some(c.id.clone())
        );
        // Creation is audited, without personal data.
        let entries = audit::search(
            &t.db,
            &Filter {
                record_id: Some(c.id.clone()),
                ..Filter::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].action, "record-created");
        assert!(!format!("{entries:?}").contains("Okafor"));
    }
);

storage_test!(an_unknown_hospital_code_stores_nothing, |t| {
    let mut r = raw("Sam", "Okafor", Some("1990-05-01"), None);
    r.hospital_ods = Some("RQQ99".into());
    let e = make(&t.db, &r, "2026-11-20T10:00:00Z").await.unwrap_err();
    let ReferralError::Invalid(fields) = e else {
        panic!("{e:?}")
    };
    assert_eq!(fields[0].field, "hospital_ods");
    assert!(referrals::queue(&t.db).await.unwrap().is_empty());
});

storage_test!(
    the_queue_is_oldest_first_and_flags_possible_duplicates,
    |t| {
        hospital(&t.db).await;
        let later = make(
            &t.db,
            &raw("Sam", "Okafor", Some("1990-05-01"), None),
            "2026-11-21T09:00:00Z",
        )
        .await
        .unwrap();
        let first = make(
            &t.db,
            &raw("Ann", "Lee", Some("1970-01-02"), Some("9434765919")),
            "2026-11-20T09:00:00Z",
        )
        .await
        .unwrap();
        // Same NHS number, different name: a duplicate of `first`.
        let by_nhs = make(
            &t.db,
            &raw("Annie", "Lee-Smith", Some("1970-01-03"), Some("9434765919")),
            "2026-11-22T09:00:00Z",
        )
        .await
        .unwrap();
        // Same name (any case) and date of birth: a duplicate of `later`.
        let by_name = make(
            &t.db,
            &raw("SAM", "okafor", Some("1990-05-01"), None),
            "2026-11-23T09:00:00Z",
        )
        .await
        .unwrap();
        // Same name, other date of birth: not a duplicate.
        let other = make(
            &t.db,
            &raw("Sam", "Okafor", Some("1991-05-01"), None),
            "2026-11-24T09:00:00Z",
        )
        .await
        .unwrap();

        let q = referrals::queue(&t.db).await.unwrap();
        let ids: Vec<&str> = q.iter().map(|i| i.referral.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                first.id.as_str(),
                later.id.as_str(),
                by_nhs.id.as_str(),
                by_name.id.as_str(),
                other.id.as_str()
            ]
        );
        let dups = |id: &str| -> Vec<(String, &'static str)> {
            q.iter()
                .find(|i| i.referral.id == id)
                .unwrap()
                .duplicates
                .iter()
                .map(|d| (d.reference.clone(), d.matched_on))
                .collect()
        };
        assert_eq!(
            dups(&first.id),
            vec![(by_nhs.reference.clone(), "nhs-number")]
        );
        assert_eq!(
            dups(&by_nhs.id),
            vec![(first.reference.clone(), "nhs-number")]
        );
        assert_eq!(
            dups(&later.id),
            vec![(by_name.reference.clone(), "name-and-date-of-birth")]
        );
        assert!(dups(&other.id).is_empty());
        assert_eq!(
            referrals::possible_duplicates(&t.db, &by_name.id)
                .await
                .unwrap()
                .len(),
            1
        );
    }
);

storage_test!(triage_decisions_are_recorded_once_and_audited, |t| {
    hospital(&t.db).await;
    let a = make(
        &t.db,
        &raw("Sam", "Okafor", Some("1990-05-01"), None),
        "2026-11-20T09:00:00Z",
    )
    .await
    .unwrap();
    let b = make(
        &t.db,
        &raw("Ann", "Lee", Some("1970-01-02"), None),
        "2026-11-20T10:00:00Z",
    )
    .await
    .unwrap();
    let c = make(
        &t.db,
        &raw("Jo", "Khan", Some("1980-03-04"), None),
        "2026-11-20T11:00:00Z",
    )
    .await
    .unwrap();
    let mut tx = t.db.begin().await.unwrap();
    let mgr = imha_core::accounts::create_user(
        &mut tx,
        "mgr@example.org",
        "Manager",
        imha_core::accounts::Role::ServiceManager,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let actor = Actor::User {
        id: mgr.id.clone(),
        client: Some("192.0.2.1".into()),
    };
    let now = at("2026-11-21T09:00:00Z");

    let mut tx = t.db.begin().await.unwrap();
    let accepted = referrals::decide(&mut tx, &a.id, &Decision::Accept, &actor, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(accepted.status, ReferralStatus::Accepted);
    let case_id = accepted.case_id.unwrap();

    // A reason is required to decline; the failed attempt changes nothing.
    let mut tx = t.db.begin().await.unwrap();
    let e = referrals::decide(
        &mut tx,
        &b.id,
        &Decision::Decline {
            code: RejectionReason::Inappropriate,
            reason: " ".into(),
        },
        &actor,
        now,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, ReferralError::Invalid(_)));
    drop(tx);
    let mut tx = t.db.begin().await.unwrap();
    referrals::decide(
        &mut tx,
        &b.id,
        &Decision::Decline {
            code: RejectionReason::Inappropriate,
            reason: "Not detained; referred to Care Act advocacy".into(),
        },
        &actor,
        now,
    )
    .await
    .unwrap();
    referrals::decide(
        &mut tx,
        &c.id,
        &Decision::PatientDeclined {
            code: PatientDecision::HasAdvocate,
            reason: None,
        },
        &actor,
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // Deciding again is refused.
    let mut tx = t.db.begin().await.unwrap();
    let e = referrals::decide(&mut tx, &a.id, &Decision::Accept, &actor, now)
        .await
        .unwrap_err();
    assert!(
        matches!(e, ReferralError::AlreadyDecided(ReferralStatus::Accepted)),
        "{e:?}"
    );
    drop(tx);

    let ra = referrals::get(&t.db, &a.id).await.unwrap().unwrap();
    assert_eq!(ra.case_id.as_deref(), Some(case_id.as_str()));
    assert_eq!(ra.decided_by.as_deref(), Some(mgr.id.as_str()));
    let rb = referrals::get(&t.db, &b.id).await.unwrap().unwrap();
    assert_eq!(
        (rb.status, rb.decision_code.as_deref()),
        (ReferralStatus::Declined, Some("02"))
    );
    let rc = referrals::get(&t.db, &c.id).await.unwrap().unwrap();
    assert_eq!(
        (rc.status, rc.decision_code.as_deref()),
        (ReferralStatus::PatientDeclined, Some("has-advocate"))
    );
    assert!(referrals::queue(&t.db).await.unwrap().is_empty());
    assert_eq!(
        referrals::recently_decided(&t.db, 10).await.unwrap().len(),
        3
    );

    let mine = audit::search(
        &t.db,
        &Filter {
            actor_id: Some(mgr.id.clone()),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    let actions: Vec<(&str, Option<&str>)> = mine
        .iter()
        .map(|e| (e.action.as_str(), e.record_type.as_deref()))
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == ("record-changed", Some("referral")))
            .count(),
        3
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == ("record-created", Some("case")))
            .count(),
        1
    );
    assert!(audit::verify(&t.db).await.unwrap().ok);
});

storage_test!(first_contact_is_checked_and_kept_once, |t| {
    hospital(&t.db).await;
    let a = make(
        &t.db,
        &raw("Sam", "Okafor", Some("1990-05-01"), None),
        "2026-11-20T09:00:00Z",
    )
    .await
    .unwrap();
    let now = at("2026-11-24T12:00:00Z");
    for (when, ok) in [
        ("2026-11-19T09:00:00Z", false),
        ("2026-11-25T09:00:00Z", false),
        ("2026-11-23T15:30:00Z", true),
        ("2026-11-23T16:00:00Z", false),
    ] {
        let mut tx = t.db.begin().await.unwrap();
        let r =
            referrals::record_first_contact(&mut tx, &a.id, at(when), &Actor::System, now).await;
        assert_eq!(r.is_ok(), ok, "{when}: {r:?}");
        tx.commit().await.unwrap();
    }
    let r = referrals::get(&t.db, &a.id).await.unwrap().unwrap();
    assert_eq!(r.first_contact_at, Some(at("2026-11-23T15:30:00Z")));
    // Friday 20th to Monday 23rd: one working day.
    let rt = referrals::response_time(
        r.received_at,
        r.first_contact_at,
        jiff::civil::date(2026, 11, 24),
        2,
    );
    assert_eq!(rt.working_days, 1);
    assert!(rt.within_target);
});

storage_test!(viewing_a_referral_is_audited, |t| {
    hospital(&t.db).await;
    let a = make(
        &t.db,
        &raw("Sam", "Okafor", Some("1990-05-01"), None),
        "2026-11-20T09:00:00Z",
    )
    .await
    .unwrap();
    let actor = Actor::System;
    assert!(
        referrals::view(&t.db, &a.id, &actor)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        referrals::view(&t.db, "no-such-id", &actor)
            .await
            .unwrap()
            .is_none()
    );
    let viewed = audit::search(
        &t.db,
        &Filter {
            record_id: Some(a.id.clone()),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        viewed
            .iter()
            .filter(|e| e.action == "record-viewed")
            .count(),
        1
    );
});

storage_test!(drafts_are_kept_for_a_while_and_discarded_on_sending, |t| {
    let answers = RawReferral {
        given_name: Some("Sam".into()),
        help: vec!["rights".into()],
        ..RawReferral::default()
    };
    let now = at("2026-11-20T09:00:00Z");
    referrals::save_draft(&t.db, "token-a", &answers, now)
        .await
        .unwrap();
    assert_eq!(
        referrals::load_draft(&t.db, "token-a", now).await.unwrap(),
        Some(answers.clone())
    );
    assert_eq!(
        referrals::load_draft(&t.db, "token-b", now).await.unwrap(),
        None
    );
    // Expired after four hours without change, and purged by the next save.
    let later = at("2026-11-20T13:30:00Z");
    assert_eq!(
        referrals::load_draft(&t.db, "token-a", later)
            .await
            .unwrap(),
        None
    );
    referrals::save_draft(&t.db, "token-c", &answers, later)
        .await
        .unwrap();
    let soon = at("2026-11-20T13:31:00Z");
    assert_eq!(
        referrals::load_draft(&t.db, "token-a", now).await.unwrap(),
        None
    );
    let mut tx = t.db.begin().await.unwrap();
    assert!(referrals::discard_draft(&mut tx, "token-c").await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(
        referrals::load_draft(&t.db, "token-c", soon).await.unwrap(),
        None
    );
    // A second discard (the same form sent twice) finds nothing to discard.
    let mut tx = t.db.begin().await.unwrap();
    assert!(!referrals::discard_draft(&mut tx, "token-c").await.unwrap());
    drop(tx);
});

storage_test!(a_decision_racing_another_is_refused_not_doubled, |t| {
    // Two managers decide the same referral at once. The second must be told it is already
    // decided, and must not open a case for a declined referral (on PostgreSQL both read
    // "new" before either commits; the second's UPDATE then waits and changes nothing).
    hospital(&t.db).await;
    let a = make(
        &t.db,
        &raw("Sam", "Okafor", Some("1990-05-01"), None),
        "2026-11-20T09:00:00Z",
    )
    .await
    .unwrap();
    let when = at("2026-11-20T12:00:00Z");
    let mut first = t.db.begin().await.unwrap();
    referrals::decide(
        &mut first,
        &a.id,
        &Decision::Decline {
            code: RejectionReason::Inappropriate,
            reason: "Out of area".into(),
        },
        &Actor::System,
        when,
    )
    .await
    .unwrap();
    let db = t.db.clone();
    let id = a.id.clone();
    let second = tokio::spawn(async move {
        let mut tx = db.begin().await.unwrap();
        let r = referrals::decide(&mut tx, &id, &Decision::Accept, &Actor::System, when).await;
        if r.is_ok() {
            tx.commit().await.unwrap();
        }
        r
    });
    // Let the second reach its UPDATE (PostgreSQL) or wait for the write lock (SQLite).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    let r = second.await.unwrap();
    assert!(
        matches!(
            r,
            Err(ReferralError::AlreadyDecided(ReferralStatus::Declined))
        ),
        "{r:?}"
    );
    let got = referrals::get(&t.db, &a.id).await.unwrap().unwrap();
    assert_eq!(got.status, ReferralStatus::Declined);
    assert_eq!(got.case_id, None, "no case for a declined referral");
    let changed = audit::search(
        &t.db,
        &Filter {
            record_id: Some(a.id.clone()),
            action: Some("record-changed".into()),
            ..Filter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed.len(),
        1,
        "one decision in the audit trail: {changed:?}"
    );
});

storage_test!(a_first_contact_racing_another_is_kept_once, |t| {
    hospital(&t.db).await;
    let a = make(
        &t.db,
        &raw("Sam", "Okafor", Some("1990-05-01"), None),
        "2026-11-20T09:00:00Z",
    )
    .await
    .unwrap();
    let now = at("2026-11-24T12:00:00Z");
    let mut first = t.db.begin().await.unwrap();
    referrals::record_first_contact(
        &mut first,
        &a.id,
        at("2026-11-23T15:30:00Z"),
        &Actor::System,
        now,
    )
    .await
    .unwrap();
    let db = t.db.clone();
    let id = a.id.clone();
    let second = tokio::spawn(async move {
        let mut tx = db.begin().await.unwrap();
        let r = referrals::record_first_contact(
            &mut tx,
            &id,
            at("2026-11-24T09:00:00Z"),
            &Actor::System,
            now,
        )
        .await;
        if r.is_ok() {
            tx.commit().await.unwrap();
        }
        r
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    let r = second.await.unwrap();
    assert!(matches!(r, Err(ReferralError::Invalid(_))), "{r:?}");
    let got = referrals::get(&t.db, &a.id).await.unwrap().unwrap();
    assert_eq!(got.first_contact_at, Some(at("2026-11-23T15:30:00Z")));
});
