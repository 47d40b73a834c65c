//! Languages: the public pages in English and Welsh (Cymraeg), from Fluent message catalogues.
//!
//! The catalogues are `locales/{en-GB,cy}/*.ftl` in this crate, embedded at compile time
//! (`include_str!`): nothing is read or fetched at run time. A page's text is looked up by
//! message id in the language of the request: `layout.t("home-title")` in a template,
//! [`t`] / [`t_args`] in Rust.
//!
//! The language is chosen by [`middleware`]: `?lang=cy` or `?lang=en` on any public URL picks
//! it and remembers it in the `imha_lang` cookie; otherwise the cookie decides; otherwise
//! English. The staff area and the API are always English. The chosen language is put in a
//! task-local for the rest of the request, so the layout, the templates, the form errors and
//! the error pages all read it with [`current`] without every handler passing it on.

use std::sync::LazyLock;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

pub mod engine;

/// A language the public pages are offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English (United Kingdom): the default, and the language the catalogues are written in.
    En,
    /// Welsh (Cymraeg): machine-drafted, awaiting review by a Welsh speaker.
    Cy,
}

/// The cookie that remembers the language chosen with `?lang=`.
pub const COOKIE: &str = "imha_lang";

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Cy];

    /// The code used in `?lang=`, the cookie and the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    /// The language's name in itself, as the switch link shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cy => "Cymraeg",
        }
    }

    /// The language the switch offers from this one.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Cy,
            Lang::Cy => Lang::En,
        }
    }

    /// `"en"` / `"cy"` (also `"en-GB"`, `"CY"`...) to a language.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or("").trim();
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("cy") {
            Some(Lang::Cy)
        } else {
            None
        }
    }

    /// Whether this language's text is still a draft awaiting review by a native speaker (the
    /// pages then say so, in both languages).
    pub fn awaiting_review(self) -> bool {
        self == Lang::Cy
    }

    /// The message `id` in this language.
    pub fn t(self, id: &str) -> String {
        format(self, id, None)
    }

    /// The message `id` in this language, with variables.
    pub fn t_args(self, id: &str, args: &[(&str, &str)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, FluentValue::from(*v));
        }
        format(self, id, Some(&fa))
    }
}

/// What the rest of a request needs to know about its language.
#[derive(Debug, Clone)]
struct Ctx {
    lang: Lang,
    /// The path of the request, with its query less any `lang=`; `None` where there is no
    /// switch to offer (the staff area, the API).
    here: Option<String>,
}

tokio::task_local! {
    static CURRENT: Ctx;
}

/// The language of the request being handled (English outside a request).
pub fn current() -> Lang {
    CURRENT.try_with(|c| c.lang).unwrap_or(Lang::En)
}

/// The link that switches the current page to the other language: the same path and query
/// with `lang=` set. `None` on pages that are only in English.
pub fn switch_href() -> Option<String> {
    CURRENT
        .try_with(|c| {
            let here = c.here.as_deref()?;
            let (path, query) = here.split_once('?').unwrap_or((here, ""));
            let mut q = form_urlencoded::Serializer::new(String::new());
            for (k, v) in form_urlencoded::parse(query.as_bytes()) {
                if k != "lang" {
                    q.append_pair(&k, &v);
                }
            }
            q.append_pair("lang", c.lang.other().code());
            Some(format!("{path}?{}", q.finish()))
        })
        .ok()
        .flatten()
}

/// Run `f` with `lang` as the current language (tests, and the middleware).
pub async fn scope<F: std::future::Future>(lang: Lang, f: F) -> F::Output {
    CURRENT.scope(Ctx { lang, here: None }, f).await
}

/// Run `f` synchronously with `lang` as the current language.
pub fn sync_scope<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(Ctx { lang, here: None }, f)
}

/// The message `id` in the current language.
pub fn t(id: &str) -> String {
    current().t(id)
}

/// The message `id` in the current language, with variables.
pub fn t_args(id: &str, args: &[(&str, &str)]) -> String {
    current().t_args(id, args)
}

/// The months in Welsh, January first.
pub const WELSH_MONTHS: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

