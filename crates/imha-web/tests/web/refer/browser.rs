//! The referral form in real Chromium, axe-core on every page: a self-referral with mistakes
//! made and put right (and an answer changed from the check page), a nearest relative's
//! referral by keyboard alone, and a professional's on a phone-sized screen without JavaScript.

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use imha_core::referrals::{self, Answer, ReferrerKind};

use crate::support::{Browser, TestApp};

/// Press the page's main button, wait for the next page, and check it with axe-core.
async fn next(browser: &Browser, heading: &str) {
    browser.click_and_wait("main button.govuk-button").await;
    assert_eq!(browser.text_of("h1").await, heading);
    browser.assert_accessible().await;
}

async fn value_of(browser: &Browser, css: &str) -> String {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_referral_with_mistakes_put_right() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/")).await;
    browser.click_and_wait("main a[href='/refer']").await;
    assert_eq!(
        browser.text_of("h1").await,
        "Ask for an independent mental health advocate"
    );
    browser.assert_accessible().await;
    next(&browser, "Who is making this referral?").await;

    // Continue without choosing: the error summary takes focus and links to the radios.
    next(&browser, "Who is making this referral?").await;
    assert!(browser.focused_html().await.contains("govuk-error-summary"));
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Select who is making the referral")
    );
    browser.click("input[name=referrer][value=self]").await;
    next(&browser, "What is your name?").await;

    browser.fill("#given_name", "Sam").await;
    next(&browser, "What is your name?").await;
    assert!(
        browser
            .text_of("#family_name-error")
            .await
            .contains("Enter the last name")
    );
    assert_eq!(value_of(&browser, "#given_name").await, "Sam");
    browser.fill("#family_name", "Okafor").await;
    next(&browser, "What is your date of birth?").await;

    browser.fill("#date_of_birth-day", "30").await;
    browser.fill("#date_of_birth-month", "2").await;
    browser.fill("#date_of_birth-year", "1990").await;
    next(&browser, "What is your date of birth?").await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Date of birth must be a real date")
    );
    assert_eq!(value_of(&browser, "#date_of_birth-day").await, "30");
    browser.fill("#date_of_birth-day", "28").await;
    next(&browser, "What is your NHS number?").await;
    next(&browser, "Where are you now?").await;

    browser
        .click("input[name=whereabouts][value=hospital]")
        .await;
    next(&browser, "Which hospital are you in?").await;
    browser.fill("#hospital_name", "Northshire General").await;
    next(&browser, "How can we contact you?").await;
    next(&browser, "Which section or order are you on?").await;
    browser.click("input[name=legal_status][value=s2]").await;
    next(&browser, "What would you like help with?").await;
    browser.click("input[name=help][value=tribunal]").await;
    // GOV.UK's conditional reveal: the text box appears once "Something else" is ticked.
    let other = browser
        .client
        .find(Locator::Id("help_other"))
        .await
        .unwrap();
    assert!(!other.is_displayed().await.unwrap());
    browser.click("input[name=help][value=other]").await;
    assert!(other.is_displayed().await.unwrap());
    next(&browser, "What would you like help with?").await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Describe the other help the person wants")
    );
    browser.fill("#help_other", "Getting my leave back").await;
    next(&browser, "Do you need any help to communicate?").await;
    browser.click("input[name=communication][value=bsl]").await;
    next(
        &browser,
        "Is there anything the advocate should know before visiting you?",
    )
    .await;
    next(&browser, "Check your answers before sending your referral").await;

    // Change an answer: back to its page, then straight back to the check page.
    browser
        .click_and_wait("a[href='/refer/name?change=yes']")
        .await;
    assert_eq!(browser.text_of("h1").await, "What is your name?");
    browser.assert_accessible().await;
    assert_eq!(value_of(&browser, "#given_name").await, "Sam");
    browser.fill("#given_name", "Samuel").await;
    next(&browser, "Check your answers before sending your referral").await;
    let answers = browser.text_of("main").await;
    assert!(answers.contains("Samuel Okafor"), "{answers}");
    assert!(answers.contains("28 February 1990"), "{answers}");
    assert!(answers.contains("British Sign Language (BSL)"), "{answers}");
    assert!(
        answers.contains("Something else: Getting my leave back"),
        "{answers}"
    );

    browser.click_and_wait("main button.govuk-button").await;
    assert_eq!(browser.text_of("h1").await, "Referral sent");
    browser.assert_accessible().await;
    let queue = referrals::queue(&app.db.db).await.unwrap();
    assert_eq!(queue.len(), 1);
    let r = &queue[0].referral;
    assert_eq!(r.full_name(), "Samuel Okafor");
    assert_eq!(r.referrer, ReferrerKind::SelfReferral);
    assert!(r.bsl);
    assert!(browser.text_of(".govuk-panel").await.contains(&r.reference));
    browser.close().await;
}

