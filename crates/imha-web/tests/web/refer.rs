//! The public referral form over HTTP, on SQLite and PostgreSQL: every page of a referral to
//! one stored referral, errors that keep what was typed, the final check, the hidden field
//! that stops robots, the draft cookie, the eligibility signposting and the emails.

use std::collections::BTreeMap;

use imha_core::referrals::{self, Answer, Channel, HelpKind, ReferrerKind, Whereabouts};
use imha_core::testing::TestDb;
use imha_law::Status;
use reqwest::StatusCode;

use crate::support::{TestApp, http, test_config};

mod browser;

/// One test body on a server over SQLite and one over PostgreSQL, each started with
/// `$config` (and `$mailer`).
macro_rules! both_with {
    ($name:ident, $config:expr, $mailer:expr, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app =
                    TestApp::start_with_mailer(TestDb::sqlite().await, $config, $mailer).await;
                $body
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let $app =
                    TestApp::start_with_mailer(TestDb::postgres().await, $config, $mailer).await;
                $body
            }
        }
    };
}

pub const PHONE: &str = "0300 123 4567";

/// The test configuration with the provider's phone number.
pub fn config_with_phone() -> imha_web::Config {
    imha_web::Config {
        contact_phone: Some(PHONE.into()),
        ..test_config()
    }
}

/// Someone filling in the form: a browser's cookie jar over the no-redirect client.
pub struct Person<'a> {
    app: &'a TestApp,
    cookies: BTreeMap<String, String>,
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

impl<'a> Person<'a> {
    pub fn new(app: &'a TestApp) -> Person<'a> {
        Person {
            app,
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, res: &reqwest::Response) {
        for value in res.headers().get_all("set-cookie") {
            let value = value.to_str().unwrap();
            let (pair, attributes) = value.split_once(';').unwrap_or((value, ""));
            let (name, v) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), v.to_string());
            }
        }
    }

    pub fn draft_token(&self) -> Option<String> {
        // `__Host-imha_referral` when the service is reached over TLS.
        self.cookies
            .iter()
            .find(|(k, _)| k.ends_with("imha_referral"))
            .map(|(_, v)| v.clone())
    }

    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        let res = http()
            .get(self.app.url(path))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep_cookies(&res);
        res
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let res = http()
            .post(self.app.url(path))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&res);
        res
    }

    /// Post a page's answers; they must be accepted. Returns where it redirects to.
    pub async fn answer(&mut self, path: &str, form: &[(&str, &str)]) -> String {
        let res = self.post(path, form).await;
        let status = res.status();
        let to = location(&res);
        let body = res.text().await.unwrap();
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "{path} {form:?} was refused:\n{}",
            main_of(&body)
        );
        to
    }

    /// Post a page's answers expecting them refused: the page again, with errors.
    pub async fn refused(&mut self, path: &str, form: &[(&str, &str)]) -> String {
        let res = self.post(path, form).await;
        assert_eq!(res.status(), StatusCode::OK, "{path} {form:?}");
        let body = res.text().await.unwrap();
        assert!(body.contains("<title>Error: "), "{}", main_of(&body));
        assert!(body.contains("There is a problem"));
        body
    }

    pub async fn page(&mut self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        res.text().await.unwrap()
    }

    /// "Start now".
    pub async fn start(&mut self) {
        assert_eq!(self.answer("/refer", &[]).await, "/refer/who");
        assert!(self.draft_token().is_some());
    }
}

pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    &html[start..end]
}

/// One page of a journey: the page, the answers given, the page it leads to.
pub type Step = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static str,
);

