//! The rights engine's own words in the reader's language.
//!
//! The engine (imha-law) speaks English: its warnings ([`Warning`]) and the reason a period is
//! extended ([`imha_law::output::Extension::reason`]) are English strings, which the API, the
//! command line and the staff pages show as they are. Every fixed string among them has a
//! stable identity in [`imha_law::text`]; this module finds it and shows the catalogue's
//! message `engine-{note,rule,date,reason}-{id}` (`locales/*/engine.ftl`) instead, and builds
//! the warnings made of parts (dates, a year, a time) from `engine-month-end` and the like, with
//! the dates written as people read them in that language ([`long_date`]).
//!
//! In English the words are exactly the engine's (`Warning`'s `Display`), so English pages are
//! unchanged; the tests check that the English catalogue says exactly what the engine says and
//! that every text the engine can give has its Welsh. Should one ever be missing, the English
//! is shown, marked as English ([`Words::foreign`]) so the page can say so with `lang="en"`.

use imha_law::output::{Confidence, Warning};
use imha_law::text::{self, Text};
use jiff::civil::{Date, DateTime};

use super::{Lang, has_message, long_date};

/// Words from the engine, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    pub text: String,
    /// The language code of `text` when it is not the language asked for (English where no
    /// translation is known): put it in a `lang` attribute. `None` when it is in the language
    /// asked for.
    pub foreign: Option<&'static str>,
}

impl Words {
    fn english(text: String, asked: Lang) -> Words {
        Words {
            text,
            foreign: (asked != Lang::En).then_some(Lang::En.code()),
        }
    }
}

impl std::fmt::Display for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A warning in `lang`.
pub fn warning(w: &Warning, lang: Lang) -> Words {
    in_lang(
        lang,
        "an engine warning",
        || w.to_string(),
        || render(w, lang),
    )
}

/// Every warning of `ws` in `lang`.
pub fn warnings(ws: &[Warning], lang: Lang) -> Vec<Words> {
    ws.iter().map(|w| warning(w, lang)).collect()
}

/// An extension's reason ([`imha_law::output::Extension::reason`]) in `lang`.
pub fn reason(en: &str, lang: Lang) -> Words {
    in_lang(
        lang,
        "an extension reason",
        || en.to_string(),
        || fixed("reason", text::reasons::ALL, en, lang),
    )
}

/// The English (`english`) in English; otherwise its translation, or, when there is none, the
/// English marked as such, with a warning in the log naming `what` lacks one.
fn in_lang(
    lang: Lang,
    what: &str,
    english: impl FnOnce() -> String,
    translated: impl FnOnce() -> Option<String>,
) -> Words {
    if lang == Lang::En {
        return Words::english(english(), lang);
    }
    match translated() {
        Some(text) => Words {
            text,
            foreign: None,
        },
        None => {
            tracing::warn!(lang = lang.code(), what, "no translation");
            Words::english(english(), lang)
        }
    }
}

/// The catalogue id of a fixed text of `kind` (`note`, `rule`, `date`, `reason`).
fn id(kind: &str, t: Text) -> String {
    format!("engine-{kind}-{}", t.id())
}

/// The fixed text whose English is `en`, in `lang`; `None` if the engine's text or its
/// translation is unknown.
fn fixed(kind: &str, all: &[Text], en: &str, lang: Lang) -> Option<String> {
    let id = id(kind, text::find(all, en)?);
    has_message(lang, &id).then(|| lang.t(&id))
}

/// A date in a warning: the engine's ISO 8601 in English (as its `Display` has it), the long
/// form elsewhere ("6 Ebrill 2026").
fn date_in(d: Date, lang: Lang) -> String {
    match lang {
        Lang::En => d.to_string(),
        Lang::Cy => long_date(d, lang),
    }
}

/// A time in a warning: `2026-03-29T14:00` in English (the engine's form), "14:00 ar 29 Mawrth
/// 2026" in Welsh.
fn time_in(t: DateTime, lang: Lang) -> String {
    match lang {
        Lang::En => imha_law::dates::format_time(t),
        Lang::Cy => format!(
            "{:02}:{:02} ar {}",
            t.hour(),
            t.minute(),
            long_date(t.date(), lang)
        ),
    }
}