/// Type text into the focused field, key by key.
async fn type_keys(browser: &Browser, text: &str) {
    let mut actions = KeyActions::new("keyboard".to_string());
    for ch in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
    }
    browser.client.perform_actions(actions).await.unwrap();
}

/// Press Tab until the focused element's markup contains `needle`.
async fn tab_to(browser: &Browser, needle: &str) {
    for _ in 0..60 {
        browser.press(Key::Tab).await;
        if browser.focused_html().await.contains(needle) {
            return;
        }
    }
    panic!("could not reach {needle} with the Tab key");
}

/// Tab to the page's main button and press Enter; wait for `heading`; run axe-core.
async fn enter_and_expect(browser: &Browser, heading: &str) {
    tab_to(browser, "govuk-button").await;
    browser.press(Key::Enter).await;
    browser.wait_for_h1(heading).await;
    browser.assert_accessible().await;
}

/// Tab to the radio or checkbox with this value and tick it with Space.
async fn choose(browser: &Browser, value: &str) {
    tab_to(browser, &format!(r#"value="{value}""#)).await;
    browser.press(Key::Space).await;
}

/// Tab to the field with this id and type into it.
async fn type_into(browser: &Browser, id: &str, text: &str) {
    tab_to(browser, &format!(r#"id="{id}""#)).await;
    type_keys(browser, text).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nearest_relative_refers_by_keyboard_alone() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start().await;
    browser.visit(&app.url("/refer")).await;
    tab_to(&browser, "Start now").await;
    browser.press(Key::Enter).await;
    browser.wait_for_h1("Who is making this referral?").await;
    browser.assert_accessible().await;
    // Tab reaches a radio group once, on its first option; arrow keys move within it.
    tab_to(&browser, r#"value="self""#).await;
    browser.press(Key::Down).await;
    assert!(
        browser
            .focused_html()
            .await
            .contains(r#"value="nearest-relative""#)
    );
    enter_and_expect(
        &browser,
        "What is the name of the person you are referring?",
    )
    .await;
    type_into(&browser, "given_name", "Ana").await;
    type_into(&browser, "family_name", "Silva").await;
    enter_and_expect(&browser, "What is their date of birth?").await;
    type_into(&browser, "date_of_birth-day", "3").await;
    type_into(&browser, "date_of_birth-month", "4").await;
    type_into(&browser, "date_of_birth-year", "1961").await;
    enter_and_expect(&browser, "What is their NHS number?").await;
    enter_and_expect(&browser, "Where are they now?").await;
    choose(&browser, "hospital").await;
    enter_and_expect(&browser, "Which hospital are they in?").await;
    type_into(&browser, "hospital_name", "Northshire General").await;
    type_into(&browser, "ward", "Willow").await;
    enter_and_expect(&browser, "How can we contact them?").await;
    enter_and_expect(&browser, "Which section or order are they on?").await;
    tab_to(&browser, r#"value="s2""#).await;
    browser.press(Key::Down).await;
    assert!(browser.focused_html().await.contains(r#"value="s3""#));
    enter_and_expect(&browser, "What would they like help with?").await;
    choose(&browser, "rights").await;
    choose(&browser, "other").await;
    // The text box revealed under "Something else" comes next in the tab order.
    type_into(&browser, "help_other", "A second opinion").await;
    enter_and_expect(&browser, "Do they need any help to communicate?").await;
    choose(&browser, "none").await;
    enter_and_expect(&browser, "Does Ana Silva know about this referral?").await;
    choose(&browser, "yes").await;
    enter_and_expect(&browser, "Does Ana Silva agree to this referral?").await;
    choose(&browser, "yes").await;
    enter_and_expect(
        &browser,
        "Is there anything the advocate should know before visiting them?",
    )
    .await;
    enter_and_expect(&browser, "Your details").await;
    type_into(&browser, "referrer_name", "Rui Silva").await;
    type_into(&browser, "referrer_phone", "01632 960 003").await;
    enter_and_expect(&browser, "Check your answers before sending your referral").await;
    tab_to(&browser, "Send referral").await;
    browser.press(Key::Enter).await;
    browser.wait_for_h1("Referral sent").await;
    browser.assert_accessible().await;

    let queue = referrals::queue(&app.db.db).await.unwrap();
    assert_eq!(queue.len(), 1);
    let r = &queue[0].referral;
    assert_eq!(r.referrer, ReferrerKind::NearestRelative);
    assert_eq!(r.full_name(), "Ana Silva");
    assert_eq!(r.date_of_birth, Some(jiff::civil::date(1961, 4, 3)));
    assert_eq!(r.ward.as_deref(), Some("Willow"));
    assert_eq!(r.legal_status, Some(imha_law::Status::S3));
    assert_eq!(r.help_other.as_deref(), Some("A second opinion"));
    assert_eq!(r.agrees_to_referral, Some(Answer::Yes));
    assert_eq!(r.referrer_phone.as_deref(), Some("01632 960 003"));
    browser.close().await;
}

/// Whether the page is wider than the window (sideways scrolling on a phone).
async fn scrolls_sideways(browser: &Browser) -> bool {
    let v = browser
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    v.as_bool().unwrap()
}

/// The markup without its `<script>` elements.
fn without_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find("</script>") {
            Some(end) => &rest[start + end + "</script>".len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// axe-core is JavaScript, so it cannot run where JavaScript is off. Check the page `seen`
/// shows in `checker` instead: `checker` is on a page of the same service and window size,
/// already styled, and takes the title and body of the page as seen (scripts removed, so it
/// stays as it is without JavaScript).
async fn assert_accessible_as_seen(seen: &Browser, checker: &Browser) {
    let html = without_scripts(&seen.client.source().await.unwrap());
    assert!(html.contains("govuk-template__body") && !html.contains("<script"));
    let script = "const seen = new DOMParser().parseFromString(arguments[0], 'text/html');
        document.title = seen.title;
        document.body.replaceWith(document.adoptNode(seen.body));
        return document.body.classList.contains('govuk-frontend-supported');";
    let js_classes = checker
        .client
        .execute(script, vec![serde_json::json!(html)])
        .await
        .unwrap();
    assert_eq!(
        js_classes.as_bool(),
        Some(false),
        "the page as seen without JavaScript"
    );
    checker.assert_accessible().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_professional_refers_on_a_phone_without_javascript() {
    let app = TestApp::sqlite().await;
    let browser = Browser::start_without_javascript().await;
    browser
        .client
        .set_window_rect(0, 0, 375, 812)
        .await
        .unwrap();
    let checker = Browser::start().await;
    checker
        .client
        .set_window_rect(0, 0, 375, 812)
        .await
        .unwrap();
    checker.client.goto(&app.url("/")).await.unwrap();
    let step = |heading: &'static str| {
        let (browser, checker) = (&browser, &checker);
        async move {
            browser.click_and_wait("main button.govuk-button").await;
            assert_eq!(browser.text_of("h1").await, heading);
            assert!(
                !scrolls_sideways(browser).await,
                "{heading}: fits the screen"
            );
            assert_accessible_as_seen(browser, checker).await;
        }
    };
    browser.client.goto(&app.url("/refer")).await.unwrap();
    let width = browser
        .client
        .execute("return window.innerWidth;", vec![])
        .await
        .unwrap();
    assert!(
        width.as_u64().unwrap() <= 375,
        "a phone-sized window: {width}"
    );
    assert!(!scrolls_sideways(&browser).await);
    assert_accessible_as_seen(&browser, &checker).await;
    step("Who is making this referral?").await;
    browser
        .click("input[name=referrer][value=professional]")
        .await;
    step("What is the name of the person you are referring?").await;
    browser.fill("#given_name", "Lee").await;
    browser.fill("#family_name", "Evans").await;
    step("What is their date of birth?").await;
    step("What is their NHS number?").await;
    browser.fill("#nhs_number", "943 476 5919").await;
    step("Where are they now?").await;
    browser
        .click("input[name=whereabouts][value=community]")
        .await;
    step("What is the address where we can contact them?").await;
    browser
        .fill("#address", "Flat 2\n10 Low Road\nNorthtown")
        .await;
    step("How can we contact them?").await;
    browser.fill("#phone", "07700 900 123").await;
    step("Which section or order are they on?").await;
    browser.click("input[name=legal_status][value=cto]").await;
    step("What would they like help with?").await;
    browser.click("input[name=help][value=conditions]").await;
    // Without JavaScript the text box under "Something else" is simply always shown.
    let other = browser
        .client
        .find(Locator::Id("help_other"))
        .await
        .unwrap();
    assert!(other.is_displayed().await.unwrap());
    step("Do they need any help to communicate?").await;
    // Without JavaScript "None of these" does not untick the others: the page asks.
    browser
        .click("input[name=communication][value=easy-read]")
        .await;
    browser.click("input[name=communication][value=none]").await;
    step("Do they need any help to communicate?").await;
    assert!(
        browser
            .text_of(".govuk-error-summary")
            .await
            .contains("Select the help needed to communicate")
    );
    browser
        .click("input[name=communication][value=easy-read]")
        .await;
    step("Does Lee Evans know about this referral?").await;
    browser
        .click("input[name=knows_about_referral][value=not-sure]")
        .await;
    step("Is there anything the advocate should know before visiting them?").await;
    browser.fill("#risk", "Has a dog.").await;
    step("Your details").await;
    browser.fill("#referrer_name", "Kim Patel").await;
    browser.fill("#referrer_role", "Care coordinator").await;
    browser
        .fill("#referrer_organisation", "Northtown CMHT")
        .await;
    browser
        .fill("#referrer_email", "kim.patel@example.org")
        .await;
    step("Check your answers before sending your referral").await;
    step("Referral sent").await;

    let queue = referrals::queue(&app.db.db).await.unwrap();
    assert_eq!(queue.len(), 1);
    let r = &queue[0].referral;
    assert_eq!(r.referrer, ReferrerKind::Professional);
    assert_eq!(r.address.as_deref().map(|a| a.lines().count()), Some(3));
    assert!(!r.easy_read && r.interpreter_language.is_none());
    assert_eq!(r.knows_about_referral, Some(Answer::NotSure));
    assert_eq!(r.referrer_organisation.as_deref(), Some("Northtown CMHT"));
    assert_eq!(r.appears_eligible, Some(true));
    let js_ran = browser
        .client
        .find(Locator::Css("body.govuk-frontend-supported"))
        .await;
    assert!(js_ran.is_err(), "JavaScript really was off");
    browser.close().await;
    checker.close().await;
}