/// A date as people read it in `lang`: "1 April 2026", "1 Ebrill 2026".
pub fn long_date(d: jiff::civil::Date, lang: Lang) -> String {
    match lang {
        Lang::En => d.strftime("%-d %B %Y").to_string(),
        Lang::Cy => {
            // month() is 1 to 12; the fallback is never used.
            let i = usize::try_from(d.month() - 1).unwrap_or(0);
            let month = WELSH_MONTHS.get(i).copied().unwrap_or("");
            format!("{} {month} {}", d.day(), d.year())
        }
    }
}

/// The catalogue files, per language, embedded at compile time. A new file is added to both
/// lists (the catalogue test checks the two hold the same messages).
const EN_GB: &[(&str, &str)] = &[
    ("layout.ftl", include_str!("../locales/en-GB/layout.ftl")),
    ("pages.ftl", include_str!("../locales/en-GB/pages.ftl")),
    ("errors.ftl", include_str!("../locales/en-GB/errors.ftl")),
    ("rights.ftl", include_str!("../locales/en-GB/rights.ftl")),
    ("refer.ftl", include_str!("../locales/en-GB/refer.ftl")),
    ("dates.ftl", include_str!("../locales/en-GB/dates.ftl")),
    (
        "resources.ftl",
        include_str!("../locales/en-GB/resources.ftl"),
    ),
    ("letter.ftl", include_str!("../locales/en-GB/letter.ftl")),
    ("engine.ftl", include_str!("../locales/en-GB/engine.ftl")),
];
const CY: &[(&str, &str)] = &[
    ("layout.ftl", include_str!("../locales/cy/layout.ftl")),
    ("pages.ftl", include_str!("../locales/cy/pages.ftl")),
    ("errors.ftl", include_str!("../locales/cy/errors.ftl")),
    ("rights.ftl", include_str!("../locales/cy/rights.ftl")),
    ("refer.ftl", include_str!("../locales/cy/refer.ftl")),
    ("dates.ftl", include_str!("../locales/cy/dates.ftl")),
    ("resources.ftl", include_str!("../locales/cy/resources.ftl")),
    ("letter.ftl", include_str!("../locales/cy/letter.ftl")),
    ("engine.ftl", include_str!("../locales/cy/engine.ftl")),
];

/// The raw catalogue files of a language: (file name, text).
pub fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => EN_GB,
        Lang::Cy => CY,
    }
}

fn build(lang: Lang) -> FluentBundle<FluentResource> {
    let tag = match lang {
        Lang::En => "en-GB",
        Lang::Cy => "cy",
    };
    // Both tags are well-formed; "und" would only lose the plural rules.
    let id: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around variables: the English pages stay byte-for-byte as
    // they were, and both languages here are left-to-right.
    bundle.set_use_isolating(false);
    for (name, text) in sources(lang) {
        // A broken catalogue is caught by the catalogue tests; at run time the messages that
        // did parse are still used.
        let res = match FluentResource::try_new((*text).to_string()) {
            Ok(r) => r,
            Err((r, errors)) => {
                tracing::error!(file = name, lang = lang.code(), ?errors, "catalogue syntax");
                r
            }
        };
        if let Err(errors) = bundle.add_resource(res) {
            tracing::error!(file = name, lang = lang.code(), ?errors, "catalogue clash");
        }
    }
    bundle
}

static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> =
    LazyLock::new(|| [build(Lang::En), build(Lang::Cy)]);

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    match lang {
        Lang::En => &BUNDLES[0],
        Lang::Cy => &BUNDLES[1],
    }
}

/// Format a message; a missing message falls back to English, then to the id itself (the
/// catalogue tests make sure neither happens).
fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let (id, attr) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    for l in [lang, Lang::En] {
        let b = bundle(l);
        let Some(msg) = b.get_message(id) else {
            continue;
        };
        let pattern = match attr {
            Some(a) => msg.get_attribute(a).map(|a| a.value()),
            None => msg.value(),
        };
        if let Some(p) = pattern {
            let mut errors = vec![];
            let s = b.format_pattern(p, args, &mut errors);
            if !errors.is_empty() {
                tracing::warn!(id, lang = l.code(), "message formatted with errors");
            }
            return s.into_owned();
        }
    }
    tracing::warn!(id, "unknown message");
    id.to_string()
}