/// A self-referral from a ward, page by page: (page, answers, the next page).
pub fn self_referral() -> Vec<Step> {
    vec![
        ("/refer/who", vec![("referrer", "self")], "/refer/name"),
        (
            "/refer/name",
            vec![("given_name", "Sam"), ("family_name", "Okafor")],
            "/refer/date-of-birth",
        ),
        (
            "/refer/date-of-birth",
            vec![
                ("date_of_birth-day", "1"),
                ("date_of_birth-month", "5"),
                ("date_of_birth-year", "1990"),
            ],
            "/refer/nhs-number",
        ),
        (
            "/refer/nhs-number",
            vec![("nhs_number", "943 476 5919")],
            "/refer/where",
        ),
        (
            "/refer/where",
            vec![("whereabouts", "hospital")],
            "/refer/hospital",
        ),
        (
            "/refer/hospital",
            vec![("hospital_name", "Northshire General"), ("ward", "Willow")],
            "/refer/contact",
        ),
        (
            "/refer/contact",
            vec![("phone", "01632 960 001"), ("email", "")],
            "/refer/section",
        ),
        // Section 3 qualifies in England and in Wales: the country is not asked.
        (
            "/refer/section",
            vec![("legal_status", "s3")],
            "/refer/help",
        ),
        (
            "/refer/help",
            vec![
                ("help", "rights"),
                ("help", "tribunal"),
                ("help", "other"),
                ("help_other", "Getting leave to see my children"),
            ],
            "/refer/communication",
        ),
        (
            "/refer/communication",
            vec![
                ("communication", "interpreter"),
                ("interpreter_language", "Polish"),
                ("communication", "easy-read"),
            ],
            "/refer/before-visiting",
        ),
        (
            "/refer/before-visiting",
            vec![("risk", "Mornings are best.\nAsk for me at the desk.")],
            "/refer/check",
        ),
    ]
}

/// A carer's referral up to the check page, without the page asking whether the person knows
/// (and agrees): those are left for the test.
pub fn carer_referral_without_consent() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("/refer/who", vec![("referrer", "carer")]),
        (
            "/refer/name",
            vec![("given_name", "Ana"), ("family_name", "Silva")],
        ),
        ("/refer/date-of-birth", vec![]),
        ("/refer/nhs-number", vec![]),
        // In hospital first, then changed to the community: the hospital is not sent.
        ("/refer/where", vec![("whereabouts", "hospital")]),
        ("/refer/hospital", vec![("hospital_name", "St Elsewhere")]),
        ("/refer/where", vec![("whereabouts", "community")]),
        (
            "/refer/address",
            vec![("address", "1 High Street\nNorthtown\nNT1 1AA")],
        ),
        ("/refer/contact", vec![]),
        ("/refer/section", vec![("legal_status", "cto")]),
        ("/refer/help", vec![("help", "meetings")]),
        ("/refer/communication", vec![("communication", "none")]),
        ("/refer/before-visiting", vec![]),
        (
            "/refer/about-you",
            vec![
                ("referrer_name", "Jo Silva"),
                ("referrer_email", "jo@example.org"),
            ],
        ),
    ]
}