/// The warning written from the catalogue of `lang`; `None` if a part has no message there.
fn render(w: &Warning, lang: Lang) -> Option<String> {
    let date = |d| date_in(d, lang);
    Some(match *w {
        Warning::MonthEnd { what, date: d } => lang.t_args(
            "engine-month-end",
            &[
                ("what", &fixed("date", text::dates::ALL, what, lang)?),
                ("date", &date(d)),
            ],
        ),
        Warning::Uncertain { rule, confidence } => lang.t_args(
            "engine-uncertain",
            &[
                (
                    "confidence",
                    &lang.t(match confidence {
                        Confidence::Medium => "engine-confidence-medium",
                        Confidence::Low => "engine-confidence-low",
                    }),
                ),
                ("rule", &fixed("rule", text::rules::ALL, rule, lang)?),
            ],
        ),
        Warning::ClosedDay { date: d, next_open } => lang.t_args(
            "engine-closed-day",
            &[("date", &date(d)), ("next", &date(next_open))],
        ),
        Warning::HolidaysNotCovered { year } => lang.t_args(
            "engine-holidays-not-covered",
            &[("year", &year.to_string())],
        ),
        Warning::Note(note) => fixed("note", text::notes::ALL, note, lang)?,
        Warning::ClockChange { ends_at } => {
            lang.t_args("engine-clock-change", &[("time", &time_in(ends_at, lang))])
        }
        Warning::MedicationBeforePeriod {
            first_medication,
            period_start,
        } => lang.t_args(
            "engine-medication-before-period",
            &[
                ("first", &date(first_medication)),
                ("start", &date(period_start)),
            ],
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// One warning of every kind, with every fixed text the engine can put in one.
    fn every_warning() -> Vec<Warning> {
        let d = date(2026, 3, 31);
        let mut ws = vec![
            Warning::ClosedDay {
                date: date(2026, 4, 5),
                next_open: date(2026, 4, 7),
            },
            Warning::HolidaysNotCovered { year: 2031 },
            Warning::ClockChange {
                ends_at: date(2026, 3, 29).at(14, 5, 0, 0),
            },
            Warning::MedicationBeforePeriod {
                first_medication: date(2026, 1, 2),
                period_start: date(2026, 2, 1),
            },
        ];
        ws.extend(text::notes::ALL.iter().map(|t| Warning::Note(t.en())));
        for conf in [Confidence::Medium, Confidence::Low] {
            ws.extend(text::rules::ALL.iter().map(|t| Warning::Uncertain {
                rule: t.en(),
                confidence: conf,
            }));
        }
        ws.extend(text::dates::ALL.iter().map(|t| Warning::MonthEnd {
            what: t.en(),
            date: d,
        }));
        ws
    }

    /// The English catalogue says exactly what the engine says, so the catalogue is a faithful
    /// source for translators and English output never changes.
    #[test]
    fn english_catalogue_is_exactly_the_engines_words() {
        for w in every_warning() {
            assert_eq!(render(&w, Lang::En), Some(w.to_string()));
            assert_eq!(warning(&w, Lang::En).text, w.to_string());
            assert_eq!(warning(&w, Lang::En).foreign, None);
        }
        for t in text::reasons::ALL {
            assert_eq!(Lang::En.t(&id("reason", *t)), t.en());
            assert_eq!(reason(t.en(), Lang::En).text, t.en());
        }
    }

    /// Every text the engine can give (imha_law::text's lists) has its Welsh, so no engine
    /// words reach a Welsh page or letter in English.
    #[test]
    fn every_engine_text_has_welsh() {
        let mut missing = vec![];
        for (kind, all) in [
            ("note", text::notes::ALL),
            ("rule", text::rules::ALL),
            ("date", text::dates::ALL),
            ("reason", text::reasons::ALL),
        ] {
            for t in all {
                let id = id(kind, *t);
                if !has_message(Lang::Cy, &id) || Lang::Cy.t(&id) == t.en() {
                    missing.push(id);
                }
            }
        }
        assert!(missing.is_empty(), "no Welsh for {missing:#?}");
        for w in every_warning() {
            let cy = warning(&w, Lang::Cy);
            assert_eq!(cy.foreign, None, "{w}");
            assert_ne!(cy.text, w.to_string());
        }
        for t in text::reasons::ALL {
            assert_eq!(reason(t.en(), Lang::Cy).foreign, None);
        }
    }

    #[test]
    fn welsh_warnings_have_welsh_dates_and_keep_citations() {
        let w = Warning::ClosedDay {
            date: date(2026, 4, 5),
            next_open: date(2026, 4, 7),
        };
        let cy = warning(&w, Lang::Cy).text;
        assert!(
            cy.contains("5 Ebrill 2026") && cy.contains("7 Ebrill 2026"),
            "{cy}"
        );
        assert!(
            cy.contains("R (Modaresi) v SSH [2011] EWCA Civ 1359"),
            "{cy}"
        );
        assert!(!cy.contains("2026-04-05"), "{cy}");

        let w = Warning::MonthEnd {
            what: text::dates::PERIOD_END.en(),
            date: date(2026, 8, 31),
        };
        assert_eq!(
            warning(&w, Lang::Cy).text,
            "Mae dyddiad diwedd y cyfnod presennol (31 Awst 2026) ar ddiwrnod 28 neu'n \
             hwyrach mewn mis, neu ar 1 Mawrth, lle mae'r dulliau cyfrif a ddefnyddir yn \
             ymarferol yn gallu amrywio o un i dri diwrnod: gofynnwch i swyddfa'r Ddeddf Iechyd \
             Meddwl ei gadarnhau."
        );

        let w = Warning::Uncertain {
            rule: text::rules::RENEWAL_COUNTING.en(),
            confidence: Confidence::Medium,
        };
        let cy = warning(&w, Lang::Cy).text;
        assert!(
            cy.starts_with("Rheol ansicr (hyder canolig): MHA 1983 s20(2): "),
            "{cy}"
        );

        let w = Warning::ClockChange {
            ends_at: date(2026, 3, 29).at(14, 5, 0, 0),
        };
        assert!(
            warning(&w, Lang::Cy)
                .text
                .contains("14:05 ar 29 Mawrth 2026")
        );
    }

    #[test]
    fn unknown_words_stay_english_and_say_so() {
        let w = Warning::Note("Some note the catalogue has never seen.");
        assert_eq!(
            warning(&w, Lang::Cy),
            Words {
                text: "Some note the catalogue has never seen.".into(),
                foreign: Some("en"),
            }
        );
        assert_eq!(warning(&w, Lang::En).foreign, None);
        assert_eq!(reason("no such reason", Lang::Cy).foreign, Some("en"));
    }
}
