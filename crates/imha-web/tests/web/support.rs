//! Test kit: the real server on a free port with a fresh database, and a real headless
//! Chromium driven over WebDriver with axe-core checking every page it visits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use imha_core::testing::TestDb;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, oneshot};

/// One test body run against a server on SQLite and one on PostgreSQL: expands to a module
/// with a `sqlite` and a `postgres` test, `$app` being the [`TestApp`].
macro_rules! both_backends {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $app = crate::support::TestApp::sqlite().await;
                $body
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let $app = crate::support::TestApp::postgres().await;
                $body
            }
        }
    };
}

/// A running imha server. Dropping it stops the server.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: TestDb,
    stop: Option<oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        TestApp::start(TestDb::sqlite().await, test_config()).await
    }

    pub async fn postgres() -> TestApp {
        TestApp::start(TestDb::postgres().await, test_config()).await
    }

    pub async fn start(db: TestDb, config: imha_web::Config) -> TestApp {
        TestApp::start_with_mailer(db, config, imha_core::mail::Mailer::Off).await
    }

    pub async fn start_with_mailer(
        db: TestDb,
        config: imha_web::Config,
        mailer: imha_core::mail::Mailer,
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = imha_web::AppState::new(db.db.clone(), config).with_mailer(mailer);
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = imha_web::serve(listener, state, async {
                let _ = stopped.await;
            })
            .await;
        });
        TestApp {
            addr,
            db,
            stop: Some(stop),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        http().get(self.url(path)).send().await.unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The default configuration, with the form rate limit lifted: the tests post far faster than
/// people do (the limit itself is tested on its own).
pub fn test_config() -> imha_web::Config {
    imha_web::Config {
        form_posts_per_minute: 1_000_000,
        ..imha_web::Config::default()
    }
}

/// An HTTP client that does not follow redirects, so tests see them.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A free TCP port on loopback.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// axe-core's source, from the pinned npm package in `tools/axe` (installed by `.ci/run`).
fn axe_source() -> &'static str {
    static AXE: OnceLock<String> = OnceLock::new();
    AXE.get_or_init(|| {
        let default = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tools/axe/node_modules/axe-core/axe.min.js"
        );
        let path = env_path("IMHA_AXE_JS", default);
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core not found at {} ({e}): run `npm ci --prefix tools/axe` (see README)",
                path.display()
            )
        })
    })
}

/// At most two browsers at once: these machines have two cores.
static BROWSERS: Semaphore = Semaphore::const_new(2);

/// A headless Chromium under chromedriver.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    _permit: tokio::sync::SemaphorePermit<'static>,
}

impl Browser {
    pub async fn start() -> Browser {
        Browser::launch(true).await
    }

    /// A browser with JavaScript switched off, to prove pages work without it.
    pub async fn start_without_javascript() -> Browser {
        Browser::launch(false).await
    }

    async fn launch(javascript: bool) -> Browser {
        let permit = BROWSERS.acquire().await.unwrap();
        let chromedriver = env_path("IMHA_CHROMEDRIVER", "/usr/bin/chromedriver");
        let chromium = env_path("IMHA_CHROMIUM", "/usr/bin/chromium");
        assert!(
            chromedriver.exists() && chromium.exists(),
            "browser tests need Chromium and chromedriver ({} and {}): \
             apt-get install chromium chromium-driver (see README)",
            chromium.display(),
            chromedriver.display()
        );
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".to_string(),
            "--disable-gpu".to_string(),
            "--disable-quic".to_string(),
            "--no-first-run".to_string(),
            "--disable-background-networking".to_string(),
            "--disable-component-update".to_string(),
            "--disable-sync".to_string(),
            "--disable-dev-shm-usage".to_string(),
            "--window-size=1280,1024".to_string(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".to_string());
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_string(),
            json!({ "binary": chromium.display().to_string(), "args": args }),
        );
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&webdriver)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("could not start Chromium under chromedriver: {e}"),
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
            _permit: permit,
        }
    }

    /// Open `url`, run axe-core on the page, and fail on any WCAG 2.2 AA violation.
    pub async fn visit(&self, url: &str) {
        self.client.goto(url).await.unwrap();
        self.assert_accessible().await;
    }

    /// Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the current page.
    pub async fn assert_accessible(&self) {
        let url = self.client.current_url().await.unwrap();
        self.client
            .execute(&format!("{}\nreturn true;", axe_source()), vec![])
            .await
            .unwrap();
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
              .then(r => done({ ok: true, violations: r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) })),
                  passes: r.passes.length }))
              .catch(e => done({ ok: false, error: String(e) }));
        "#;
        let result = self.client.execute_async(script, vec![]).await.unwrap();
        assert_eq!(
            result["ok"],
            json!(true),
            "axe-core failed to run on {url}: {result}"
        );
        let violations = result["violations"].as_array().cloned().unwrap_or_default();
        assert!(
            violations.is_empty(),
            "axe-core found WCAG 2.2 AA violations on {url}:\n{}",
            serde_json::to_string_pretty(&Value::Array(violations)).unwrap()
        );
        // A page where axe checked nothing would pass vacuously.
        assert!(
            result["passes"].as_u64().unwrap_or(0) > 5,
            "axe-core checked almost nothing on {url}"
        );
    }

    /// Click the element `css` (no waiting: for radios, checkboxes and options).
    pub async fn click(&self, css: &str) {
        self.client
            .find(fantoccini::Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Type `value` into the field `css`, replacing what was there.
    pub async fn fill(&self, css: &str, value: &str) {
        let input = self
            .client
            .find(fantoccini::Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
    }

    /// Follow the link or press the button `css`, then check the next page's heading and run
    /// axe-core on it.
    pub async fn go(&self, css: &str, heading: &str) {
        self.click_and_wait(css).await;
        assert_eq!(self.text_of("h1").await, heading, "after {css}");
        self.assert_accessible().await;
    }

    /// Submit the page's form (its GOV.UK button) and check the next page as [`Browser::go`].
    pub async fn submit(&self, heading: &str) {
        self.go("main form button.govuk-button", heading).await;
    }

    /// Click `css` (a submit button or link) and wait until the next page has loaded.
    pub async fn click_and_wait(&self, css: &str) {
        let old = self.client.find(Locator::Css("html")).await.unwrap();
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(15);
        // The old document's root goes stale once the browser has navigated.
        while old.tag_name().await.is_ok() {
            assert!(
                Instant::now() < deadline,
                "no page load after clicking {css}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("footer"))
            .await
            .unwrap();
    }

    /// Wait (up to 15 s) until the page's `<h1>` reads `text`: for navigations started by a key.
    pub async fn wait_for_h1(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(h1) = self.client.find(Locator::Css("h1")).await
                && h1.text().await.is_ok_and(|t| t == text)
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the heading never became {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Press a key in the focused element (keyboard-only journeys).
    pub async fn press(&self, key: fantoccini::key::Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let ch: char = key.into();
        let actions = KeyActions::new("keyboard".to_string())
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
        self.client.perform_actions(actions).await.unwrap();
    }

    /// The active element's outerHTML, for assertions about focus.
    pub async fn focused_html(&self) -> String {
        let v = self
            .client
            .execute("return document.activeElement.outerHTML;", vec![])
            .await
            .unwrap();
        v.as_str().unwrap_or_default().to_string()
    }

    pub async fn close(mut self) {
        let client = self.client.clone();
        let _ = client.close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
