//! Demo mode: fills an empty database with a realistic, entirely synthetic advocacy service so
//! a newcomer can explore every screen: a provider, hospitals with wards, a council whose area
//! holds them (and another, the home council of a patient placed there), and one account per
//! role. Demo accounts are marked by their address
//! (`@demo.imha.invalid`, a domain that cannot receive email) and their names say "(demo)".

use crate::accounts::{self, Role};
use crate::audit::{self, Action, NewEntry};
use crate::db::{Database, StorageError};
use crate::organisations::{self, Kind};
use crate::referrals;
use crate::{on_pool, on_tx};

/// Every demo address ends with this.
pub const DEMO_DOMAIN: &str = "demo.imha.invalid";

/// One demo account and how to sign in with it.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub role: Role,
    pub email: String,
    pub password: String,
    /// Base32 TOTP secret for an authenticator app; `None` for roles that need no second factor.
    pub totp_secret: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already holds data ({0}); imha demo only fills an empty database")]
    NotEmpty(String),
    #[error(transparent)]
    Account(#[from] accounts::AccountError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Referral(#[from] crate::referrals::ReferralError),
    #[error(transparent)]
    Casework(#[from] crate::casework::CaseError),
    #[error(transparent)]
    Quality(#[from] crate::quality::QualityError),
    #[error("the demo feed could not be imported: {0}")]
    Feed(String),
}

async fn count(db: &Database, table: &str) -> Result<i64, StorageError> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    Ok(on_pool!(db, p => sqlx::query_scalar(&sql).fetch_one(p).await)?)
}

/// A memorable random password: four words from a fixed list, chosen with OS randomness.
fn demo_password() -> Result<String, accounts::AccountError> {
    const WORDS: &[&str] = &[
        "kettle", "orbit", "meadow", "lantern", "harbour", "pebble", "violet", "thistle", "copper",
        "willow", "saffron", "glacier", "biscuit", "compass", "marble", "tundra", "velvet",
        "falcon", "juniper", "quartz", "parsnip", "cobalt", "heron", "nutmeg",
    ];
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| accounts::AccountError::Invalid(e.to_string()))?;
    let words: Vec<&str> = bytes
        .iter()
        .map(|b| WORDS[usize::from(*b) % WORDS.len()])
        .collect();
    Ok(words.join("-"))
}

