//! "Can I get an IMHA?" and "What are my dates?" over HTTP: every branch of the question flow,
//! the answers with their citations, and specific errors that keep what was typed.

use reqwest::StatusCode;

use crate::support::{TestApp, http};

async fn app_on(today: jiff::civil::Date) -> TestApp {
    let db = imha_core::testing::TestDb::sqlite().await;
    let config = imha_web::Config {
        today: Some(today),
        ..Default::default()
    };
    TestApp::start(db, config).await
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> String {
    let res = http().post(app.url(path)).form(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path} {form:?}");
    res.text().await.unwrap()
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    &html[start..end]
}

#[tokio::test]
async fn eligibility_starts_with_england_or_wales() {
    let app = TestApp::sqlite().await;
    let page = app.get("/eligibility").await.text().await.unwrap();
    assert!(page.contains("Is the hospital in England or Wales?"));
    assert!(page.contains(r#"name="country""#));
    assert!(page.contains(r#"<form method="post" action="/eligibility""#));
}

#[tokio::test]
async fn an_unanswered_question_is_an_error_on_that_question() {
    let app = TestApp::sqlite().await;
    let page = post(&app, "/eligibility", &[("asked", "country")]).await;
    assert!(
        page.contains("<title>Error: Is the hospital in England or Wales?"),
        "{}",
        main_of(&page)
    );
    assert!(page.contains("There is a problem"));
    assert!(
        page.contains(r##"<a href="#country">Select England or Wales</a>"##),
        "{}",
        main_of(&page)
    );
    // Same for the status question, keeping the country already given.
    let page = post(
        &app,
        "/eligibility",
        &[("country", "wales"), ("asked", "status")],
    )
    .await;
    assert!(page.contains("Select the section or order you are on"));
    assert!(page.contains(r#"<input type="hidden" name="country" value="wales">"#));
}

#[tokio::test]
async fn a_made_up_answer_is_refused_by_name() {
    let app = TestApp::sqlite().await;
    let page = post(
        &app,
        "/eligibility",
        &[("country", "england"), ("status", "32")],
    )
    .await;
    assert!(page.contains("Error: Which section or order are you on?"));
    let page = post(&app, "/eligibility", &[("country", "scotland")]).await;
    assert!(page.contains("Select England or Wales"));
}

/// Walk the flow from the given answers to the result page.
async fn answer(app: &TestApp, answers: &[(&str, &str)]) -> String {
    post(app, "/eligibility", answers).await
}

#[tokio::test]
async fn section_3_in_england_qualifies_under_s130c_2_a() {
    let app = TestApp::sqlite().await;
    let page = answer(&app, &[("country", "england")]).await;
    assert!(page.contains("Which section or order are you on?"));
    let page = answer(&app, &[("country", "england"), ("status", "s3")]).await;
    assert!(
        page.contains("Yes, you can get an IMHA"),
        "{}",
        main_of(&page)
    );
    assert!(page.contains("Mental Health Act 1983, section 130C(2)(a)"));
    assert!(page.contains("The hospital must tell you about IMHAs"));
}

#[tokio::test]
async fn a_cto_guardianship_and_conditional_discharge_qualify_with_their_duty_holder() {
    let app = TestApp::sqlite().await;
    let cto = answer(&app, &[("country", "england"), ("status", "cto")]).await;
    assert!(cto.contains("section 130C(2)(c)"), "{}", main_of(&cto));
    assert!(cto.contains("hospital in charge of your community treatment order"));
    let gdn = answer(&app, &[("country", "england"), ("status", "s7")]).await;
    assert!(gdn.contains("section 130C(2)(b)"));
    assert!(gdn.contains("The council must tell you"));
    let cd = answer(
        &app,
        &[("country", "england"), ("status", "conditional-discharge")],
    )
    .await;
    assert!(cd.contains("Yes, you can get an IMHA"));
    assert!(cd.contains("responsible clinician"));
}

#[tokio::test]
async fn section_136_in_england_does_not_qualify_unless_treatment_is_discussed() {
    let app = TestApp::sqlite().await;
    let page = answer(&app, &[("country", "england"), ("status", "s136")]).await;
    assert!(
        page.contains("Has a doctor talked to you about either of these treatments?"),
        "{}",
        main_of(&page)
    );
    let page = answer(
        &app,
        &[
            ("country", "england"),
            ("status", "s136"),
            ("treatment", "none"),
        ],
    )
    .await;
    assert!(page.contains("You cannot get an IMHA at the moment"));
    assert!(page.contains("short holding power"));
    assert!(
        page.contains("Care Act advocacy"),
        "signposted to other advocacy"
    );
    assert!(page.contains("NHS complaints advocacy"));
    // s57 treatment discussed: any age qualifies (s130C(3)(a)).
    let page = answer(
        &app,
        &[
            ("country", "england"),
            ("status", "s136"),
            ("treatment", "s57"),
        ],
    )
    .await;
    assert!(
        page.contains("Yes, you can get an IMHA"),
        "{}",
        main_of(&page)
    );
    assert!(page.contains("130C(3)"));
}

#[tokio::test]
async fn informal_and_ect_qualifies_only_under_18() {
    let app = TestApp::sqlite().await;
    let base = [
        ("country", "england"),
        ("status", "informal"),
        ("treatment", "ect"),
    ];
    let page = answer(&app, &base).await;
    assert!(page.contains("Are you under 18?"), "{}", main_of(&page));
    let mut young = base.to_vec();
    young.push(("under-18", "yes"));
    let page = answer(&app, &young).await;
    assert!(
        page.contains("Yes, you can get an IMHA"),
        "{}",
        main_of(&page)
    );
    assert!(page.contains("section 130C(3)(b)"));
    assert!(page.contains("The doctor who talks to you about the treatment"));
    let mut adult = base.to_vec();
    adult.push(("under-18", "no"));
    let page = answer(&app, &adult).await;
    assert!(
        page.contains("You cannot get an IMHA at the moment"),
        "{}",
        main_of(&page)
    );
}

#[tokio::test]
async fn wales_covers_section_4_and_informal_in_patients() {
    let app = TestApp::sqlite().await;
    let page = answer(&app, &[("country", "wales"), ("status", "s4")]).await;
    assert!(
        page.contains("Yes, you can get an IMHA"),
        "{}",
        main_of(&page)
    );
    assert!(page.contains("130I"));
    let page = answer(&app, &[("country", "wales"), ("status", "informal")]).await;
    assert!(
        page.contains("Are you staying in hospital?"),
        "{}",
        main_of(&page)
    );
    let page = answer(
        &app,
        &[
            ("country", "wales"),
            ("status", "informal"),
            ("in-patient", "yes"),
        ],
    )
    .await;
    assert!(
        page.contains("Yes, you can get an IMHA"),
        "{}",
        main_of(&page)
    );
    assert!(page.contains("130J"));
}

#[tokio::test]
async fn not_sure_of_the_section_is_told_how_to_find_out() {
    let app = TestApp::sqlite().await;
    let page = answer(&app, &[("country", "england"), ("status", "not-sure")]).await;
    assert!(page.contains("You may be able to get an IMHA"));
    assert!(page.contains("Ask the staff on your ward"));
}

#[tokio::test]
async fn my_dates_for_section_2_gives_the_end_and_the_open_tribunal_window_with_citations() {
    let app = app_on(jiff::civil::date(2026, 3, 15)).await;
    let page = post(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s2"),
            ("start-day", "10"),
            ("start-month", "3"),
            ("start-year", "2026"),
        ],
    )
    .await;
    let main = main_of(&page);
    assert!(main.contains("Your dates"), "{main}");
    assert!(
        main.contains("6 April 2026"),
        "28 days beginning with 10 March: {main}"
    );
    assert!(
        main.contains("You can apply now, until 23 March 2026"),
        "{main}"
    );
    assert!(
        main.contains("Mental Health Act 1983, section 2(4)"),
        "{main}"
    );
    assert!(
        main.contains("Mental Health Act 1983, section 66(1)(a)"),
        "{main}"
    );
    assert!(main.contains("First-tier Tribunal (Mental Health)"));
    assert!(main.contains("Yes. You can have an IMHA now."));
}

#[tokio::test]
async fn my_dates_section_3_after_six_months_is_in_the_first_renewal() {
    let app = app_on(jiff::civil::date(2026, 10, 1)).await;
    let page = post(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s3"),
            ("start-day", "10"),
            ("start-month", "03"),
            ("start-year", "2026"),
        ],
    )
    .await;
    let main = main_of(&page);
    // worked case G16: renewal 1 runs 2026-09-10 to 2027-03-09, and its window is open.
    assert!(
        main.contains("9 March 2027 (renewal 1, which started on 10 September 2026)"),
        "{main}"
    );
    assert!(
        main.contains("You can apply now, until 9 March 2027"),
        "{main}"
    );
}

#[tokio::test]
async fn my_dates_modaresi_extension_is_explained() {
    // G03: s2 admitted Monday 9 March 2026; day 14 (22 March) is a Sunday.
    let app = app_on(jiff::civil::date(2026, 3, 20)).await;
    let page = post(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s2"),
            ("start-day", "9"),
            ("start-month", "3"),
            ("start-year", "2026"),
        ],
    )
    .await;
    let main = main_of(&page);
    assert!(main.contains("until 22 March 2026"), "{main}");
    assert!(
        main.contains("arrives on 23 March 2026 must still be accepted"),
        "{main}"
    );
}

#[tokio::test]
async fn my_dates_for_section_37_says_there_is_no_right_in_the_first_six_months() {
    let app = app_on(jiff::civil::date(2026, 4, 1)).await;
    let page = post(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s37"),
            ("start-day", "10"),
            ("start-month", "3"),
            ("start-year", "2026"),
        ],
    )
    .await;
    let main = main_of(&page);
    assert!(
        main.contains("Your next chance to apply is from 10 September 2026 to 9 March 2027"),
        "{main}"
    );
}

#[tokio::test]
async fn my_dates_errors_are_specific_and_keep_what_was_typed() {
    let app = app_on(jiff::civil::date(2026, 3, 15)).await;
    let page = post(&app, "/my-dates", &[]).await;
    let main = main_of(&page);
    assert!(page.contains("<title>Error: What are my dates?"));
    for msg in [
        "Select England or Wales",
        "Select the section or order you are on",
        "Enter the date it started",
    ] {
        assert!(main.contains(msg), "missing {msg}: {main}");
    }
    assert!(
        main.contains(r##"href="#start-day""##),
        "error summary links to the first date field"
    );

    let page = post(
        &app,
        "/my-dates",
        &[
            ("country", "wales"),
            ("status", "cto"),
            ("start-day", "12"),
            ("start-year", "2026"),
        ],
    )
    .await;
    let main = main_of(&page);
    assert!(
        main.contains("The date it started must include a month"),
        "{main}"
    );
    assert!(
        main.contains(r#"value="wales" checked"#),
        "country kept: {main}"
    );
    assert!(main.contains(r#"value="cto" checked"#), "status kept");
    assert!(main.contains(r#"value="12""#), "day kept");
    assert!(main.contains(r#"value="2026""#), "year kept");

    let real = post(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s2"),
            ("start-day", "30"),
            ("start-month", "2"),
            ("start-year", "2026"),
        ],
    )
    .await;
    assert!(real.contains("The date it started must be a real date"));
    let future = post(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s2"),
            ("start-day", "16"),
            ("start-month", "3"),
            ("start-year", "2026"),
        ],
    )
    .await;
    assert!(future.contains("The date it started must be today or in the past"));
    let short_year = post(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s2"),
            ("start-day", "1"),
            ("start-month", "3"),
            ("start-year", "26"),
        ],
    )
    .await;
    assert!(short_year.contains("The year must include 4 numbers"));
}

#[tokio::test]
async fn answers_about_health_never_appear_in_urls() {
    let app = TestApp::sqlite().await;
    for path in ["/eligibility", "/my-dates"] {
        let page = app.get(path).await.text().await.unwrap();
        assert!(
            page.contains(r#"method="post""#),
            "{path} posts its answers"
        );
        assert!(!page.contains(r#"method="get""#));
    }
}

/// POST with the Welsh cookie; the page.
async fn post_cy(app: &TestApp, path: &str, form: &[(&str, &str)]) -> String {
    let res = http()
        .post(app.url(path))
        .header("cookie", "imha_lang=cy")
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path} {form:?}");
    res.text().await.unwrap()
}

#[tokio::test]
async fn my_dates_in_welsh_has_welsh_dates_and_the_engines_citations() {
    let app = app_on(jiff::civil::date(2026, 3, 15)).await;
    let page = post_cy(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s2"),
            ("start-day", "10"),
            ("start-month", "3"),
            ("start-year", "2026"),
        ],
    )
    .await;
    let main = main_of(&page);
    assert!(page.contains(r#"<html lang="cy""#));
    assert!(main.contains("Eich dyddiadau"), "{main}");
    // The engine's dates, with Welsh month names.
    assert!(main.contains("6 Ebrill 2026"), "{main}");
    assert!(
        main.contains("Gallwch wneud cais nawr, hyd at 23 Mawrth 2026."),
        "{main}"
    );
    assert!(!main.contains("April") && !main.contains("March"), "{main}");
    // The citations: the engine's section references, in Welsh words.
    assert!(
        main.contains("Deddf Iechyd Meddwl 1983, adran 2(4)"),
        "{main}"
    );
    assert!(
        main.contains("Deddf Iechyd Meddwl 1983, adran 66(1)(a)"),
        "{main}"
    );
    assert!(main.contains("Tribiwnlys Haen Gyntaf (Iechyd Meddwl)"));
    assert!(main.contains("Gallwch. Gallwch gael IMHA nawr."));
    assert!(main.contains("Cymorth cyfreithiol sy&#39;n talu"), "{main}");
    for english in ["Your dates", "Show my dates", "When it ends", "Warning"] {
        assert!(!main.contains(english), "{english} in {main}");
    }
    // A problem in Welsh.
    let page = post_cy(
        &app,
        "/my-dates",
        &[
            ("country", "england"),
            ("status", "s2"),
            ("start-day", "10"),
        ],
    )
    .await;
    assert!(
        page.contains("Rhaid i&#39;r dyddiad y dechreuodd gynnwys mis a blwyddyn"),
        "{}",
        main_of(&page)
    );
    assert!(page.contains("<title>Gwall: Beth yw fy nyddiadau?"));
}

/// G03 again (s2 from Monday 9 March 2026; day 14 is Sunday 22 March): the engine's warnings
/// under "Notes for advocates and staff", which used to be English on the Welsh page.
#[tokio::test]
async fn my_dates_in_welsh_gives_the_engines_warnings_in_welsh() {
    let app = app_on(jiff::civil::date(2026, 3, 20)).await;
    let form = [
        ("country", "england"),
        ("status", "s2"),
        ("start-day", "9"),
        ("start-month", "3"),
        ("start-year", "2026"),
    ];
    // In English, exactly as the engine words them.
    let page = post(&app, "/my-dates", &form).await;
    let main = main_of(&page);
    assert!(
        main.contains(
            "<li>The window&#39;s last day 2026-03-22 is a day the tribunal office is closed: an application received on \
             2026-03-23 must be accepted (R (Modaresi) v SSH [2011] EWCA Civ 1359).</li>"
        ),
        "{main}"
    );
    assert!(
        main.contains("<li>Uncertain rule (confidence M): R (Modaresi) v SSH [2011] EWCA Civ 1359"),
        "{main}"
    );
    assert!(!main.contains("lang="), "{main}");

    // In Welsh: Welsh words, Welsh dates, the citations as they are, nothing marked English.
    let page = post_cy(&app, "/my-dates", &form).await;
    let main = main_of(&page);
    assert!(
        main.contains("Nodiadau ar gyfer eiriolwyr a staff"),
        "{main}"
    );
    assert!(
        main.contains(
            "<li>Mae diwrnod olaf y cyfnod i wneud cais, 22 Mawrth 2026, yn ddiwrnod pan fydd \
             swyddfa&#39;r tribiwnlys ar gau: rhaid derbyn cais a ddaw i law ar 23 Mawrth 2026 (R (Modaresi) v \
             SSH [2011] EWCA Civ 1359).</li>"
        ),
        "{main}"
    );
    assert!(
        main.contains(
            "<li>Rheol ansicr (hyder canolig): R (Modaresi) v SSH [2011] EWCA Civ 1359: \
             mae&#39;r cyfnod i wneud cais dan s2 yn ymestyn i&#39;r diwrnod nesaf"
        ),
        "{main}"
    );
    for english in [
        "Uncertain rule",
        "tribunal office",
        "2026-03-22",
        "lang=\"en\"",
    ] {
        assert!(!main.contains(english), "{english} in {main}");
    }
}

/// A section 3 in its first renewal: the renewal-counting rule, in Welsh.
#[tokio::test]
async fn my_dates_in_welsh_explains_the_renewal_rule_in_welsh() {
    let app = app_on(jiff::civil::date(2026, 10, 1)).await;
    let form = [
        ("country", "wales"),
        ("status", "s3"),
        ("start-day", "10"),
        ("start-month", "03"),
        ("start-year", "2026"),
    ];
    let main = post(&app, "/my-dates", &form).await;
    assert!(
        main.contains(
            "<li>Uncertain rule (confidence M): MHA 1983 s20(2): each renewal is counted from \
             the day after the previous expiry"
        ),
        "{main}"
    );
    let page = post_cy(&app, "/my-dates", &form).await;
    let main = main_of(&page);
    assert!(
        main.contains(
            "<li>Rheol ansicr (hyder canolig): MHA 1983 s20(2): mae pob adnewyddiad yn cael ei \
             gyfrif o&#39;r diwrnod ar ôl i&#39;r cyfnod blaenorol ddod i ben"
        ),
        "{main}"
    );
    assert!(
        !main.contains("Uncertain rule") && !main.contains("lang=\"en\""),
        "{main}"
    );
}

/// "Can I get an IMHA?" shows the engine's warnings too: in Welsh on the Welsh page.
#[tokio::test]
async fn eligibility_warnings_are_welsh_on_the_welsh_page() {
    let app = TestApp::sqlite().await;
    // Section 136 in Wales, no treatment discussed: the s130I(2) rule is uncertain (L).
    let form = [
        ("asked", "treatment"),
        ("country", "wales"),
        ("status", "s136"),
        ("treatment", "none"),
    ];
    let english = post(&app, "/eligibility", &form).await;
    assert!(
        english.contains("<li>Uncertain rule (confidence L): MHA 1983 s130I(2): s135 and s136"),
        "{english}"
    );
    let page = post_cy(&app, "/eligibility", &form).await;
    let main = main_of(&page);
    assert!(
        main.contains(
            "<li>Rheol ansicr (hyder isel): MHA 1983 s130I(2): credir bod cleifion s135 a s136 \
             wedi&#39;u heithrio yng Nghymru fel yn Lloegr"
        ),
        "{main}"
    );
    assert!(
        !main.contains("Uncertain rule") && !main.contains("lang=\"en\""),
        "{main}"
    );
}
