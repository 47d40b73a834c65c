//! The staff area over HTTP: every staff route checked against every role and an anonymous
//! visitor, deny-by-default for routes without a policy, sign-in with both factors, cookies,
//! form tokens, and the audit entries sign-in leaves.

use axum::http::Method;
use imha_core::accounts::{self, Role};
use imha_core::audit;
use imha_web::staff::policy::{self, Permission};
use reqwest::StatusCode;

use crate::support::{TestApp, http};

pub const PASSWORD: &str = "kettle orbit meadow lantern";

/// A user with a password and (where the role needs one) a TOTP secret, made directly.
pub async fn make_user(app: &TestApp, email: &str, role: Role) -> (accounts::User, String) {
    let db = &app.db.db;
    let mut tx = db.begin().await.unwrap();
    let user = accounts::create_user(&mut tx, email, "Test Person", role, None)
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
    (
        accounts::user_by_id(db, &user.id).await.unwrap().unwrap(),
        secret,
    )
}

/// A signed-in session made directly: (cookie header, csrf token).
pub async fn session(app: &TestApp, user: &accounts::User, mfa_done: bool) -> (String, String) {
    let value = accounts::start_session(&app.db.db, user, mfa_done)
        .await
        .unwrap();
    let s = accounts::load_session(&app.db.db, &value)
        .await
        .unwrap()
        .unwrap();
    (format!("imha_session={value}"), s.csrf_token)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

async fn request(
    app: &TestApp,
    method: &Method,
    path: &str,
    cookie: Option<&str>,
    csrf: Option<&str>,
) -> reqwest::Response {
    let url = app.url(path);
    let mut req = if method == Method::POST {
        let form: Vec<(&str, &str)> = csrf.map(|c| vec![("csrf", c)]).unwrap_or_default();
        http().post(url).form(&form)
    } else {
        http().get(url)
    };
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

/// Every route in the policy table, for every role and for an anonymous visitor: allowed
/// exactly where the policy says, refused (403) or sent to sign in elsewhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_route_against_every_role() {
    let app = TestApp::sqlite().await;
    let mut users = Vec::new();
    for role in Role::ALL {
        let (u, _) = make_user(&app, &format!("{}@example.org", role.id()), role).await;
        users.push(u);
    }
    let target = users[0].id.clone();
    // Report routes need the commissioner linked to a local authority (a commissioner without
    // one may see no area).
    let council = {
        let mut tx = app.db.db.begin().await.unwrap();
        let la = imha_core::organisations::create(
            &mut tx,
            imha_core::organisations::Kind::LocalAuthority,
            "Northshire Council",
            None,
            "england",
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        la.id
    };
    let commissioner = users.iter().find(|u| u.role == Role::Commissioner).unwrap();
    imha_core::on_pool!(&app.db.db, p => sqlx::query("UPDATE users SET organisation_id = $1 WHERE id = $2").bind(&council).bind(&commissioner.id).execute(p).await.map(|_| ()))
        .unwrap();
    // Quality routes need a final assessment of a provider in the commissioner's area (the
    // manager and advocate here belong to no provider, so they see the "not linked" page).
    let assessment = {
        use imha_core::quality::{self, Editor, RawAssessment, RawRating};
        let mut tx = app.db.db.begin().await.unwrap();
        let provider = imha_core::organisations::create(
            &mut tx,
            imha_core::organisations::Kind::Provider,
            "Northshire Advocacy",
            None,
            "england",
        )
        .await
        .unwrap();
        imha_core::organisations::add_to_area(&mut tx, &council, &provider.id)
            .await
            .unwrap();
        let assessor = accounts::create_user(
            &mut tx,
            "assessor@example.org",
            "Quality Assessor",
            Role::ServiceManager,
            Some(&provider.id),
        )
        .await
        .unwrap();
        let editor = Editor::for_user(&assessor, None).unwrap();
        let today = imha_core::referrals::uk_date(jiff::Timestamp::now());
        let id = quality::create(
            &mut tx,
            &editor,
            &RawAssessment {
                title: "Spring 2026".into(),
                period_start: Some(today),
                period_end: Some(today),
                repeat: false,
            },
            today,
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
        for n in 1..=10 {
            let raw = RawRating {
                rating: Some("green".into()),
                evidence: String::new(),
            };
            quality::rate(&mut tx, &editor, &id, n, &raw, jiff::Timestamp::now())
                .await
                .unwrap();
        }
        quality::finalise(&mut tx, &editor, &id, &[], jiff::Timestamp::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        id
    };
    // Referral routes need a real referral, or allowed roles would get the 404 page.
    let referral = crate::referrals::make_referral(&app, "Sam", "Okafor", None, None).await;
    // Patient and duty routes need a real patient and episode from the feed.
    let fed = crate::patients::feed(&app).await;
    // Case routes need a real case allocated to the advocate, and task routes a task of theirs
    // (managers may work on any case; other advocates get "not found"). The case has an issue
    // and a records-access request for the routes that name one.
    let advocate = users.iter().find(|u| u.role == Role::Advocate).unwrap();
    let case = crate::work::allocated_case(&app, &advocate.id).await;
    let task = crate::work::task_for(&app, &advocate.id, &case).await;
    let application = imha_core::case_dates::record_application(
        &app.db.db,
        &case,
        crate::patients::today(),
        imha_law::input::Applicant::Patient,
        crate::patients::today(),
        &imha_core::referrals::Actor::System,
    )
    .await
    .unwrap();
    let worker = imha_core::casework::Worker::new(users[1].id.clone(), Role::ServiceManager, None);
    let mut tx = app.db.db.begin().await.unwrap();
    let issue = imha_core::casework::issues::add(
        &mut tx,
        &case,
        &imha_core::casework::issues::NewIssue {
            kind: Some(imha_core::casework::issues::IssueKind::Rights),
            detail: None,
            raised_on: Some(imha_core::referrals::uk_date(jiff::Timestamp::now())),
        },
        &worker,
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    let records_request = imha_core::casework::records::add(
        &mut tx,
        &case,
        &imha_core::casework::records::NewRequest {
            requested_on: Some(imha_core::referrals::uk_date(jiff::Timestamp::now())),
            record_holder: Some("Ward manager".into()),
            records: Some("Care plan".into()),
            basis: Some(imha_core::casework::records::RecordsBasis::RecordHolderDecision),
            consent_on: None,
        },
        &worker,
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Library routes need a real item (added by another administrator, so no test request
    // removes it).
    let mut tx = app.db.db.begin().await.unwrap();
    let librarian = imha_core::accounts::create_user(
        &mut tx,
        "librarian@example.org",
        "Lib Rarian",
        Role::Admin,
        None,
    )
    .await
    .unwrap();
    let library_item = imha_core::library::add(
        &mut tx,
        &librarian.id,
        &imha_core::library::NewItem {
            title: "A guide".into(),
            summary: "About IMHAs.".into(),
            audience: vec!["staff".into()],
            topics: vec!["imha".into()],
            review_due: Some(jiff::civil::date(2099, 1, 1)),
        },
        imha_core::library::Source::Link {
            url: "https://example.org/",
        },
        imha_core::referrals::uk_date(jiff::Timestamp::now()),
    )
    .await
    .unwrap()
    .id;
    tx.commit().await.unwrap();
    let mut checked = 0;
    for (method, pattern, permission) in policy::ROUTES {
        let id = if pattern.starts_with("/staff/referrals/") {
            &referral
        } else if pattern.starts_with("/staff/patients/") {
            &fed.patient
        } else if pattern.starts_with("/staff/duty/") {
            &fed.episode
        } else if pattern.starts_with("/staff/cases/") {
            &case
        } else if pattern.starts_with("/staff/tasks/") {
            &task
        } else if pattern.starts_with("/staff/tribunal-applications/") {
            &application
        } else if pattern.starts_with("/staff/advocates/") {
            &advocate.id
        } else if pattern.starts_with("/staff/admin/resources/") {
            &library_item
        } else if pattern.starts_with("/staff/quality/") {
            &assessment
        } else {
            &target
        };
        let path = pattern
            .replace("{id}", id)
            .replace("{issue}", &issue)
            .replace("{request}", &records_request)
            .replace("{n}", "8")
            .replace("{action}", "no-such-action")
            .replace("{file}", "all-tables.csv");
        // Anonymous.
        let res = request(&app, method, &path, None, None).await;
        if *permission == Permission::Public {
            assert_ne!(
                res.status(),
                StatusCode::FORBIDDEN,
                "anonymous {method} {path}"
            );
            assert_ne!(location(&res), "/staff/login", "anonymous {method} {path}");
        } else {
            assert_eq!(
                res.status(),
                StatusCode::SEE_OTHER,
                "anonymous {method} {path}"
            );
            assert_eq!(location(&res), "/staff/login", "anonymous {method} {path}");
        }
        for user in &users {
            // A fresh session per request: some routes (sign out) end the session they run in.
            let (cookie, csrf) = session(&app, user, true).await;
            let res = request(&app, method, &path, Some(&cookie), Some(&csrf)).await;
            let allowed = policy::allows(user.role, *permission);
            let status = res.status();
            let to = location(&res);
            if allowed {
                assert!(
                    status != StatusCode::FORBIDDEN
                        && status != StatusCode::NOT_FOUND
                        && status != StatusCode::METHOD_NOT_ALLOWED,
                    "{:?} should reach {method} {path}: {status}",
                    user.role
                );
                assert!(
                    to != "/staff/login" && to != "/staff/login/code",
                    "{:?} {method} {path} sent to {to}",
                    user.role
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{:?} must be refused {method} {path}",
                    user.role
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= policy::ROUTES.len() * Role::ALL.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_without_the_code_reaches_only_the_code_page() {
    let app = TestApp::sqlite().await;
    let (admin, _) = make_user(&app, "half@example.org", Role::Admin).await;
    let (cookie, csrf) = session(&app, &admin, false).await;
    for path in ["/staff", "/staff/admin/users", "/staff/admin/audit"] {
        let res = request(&app, &Method::GET, path, Some(&cookie), None).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&res), "/staff/login/code", "{path}");
    }
    let res = request(&app, &Method::GET, "/staff/login/code", Some(&cookie), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Signing out works from there.
    let res = request(
        &app,
        &Method::POST,
        "/staff/logout",
        Some(&cookie),
        Some(&csrf),
    )
    .await;
    assert_eq!(location(&res), "/staff/login?done=signed-out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_without_a_policy_is_refused_to_everyone() {
    use axum::routing::get;
    let app = TestApp::sqlite().await;
    let (admin, _) = make_user(&app, "policy@example.org", Role::Admin).await;
    let state = imha_web::AppState::new(app.db.db.clone(), imha_web::Config::default());
    let router: axum::Router = axum::Router::new()
        .route("/staff/forgotten-by-policy", get(|| async { "secret" }))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            imha_web::staff::authorize,
        ))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    let (cookie, _) = session(&app, &admin, true).await;
    let res = http()
        .get(format!("http://{addr}/staff/forgotten-by-policy"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!res.text().await.unwrap().contains("secret"));
}

#[tokio::test]
async fn unknown_staff_pages_send_strangers_to_sign_in() {
    let app = TestApp::sqlite().await;
    let res = app.get("/staff/anything/at/all").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff/login");
    let (u, _) = make_user(&app, "known@example.org", Role::Advocate).await;
    let (cookie, _) = session(&app, &u, true).await;
    let res = request(
        &app,
        &Method::GET,
        "/staff/anything/at/all",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_post_without_the_session_form_token_is_refused() {
    let app = TestApp::sqlite().await;
    let (u, _) = make_user(&app, "csrf@example.org", Role::Advocate).await;
    let (cookie, _) = session(&app, &u, true).await;
    let res = request(
        &app,
        &Method::POST,
        "/staff/logout/everywhere",
        Some(&cookie),
        Some("wrong"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = request(
        &app,
        &Method::POST,
        "/staff/logout/everywhere",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The session still works: nothing happened.
    assert_eq!(
        request(&app, &Method::GET, "/staff", Some(&cookie), None)
            .await
            .status(),
        StatusCode::OK
    );
}

/// Sign in over HTTP with both factors; returns the final session cookie.
pub async fn sign_in(app: &TestApp, email: &str, secret: &str) -> String {
    let res = http()
        .post(app.url("/staff/login"))
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff/login/code");
    let set = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    let first = set.split(';').next().unwrap().to_string();
    let page = request(app, &Method::GET, "/staff/login/code", Some(&first), None)
        .await
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let now = u64::try_from(jiff::Timestamp::now().as_second()).unwrap();
    let code = accounts::totp_code(secret, now).unwrap();
    let res = http()
        .post(app.url("/staff/login/code"))
        .header("cookie", &first)
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff", "code accepted");
    let rotated = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(
        rotated, first,
        "the session id changes once both factors are given"
    );
    // The pre-code session is gone.
    let old = request(app, &Method::GET, "/staff/login/code", Some(&first), None).await;
    assert_eq!(location(&old), "/staff/login");
    rotated
}

both_backends!(signing_in_takes_both_factors_and_is_audited, |app| {
    let (u, secret) = make_user(&app, "both@example.org", Role::Advocate).await;
    let cookie = sign_in(&app, "both@example.org", &secret).await;
    let home = request(&app, &Method::GET, "/staff", Some(&cookie), None).await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Hello, Test Person"));
    let filter = audit::Filter {
        actor_id: Some(u.id.clone()),
        ..audit::Filter::default()
    };
    let entries = audit::search(&app.db.db, &filter).await.unwrap();
    assert!(entries.iter().any(|e| e.action == "sign-in"), "{entries:?}");
});

#[tokio::test]
async fn wrong_passwords_and_unknown_emails_get_the_same_answer() {
    let app = TestApp::sqlite().await;
    make_user(&app, "same@example.org", Role::Advocate).await;
    let wrong = http()
        .post(app.url("/staff/login"))
        .form(&[
            ("email", "same@example.org"),
            ("password", "not the password"),
        ])
        .send()
        .await
        .unwrap();
    let unknown = http()
        .post(app.url("/staff/login"))
        .form(&[
            ("email", "nobody@example.org"),
            ("password", "not the password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::OK);
    let a = wrong.text().await.unwrap();
    let b = unknown.text().await.unwrap();
    assert!(a.contains("Enter a correct email address and password"));
    let strip = |s: &str| {
        s.replace("same@example.org", "X")
            .replace("nobody@example.org", "X")
    };
    assert_eq!(
        strip(&a),
        strip(&b),
        "the pages differ only in the email typed"
    );
    let failed = audit::search(
        &app.db.db,
        &audit::Filter {
            action: Some("sign-in-failed".into()),
            ..audit::Filter::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(failed.len(), 2);
    assert!(
        failed
            .iter()
            .all(|e| !e.detail.clone().unwrap_or_default().contains('@')),
        "no emails in the audit detail"
    );
}

#[tokio::test]
async fn a_wrong_or_replayed_code_is_refused() {
    let app = TestApp::sqlite().await;
    let (_, secret) = make_user(&app, "code@example.org", Role::ServiceManager).await;
    let res = http()
        .post(app.url("/staff/login"))
        .form(&[("email", "code@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let page = request(&app, &Method::GET, "/staff/login/code", Some(&cookie), None)
        .await
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let now = u64::try_from(jiff::Timestamp::now().as_second()).unwrap();
    let good = accounts::totp_code(&secret, now).unwrap();
    let wrong = if good == "123456" { "654321" } else { "123456" };
    let res = http()
        .post(app.url("/staff/login/code"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str()), ("code", wrong)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("The code is not right"));
    let res = http()
        .post(app.url("/staff/login/code"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str()), ("code", good.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff");
    // The same code again, in a new sign-in, is refused.
    let res = http()
        .post(app.url("/staff/login"))
        .form(&[("email", "code@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie2 = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let page = request(
        &app,
        &Method::GET,
        "/staff/login/code",
        Some(&cookie2),
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    let csrf2 = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let res = http()
        .post(app.url("/staff/login/code"))
        .header("cookie", &cookie2)
        .form(&[("csrf", csrf2.as_str()), ("code", good.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "replayed code refused");
}

#[tokio::test]
async fn the_session_cookie_is_secure_and_host_only_over_tls() {
    let db = imha_core::testing::TestDb::sqlite().await;
    let config = imha_web::Config {
        public_url: Some("https://imha.example.org".into()),
        ..Default::default()
    };
    let app = TestApp::start(db, config).await;
    let (_, _) = make_user(&app, "tls@example.org", Role::Commissioner).await;
    let res = http()
        .post(app.url("/staff/login"))
        .form(&[("email", "tls@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&res),
        "/staff",
        "commissioners need no second factor"
    );
    let set = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(set.starts_with("__Host-imha_session="), "{set}");
    assert!(
        set.contains("; Secure") && set.contains("HttpOnly"),
        "{set}"
    );
}

#[tokio::test]
async fn set_up_links_leave_the_address_bar_and_work_once() {
    let app = TestApp::sqlite().await;
    let mut tx = app.db.db.begin().await.unwrap();
    let u = accounts::create_user(
        &mut tx,
        "new@example.org",
        "New Person",
        Role::Commissioner,
        None,
    )
    .await
    .unwrap();
    let token = accounts::issue_link(&mut tx, &u.id, accounts::LinkPurpose::Setup)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let res = app.get(&format!("/staff/setup?token={token}")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/staff/setup", "token removed from the URL");
    let link_cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let page = request(&app, &Method::GET, "/staff/setup", Some(&link_cookie), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Set up your account"));
    assert!(
        !page.contains("totp_secret"),
        "commissioners set no second factor"
    );
    // A weak password is refused with a specific message.
    let res = http()
        .post(app.url("/staff/setup"))
        .header("cookie", &link_cookie)
        .form(&[("password", "password123"), ("confirm", "password123")])
        .send()
        .await
        .unwrap();
    let body = res.text().await.unwrap();
    assert!(
        body.contains("12 characters or more") || body.contains("too easy to guess"),
        "{body}"
    );
    let res = http()
        .post(app.url("/staff/setup"))
        .header("cookie", &link_cookie)
        .form(&[("password", PASSWORD), ("confirm", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff/login?done=setup");
    // Replayed: refused.
    let res = http()
        .post(app.url("/staff/setup"))
        .header("cookie", &link_cookie)
        .form(&[("password", PASSWORD), ("confirm", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("This link does not work")
    );
    let res = http()
        .post(app.url("/staff/login"))
        .form(&[("email", "new@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/staff");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_mail_configured_a_reset_link_is_emailed_only_to_real_accounts() {
    let mail = tempfile::tempdir().unwrap();
    let mailer = imha_core::mail::Mailer::from_config(
        None,
        Some(mail.path().to_path_buf()),
        "IMHA <no-reply@imha.example>",
    )
    .unwrap();
    let db = imha_core::testing::TestDb::sqlite().await;
    let config = imha_web::Config {
        public_url: Some("https://imha.example.org".into()),
        ..crate::support::test_config()
    };
    let app = TestApp::start_with_mailer(db, config, mailer).await;
    let (u, _) = make_user(&app, "forgot@example.org", Role::Advocate).await;
    let page = app
        .get("/staff/forgotten-password")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("We will email you a link"));
    let answer = |email: &'static str| {
        let url = app.url("/staff/forgotten-password");
        async move {
            http()
                .post(url)
                .form(&[("email", email)])
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let for_unknown = answer("nobody@example.org").await;
    assert_eq!(
        std::fs::read_dir(mail.path()).unwrap().count(),
        0,
        "no mail for an unknown address"
    );
    let for_known = answer("forgot@example.org").await;
    assert_eq!(
        for_known, for_unknown,
        "the same answer whether or not the account exists"
    );
    assert!(for_known.contains("If there is an account for that address"));
    let files: Vec<_> = std::fs::read_dir(mail.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    // The body is quoted-printable (as mail clients expect): undo the soft line breaks.
    let message = std::fs::read_to_string(&files[0])
        .unwrap()
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    assert!(message.contains("To: forgot@example.org"), "{message}");
    assert!(
        message.contains("https://imha.example.org/staff/reset?token="),
        "links use the configured address, never the Host header"
    );
    let link = message.split("/staff/reset?token=").nth(1).unwrap();
    let token: String = link.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(token.len(), 64, "{message}");
    assert!(
        matches!(accounts::peek_link(&app.db.db, &token, accounts::LinkPurpose::Reset).await.unwrap(), Ok(ref who) if who.id == u.id)
    );
    let bad = http()
        .post(app.url("/staff/forgotten-password"))
        .form(&[("email", "not an email")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(bad.contains("Enter an email address in the correct format"));
}

#[tokio::test]
async fn without_mail_the_forgotten_password_page_sends_people_to_their_administrator() {
    let app = TestApp::sqlite().await;
    let page = app
        .get("/staff/forgotten-password")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Ask your administrator for a password reset link"));
    assert!(!page.contains("name=\"email\""));
}