/// Fill an empty database. Refuses one that holds any organisation or user.
pub async fn fill(db: &Database) -> Result<Vec<DemoAccount>, DemoError> {
    for table in ["users", "organisations"] {
        if count(db, table).await? > 0 {
            return Err(DemoError::NotEmpty(format!("{table} is not empty")));
        }
    }
    let mut tx = db.begin().await?;
    let provider = organisations::create(
        &mut tx,
        Kind::Provider,
        "Northshire Advocacy (demo)",
        None,
        "england",
    )
    .await?;
    let general = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Northshire General Hospital (demo)",
        Some("RZZ01"),
        "england",
    )
    .await?;
    let moorside = organisations::create(
        &mut tx,
        Kind::Hospital,
        "Moorside Mental Health Unit (demo)",
        Some("RZZ02"),
        "england",
    )
    .await?;
    let council = organisations::create(
        &mut tx,
        Kind::LocalAuthority,
        "Northshire County Council (demo)",
        None,
        "england",
    )
    .await?;
    for (hospital, wards) in [
        (&general, &["Willow Ward", "Cedar Ward"][..]),
        (
            &moorside,
            &["Heather Ward", "Bracken Ward", "Fern Ward (adolescent)"][..],
        ),
    ] {
        for ward in wards {
            organisations::add_ward(&mut tx, &hospital.id, ward).await?;
        }
    }
    for member in [&provider, &general, &moorside] {
        organisations::add_to_area(&mut tx, &council.id, &member.id).await?;
    }
    let people = [
        (Role::Admin, "admin", "Alex Admin (demo)", None),
        (
            Role::ServiceManager,
            "manager",
            "Morgan Manager (demo)",
            Some(&provider),
        ),
        (
            Role::Advocate,
            "advocate",
            "Ash Advocate (demo)",
            Some(&provider),
        ),
        (
            Role::HospitalReferrer,
            "referrer",
            "Rowan Referrer (demo)",
            Some(&moorside),
        ),
        (
            Role::Commissioner,
            "commissioner",
            "Casey Commissioner (demo)",
            Some(&council),
        ),
    ];
    let mut accounts_out = Vec::new();
    let mut user_ids = Vec::new();
    for (role, local, name, org) in people {
        let email = format!("{local}@{DEMO_DOMAIN}");
        let user =
            accounts::create_user(&mut tx, &email, name, role, org.map(|o| o.id.as_str())).await?;
        let password = demo_password()?;
        let pw = password.clone();
        let hash = tokio::task::spawn_blocking(move || accounts::hash_password(&pw))
            .await
            .map_err(|e| accounts::AccountError::Invalid(e.to_string()))??;
        accounts::set_password_hash(&mut tx, &user.id, &hash).await?;
        user_ids.push((role, user.id.clone()));
        let secret = role.needs_mfa().then(accounts::new_totp_secret);
        accounts::set_totp_secret(&mut tx, &user.id, secret.as_deref()).await?;
        audit::record(
            &mut tx,
            NewEntry::system(Action::UserInvited)
                .on_record("user", &user.id)
                .with_detail("demo account"),
        )
        .await?;
        accounts_out.push(DemoAccount {
            role,
            email,
            password,
            totp_secret: secret,
        });
    }
    for org in [&provider, &general, &moorside, &council] {
        audit::record(
            &mut tx,
            NewEntry::system(Action::OrganisationCreated)
                .on_record("organisation", &org.id)
                .with_detail("demo"),
        )
        .await?;
    }
    let id_of = |role: Role| {
        user_ids
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, id)| id.clone())
            .unwrap_or_default()
    };
    referrals(
        &mut tx,
        &id_of(Role::ServiceManager),
        &id_of(Role::HospitalReferrer),
    )
    .await?;
    library_items(&mut tx, &id_of(Role::Admin)).await?;
    tx.commit().await?;
    feed(db).await?;
    crate::casework::seed_demo(db).await?;
    // After casework (which gives every case without an allocation to the demo advocate):
    // allocation makes its own cases, allocates them through `case_allocations` and leaves one
    // waiting for an advocate.
    crate::allocation::seed_demo(db).await?;
    // Last: tasks and dates on whichever cases have an advocate by now.
    crate::work::seed_demo(db, crate::referrals::uk_date(jiff::Timestamp::now())).await?;
    placements(db).await?;
    // The quality self-assessment: last spring's final one and this autumn's draft.
    crate::quality::seed_demo(
        db,
        &provider.id,
        &id_of(Role::ServiceManager),
        &id_of(Role::Advocate),
    )
    .await?;
    // Last: a past year of admissions, so the reports show figures above the small-number rule.
    history(db).await?;
    Ok(accounts_out)
}