/// Whether the message `id` exists in `lang` (for tests).
pub fn has_message(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// Paths that are always English: the staff area and the API (ARCHITECTURE.md, i18n).
fn english_only(path: &str) -> bool {
    path == "/staff"
        || path.starts_with("/staff/")
        || path.starts_with("/api/")
        || path.starts_with("/static/")
}

/// The language for a request: `?lang=` first (and then it is to be remembered), then the
/// cookie, then English.
pub fn choose(path: &str, query: Option<&str>, cookie: Option<&str>) -> (Lang, bool) {
    if english_only(path) {
        return (Lang::En, false);
    }
    if let Some(q) = query {
        let asked = form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::from_code(&v));
        if let Some(l) = asked {
            return (l, true);
        }
    }
    let remembered = cookie.and_then(|c| {
        c.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == COOKIE).then(|| Lang::from_code(v)).flatten()
        })
    });
    (remembered.unwrap_or(Lang::En), false)
}

/// Choose the language, run the request in it, and label the response with it: the
/// `Content-Language` header, `Vary: Cookie` (a shared cache must not hand one language's page
/// to someone who chose the other), and the cookie when `?lang=` chose it.
pub async fn middleware(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let cookie = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ");
    let (lang, remember) = choose(
        &path,
        req.uri().query(),
        (!cookie.is_empty()).then_some(cookie.as_str()),
    );
    let here = (!english_only(&path)).then(|| match req.uri().query() {
        Some(q) => format!("{path}?{q}"),
        None => path.clone(),
    });
    let mut res = CURRENT.scope(Ctx { lang, here }, next.run(req)).await;
    if english_only(&path) {
        return res;
    }
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    h.append(header::VARY, HeaderValue::from_static("Cookie"));
    if remember {
        let value = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.append(header::SET_COOKIE, v);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_welsh_month_names() {
        let d = |y, m, day| jiff::civil::date(y, m, day);
        assert_eq!(long_date(d(2026, 4, 1), Lang::Cy), "1 Ebrill 2026");
        assert_eq!(long_date(d(2026, 4, 1), Lang::En), "1 April 2026");
        assert_eq!(long_date(d(1990, 1, 31), Lang::Cy), "31 Ionawr 1990");
        assert_eq!(long_date(d(2027, 12, 9), Lang::Cy), "9 Rhagfyr 2027");
        for (i, name) in WELSH_MONTHS.iter().enumerate() {
            let m = i8::try_from(i + 1).unwrap();
            assert_eq!(
                long_date(d(2026, m, 15), Lang::Cy),
                format!("15 {name} 2026")
            );
        }
    }

    #[test]
    fn query_chooses_and_is_remembered() {
        assert_eq!(choose("/", Some("lang=cy"), None), (Lang::Cy, true));
        assert_eq!(
            choose("/refer", Some("a=1&lang=en"), Some("imha_lang=cy")),
            (Lang::En, true)
        );
        assert_eq!(choose("/", Some("lang=CY"), None), (Lang::Cy, true));
    }

    #[test]
    fn cookie_chooses_when_no_query() {
        assert_eq!(choose("/", None, Some("imha_lang=cy")), (Lang::Cy, false));
        assert_eq!(
            choose("/my-dates", Some("x=1"), Some("other=1; imha_lang=cy")),
            (Lang::Cy, false)
        );
        assert_eq!(choose("/", None, Some("other=cy")), (Lang::En, false));
    }

    #[test]
    fn unknown_codes_fall_back_to_english() {
        assert_eq!(choose("/", Some("lang=fr"), None), (Lang::En, false));
        assert_eq!(choose("/", None, Some("imha_lang=xx")), (Lang::En, false));
        assert_eq!(choose("/", None, None), (Lang::En, false));
        assert_eq!(
            choose("/", Some("lang=fr"), Some("imha_lang=cy")),
            (Lang::Cy, false)
        );
    }

    #[test]
    fn staff_and_api_are_always_english() {
        assert_eq!(
            choose("/staff", Some("lang=cy"), Some("imha_lang=cy")),
            (Lang::En, false)
        );
        assert_eq!(
            choose("/staff/referrals", None, Some("imha_lang=cy")),
            (Lang::En, false)
        );
        assert_eq!(
            choose("/api/v1/x", Some("lang=cy"), None),
            (Lang::En, false)
        );
        // A public page whose name merely starts with "staff" is not the staff area.
        assert_eq!(choose("/staffing", Some("lang=cy"), None), (Lang::Cy, true));
    }

    #[test]
    fn messages_format_in_each_language_and_fall_back() {
        assert_eq!(Lang::En.t("nav-home"), "Home");
        assert_ne!(Lang::Cy.t("nav-home"), Lang::En.t("nav-home"));
        assert_eq!(Lang::En.t("no-such-message-id"), "no-such-message-id");
        assert_eq!(sync_scope(Lang::Cy, current), Lang::Cy);
        assert_eq!(current(), Lang::En);
    }

    #[test]
    fn switch_keeps_the_path_and_query_but_flips_lang() {
        let ctx = |lang, here: &str| Ctx {
            lang,
            here: Some(here.to_string()),
        };
        let got = CURRENT.sync_scope(ctx(Lang::En, "/refer/who"), switch_href);
        assert_eq!(got.as_deref(), Some("/refer/who?lang=cy"));
        let got = CURRENT.sync_scope(ctx(Lang::Cy, "/x?a=1&lang=cy"), switch_href);
        assert_eq!(got.as_deref(), Some("/x?a=1&lang=en"));
        let got = CURRENT.sync_scope(
            Ctx {
                lang: Lang::Cy,
                here: None,
            },
            switch_href,
        );
        assert_eq!(got, None);
        assert_eq!(switch_href(), None);
    }

    /// Message ids, with their attributes ("id.attr") and the variables each uses.
    fn inventory(lang: Lang) -> std::collections::BTreeMap<String, Vec<String>> {
        use fluent_bundle::FluentResource;
        use fluent_syntax::ast;
        let mut out = std::collections::BTreeMap::new();
        fn vars(p: &ast::Pattern<&str>, acc: &mut Vec<String>) {
            for el in &p.elements {
                if let ast::PatternElement::Placeable { expression } = el {
                    expr(expression, acc);
                }
            }
        }
        fn expr(e: &ast::Expression<&str>, acc: &mut Vec<String>) {
            match e {
                ast::Expression::Inline(i) => inline(i, acc),
                ast::Expression::Select { selector, variants } => {
                    inline(selector, acc);
                    for v in variants {
                        vars(&v.value, acc);
                    }
                }
            }
        }
        fn inline(i: &ast::InlineExpression<&str>, acc: &mut Vec<String>) {
            match i {
                ast::InlineExpression::VariableReference { id } => acc.push(id.name.to_string()),
                ast::InlineExpression::Placeable { expression } => expr(expression, acc),
                _ => {}
            }
        }
        for (file, text) in sources(lang) {
            let res = FluentResource::try_new((*text).to_string())
                .unwrap_or_else(|(_, e)| panic!("{} {file} does not parse: {e:?}", lang.code()));
            for entry in res.entries() {
                if let ast::Entry::Message(m) = entry {
                    let mut acc = vec![];
                    if let Some(v) = &m.value {
                        vars(v, &mut acc);
                    }
                    acc.sort();
                    acc.dedup();
                    let prev = out.insert(m.id.name.to_string(), acc);
                    assert!(
                        prev.is_none(),
                        "{} defines {} twice",
                        lang.code(),
                        m.id.name
                    );
                    for a in &m.attributes {
                        let mut acc = vec![];
                        vars(&a.value, &mut acc);
                        acc.sort();
                        acc.dedup();
                        out.insert(format!("{}.{}", m.id.name, a.id.name), acc);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn welsh_has_exactly_the_english_messages_and_variables() {
        let en = inventory(Lang::En);
        let cy = inventory(Lang::Cy);
        let missing: Vec<_> = en.keys().filter(|k| !cy.contains_key(*k)).collect();
        let extra: Vec<_> = cy.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "missing in cy: {missing:?}");
        assert!(extra.is_empty(), "only in cy: {extra:?}");
        for (id, vars) in &en {
            assert_eq!(&cy[id], vars, "variables of {id} differ");
        }
        assert!(en.len() > 50, "the catalogue is unexpectedly small");
    }

    #[test]
    fn every_error_page_and_nav_item_has_its_messages() {
        for lang in Lang::ALL {
            for kind in crate::error::KINDS {
                for part in ["heading", "p1", "p2"] {
                    let id = format!("error-{kind}-{part}");
                    assert!(has_message(lang, &id), "{} lacks {id}", lang.code());
                }
            }
            for id in crate::pages::KINDS_OF_HELP_IDS {
                assert!(has_message(lang, id), "{} lacks {id}", lang.code());
            }
        }
        for id in crate::pages::nav_message_ids() {
            assert!(
                has_message(Lang::En, id) && has_message(Lang::Cy, id),
                "{id}"
            );
        }
    }

    /// The Welsh leaflets (`content/leaflets/cy`) keep the English leaflet's front matter (only
    /// the title and summary translated), say they await review, and have the same headings and
    /// list items, so they say the same things.
    #[test]
    fn welsh_leaflets_match_the_english_ones() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/leaflets");
        let split = |text: &str| -> (Vec<String>, String) {
            let mut parts = text.splitn(3, "---\n");
            assert_eq!(parts.next(), Some(""), "front matter first");
            let fm = parts.next().unwrap().lines().map(str::to_string).collect();
            (fm, parts.next().unwrap().to_string())
        };
        let count =
            |body: &str, prefix: &str| body.lines().filter(|l| l.starts_with(prefix)).count();
        let mut n = 0;
        for e in std::fs::read_dir(root.join("cy")).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let cy = std::fs::read_to_string(&path).unwrap();
            let en = std::fs::read_to_string(root.join("en").join(&name))
                .unwrap_or_else(|_| panic!("cy/{name} has no English leaflet"));
            let (cy_fm, cy_body) = split(&cy);
            let (en_fm, en_body) = split(&en);
            let keep = |l: &&String| !l.starts_with("title:") && !l.starts_with("summary:");
            let mut expected: Vec<String> = en_fm.iter().filter(keep).cloned().collect();
            expected.push("language: cy".into());
            expected.push("translation_status: awaiting-review".into());
            let got: Vec<String> = cy_fm.iter().filter(keep).cloned().collect();
            assert_eq!(got, expected, "cy/{name} front matter");
            assert!(cy_fm.iter().any(|l| l.starts_with("title: ")), "{name}");
            assert!(cy_fm.iter().any(|l| l.starts_with("summary: ")), "{name}");
            assert!(
                cy_body.contains("aros am adolygiad gan siaradwr Cymraeg"),
                "{name}"
            );
            assert!(
                cy_body.contains("awaiting review by a Welsh speaker"),
                "{name}"
            );
            for prefix in ["# ", "## ", "- "] {
                assert_eq!(
                    count(&cy_body, prefix),
                    count(&en_body, prefix),
                    "cy/{name}: {prefix:?}"
                );
            }
            n += 1;
        }
        assert!(n >= 4, "the four main leaflets are in Welsh");
    }

    #[test]
    fn every_welsh_file_is_marked_awaiting_review() {
        for (file, text) in sources(Lang::Cy) {
            assert!(
                text.starts_with(
                    "# Translation status: machine-drafted, awaiting review by a Welsh speaker"
                ),
                "cy/{file} lacks the translation status header"
            );
        }
    }

    /// Every `t("...")`-style id in the source and templates exists in the English catalogue
    /// (which the test above ties to the Welsh one).
    #[test]
    fn every_id_used_in_code_and_templates_exists() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut files = vec![];
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, files);
                } else if p.extension().is_some_and(|x| x == "rs" || x == "html") {
                    files.push(p);
                }
            }
        }
        walk(&std::path::Path::new(root).join("src"), &mut files);
        walk(&std::path::Path::new(root).join("templates"), &mut files);
        let en = inventory(Lang::En);
        let mut used = 0;
        let mut unknown = vec![];
        for f in files {
            if f.ends_with("i18n.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            for marker in [
                "t(\"",
                "t1(\"",
                "t2(\"",
                "t3(\"",
                "t_args(\"",
                "ui(\"",
                "ui1(\"",
                "en(\"",
            ] {
                let mut rest = text.as_str();
                while let Some(i) = rest.find(marker) {
                    // Only the helpers themselves: `.t("`, `t("` after a non-identifier char.
                    let before = rest[..i].chars().last();
                    rest = &rest[i + marker.len()..];
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let Some(end) = rest.find('"') else { break };
                    let id = &rest[..end];
                    used += 1;
                    if !en.contains_key(id) {
                        unknown.push(format!("{}: {id}", f.display()));
                    }
                }
            }
        }
        assert!(unknown.is_empty(), "unknown message ids: {unknown:#?}");
        assert!(used > 50, "found only {used} uses");
    }
}
