//! The administration pages under `/staff/admin/`, over HTTP: inviting users (and the set-up
//! link working), changing roles, deactivating, resetting sign-in, organisations, API tokens;
//! every change audited; non-administrators refused; forms without the session's token refused.

use imha_core::accounts::{self, Role};
use imha_core::audit::{self, AuditEntry, Filter};
use imha_core::organisations::{self, Kind};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::support::{TestApp, http};

const PASSWORD: &str = "kettle orbit meadow lantern";

/// A signed-in member of staff: their session cookie and form token.
struct Staff {
    base: String,
    cookie: String,
    csrf: String,
    id: String,
}

impl Staff {
    async fn get(&self, path: &str) -> reqwest::Response {
        http()
            .get(format!("{}{path}", self.base))
            .header(COOKIE, &self.cookie)
            .send()
            .await
            .unwrap()
    }

    async fn get_html(&self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.text().await.unwrap()
    }

    /// POST a form with the session's form token.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &self.csrf));
        self.post_raw(path, &form).await
    }

    async fn post_raw(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        http()
            .post(format!("{}{path}", self.base))
            .header(COOKIE, &self.cookie)
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

fn session_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("imha_session=") && !c.contains("Max-Age=0"))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap_or_else(|| panic!("no session cookie in {:?}", res.headers()))
}

/// The value of the first `name="<name>" value="..."` in a page.
fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in {html}"))
        + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_string()
}

/// The text of `<p ... id="<id>"><code>...</code></p>` (a link or token shown once).
fn shown_once(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"><code>");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {id} in {html}"))
        + marker.len();
    let end = html[start..].find("</code>").unwrap() + start;
    html[start..end].replace("&#38;", "&").replace("&amp;", "&")
}

fn now() -> u64 {
    u64::try_from(jiff::Timestamp::now().as_second()).unwrap()
}