both_with!(
    a_self_referral_through_every_page_is_stored_once,
    test_config(),
    imha_core::mail::Mailer::Off,
    |app| {
        let start = app.get("/refer").await;
        assert_eq!(start.status(), StatusCode::OK);
        let start = start.text().await.unwrap();
        assert!(start.contains("Start now"), "{}", main_of(&start));
        assert!(start.contains("It is free"));
        let mut person = Person::new(&app);
        let res = person.post("/refer", &[]).await;
        assert_eq!(location(&res), "/refer/who");
        let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        assert!(
            !set_cookie.contains("Secure"),
            "plain HTTP here: {set_cookie}"
        );
        let token = person.draft_token().unwrap();
        assert_eq!(token.len(), 64, "an unguessable random token");

        for (page, form, next) in self_referral() {
            let shown = person.get(page).await;
            assert_eq!(shown.status(), StatusCode::OK, "{page}");
            assert_eq!(
                shown.headers()["cache-control"],
                "no-store",
                "{page} holds personal data"
            );
            let html = shown.text().await.unwrap();
            assert!(
                html.contains(r#"name="imha_leave_blank""#),
                "{page}: honeypot"
            );
            assert_eq!(person.answer(page, &form).await, next, "after {page}");
        }
        let check = person.page("/refer/check").await;
        let main = main_of(&check);
        for expected in [
            "Sam Okafor",
            "1 May 1990",
            "943 476 5919",
            "Northshire General",
            "Ward: Willow",
            "Section 3",
            "Understand your rights under the Mental Health Act",
            "Something else: Getting leave to see my children",
            "An interpreter: Polish",
            "Easy Read information",
            "Mornings are best.<br>Ask for me at the desk.",
            r#"href="/refer/name?change=yes""#,
        ] {
            assert!(main.contains(expected), "{expected} in {main}");
        }
        assert_eq!(
            main.matches(">About you<").count(),
            1,
            "no referrer details"
        );
        assert!(
            !main.contains("Knows about the referral"),
            "not asked of self-referrals"
        );

        let res = person.post("/refer/check", &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res), "/refer/sent");
        assert!(
            person.draft_token().is_none(),
            "the draft cookie is cleared"
        );
        let sent = person.page("/refer/sent").await;

        let queue = referrals::queue(&app.db.db).await.unwrap();
        assert_eq!(queue.len(), 1);
        let r = &queue[0].referral;
        assert!(
            sent.contains(&format!("<strong>{}</strong>", r.reference)),
            "{}",
            main_of(&sent)
        );
        assert!(sent.contains("Referral sent"));
        assert!(
            sent.contains("you have the right to an IMHA"),
            "{}",
            main_of(&sent)
        );
        assert!(!sent.contains("Care Act advocacy"));
        assert_eq!(r.channel, Channel::PublicForm);
        assert_eq!(r.referrer, ReferrerKind::SelfReferral);
        assert_eq!(r.full_name(), "Sam Okafor");
        assert_eq!(r.date_of_birth, Some(jiff::civil::date(1990, 5, 1)));
        assert_eq!(r.nhs_number.as_ref().unwrap().as_str(), "9434765919");
        assert_eq!(r.whereabouts, Whereabouts::Hospital);
        assert_eq!(r.hospital_name.as_deref(), Some("Northshire General"));
        assert_eq!(r.ward.as_deref(), Some("Willow"));
        assert_eq!(r.address, None);
        assert_eq!(r.phone.as_deref(), Some("01632 960 001"));
        assert_eq!(r.email, None);
        assert_eq!(r.legal_status, Some(Status::S3));
        assert_eq!(
            r.help,
            vec![HelpKind::Rights, HelpKind::Tribunal, HelpKind::Other]
        );
        assert_eq!(
            r.help_other.as_deref(),
            Some("Getting leave to see my children")
        );
        assert_eq!(r.interpreter_language.as_deref(), Some("Polish"));
        assert!(!r.bsl);
        assert!(r.easy_read);
        assert_eq!(r.communication_other, None);
        assert_eq!(
            r.risk.as_deref(),
            Some("Mornings are best.\nAsk for me at the desk.")
        );
        assert_eq!(r.knows_about_referral, None);
        assert_eq!(r.referrer_name, None);
        assert_eq!(r.appears_eligible, Some(true));

        // The draft went with the referral, in the same transaction.
        assert_eq!(
            referrals::load_draft(&app.db.db, &token, jiff::Timestamp::now())
                .await
                .unwrap(),
            None
        );
        // The same form sent again (a double click, a resent request) stores nothing more.
        let again = http()
            .post(app.url("/refer/check"))
            .header("cookie", format!("imha_referral={token}"))
            .form(&[("x", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::OK);
        let again = again.text().await.unwrap();
        assert!(
            again.contains("your referral was sent the first time"),
            "{}",
            main_of(&again)
        );
        // A browser that already has the first answer's cookie goes to the confirmation.
        let with_sent = http()
            .post(app.url("/refer/check"))
            .header(
                "cookie",
                format!("imha_referral={token}; {}", person.cookie_header()),
            )
            .form(&[("x", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&with_sent), "/refer/sent");
        assert_eq!(referrals::queue(&app.db.db).await.unwrap().len(), 1);
    }
);

both_with!(
    pages_with_errors_keep_what_was_typed,
    test_config(),
    imha_core::mail::Mailer::Off,
    |app| {
        let mut person = Person::new(&app);
        person.start().await;
        let page = person.refused("/refer/who", &[]).await;
        assert!(page.contains(r##"<a href="#referrer">Select who is making the referral</a>"##));
        person.answer("/refer/who", &[("referrer", "self")]).await;

        let page = person
            .refused(
                "/refer/name",
                &[("given_name", "Sam"), ("family_name", " ")],
            )
            .await;
        assert!(page.contains("<title>Error: What is your name?"));
        assert!(page.contains(
            r##"<a href="#family_name">Enter the last name of the person who wants an advocate</a>"##
        ));
        assert!(page.contains(r#"value="Sam""#), "{}", main_of(&page));
        assert!(page.contains(r#"autocomplete="given-name""#), "own details");
        person
            .answer(
                "/refer/name",
                &[("given_name", "Sam"), ("family_name", "Okafor")],
            )
            .await;

        // Dates: the part missing, then a date that does not exist, then one in the future.
        let dob = |d: &'static str, m: &'static str, y: &'static str| {
            [
                ("date_of_birth-day", d),
                ("date_of_birth-month", m),
                ("date_of_birth-year", y),
            ]
        };
        let page = person
            .refused("/refer/date-of-birth", &dob("12", "", "1990"))
            .await;
        assert!(
            page.contains(
                r##"<a href="#date_of_birth-month">Date of birth must include a month</a>"##
            ),
            "{}",
            main_of(&page)
        );
        assert!(page.contains(r#"value="12""#) && page.contains(r#"value="1990""#));
        let page = person
            .refused("/refer/date-of-birth", &dob("31", "2", "1990"))
            .await;
        assert!(page.contains("Date of birth must be a real date"));
        assert!(page.contains(r#"value="31""#));
        let page = person
            .refused("/refer/date-of-birth", &dob("1", "1", "90"))
            .await;
        assert!(
            page.contains(r##"<a href="#date_of_birth-year">Year must include 4 numbers</a>"##)
        );
        let page = person
            .refused("/refer/date-of-birth", &dob("1", "1", "2999"))
            .await;
        assert!(page.contains("Date of birth must be today or in the past"));
        // Left blank: not known, which is fine.
        assert_eq!(
            person
                .answer("/refer/date-of-birth", &dob("", "", ""))
                .await,
            "/refer/nhs-number"
        );

        let page = person
            .refused("/refer/nhs-number", &[("nhs_number", "943 476 5918")])
            .await;
        assert!(page.contains("NHS number check digit does not match"));
        assert!(page.contains(r#"value="943 476 5918""#));
        person.answer("/refer/nhs-number", &[]).await;

        let page = person.refused("/refer/where", &[]).await;
        assert!(page.contains(
            r##"<a href="#whereabouts">Select whether the person is in hospital or in the community</a>"##
        ));
        assert_eq!(
            person
                .answer("/refer/where", &[("whereabouts", "community")])
                .await,
            "/refer/address"
        );
        let page = person.refused("/refer/address", &[("address", " ")]).await;
        assert!(page.contains(
            r##"<a href="#address">Enter the address where the person can be contacted</a>"##
        ));
        assert!(page.contains(r#"autocomplete="street-address""#));
        person
            .answer("/refer/address", &[("address", "1 High Street")])
            .await;
        // Someone referring themself from home must give a way to reach them.
        let page = person
            .refused("/refer/contact", &[("phone", ""), ("email", "sam@")])
            .await;
        assert!(page.contains("Email address must be in the right format"));
        assert!(page.contains(r#"value="sam@""#));
        let page = person.refused("/refer/contact", &[]).await;
        assert!(page.contains("Enter a phone number or an email address so we can contact you"));
        person
            .answer("/refer/contact", &[("email", "sam@example.org")])
            .await;

        let page = person.refused("/refer/section", &[]).await;
        assert!(
            page.contains(r##"<a href="#legal_status">Select the section or order, or select I"##)
        );
        person
            .answer("/refer/section", &[("legal_status", "not-sure")])
            .await;

        let page = person
            .refused("/refer/help", &[("help", "other"), ("help_other", "")])
            .await;
        assert!(page.contains("Describe the other help the person wants"));
        assert!(page.contains(r#"value="other" checked"#));
        person.answer("/refer/help", &[("help", "rights")]).await;

        let page = person
            .refused(
                "/refer/communication",
                &[
                    ("communication", "interpreter"),
                    ("interpreter_language", ""),
                ],
            )
            .await;
        assert!(page.contains(
            r##"<a href="#interpreter_language">Enter the language the interpreter should speak</a>"##
        ));
        assert!(page.contains(r#"value="interpreter" checked"#));
        let page = person.refused("/refer/communication", &[]).await;
        assert!(page.contains("Select the help needed to communicate"));
        let page = person
            .refused(
                "/refer/communication",
                &[("communication", "bsl"), ("communication", "none")],
            )
            .await;
        assert!(page.contains("Select the help needed to communicate"));
        assert!(page.contains(r#"value="bsl" checked"#));

        // Nothing refused was saved: the draft still has no communication answer.
        let draft = referrals::load_draft(
            &app.db.db,
            &person.draft_token().unwrap(),
            jiff::Timestamp::now(),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(draft.bsl, None);
        assert_eq!(draft.date_of_birth, None);
        assert_eq!(draft.email.as_deref(), Some("sam@example.org"));
    }
);

both_with!(
    a_third_party_must_say_whether_the_person_knows_and_agrees,
    test_config(),
    imha_core::mail::Mailer::Off,
    |app| {
        let mut person = Person::new(&app);
        person.start().await;
        // Skip the consent questions by going straight to the next pages.
        for (page, form) in carer_referral_without_consent() {
            person.answer(page, &form).await;
        }
        let page = person.post("/refer/check", &[]).await;
        assert_eq!(page.status(), StatusCode::OK);
        let page = page.text().await.unwrap();
        assert!(
            page.contains("<title>Error: Check your answers before sending your referral"),
            "{}",
            main_of(&page)
        );
        assert!(page.contains(
            r#"<a href="/refer/knows?change=yes">Select whether the person knows about this referral</a>"#
        ), "{}", main_of(&page));
        assert!(page.contains("Jo Silva"), "the answers are all still there");
        assert!(
            !page.contains("St Elsewhere"),
            "only the address of the choice made"
        );
        assert!(referrals::queue(&app.db.db).await.unwrap().is_empty());

        // The knows page itself insists too.
        let knows = person.page("/refer/knows?change=yes").await;
        assert!(knows.contains("Does Ana Silva know about this referral?"));
        let refused = person.refused("/refer/knows?change=yes", &[]).await;
        assert!(refused.contains("Select whether the person knows about this referral"));
        // Yes: then whether they agree, then back to the check page.
        assert_eq!(
            person
                .answer(
                    "/refer/knows?change=yes",
                    &[("knows_about_referral", "yes")]
                )
                .await,
            "/refer/agrees?change=yes"
        );
        let page = person.post("/refer/check", &[]).await.text().await.unwrap();
        assert!(page.contains("Select whether the person agrees to this referral"));
        assert_eq!(
            person
                .answer(
                    "/refer/agrees?change=yes",
                    &[("agrees_to_referral", "not-sure")]
                )
                .await,
            "/refer/check"
        );
        assert_eq!(
            location(&person.post("/refer/check", &[]).await),
            "/refer/sent"
        );
        let queue = referrals::queue(&app.db.db).await.unwrap();
        assert_eq!(queue.len(), 1);
        let r = &queue[0].referral;
        assert_eq!(r.referrer, ReferrerKind::Carer);
        assert_eq!(r.knows_about_referral, Some(Answer::Yes));
        assert_eq!(r.agrees_to_referral, Some(Answer::NotSure));
        assert_eq!(r.referrer_name.as_deref(), Some("Jo Silva"));
        assert_eq!(r.referrer_email.as_deref(), Some("jo@example.org"));
        assert_eq!(r.whereabouts, Whereabouts::Community);
        assert_eq!(
            r.address.as_deref(),
            Some("1 High Street\nNorthtown\nNT1 1AA")
        );
        assert_eq!(r.hospital_name, None);
        assert_eq!(r.legal_status, Some(Status::Cto));
        assert!(!r.bsl && !r.easy_read && r.interpreter_language.is_none());
    }
);

both_with!(
    a_filled_in_hidden_field_stores_nothing,
    config_with_phone(),
    imha_core::mail::Mailer::Off,
    |app| {
        let mut person = Person::new(&app);
        person.start().await;
        for (page, form, _) in self_referral() {
            person.answer(page, &form).await;
        }
        let token = person.draft_token().unwrap();
        let res = person
            .post(
                "/refer/check",
                &[("imha_leave_blank", "http://spam.example")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Your referral could not be sent"),
            "{}",
            main_of(&page)
        );
        assert!(page.contains(PHONE), "the service's phone number instead");
        assert!(referrals::queue(&app.db.db).await.unwrap().is_empty());
        assert!(person.draft_token().is_none());
        assert_eq!(
            referrals::load_draft(&app.db.db, &token, jiff::Timestamp::now())
                .await
                .unwrap(),
            None,
            "and the answers are deleted"
        );
        // The same on a question page and on "Start now".
        person.start().await;
        let page = person
            .post(
                "/refer/who",
                &[("referrer", "self"), ("imha_leave_blank", "x")],
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Your referral could not be sent"));
        let page = person
            .post("/refer", &[("imha_leave_blank", "x")])
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Your referral could not be sent"));
        assert!(person.draft_token().is_none());
    }
);

both_with!(
    later_pages_without_a_draft_go_to_the_start,
    config_with_phone(),
    imha_core::mail::Mailer::Off,
    |app| {
        for path in ["/refer/check", "/refer/name", "/refer/sent"] {
            let res = app.get(path).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
            assert_eq!(location(&res), "/refer", "{path}");
        }
        let res = http()
            .post(app.url("/refer/name"))
            .form(&[("given_name", "Sam")])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), "/refer");
        assert_eq!(
            app.get("/refer/no-such-question").await.status(),
            StatusCode::NOT_FOUND
        );
        // A draft that has expired (or never existed) says so, and the cookie goes.
        let res = http()
            .get(app.url("/refer/check"))
            .header("cookie", "imha_referral=0123abcd")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        let page = res.text().await.unwrap();
        assert!(page.contains("Your answers have been deleted"));
        assert!(page.contains("4 hours after the last change"));
        assert!(page.contains(r#"href="/refer""#));
        assert!(page.contains(PHONE));
        // The start page offers the phone too.
        assert!(
            app.get("/refer")
                .await
                .text()
                .await
                .unwrap()
                .contains(PHONE)
        );
        // And the home page leads here.
        assert!(
            app.get("/")
                .await
                .text()
                .await
                .unwrap()
                .contains(r#"href="/refer""#)
        );
    }
);

both_with!(
    a_section_136_referral_is_sent_and_signposts_other_advocacy,
    test_config(),
    imha_core::mail::Mailer::Off,
    |app| {
        let mut person = Person::new(&app);
        person.start().await;
        person
            .answer("/refer/who", &[("referrer", "professional")])
            .await;
        person
            .answer(
                "/refer/name",
                &[("given_name", "Lee"), ("family_name", "Evans")],
            )
            .await;
        person.answer("/refer/date-of-birth", &[]).await;
        person.answer("/refer/nhs-number", &[]).await;
        person
            .answer("/refer/where", &[("whereabouts", "hospital")])
            .await;
        let page = person.refused("/refer/hospital", &[("ward", "Ash")]).await;
        assert!(page.contains("Enter the name of the hospital"));
        assert!(page.contains(r#"value="Ash""#));
        person
            .answer(
                "/refer/hospital",
                &[("hospital_name", "Place of Safety Suite")],
            )
            .await;
        person.answer("/refer/contact", &[]).await;
        // Section 4 qualifies in Wales but not in England: so the country is asked.
        assert_eq!(
            person
                .answer("/refer/section", &[("legal_status", "s4")])
                .await,
            "/refer/country"
        );
        let page = person.refused("/refer/country", &[]).await;
        assert!(page.contains("Select England or Wales"));
        person
            .answer("/refer/country", &[("jurisdiction", "wales")])
            .await;
        // Section 136 qualifies in neither: the country is not asked (and not sent).
        assert_eq!(
            person
                .answer("/refer/section", &[("legal_status", "s136")])
                .await,
            "/refer/help"
        );
        person.answer("/refer/help", &[("help", "rights")]).await;
        person
            .answer("/refer/communication", &[("communication", "bsl")])
            .await;
        assert_eq!(
            person
                .answer("/refer/knows", &[("knows_about_referral", "no")])
                .await,
            "/refer/before-visiting",
            "agreement is asked only when the person knows"
        );
        assert_eq!(
            person.answer("/refer/before-visiting", &[]).await,
            "/refer/about-you"
        );
        let about = person.page("/refer/about-you").await;
        assert!(
            about.contains("Your job title (optional)"),
            "professionals only"
        );
        let page = person
            .refused(
                "/refer/about-you",
                &[("referrer_name", ""), ("referrer_phone", "")],
            )
            .await;
        assert!(page.contains("Enter your name"));
        assert!(page.contains("Enter your phone number or email address so we can contact you"));
        person
            .answer(
                "/refer/about-you",
                &[
                    ("referrer_name", "Dr Kim Patel"),
                    ("referrer_role", "Section 12 doctor"),
                    ("referrer_organisation", "Northshire NHS Trust"),
                    ("referrer_phone", "01632 960 002"),
                ],
            )
            .await;
        let check = person.page("/refer/check").await;
        assert!(!check.contains("England or Wales"));
        assert!(check.contains("Northshire NHS Trust"));
        assert_eq!(
            location(&person.post("/refer/check", &[]).await),
            "/refer/sent"
        );
        let sent = person.page("/refer/sent").await;
        let main = main_of(&sent);
        for expected in [
            "The person may not be able to get an IMHA",
            "Section 136 is a short emergency power",
            "We have still sent your referral",
            "Care Act advocacy",
            "independent mental capacity advocate (IMCA)",
            "NHS complaints advocacy",
            "Mental Health Act 1983, section 130C",
        ] {
            assert!(main.contains(expected), "{expected} in {main}");
        }
        let queue = referrals::queue(&app.db.db).await.unwrap();
        assert_eq!(queue.len(), 1, "never refused");
        let r = &queue[0].referral;
        assert_eq!(r.appears_eligible, Some(false));
        assert_eq!(r.legal_status, Some(Status::S136));
        // "Wales" was for section 4; it does not matter for section 136, so was not sent.
        assert_eq!(r.jurisdiction, imha_law::Jurisdiction::England);
        assert_eq!(r.knows_about_referral, Some(Answer::No));
        assert_eq!(r.agrees_to_referral, None);
        assert!(r.bsl);
        assert_eq!(r.referrer_role.as_deref(), Some("Section 12 doctor"));
    }
);

/// Mail written to `dir`, once `count` messages are there (sending happens after the answer).
/// The `count` emails in `dir`, once they are all there and fully written: mail is sent after
/// the response, and the file transport creates a file before it has written the message, so
/// a file is read only when it is non-empty and unchanged since the previous look.
async fn mail_in(dir: &std::path::Path, count: usize) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut previous: Vec<String> = Vec::new();
    loop {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let contents: Vec<String> = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap_or_default())
            .collect();
        if contents.len() >= count && contents.iter().all(|c| !c.is_empty()) && contents == previous
        {
            // Quoted-printable bodies: undo the soft line breaks.
            return contents
                .iter()
                .map(|c| {
                    c.replace("=\r\n", "")
                        .replace("=\n", "")
                        .replace("=3D", "=")
                })
                .collect();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "expected {count} complete emails, found {}",
            contents.len()
        );
        previous = contents;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn mail_app(db: TestDb, dir: &std::path::Path) -> TestApp {
    let mailer = imha_core::mail::Mailer::from_config(
        None,
        Some(dir.to_path_buf()),
        "IMHA <no-reply@imha.example>",
    )
    .unwrap();
    let config = imha_web::Config {
        public_url: Some("https://imha.example.org".into()),
        ..test_config()
    };
    TestApp::start_with_mailer(db, config, mailer).await
}

async fn managers_and_referrer_are_emailed(app: TestApp, dir: &std::path::Path) {
    let mut tx = app.db.db.begin().await.unwrap();
    imha_core::accounts::create_user(
        &mut tx,
        "manager@provider.example",
        "Pat Manager",
        imha_core::accounts::Role::ServiceManager,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut person = Person::new(&app);
    person.start().await;
    for (page, form) in carer_referral_without_consent() {
        person.answer(page, &form).await;
    }
    person
        .answer("/refer/knows", &[("knows_about_referral", "yes")])
        .await;
    person
        .answer("/refer/agrees", &[("agrees_to_referral", "yes")])
        .await;
    assert_eq!(
        location(&person.post("/refer/check", &[]).await),
        "/refer/sent"
    );
    let sent = person.page("/refer/sent").await;
    assert!(sent.contains("We will also email you your reference"));
    let reference = referrals::queue(&app.db.db).await.unwrap()[0]
        .referral
        .reference
        .clone();
    let mail = mail_in(dir, 2).await;
    let to_manager = mail
        .iter()
        .find(|m| m.contains("To: manager@provider.example"))
        .expect("the service manager is told");
    assert!(to_manager.contains(&format!("New referral {reference}")));
    assert!(to_manager.contains("https://imha.example.org/staff/referrals/"));
    for personal in ["Ana", "Silva", "High Street", "Jo "] {
        assert!(
            !to_manager.contains(personal),
            "no personal data by email: {personal} in {to_manager}"
        );
    }
    let to_referrer = mail
        .iter()
        .find(|m| m.contains("To: jo@example.org"))
        .expect("the referrer gets their reference");
    assert!(to_referrer.contains(&format!("Your reference is {reference}")));
    assert!(!to_referrer.contains("Ana"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_and_referrer_are_emailed_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let app = mail_app(TestDb::sqlite().await, dir.path()).await;
    managers_and_referrer_are_emailed(app, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_and_referrer_are_emailed_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let app = mail_app(TestDb::postgres().await, dir.path()).await;
    managers_and_referrer_are_emailed(app, dir.path()).await;
}