/// A year of past admissions at the demo hospitals: 160 invented qualifying patients, each
/// admitted between about one and eleven months ago for a few weeks, in a mix of ethnicities,
/// ages, genders and sections; the feed refers each, and an advocate's visit outcome is recorded
/// for every one (so none waits in the triage queue): six in ten want an advocate, one in ten
/// lacks capacity to decide (non-instructed), three in ten decline. Each case had one issue
/// and closed with the patient's outcome. Nothing here is shown by the screens that list open
/// work; the reports (`/staff/reports`, `imha report`) and the self-assessment's live figures
/// count it.
async fn history(db: &Database) -> Result<(), DemoError> {
    use crate::casework::issues::{self, IssueKind, Measure, Measures, NewIssue};
    use crate::casework::outcome::NewOutcome;
    use crate::casework::{CloseReason, Closing, Worker};
    use crate::patients::Outcome;

    const GIVEN: [&str; 16] = [
        "Ari", "Bryn", "Cass", "Dev", "Ema", "Finn", "Gwen", "Hal", "Ines", "Jory", "Kit", "Lio",
        "Mina", "Noor", "Oli", "Pia",
    ];
    // NHS ethnic category codes, weighted a little like a city's detained population.
    const ETHNIC: [&str; 12] = ["A", "A", "A", "A", "B", "C", "H", "J", "M", "N", "D", "Z"];
    const STATUS: [&str; 6] = ["s2", "s3", "s2", "s3", "cto", "s37"];
    let advocate: Option<String> = on_pool!(db, p => sqlx::query_scalar("SELECT id FROM users WHERE role = 'advocate' ORDER BY created_at, id LIMIT 1").fetch_optional(p).await).map_err(StorageError::Query)?;
    let manager: Option<String> = on_pool!(db, p => sqlx::query_scalar("SELECT id FROM users WHERE role = 'service-manager' ORDER BY created_at, id LIMIT 1").fetch_optional(p).await).map_err(StorageError::Query)?;
    let (Some(advocate), Some(manager)) = (advocate, manager) else {
        return Ok(());
    };
    let today = referrals::uk_date(jiff::Timestamp::now());
    let mut csv = String::from(
        "episode_id,hospital,local_patient_id,given_name,family_name,date_of_birth,legal_status,\
         start,end,ethnicity,gender\n",
    );
    for i in 0..160_i32 {
        let start = imha_law::dates::add_days(today, -(30 + 2 * i));
        let end = imha_law::dates::add_days(start, 21 + i % 30);
        let born = format!(
            "{}-{:02}-{:02}",
            1948 + (i * 7) % 58,
            1 + i % 12,
            1 + i % 28
        );
        let i = usize::try_from(i).unwrap_or_default();
        csv.push_str(&format!(
            "H{i},{},HX-{i:04},{},Past{i},{born},{},{start},{end},{},{}\n",
            if i % 3 == 0 { "RZZ02" } else { "RZZ01" },
            GIVEN[i % GIVEN.len()],
            STATUS[i % STATUS.len()],
            ETHNIC[(i * 5) % ETHNIC.len()],
            if i % 2 == 0 { "1" } else { "2" },
        ));
    }
    let summary = crate::feed::import::import(
        db,
        std::io::Cursor::new(csv.into_bytes()),
        &crate::feed::import::Options::default(),
        &referrals::Actor::System,
        today,
        |_| {},
    )
    .await
    .map_err(|e| DemoError::Feed(e.to_string()))?;
    if summary.rejected > 0 {
        return Err(DemoError::Feed(format!(
            "{} past rows rejected",
            summary.rejected
        )));
    }
    // Each past referral with its episode's start, oldest first.
    let rows: Vec<(String, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT r.id, e.start_at FROM referrals r JOIN episodes e ON e.id = r.episode_id \
         WHERE e.episode_id LIKE 'H%' AND r.status = 'new' ORDER BY e.start_at, r.id"
    ).fetch_all(p).await)
    .map_err(StorageError::Query)?;
    // The advocate records the visit; the cases, never allocated, are the manager's to close.
    let actor = referrals::Actor::User {
        id: advocate,
        client: None,
    };
    let worker = Worker::new(manager, Role::ServiceManager, None);
    let answers = [Measure::Yes, Measure::Yes, Measure::Partly, Measure::No];
    let kinds = [
        IssueKind::Rights,
        IssueKind::TribunalApplication,
        IssueKind::Meetings,
        IssueKind::Concerns,
        IssueKind::Treatment,
    ];
    let mut tx = db.begin().await?;
    for (n, (referral, start)) in rows.iter().enumerate() {
        let Some(start) = imha_law::dates::parse_date(&start[..10.min(start.len())]) else {
            continue;
        };
        let noon = |d: jiff::civil::Date| {
            d.at(12, 0, 0, 0)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp())
                .unwrap_or_else(|_| jiff::Timestamp::now())
        };
        let visited = noon(imha_law::dates::add_days(
            start,
            1 + i32::try_from(n % 4).unwrap_or_default(),
        ));
        // As if the feed had sent each admission on its day (the import received them all
        // today).
        let received = noon(start).to_string();
        on_tx!(&mut tx, c => sqlx::query("UPDATE referrals SET received_at = $1 WHERE id = $2").bind(&received).bind(referral).execute(c).await.map(|_| ())).map_err(StorageError::Query)?;
        let (outcome, reason) = match n % 10 {
            0..=5 => (Outcome::Accepted, None),
            6 => (Outcome::LacksCapacity, None),
            _ => (Outcome::Declined, Some("Prefers to speak up for themself")),
        };
        let recorded =
            crate::patients::record_outcome(&mut tx, referral, outcome, reason, visited, &actor)
                .await
                .map_err(|e| DemoError::Feed(format!("demo visit outcome: {e}")))?;
        let Some(case) = recorded.case_id else {
            continue;
        };
        issues::add(
            &mut tx,
            &case,
            &NewIssue {
                kind: Some(kinds[n % kinds.len()]),
                detail: None,
                raised_on: Some(referrals::uk_date(visited)),
            },
            &worker,
            visited,
        )
        .await?;
        let answer = |k: usize| Some(answers[(n + k) % answers.len()]);
        crate::casework::close(
            &mut tx,
            &case,
            &Closing {
                reason: Some(CloseReason::IssuesResolved),
                words: None,
                outcome: Some(NewOutcome {
                    measures: Measures {
                        felt_heard: answer(0),
                        felt_involved: answer(1),
                        rights_understood: answer(2),
                        rights_upheld: answer(3),
                        care_changed: answer(1),
                        concern_resolved: answer(2),
                        patient_words: None,
                    },
                    share_story: false,
                }),
            },
            &worker,
            noon(imha_law::dates::add_days(start, 18)),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Home councils for the reports' out-of-area placements: a second council (whose area holds
/// none of the demo hospitals) as the home council of the first case's patient, placed in
/// Northshire from elsewhere, and Northshire as the home council of the second's.
async fn placements(db: &Database) -> Result<(), DemoError> {
    let manager: Option<String> = on_pool!(db, p => sqlx::query_scalar("SELECT id FROM users WHERE role = 'service-manager' ORDER BY created_at, id LIMIT 1").fetch_optional(p).await).map_err(StorageError::Query)?;
    let Some(manager) = manager else {
        return Ok(());
    };
    let worker = crate::casework::Worker::new(manager, Role::ServiceManager, None);
    let cases: Vec<String> = on_pool!(db, p => sqlx::query_scalar("SELECT id FROM cases ORDER BY opened_at, id").fetch_all(p).await).map_err(StorageError::Query)?;
    let northshire: Option<String> = on_pool!(db, p => sqlx::query_scalar("SELECT id FROM organisations WHERE kind = 'local-authority' ORDER BY created_at, id LIMIT 1").fetch_optional(p).await).map_err(StorageError::Query)?;
    let mut tx = db.begin().await?;
    let eastmoor = organisations::create(
        &mut tx,
        Kind::LocalAuthority,
        "Eastmoor Borough Council (demo)",
        None,
        "england",
    )
    .await?;
    audit::record(
        &mut tx,
        NewEntry::system(Action::OrganisationCreated)
            .on_record("organisation", &eastmoor.id)
            .with_detail("demo"),
    )
    .await?;
    let now = jiff::Timestamp::now();
    for (case, council) in cases.iter().zip([Some(eastmoor.id.clone()), northshire]) {
        crate::casework::set_home_authority(&mut tx, case, council.as_deref(), &worker, now)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The administrator's own library items: a link, a small uploaded PDF, and a link added a
/// while ago that is now past its review date (for the review list).
async fn library_items(tx: &mut crate::db::Tx, admin: &str) -> Result<(), DemoError> {
    use crate::library::{self, NewItem, Source};
    let today = referrals::uk_date(jiff::Timestamp::now());
    let later = |days: i32| imha_law::dates::add_days(today, days);
    let item = |title: &str, summary: &str, audience: &[&str], topics: &[&str], due| NewItem {
        title: title.into(),
        summary: summary.into(),
        audience: audience.iter().map(|s| s.to_string()).collect(),
        topics: topics.iter().map(|s| s.to_string()).collect(),
        review_due: Some(due),
    };
    let items = [
        (
            item(
                "Northshire mental health services directory (demo)",
                "Where the local mental health services are and how to reach them.",
                &["patients", "families", "staff"],
                &["imha", "information"],
                later(365),
            ),
            "https://example.org/northshire-directory",
            today,
        ),
        (
            item(
                "Ward visiting guide (demo)",
                "When advocates visit each ward, and how ward staff can book a visit.",
                &["staff"],
                &["referral", "imha"],
                later(-10),
            ),
            "https://example.org/ward-visiting",
            later(-400),
        ),
    ];
    for (new, url, reviewed) in items {
        library::add(tx, admin, &new, Source::Link { url }, reviewed)
            .await
            .map_err(library_error)?;
    }
    let pdf = library::minimal_pdf("Northshire Advocacy annual report (demo)");
    library::add(
        tx,
        admin,
        &item(
            "Northshire Advocacy annual report (demo)",
            "How many people we helped this year, what they asked for and what changed.",
            &["commissioners", "staff"],
            &["outcomes", "commissioning"],
            later(180),
        ),
        Source::Document {
            file_name: "northshire-annual-report.pdf",
            bytes: &pdf,
        },
        today,
    )
    .await
    .map_err(library_error)?;
    Ok(())
}

fn library_error(e: crate::library::LibraryError) -> DemoError {
    match e {
        crate::library::LibraryError::Storage(e) => DemoError::Storage(e),
        other => DemoError::Feed(format!("demo library item: {other}")),
    }
}

/// A day's feed from both demo hospitals, dated relative to today so the legal timeline, the
/// visit targets and the duty-to-inform list always have something current to show: patients
/// who qualify (opt-out referrals), some who do not (s136, s5(2), an informal patient in
/// England), a second episode for one patient (s2 then s3), episodes with and without the
/// s130D record, and two records that may be one person, for someone to confirm.
async fn feed(db: &Database) -> Result<(), DemoError> {
    let today = referrals::uk_date(jiff::Timestamp::now());
    let day = |n: i32| imha_law::dates::add_days(today, -n).to_string();
    let rows = [
        format!(
            "D1,RZZ01,9990000042,,Alex,Rivers,1984-06-02,s2,{},,Willow Ward,A,1,{},{}",
            day(20),
            day(19),
            day(19)
        ),
        format!(
            "D2,RZZ01,9990000042,,Alex,Rivers,1984-06-02,s3,{},,Willow Ward,A,1,,",
            day(2)
        ),
        format!(
            "D3,RZZ01,9990000050,,Bea,Okonjo,1979-10-11,s3,{},,Cedar Ward,N,2,{},",
            day(5),
            day(4)
        ),
        format!(
            "D4,RZZ01,,NG-4471,Cal,Ferris,2001-01-30,s136,{}T23:10,{}T10:00,,M,1,,",
            day(3),
            day(2)
        ),
        format!(
            "D5,RZZ02,9990000069,,Dana,Whitlock,1958-03-19,cto,{},,,B,2,{},{}",
            day(40),
            day(40),
            day(39)
        ),
        format!(
            "D6,RZZ02,,MS-0093,Eli,Strand,1996-08-08,s2,{},,Heather Ward,R,1,,",
            day(4)
        ),
        format!(
            "D7,RZZ02,,MS-0107,Fern,Adair,2009-05-05,s2,{},,Fern Ward (adolescent),Z,2,,",
            day(1)
        ),
        format!(
            "D8,RZZ01,,NG-5120,Eli,Strand,1996-08-08,s5-2,{}T18:00,,Cedar Ward,R,1,,",
            day(6)
        ),
        format!(
            "D9,RZZ02,9990000077,,Gus,Hale,1967-12-24,s37-41,{},,Bracken Ward,J,1,{},{}",
            day(300),
            day(299),
            day(299)
        ),
        format!(
            "D10,RZZ01,9990000085,,Hana,Price,1990-02-17,informal,{},,Willow Ward,H,2,,",
            day(9)
        ),
    ];
    let mut csv = String::from(
        "episode_id,hospital,nhs_number,local_patient_id,given_name,family_name,date_of_birth,\
         legal_status,start,end,ward,ethnicity,gender,told_orally_on,told_in_writing_on\n",
    );
    for r in rows {
        csv.push_str(&r);
        csv.push('\n');
    }
    let summary = crate::feed::import::import(
        db,
        std::io::Cursor::new(csv.into_bytes()),
        &crate::feed::import::Options::default(),
        &referrals::Actor::System,
        today,
        |_| {},
    )
    .await
    .map_err(|e| DemoError::Feed(e.to_string()))?;
    if summary.rejected > 0 {
        return Err(DemoError::Feed(format!(
            "{} rows rejected",
            summary.rejected
        )));
    }
    Ok(())
}

/// A synthetic referral: every name is invented, every NHS number is from the 999 range NHS
/// England reserves for testing (it never belongs to a real person).
// One row of demo data per call: named arguments read better here than a struct literal.
#[allow(clippy::too_many_arguments)]
fn demo_referral(
    referrer: &str,
    given: &str,
    family: &str,
    dob: &str,
    nhs: Option<&str>,
    hospital: &str,
    ward: &str,
    status: &str,
    help: &[&str],
) -> referrals::RawReferral {
    let third_party = referrer != "self";
    referrals::RawReferral {
        referrer: Some(referrer.into()),
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        date_of_birth: Some(dob.into()),
        nhs_number: nhs.map(Into::into),
        whereabouts: Some("hospital".into()),
        hospital_ods: Some(hospital.into()),
        ward: Some(ward.into()),
        legal_status: Some(status.into()),
        help: help.iter().map(|h| h.to_string()).collect(),
        knows_about_referral: third_party.then(|| "yes".into()),
        agrees_to_referral: third_party.then(|| "yes".into()),
        referrer_name: third_party.then(|| "Jamie Carer (demo)".into()),
        referrer_phone: third_party.then(|| "01632 960 123".into()),
        ..referrals::RawReferral::default()
    }
}

/// Referrals in every state the triage queue shows: new ones of each kind (one a possible
/// duplicate, one for someone who does not appear to qualify, one overdue), accepted (with a
/// case and first contact), declined, and one where the person decided not to have an IMHA.
async fn referrals(
    tx: &mut crate::db::Tx,
    manager_id: &str,
    referrer_id: &str,
) -> Result<(), DemoError> {
    use referrals::{Actor, Channel, Decision, PatientDecision, RejectionReason};
    let law = imha_law::LawConfig::default();
    let now = jiff::Timestamp::now();
    let hours_ago = |h: i64| {
        now.checked_sub(jiff::SignedDuration::from_hours(h))
            .unwrap_or(now)
    };
    let manager = Actor::User {
        id: manager_id.to_string(),
        client: None,
    };
    let referrer = Actor::User {
        id: referrer_id.to_string(),
        client: None,
    };
    let public = Actor::Public { client: None };

    let mut self_referral = demo_referral(
        "self",
        "Robin",
        "Ashdown",
        "1988-02-14",
        None,
        "RZZ02",
        "Heather Ward",
        "s2",
        &["rights", "tribunal"],
    );
    self_referral.hospital_ods = None;
    self_referral.hospital_name = Some("Moorside".into());
    self_referral.communication_other =
        Some("Please speak slowly; I find letters hard to read.".into());
    self_referral.easy_read = Some(true);
    let mut staff = demo_referral(
        "professional",
        "Priya",
        "Castell",
        "1975-09-30",
        Some("999 000 0018"),
        "RZZ02",
        "Bracken Ward",
        "s3",
        &["treatment", "ward-rounds"],
    );
    staff.referrer_name = Some("Rowan Referrer (demo)".into());
    staff.referrer_email = Some(format!("referrer@{DEMO_DOMAIN}"));
    staff.told_orally_on = Some(crate::referrals::uk_date(hours_ago(30)).to_string());
    staff.told_in_writing_on = Some(crate::referrals::uk_date(hours_ago(30)).to_string());
    staff.nearest_relative_copy = Some("sent".into());
    staff.nearest_relative_copy_sent_on =
        Some(crate::referrals::uk_date(hours_ago(26)).to_string());
    let mut relative = demo_referral(
        "nearest-relative",
        "Dee",
        "Marlow",
        "1961-07-07",
        None,
        "RZZ01",
        "Willow Ward",
        "cto",
        &["conditions", "tribunal"],
    );
    relative.whereabouts = Some("community".into());
    relative.hospital_ods = None;
    relative.ward = None;
    relative.address = Some("12 Example Road, Northshire, NS1 0AA".into());
    relative.interpreter_language = Some("Polish".into());
    let duplicate = demo_referral(
        "carer",
        "Priya",
        "Castell",
        "1975-09-30",
        Some("9990000018"),
        "RZZ02",
        "Bracken Ward",
        "s3",
        &["concerns"],
    );
    let not_qualifying = demo_referral(
        "professional",
        "Kit",
        "Brennan",
        "1999-12-01",
        None,
        "RZZ01",
        "Cedar Ward",
        "s136",
        &["rights"],
    );
    let accepted = demo_referral(
        "professional",
        "Lee",
        "Harrow",
        "1993-04-22",
        Some("9990000026"),
        "RZZ01",
        "Willow Ward",
        "s37",
        &["tribunal", "care-planning"],
    );
    let declined = demo_referral(
        "carer",
        "Jo",
        "Penrose",
        "1980-11-11",
        None,
        "RZZ01",
        "Cedar Ward",
        "informal",
        &["other"],
    );
    let mut declined = declined;
    declined.help_other = Some("Help with a housing appeal".into());
    let mut patient_declined = demo_referral(
        "professional",
        "Sam",
        "Whitby",
        "2009-03-03",
        Some("9990000034"),
        "RZZ02",
        "Fern Ward (adolescent)",
        "s2",
        &["rights"],
    );
    patient_declined.nearest_relative_copy = Some("not-yet".into());

    let new_ones: [(&referrals::RawReferral, Channel, &Actor, i64); 5] = [
        (&self_referral, Channel::PublicForm, &public, 2),
        (&staff, Channel::Staff, &referrer, 26),
        (&relative, Channel::PublicForm, &public, 75),
        (&duplicate, Channel::PublicForm, &public, 5),
        (&not_qualifying, Channel::PublicForm, &public, 20),
    ];
    for (raw, channel, actor, hours) in new_ones {
        referrals::create(tx, raw, channel, actor, hours_ago(hours), &law).await?;
    }
    let a = referrals::create(
        tx,
        &accepted,
        Channel::Api,
        &Actor::System,
        hours_ago(120),
        &law,
    )
    .await?;
    referrals::record_first_contact(tx, &a.id, hours_ago(100), &manager, now).await?;
    referrals::decide(tx, &a.id, &Decision::Accept, &manager, hours_ago(99)).await?;
    let d = referrals::create(
        tx,
        &declined,
        Channel::PublicForm,
        &public,
        hours_ago(96),
        &law,
    )
    .await?;
    referrals::decide(
        tx,
        &d.id,
        &Decision::Decline {
            code: RejectionReason::Inappropriate,
            reason: "Informal patient in England: not a qualifying patient. Signposted to \
                     NHS complaints advocacy and the council's Care Act advocacy."
                .into(),
        },
        &manager,
        hours_ago(90),
    )
    .await?;
    let p = referrals::create(
        tx,
        &patient_declined,
        Channel::Staff,
        &referrer,
        hours_ago(80),
        &law,
    )
    .await?;
    referrals::record_first_contact(tx, &p.id, hours_ago(60), &manager, now).await?;
    referrals::decide(
        tx,
        &p.id,
        &Decision::PatientDeclined {
            code: PatientDecision::LaterMaybe,
            reason: Some("Wants to think about it; knows how to ask again.".into()),
        },
        &manager,
        hours_ago(59),
    )
    .await?;
    Ok(())
}

/// The current sign-in code of a demo account (only demo accounts: a real account's secret is
/// never printed).
pub async fn current_code(db: &Database, email: &str) -> Result<Option<String>, StorageError> {
    let Ok(email) = accounts::normalise_email(email) else {
        return Ok(None);
    };
    if !email.ends_with(&format!("@{DEMO_DOMAIN}")) {
        return Ok(None);
    }
    let secret: Option<Option<String>> = on_pool!(db, p => sqlx::query_scalar("SELECT totp_secret FROM users WHERE email = $1").bind(&email).fetch_optional(p).await)?;
    let now = u64::try_from(jiff::Timestamp::now().as_second()).unwrap_or(0);
    Ok(secret.flatten().and_then(|s| accounts::totp_code(&s, now)))
}