/// Create an account with a password (and a second factor when the role needs one).
async fn create_account(
    app: &TestApp,
    email: &str,
    role: Role,
    org: Option<&str>,
) -> (String, String) {
    let mut tx = app.db.db.begin().await.unwrap();
    let user = accounts::create_user(&mut tx, email, "Test Person", role, org)
        .await
        .unwrap();
    let hash = accounts::hash_password(PASSWORD).unwrap();
    accounts::set_password_hash(&mut tx, &user.id, &hash)
        .await
        .unwrap();
    let secret = accounts::new_totp_secret();
    if role.needs_mfa() {
        accounts::set_totp_secret(&mut tx, &user.id, Some(&secret))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    (user.id, secret)
}

/// Sign in over HTTP with the password and, where needed, the code.
async fn sign_in(app: &TestApp, email: &str, secret: &str, id: &str) -> Staff {
    let base = format!("http://{}", app.addr);
    let res = http()
        .post(app.url("/staff/login"))
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in refused");
    let mut cookie = session_cookie(&res);
    if res.headers()[LOCATION] == "/staff/login/code" {
        let page = http()
            .get(app.url("/staff/login/code"))
            .header(COOKIE, &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden_value(&page, "csrf");
        let code = accounts::totp_code(secret, now()).unwrap();
        let res = http()
            .post(app.url("/staff/login/code"))
            .header(COOKIE, &cookie)
            .form(&[("code", code.as_str()), ("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "code refused");
        assert_eq!(res.headers()[LOCATION], "/staff");
        cookie = session_cookie(&res);
    }
    let home = http()
        .get(app.url("/staff"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let csrf = hidden_value(&home.text().await.unwrap(), "csrf");
    Staff {
        base,
        cookie,
        csrf,
        id: id.to_string(),
    }
}

async fn admin(app: &TestApp) -> Staff {
    let (id, secret) = create_account(app, "admin@example.org", Role::Admin, None).await;
    sign_in(app, "admin@example.org", &secret, &id).await
}

async fn add_org(app: &TestApp, kind: Kind, name: &str, ods: Option<&str>) -> String {
    let mut tx = app.db.db.begin().await.unwrap();
    let org = organisations::create(&mut tx, kind, name, ods, "england")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    org.id
}

async fn audit_of(app: &TestApp, action: &str) -> Vec<AuditEntry> {
    audit::search(
        &app.db.db,
        &Filter {
            action: Some(action.to_string()),
            ..Filter::default()
        },
    )
    .await
    .unwrap()
}

/// Whether a session cookie still works.
async fn still_signed_in(staff: &Staff) -> bool {
    staff.get("/staff").await.status() == StatusCode::OK
}

both_backends!(invite_creates_an_account_whose_setup_link_works, |app| {
    let admin = admin(&app).await;
    let provider = add_org(&app, Kind::Provider, "Voice Advocacy", None).await;

    let form = admin.get_html("/staff/admin/users/new").await;
    assert!(form.contains("<h1 class=\"govuk-heading-l\">Invite a user</h1>"));
    assert!(form.contains("name=\"csrf\""));
    assert!(form.contains("Voice Advocacy (advocacy provider)"));

    let res = admin
        .post(
            "/staff/admin/users/new",
            &[
                ("name", "Ada Advocate"),
                ("email", "Ada@Example.org"),
                ("role", "advocate"),
                ("organisation_id", &provider),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Account created for Ada Advocate"), "{page}");
    assert!(page.contains("It works once, for 7 days"));
    assert!(page.contains("It will not be shown again"));
    let link = shown_once(&page, "setup-link");
    let prefix = format!("http://{}/staff/setup?token=", app.addr);
    assert!(link.starts_with(&prefix), "{link}");

    let user = accounts::user_by_email(&app.db.db, "ada@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.role, Role::Advocate);
    assert_eq!(user.organisation_id.as_deref(), Some(provider.as_str()));
    assert!(!user.has_password);

    let entries = audit_of(&app, "user-invited").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor_id.as_deref(), Some(admin.id.as_str()));
    assert_eq!(entries[0].record_type.as_deref(), Some("user"));
    assert_eq!(entries[0].record_id.as_deref(), Some(user.id.as_str()));
    // No name or address in the trail (a lowercase "ada" could be hex in an organisation id).
    let detail = entries[0].detail.as_deref().unwrap_or("");
    assert!(
        !detail.contains("Ada") && !detail.contains("ada@"),
        "{detail}"
    );

    // The list shows the account as not yet set up.
    let list = admin.get_html("/staff/admin/users").await;
    assert!(list.contains("Ada Advocate"));
    assert!(list.contains(&format!("/staff/admin/users/{}", user.id)));
    assert!(list.contains("Set-up not finished"));

    // The link works: the token moves into a cookie, the set-up page shows, set-up finishes.
    let res = http().get(&link).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let link_cookie = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| !c.starts_with("imha_session="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap();
    let setup = http()
        .get(app.url("/staff/setup"))
        .header(COOKIE, &link_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(setup.status(), StatusCode::OK);
    let setup = setup.text().await.unwrap();
    assert!(setup.contains("Set up your account"), "{setup}");
    let secret = hidden_value(&setup, "totp_secret");
    let code = accounts::totp_code(&secret, now()).unwrap();
    let res = http()
        .post(app.url("/staff/setup"))
        .header(COOKIE, &link_cookie)
        .form(&[
            ("password", "purple stapler river 42"),
            ("confirm", "purple stapler river 42"),
            ("totp_secret", secret.as_str()),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/staff/login?done=setup");
    let user = accounts::user_by_id(&app.db.db, &user.id)
        .await
        .unwrap()
        .unwrap();
    assert!(user.has_password && user.has_totp);
    // ...and only once.
    let again = http().get(&link).send().await.unwrap();
    let again_cookie = again
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| !c.starts_with("imha_session="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap();
    let page = http()
        .get(app.url("/staff/setup"))
        .header(COOKIE, &again_cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Set up your account"));
});

#[tokio::test]
async fn invite_errors_are_shown_and_keep_what_was_typed() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;
    let provider = add_org(&app, Kind::Provider, "Voice Advocacy", None).await;

    let res = admin.post("/staff/admin/users/new", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("<title>Error: Invite a user"), "{page}");
    assert!(page.contains("govuk-error-summary"));
    for (id, msg) in [
        ("name", "Enter the person&#39;s full name"),
        ("email", "Enter the person&#39;s email address"),
        ("role", "Select the person&#39;s role"),
    ] {
        assert!(page.contains(&format!("href=\"#{id}\"")), "{id}");
        assert!(page.contains(msg), "{msg} in {page}");
    }

    // A hospital referrer must belong to a hospital; what was typed stays.
    let res = admin
        .post(
            "/staff/admin/users/new",
            &[
                ("name", "Harriet O'Hara"),
                ("email", "harriet@example.org"),
                ("role", "hospital-referrer"),
                ("organisation_id", &provider),
            ],
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(
        page.contains("A hospital referrer must belong to a hospital"),
        "{page}"
    );
    assert!(
        page.contains("href=\"#organisation_id\""),
        "{}",
        page.split("govuk-error-summary__list")
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(600)
            .collect::<String>()
    );
    assert!(page.contains("value=\"Harriet O&#39;Hara\""), "{page}");
    assert!(page.contains("value=\"harriet@example.org\""));
    assert!(
        page.contains(&format!("value=\"{provider}\" selected")),
        "{page}"
    );

    // Commissioners need a local authority, advocates a provider.
    let page = admin
        .post(
            "/staff/admin/users/new",
            &[
                ("name", "Cat"),
                ("email", "cat@example.org"),
                ("role", "commissioner"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("A commissioner must belong to a local authority"));
    let page = admin
        .post(
            "/staff/admin/users/new",
            &[
                ("name", "Al"),
                ("email", "not-an-email"),
                ("role", "advocate"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("An advocate must belong to an advocacy provider"));
    assert!(page.contains("href=\"#email\""));

    // An email address already in use.
    let page = admin
        .post(
            "/staff/admin/users/new",
            &[
                ("name", "Second Admin"),
                ("email", "ADMIN@example.org"),
                ("role", "admin"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("There is already an account with this email address"),
        "{page}"
    );
    assert!(audit_of(&app, "user-invited").await.is_empty());
    assert_eq!(accounts::count_users(&app.db.db).await.unwrap(), 1);
}

#[tokio::test]
async fn role_change_is_audited_and_signs_the_person_out() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;
    let provider = add_org(&app, Kind::Provider, "Voice Advocacy", None).await;
    let (id, secret) =
        create_account(&app, "ada@example.org", Role::Advocate, Some(&provider)).await;
    let ada = sign_in(&app, "ada@example.org", &secret, &id).await;

    let page = admin.get_html(&format!("/staff/admin/users/{id}")).await;
    assert!(page.contains("Change role"));
    assert!(page.contains("Voice Advocacy"));

    let path = format!("/staff/admin/users/{id}");
    let res = admin
        .post(
            &path,
            &[("action", "change-role"), ("role", "service-manager")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let user = accounts::user_by_id(&app.db.db, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.role, Role::ServiceManager);
    assert!(!still_signed_in(&ada).await);
    let entries = audit_of(&app, "role-changed").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].record_id.as_deref(), Some(id.as_str()));
    assert_eq!(
        entries[0].detail.clone().unwrap(),
        format!("role: advocate to service-manager; organisation: {provider} to {provider}")
    );
    let page = admin.get_html(&format!("{path}?done=role")).await;
    assert!(page.contains("Role changed to service manager"));

    // A role that does not fit the organisation is refused.
    let res = admin
        .post(
            &path,
            &[("action", "change-role"), ("role", "hospital-referrer")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("<title>Error: Test Person"), "{page}");
    assert!(page.contains("A hospital referrer must belong to a hospital"));
    assert!(
        page.contains("href=\"#organisation_id\""),
        "{}",
        page.split("govuk-error-summary__list")
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(600)
            .collect::<String>()
    );
    // With the organisation changed too, the same role fits.
    let hospital = add_org(&app, Kind::Hospital, "Moor Hospital", Some("RQQ01")).await;
    let res = admin
        .post(
            &path,
            &[
                ("action", "change-role"),
                ("role", "hospital-referrer"),
                ("organisation_id", hospital.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let moved = accounts::user_by_id(&app.db.db, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (moved.role, moved.organisation_id.as_deref()),
        (Role::HospitalReferrer, Some(hospital.as_str()))
    );
    // An administrator cannot change their own role.
    let res = admin
        .post(
            &format!("/staff/admin/users/{}", admin.id),
            &[("action", "change-role"), ("role", "advocate")],
        )
        .await;
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("You cannot change your own role")
    );
    let me = accounts::user_by_id(&app.db.db, &admin.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(me.role, Role::Admin);
    assert_eq!(audit_of(&app, "role-changed").await.len(), 2);
}

#[tokio::test]
async fn deactivating_ends_the_persons_sessions_and_reactivating_lets_them_back() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;
    let provider = add_org(&app, Kind::Provider, "Voice Advocacy", None).await;
    let (id, secret) =
        create_account(&app, "ada@example.org", Role::Advocate, Some(&provider)).await;
    let ada = sign_in(&app, "ada@example.org", &secret, &id).await;
    assert!(still_signed_in(&ada).await);

    let path = format!("/staff/admin/users/{id}");
    let res = admin.post(&path, &[("action", "deactivate")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[LOCATION],
        format!("{path}?done=deactivated").as_str()
    );
    assert!(!still_signed_in(&ada).await);
    let user = accounts::user_by_id(&app.db.db, &id)
        .await
        .unwrap()
        .unwrap();
    assert!(!user.active);
    let entries = audit_of(&app, "user-deactivated").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].record_id.as_deref(), Some(id.as_str()));
    let list = admin.get_html("/staff/admin/users").await;
    assert!(list.contains("Deactivated"));
    let page = admin.get_html(&format!("{path}?done=deactivated")).await;
    assert!(page.contains("Reactivate account"));

    let res = admin.post(&path, &[("action", "reactivate")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        accounts::user_by_id(&app.db.db, &id)
            .await
            .unwrap()
            .unwrap()
            .active
    );
    let entries = audit_of(&app, "role-changed").await;
    assert_eq!(entries[0].detail.as_deref(), Some("reactivated"));

    // Not oneself.
    let res = admin
        .post(
            &format!("/staff/admin/users/{}", admin.id),
            &[("action", "deactivate")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("You cannot deactivate your own account")
    );
    assert!(still_signed_in(&admin).await);
    assert_eq!(audit_of(&app, "user-deactivated").await.len(), 1);
}

#[tokio::test]
async fn reset_mfa_clears_the_factor_ends_sessions_and_gives_a_setup_link() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;
    let provider = add_org(&app, Kind::Provider, "Voice Advocacy", None).await;
    let (id, secret) =
        create_account(&app, "ada@example.org", Role::Advocate, Some(&provider)).await;
    let ada = sign_in(&app, "ada@example.org", &secret, &id).await;

    let path = format!("/staff/admin/users/{id}");
    let res = admin.post(&path, &[("action", "reset-mfa")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("Authenticator app reset for Test Person"));
    let link = shown_once(&page, "setup-link");
    assert!(link.contains("/staff/setup?token="));
    let user = accounts::user_by_id(&app.db.db, &id)
        .await
        .unwrap()
        .unwrap();
    assert!(!user.has_totp);
    assert!(!still_signed_in(&ada).await);
    let entries = audit_of(&app, "mfa-reset").await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].record_id.as_deref(), Some(id.as_str()));
    let res = http().get(&link).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Reset password: a reset link, audited.
    let res = admin.post(&path, &[("action", "reset-password")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("It works once, for 1 hour"));
    let link = shown_once(&page, "reset-link");
    assert!(link.contains("/staff/reset?token="), "{link}");
    let res = http().get(&link).send().await.unwrap();
    let cookie = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .next()
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap();
    let reset = http()
        .get(app.url("/staff/reset"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(reset.contains("Choose a new password"), "{reset}");
    assert_eq!(audit_of(&app, "password-reset-requested").await.len(), 1);

    // Not one's own authenticator app (the page offers no such form; the error says why).
    let res = admin
        .post(
            &format!("/staff/admin/users/{}", admin.id),
            &[("action", "reset-mfa")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("You cannot reset your own authenticator app"));
    assert!(!page.contains("href=\"#reset-mfa\""));
    assert!(still_signed_in(&admin).await);
    assert_eq!(audit_of(&app, "mfa-reset").await.len(), 1);
}

#[tokio::test]
async fn unknown_user_is_the_404_page() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;
    let res = admin.get("/staff/admin/users/no-such-user").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = admin
        .post(
            "/staff/admin/users/no-such-user",
            &[("action", "deactivate")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

both_backends!(api_tokens_are_shown_once_work_and_can_be_revoked, |app| {
    let admin = admin(&app).await;
    let hospital = add_org(&app, Kind::Hospital, "St Elsewhere", Some("RXX01")).await;
    let provider = add_org(&app, Kind::Provider, "Voice Advocacy", None).await;

    let page = admin.get_html("/staff/admin/tokens").await;
    assert!(page.contains("No tokens have been issued yet"));

    // The feed is for hospitals only.
    let res = admin
        .post(
            "/staff/admin/tokens",
            &[
                ("action", "create"),
                ("organisation_id", &provider),
                ("scope", "feed"),
                ("label", "Feed"),
            ],
        )
        .await;
    let page = res.text().await.unwrap();
    assert!(page.contains("<title>Error: API tokens"), "{page}");
    assert!(page.contains("Only a hospital can send the legal-status feed"));

    let res = admin
        .post(
            "/staff/admin/tokens",
            &[
                ("action", "create"),
                ("organisation_id", &hospital),
                ("scope", "feed"),
                ("label", "MHA office system"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("It will not be shown again"));
    let token = shown_once(&page, "api-token");
    assert!(token.starts_with("imha_"), "{token}");
    let client = organisations::authenticate(&app.db.db, &token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(client.organisation_id, hospital);
    assert_eq!(client.scope, organisations::Scope::Feed);
    let created = audit_of(&app, "api-token-created").await;
    assert_eq!(created.len(), 1);
    assert_eq!(
        created[0].record_id.as_deref(),
        Some(client.token_id.as_str())
    );

    // Listed, without the token itself.
    let list = admin.get_html("/staff/admin/tokens").await;
    assert!(list.contains("MHA office system"));
    assert!(list.contains("St Elsewhere"));
    assert!(!list.contains(&token));

    let res = admin
        .post(
            "/staff/admin/tokens",
            &[("action", "revoke"), ("token_id", &client.token_id)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        organisations::authenticate(&app.db.db, &token)
            .await
            .unwrap()
            .is_none()
    );
    let revoked = audit_of(&app, "api-token-revoked").await;
    assert_eq!(revoked.len(), 1);
    assert_eq!(
        revoked[0].record_id.as_deref(),
        Some(client.token_id.as_str())
    );
    // Revoking again changes nothing and writes nothing.
    let res = admin
        .post(
            "/staff/admin/tokens",
            &[("action", "revoke"), ("token_id", &client.token_id)],
        )
        .await;
    assert_eq!(
        res.headers()[LOCATION],
        "/staff/admin/tokens?done=not-revoked"
    );
    assert_eq!(audit_of(&app, "api-token-revoked").await.len(), 1);
    let list = admin.get_html("/staff/admin/tokens?done=revoked").await;
    assert!(list.contains("Token revoked"));
    assert!(list.contains("Revoked "));
});

#[tokio::test]
async fn organisations_wards_and_areas_are_added_and_audited() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;

    let res = admin
        .post(
            "/staff/admin/organisations",
            &[
                ("action", "add-organisation"),
                ("kind", "hospital"),
                ("name", "St Elsewhere"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    assert!(page.contains("<title>Error: Organisations"));
    assert!(page.contains("Enter the hospital&#39;s ODS code"), "{page}");
    assert!(page.contains("Select England or Wales"));
    assert!(page.contains("value=\"St Elsewhere\""));

    for (kind, name, ods) in [
        ("hospital", "St Elsewhere", "rxx01"),
        ("local-authority", "Borsetshire Council", ""),
    ] {
        let res = admin
            .post(
                "/staff/admin/organisations",
                &[
                    ("action", "add-organisation"),
                    ("kind", kind),
                    ("name", name),
                    ("ods_code", ods),
                    ("jurisdiction", "wales"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{name}");
    }
    let orgs = organisations::list(&app.db.db).await.unwrap();
    let hospital = orgs.iter().find(|o| o.kind == Kind::Hospital).unwrap();
    let council = orgs
        .iter()
        .find(|o| o.kind == Kind::LocalAuthority)
        .unwrap();
    assert_eq!(hospital.ods_code.as_deref(), Some("RXX01"));
    assert_eq!(hospital.jurisdiction, "wales");
    assert_eq!(audit_of(&app, "organisation-created").await.len(), 2);

    let page = admin
        .get_html("/staff/admin/organisations?done=organisation")
        .await;
    assert!(page.contains("Organisation added"));
    assert!(page.contains("RXX01"));
    assert!(page.contains("Add a ward to a hospital"));

    let res = admin
        .post(
            "/staff/admin/organisations",
            &[
                ("action", "add-ward"),
                ("hospital_id", &hospital.id),
                ("ward_name", "Willow"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let wards = organisations::wards(&app.db.db, &hospital.id)
        .await
        .unwrap();
    assert_eq!(wards.len(), 1);
    let res = admin
        .post(
            "/staff/admin/organisations",
            &[
                ("action", "add-to-area"),
                ("local_authority_id", &council.id),
                ("member_id", &hospital.id),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        organisations::area_members(&app.db.db, &council.id)
            .await
            .unwrap(),
        vec![hospital.id.clone()]
    );
    let changes = audit_of(&app, "record-changed").await;
    assert_eq!(changes.len(), 2);
    assert!(
        changes
            .iter()
            .all(|e| e.record_type.as_deref() == Some("organisation"))
    );
    let page = admin.get_html("/staff/admin/organisations").await;
    assert!(page.contains("Wards: Willow"));
    assert!(page.contains("Area: St Elsewhere"));

    // A duplicate ward is refused with the reason.
    let page = admin
        .post(
            "/staff/admin/organisations",
            &[
                ("action", "add-ward"),
                ("hospital_id", &hospital.id),
                ("ward_name", "Willow"),
            ],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("already has a ward with that name"));
}

const ADMIN_GETS: &[&str] = &[
    "/staff/admin/users",
    "/staff/admin/users/new",
    "/staff/admin/organisations",
    "/staff/admin/tokens",
    "/staff/admin/audit",
    "/staff/admin/audit/export",
];

#[tokio::test]
async fn an_advocate_is_refused_every_admin_page() {
    let app = TestApp::sqlite().await;
    let provider = add_org(&app, Kind::Provider, "Voice Advocacy", None).await;
    let (id, secret) =
        create_account(&app, "ada@example.org", Role::Advocate, Some(&provider)).await;
    let ada = sign_in(&app, "ada@example.org", &secret, &id).await;
    let mut paths: Vec<String> = ADMIN_GETS.iter().map(|p| p.to_string()).collect();
    paths.push(format!("/staff/admin/users/{id}"));
    for path in &paths {
        assert_eq!(
            ada.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "GET {path}"
        );
    }
    for path in [
        "/staff/admin/users/new",
        "/staff/admin/organisations",
        "/staff/admin/tokens",
    ] {
        let res = ada.post(path, &[("name", "x")]).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    let res = ada
        .post(
            &format!("/staff/admin/users/{id}"),
            &[("action", "change-role"), ("role", "admin")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let me = accounts::user_by_id(&app.db.db, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(me.role, Role::Advocate);
    // Not signed in: to the sign-in page.
    for path in ADMIN_GETS {
        let res = http().get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.headers()[LOCATION], "/staff/login");
    }
}

#[tokio::test]
async fn a_form_without_the_session_token_is_refused() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;
    let provider = add_org(&app, Kind::Provider, "Voice Advocacy", None).await;
    let res = admin
        .post_raw(
            "/staff/admin/users/new",
            &[
                ("name", "Ada"),
                ("email", "ada@example.org"),
                ("role", "advocate"),
                ("organisation_id", &provider),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = admin
        .post_raw(
            "/staff/admin/tokens",
            &[
                ("csrf", "wrong"),
                ("organisation_id", &provider),
                ("scope", "referrals"),
                ("label", "x"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(accounts::count_users(&app.db.db).await.unwrap(), 1);
    assert!(
        organisations::list_tokens(&app.db.db)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn every_admin_page_has_one_h1_labels_and_a_form_token() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;
    add_org(&app, Kind::Hospital, "St Elsewhere", Some("RXX01")).await;
    add_org(&app, Kind::LocalAuthority, "Borsetshire Council", None).await;
    let mut paths: Vec<String> = ADMIN_GETS
        .iter()
        .filter(|p| !p.ends_with("/export"))
        .map(|p| p.to_string())
        .collect();
    paths.push(format!("/staff/admin/users/{}", admin.id));
    for path in &paths {
        let page = admin.get_html(path).await;
        assert_eq!(page.matches("<h1").count(), 1, "{path}");
        let forms = page.matches("<form method=\"post\"").count();
        let tokens = page
            .matches(&format!("name=\"csrf\" value=\"{}\"", admin.csrf))
            .count();
        assert_eq!(forms, tokens, "{path}: every form carries the token");
        assert!(!page.contains("Error:"), "{path}");
    }
}

#[tokio::test]
async fn the_audit_trail_is_searched_and_exported_and_both_are_audited() {
    let app = TestApp::sqlite().await;
    let admin = admin(&app).await;
    let page = admin.get_html("/staff/admin/audit").await;
    assert!(page.contains("<h1"));
    assert_eq!(audit_of(&app, "audit-searched").await.len(), 1);
    let res = admin.get("/staff/admin/audit/export").await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("seq,at,"), "{csv}");
    assert!(csv.contains("audit-searched"));
    assert_eq!(audit_of(&app, "audit-exported").await.len(), 1);
}
