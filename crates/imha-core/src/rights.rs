//! The `imha rights` JSON contract (contracts.md section 2) around the pure legal crate.
//!
//! Parsing is done on a [`serde_json::Value`] by hand rather than with derived types, so that
//! every error names its field path (`history[1].start: not a date: "2026-13-01"`), unknown
//! fields are ignored, and the order of fields never matters.
//!
//! # Entry points
//! * [`evaluate_json`]: one document in, one [`Value`] out (the CLI's `imha rights`).
//! * [`evaluate_value`]: the same from an already-parsed [`Value`] (`POST /api/v1/rights`).
//! * [`evaluate_jsonl`]: the `--jsonl` batch form.
//! * [`parse_input`], [`output_to_json`]: the two halves, for callers that want the Rust types.
//!
//! # Input fields added to the contract (all optional)
//! * `history[i].end`: when the status ended (date or time).
//! * `history[i].transition`: `fresh`, `continuation`, `conversion`,
//!   `transfer-from-guardianship`, `revocation`, `recall`, `restriction-ended`; inferred when
//!   absent (see `imha_law::Transition`).
//! * `history[i].recalls`: on a `cto` entry, `[{"at": time, "released": time|null}]` (s17E).
//! * `history[i].dol_conditions`: on a `conditional-discharge` entry, `true` when the conditions
//!   amount to a deprivation of liberty (s75(2A)).
//! * `tribunal_applications`: `[{"date": d, "withdrawn": d|null, "by": "patient" |
//!   "nearest-relative" | "s67-reference"}]` (s68(3)–(4), s77(2)).
//! * `nearest_relative_events`: `[{"event": "barring-report", "date": d, "told": d|null}`,
//!   `{"event": "displacement-application", "date": d, "ground": "a".."e", "disposed": d|null,
//!   "order_made": bool}`, `{"event": "displacement-order", "date": d, "ground": "c",
//!   "ended": d|null}]`.
//! * `first_medication`: date (s58 three months); `treatment_ended`: date (s130C(4));
//!   `informal_in_patient`: bool, default true (s130J, s130CA).
//!
//! # Output fields added to the contract
//! * `transition`: how the status in force began (ids as above), or null.
//! * `imha.since` (time a converted s4 qualifies from, law.md §1.2), `imha.duty_to_inform`
//!   (`who`, `when`, `how` = "orally and in writing", `basis`, `copy_to`), or null.
//! * `authority`: `maximum_end` + `maximum_basis` (s35/s36 12 weeks, s38 12 months);
//!   `extension_ends_at` + `extension_basis` (s135/s136, s136B); `extended` (`nominal_end`,
//!   `reason`, `basis`: s2 under s29(4), with `end` null while the application is pending);
//!   `alternative_ends` (`anchored_to_start`, `strict_dodds`) for renewals near month ends.
//!   For statuses in hours `start` is a time too.
//! * every window: `state` (`open`, `upcoming`, `passed`), `extended_to_next_open_day`
//!   (*Modaresi*, s2), `already_applied` (s77(2)), `office_closed_on_last_day`.
//! * `tribunal.nearest_relative` (s66(1)(g), (h); s69) and `tribunal.tribunal` (which tribunal).
//! * `managers_reference.by` (`hospital-managers` or `secretary-of-state`) and
//!   `.as_soon_as_possible` (s68(4), s68(7)).
//! * `nearest_relative_barring` (`report`, `discharge_barred_until`, `basis`: s25(1)(b)).
//! * `cto_recall` (`at`, `latest_release`, `basis`: s17E, s17F).
//! * `consent_to_treatment` (`part4_applies`, `basis`, `s58_certificate_from`,
//!   `s58_strict_alternative`, `s58_basis`, `s57`, `s58a`).

use std::io::{self, BufRead, Write};

use imha_law::dates::{format_time, parse_date, parse_when};
use imha_law::output::{Authority, Barring, CtoRecall, Imha, Reference, Window};
use imha_law::{
    Applicant, Entry, Ground, Input, Jurisdiction, LawConfig, NearestRelativeEvent, Output, Recall,
    Status, Transition, Treatment, TribunalApplication, When,
};
use jiff::civil::Date;
use serde_json::{Map, Value, json};

/// Invalid `imha rights` input. Display is one line naming the field and the problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RightsInputError {
    /// The text is not JSON.
    #[error("invalid JSON at line {line} column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json found wrong.
        message: String,
    },
    /// A field is missing or has a bad value.
    #[error("{path}: {problem}")]
    Field {
        /// Field path, e.g. `history[1].start`.
        path: String,
        /// The problem, e.g. `not a date: "2026-13-01"`.
        problem: String,
    },
}

type Result<T> = std::result::Result<T, RightsInputError>;

fn field(path: impl Into<String>, problem: impl Into<String>) -> RightsInputError {
    RightsInputError::Field {
        path: path.into(),
        problem: problem.into(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON value shown in an error: strings quoted, others as JSON, long ones cut.
fn show(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// A present, non-null field.
fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

fn date_at(v: &Value, path: &str) -> Result<Date> {
    let s = v
        .as_str()
        .ok_or_else(|| field(path, format!("expected a date string, found {}", kind(v))))?;
    parse_date(s).ok_or_else(|| field(path, format!("not a date: {}", show(v))))
}

fn when_at(v: &Value, path: &str) -> Result<When> {
    let s = v.as_str().ok_or_else(|| {
        field(
            path,
            format!("expected a date or time string, found {}", kind(v)),
        )
    })?;
    parse_when(s).ok_or_else(|| {
        let what = if s.len() <= 10 {
            "not a date"
        } else {
            "not a date or time"
        };
        field(path, format!("{what}: {}", show(v)))
    })
}

fn opt_date(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<Date>> {
    get(obj, key).map(|v| date_at(v, path)).transpose()
}

fn opt_when(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<When>> {
    get(obj, key).map(|v| when_at(v, path)).transpose()
}

fn opt_bool(obj: &Map<String, Value>, key: &str, path: &str) -> Result<Option<bool>> {
    get(obj, key)
        .map(|v| {
            v.as_bool()
                .ok_or_else(|| field(path, format!("expected true or false, found {}", kind(v))))
        })
        .transpose()
}

fn opt_array<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a [Value]> {
    match get(obj, key) {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(v) => Err(field(key, format!("expected an array, found {}", kind(v)))),
    }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object()
        .ok_or_else(|| field(path, format!("expected an object, found {}", kind(v))))
}

fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str> {
    v.as_str()
        .ok_or_else(|| field(path, format!("expected a string, found {}", kind(v))))
}

fn starts_before(a: When, b: When) -> bool {
    a.earliest() < b.earliest()
}

/// Parses a contract input document.
pub fn parse_input(text: &str) -> Result<Input> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        RightsInputError::Json {
            line: e.line(),
            column: e.column(),
            message: full.strip_suffix(&suffix).unwrap_or(&full).to_owned(),
        }
    })?;
    parse_value(&v)
}

/// Parses an already-decoded contract input document.
pub fn parse_value(v: &Value) -> Result<Input> {
    let obj = v.as_object().ok_or_else(|| {
        field(
            "input",
            format!("expected a JSON object, found {}", kind(v)),
        )
    })?;

    let jurisdiction = match get(obj, "jurisdiction") {
        None => Jurisdiction::England,
        Some(j) => j.as_str().and_then(Jurisdiction::parse).ok_or_else(|| {
            field(
                "jurisdiction",
                format!("must be \"england\" or \"wales\", not {}", show(j)),
            )
        })?,
    };
    let as_of = match get(obj, "as_of") {
        None => return Err(field("as_of", "missing")),
        Some(a) => when_at(a, "as_of")?,
    };
    let mut input = Input::new(jurisdiction, as_of, Vec::new());
    input.date_of_birth = opt_date(obj, "date_of_birth", "date_of_birth")?;

    let history = match obj.get("history") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(a)) => a.as_slice(),
        Some(h) => {
            return Err(field(
                "history",
                format!("expected an array, found {}", kind(h)),
            ));
        }
    };
    input.history.reserve(history.len());
    for (i, item) in history.iter().enumerate() {
        let p = format!("history[{i}]");
        let e = object(item, &p)?;
        let status = match get(e, "status") {
            None => return Err(field(format!("{p}.status"), "missing")),
            Some(Value::String(s)) => {
                Status::parse(s).map_err(|err| field(format!("{p}.status"), err.to_string()))?
            }
            Some(s) => {
                return Err(field(
                    format!("{p}.status"),
                    format!("expected a status id string, found {}", kind(s)),
                ));
            }
        };
        let start = match get(e, "start") {
            None => return Err(field(format!("{p}.start"), "missing")),
            Some(s) => when_at(s, &format!("{p}.start"))?,
        };
        if let Some(prev) = input.history.last()
            && starts_before(start, prev.start)
        {
            return Err(field(
                format!("{p}.start"),
                format!(
                    "before history[{}].start (the history must be in date order)",
                    i - 1
                ),
            ));
        }
        let mut entry = Entry::new(status, start);
        entry.end = opt_when(e, "end", &format!("{p}.end"))?;
        let end_before_start = match (entry.end, start) {
            (Some(When::At(e)), When::At(s)) => e < s,
            (Some(end), _) => end.date() < start.date(),
            (None, _) => false,
        };
        if end_before_start {
            return Err(field(format!("{p}.end"), "before start"));
        }
        if let Some(t) = get(e, "transition") {
            let s = string(t, &format!("{p}.transition"))?;
            entry.transition = Some(Transition::parse(s).ok_or_else(|| {
                field(
                    format!("{p}.transition"),
                    format!("unknown transition {}", show(t)),
                )
            })?);
        }
        entry.dol_conditions =
            opt_bool(e, "dol_conditions", &format!("{p}.dol_conditions"))?.unwrap_or(false);
        let recalls = match get(e, "recalls") {
            None => &[][..],
            Some(Value::Array(a)) => a.as_slice(),
            Some(r) => {
                return Err(field(
                    format!("{p}.recalls"),
                    format!("expected an array, found {}", kind(r)),
                ));
            }
        };
        for (k, r) in recalls.iter().enumerate() {
            let rp = format!("{p}.recalls[{k}]");
            let ro = object(r, &rp)?;
            let at = match get(ro, "at") {
                None => return Err(field(format!("{rp}.at"), "missing")),
                Some(a) => when_at(a, &format!("{rp}.at"))?,
            };
            let released = opt_when(ro, "released", &format!("{rp}.released"))?;
            entry.recalls.push(Recall { at, released });
        }
        input.history.push(entry);
    }

    input.treatment_discussed = match get(obj, "treatment_discussed") {
        None => None,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("s57") => Some(Treatment::S57),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("s58a") => Some(Treatment::S58a),
        Some(t) => {
            return Err(field(
                "treatment_discussed",
                format!("must be null, \"s57\" or \"s58a\", not {}", show(t)),
            ));
        }
    };
    input.treatment_ended = opt_date(obj, "treatment_ended", "treatment_ended")?;
    input.first_medication = opt_date(obj, "first_medication", "first_medication")?;
    input.informal_in_patient =
        opt_bool(obj, "informal_in_patient", "informal_in_patient")?.unwrap_or(true);

    for (i, h) in opt_array(obj, "tribunal_hearings")?.iter().enumerate() {
        input
            .tribunal_hearings
            .push(date_at(h, &format!("tribunal_hearings[{i}]"))?);
    }
    for (i, a) in opt_array(obj, "tribunal_applications")?.iter().enumerate() {
        let p = format!("tribunal_applications[{i}]");
        let o = object(a, &p)?;
        let date = match get(o, "date") {
            None => return Err(field(format!("{p}.date"), "missing")),
            Some(d) => date_at(d, &format!("{p}.date"))?,
        };
        let withdrawn = opt_date(o, "withdrawn", &format!("{p}.withdrawn"))?;
        let by = match get(o, "by") {
            None => Applicant::Patient,
            Some(b) => string(b, &format!("{p}.by"))
                .ok()
                .and_then(Applicant::parse)
                .ok_or_else(|| {
                    field(
                        format!("{p}.by"),
                        format!(
                            "must be \"patient\", \"nearest-relative\" or \"s67-reference\", not {}",
                            show(b)
                        ),
                    )
                })?,
        };
        input.tribunal_applications.push(TribunalApplication {
            date,
            withdrawn,
            by,
        });
    }
    for (i, ev) in opt_array(obj, "nearest_relative_events")?
        .iter()
        .enumerate()
    {
        input
            .nearest_relative_events
            .push(nr_event(ev, &format!("nearest_relative_events[{i}]"))?);
    }
    Ok(input)
}

fn nr_event(v: &Value, p: &str) -> Result<NearestRelativeEvent> {
    let o = object(v, p)?;
    let date = match get(o, "date") {
        None => return Err(field(format!("{p}.date"), "missing")),
        Some(d) => date_at(d, &format!("{p}.date"))?,
    };
    let ground = || -> Result<Ground> {
        match get(o, "ground") {
            None => Err(field(format!("{p}.ground"), "missing")),
            Some(g) => g.as_str().and_then(Ground::parse).ok_or_else(|| {
                field(
                    format!("{p}.ground"),
                    format!("must be one of \"a\" to \"e\" (s29(3)), not {}", show(g)),
                )
            }),
        }
    };
    let event = match get(o, "event") {
        None => return Err(field(format!("{p}.event"), "missing")),
        Some(e) => string(e, &format!("{p}.event"))?,
    };
    match event {
        "barring-report" => Ok(NearestRelativeEvent::BarringReport {
            report: date,
            told: opt_date(o, "told", &format!("{p}.told"))?,
        }),
        "displacement-application" => Ok(NearestRelativeEvent::DisplacementApplication {
            made: date,
            ground: ground()?,
            disposed: opt_date(o, "disposed", &format!("{p}.disposed"))?,
            order_made: opt_bool(o, "order_made", &format!("{p}.order_made"))?.unwrap_or(false),
        }),
        "displacement-order" => Ok(NearestRelativeEvent::DisplacementOrder {
            made: date,
            ground: ground()?,
            ended: opt_date(o, "ended", &format!("{p}.ended"))?,
        }),
        other => Err(field(
            format!("{p}.event"),
            format!(
                "must be \"barring-report\", \"displacement-application\" or \
                 \"displacement-order\", not {}",
                show(&Value::String(other.to_owned()))
            ),
        )),
    }
}

fn date_json(d: Date) -> Value {
    Value::String(d.to_string())
}

fn when_json(w: When) -> Value {
    match w {
        When::Day(d) => date_json(d),
        When::At(t) => Value::String(format_time(t)),
    }
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    v.map_or(Value::Null, f)
}

fn imha_json(i: &Imha) -> Value {
    json!({
        "qualifies": i.qualifies,
        "basis": i.basis,
        "responsible_person": opt(i.responsible_person, |r| json!(r.id())),
        "nearest_relative_copy": opt(i.nearest_relative_copy, Value::Bool),
        "since": opt(i.since, when_json),
        "duty_to_inform": opt(i.duty_to_inform, |d| json!({
            "who": d.who.id(),
            "when": d.when,
            "how": d.how,
            "basis": d.basis,
            "copy_to": d.copy_to,
        })),
    })
}

fn authority_json(a: &Authority) -> Value {
    let mut m = Map::new();
    m.insert("period".into(), json!(a.period));
    match (a.start_at, a.ends_at) {
        (Some(start), Some(end)) => {
            m.insert("start".into(), Value::String(format_time(start)));
            m.insert("ends_at".into(), Value::String(format_time(end)));
        }
        _ => {
            m.insert("start".into(), date_json(a.start));
            m.insert("end".into(), opt(a.end, date_json));
        }
    }
    m.insert("basis".into(), json!(a.basis));
    if let Some(max) = a.maximum_end {
        m.insert("maximum_end".into(), date_json(max));
        m.insert("maximum_basis".into(), json!(a.maximum_basis));
    }
    if let Some(x) = a.extension_ends_at {
        m.insert("extension_ends_at".into(), Value::String(format_time(x)));
        m.insert("extension_basis".into(), json!("MHA 1983 s136B"));
    }
    if let Some(alt) = a.alternative_ends {
        m.insert(
            "alternative_ends".into(),
            json!({
                "anchored_to_start": date_json(alt.anchored_to_start),
                "strict_dodds": date_json(alt.strict_dodds),
            }),
        );
    }
    if let Some(e) = a.extended {
        m.insert(
            "extended".into(),
            json!({"nominal_end": date_json(e.nominal_end), "reason": e.reason, "basis": e.basis}),
        );
    }
    Value::Object(m)
}

fn window_json(w: &Window) -> Value {
    json!({
        "from": date_json(w.from),
        "to": date_json(w.to),
        "open": w.open,
        "state": w.state.id(),
        "basis": w.basis,
        "extended_to_next_open_day": opt(w.extended_to_next_open_day, date_json),
        "already_applied": w.already_applied,
        "office_closed_on_last_day": w.office_closed_on_last_day,
    })
}

fn reference_json(r: &Reference) -> Value {
    json!({
        "due": date_json(r.due),
        "basis": r.basis,
        "by": r.by.id(),
        "as_soon_as_possible": r.as_soon_as_possible,
    })
}

fn barring_json(b: &Barring) -> Value {
    json!({
        "report": date_json(b.report),
        "discharge_barred_until": date_json(b.discharge_barred_until),
        "basis": b.basis,
    })
}

fn recall_json(r: &CtoRecall) -> Value {
    json!({
        "at": when_json(r.at),
        "latest_release": format_time(r.latest_release),
        "basis": r.basis,
    })
}

/// The contract output document for an engine answer.
pub fn output_to_json(o: &Output) -> Value {
    let c = &o.consent_to_treatment;
    json!({
        "status": opt(o.status, |s| json!(s.id())),
        "transition": opt(o.transition, |t| json!(t.id())),
        "imha": imha_json(&o.imha),
        "authority": opt(o.authority.as_ref(), authority_json),
        "tribunal": {
            "patient": opt(o.tribunal_patient.as_ref(), window_json),
            "nearest_relative": opt(o.tribunal_nearest_relative.as_ref(), window_json),
            "tribunal": o.tribunal_name,
        },
        "managers_reference": opt(o.managers_reference.as_ref(), reference_json),
        "nearest_relative_barring": opt(o.nearest_relative_barring.as_ref(), barring_json),
        "cto_recall": opt(o.cto_recall.as_ref(), recall_json),
        "consent_to_treatment": {
            "part4_applies": c.part4_applies,
            "basis": c.basis,
            "s58_certificate_from": opt(c.s58_certificate_from, date_json),
            "s58_strict_alternative": opt(c.s58_strict_alternative, date_json),
            "s58_basis": c.s58_basis,
            "s57": c.s57,
            "s58a": c.s58a,
        },
        "warnings": o.warnings.iter().map(|w| Value::String(w.to_string())).collect::<Vec<_>>(),
    })
}

/// Reads the law configuration (which Mental Health Act 2025 provisions are in force, from
/// when, in each jurisdiction) from a JSON file such as
/// `{"detention_periods": {"england": "2027-10-01", "wales": null}}`. Groups not named keep
/// their default (not commenced, except the 18 February 2026 tranche). An unknown group name
/// is an error, so a typing mistake cannot silently leave the law unchanged.
pub fn load_law_config(path: &std::path::Path) -> std::result::Result<LawConfig, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_law_config(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// [`load_law_config`] on text already read.
pub fn parse_law_config(text: &str) -> std::result::Result<LawConfig, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let Some(groups) = value.as_object() else {
        return Err("must be a JSON object of provision groups".into());
    };
    let known = serde_json::to_value(LawConfig::default()).map_err(|e| e.to_string())?;
    for (name, dates) in groups {
        if known.get(name).is_none() {
            let names: Vec<&String> = known
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            return Err(format!(
                "unknown provision group {name:?} (known: {names:?})"
            ));
        }
        for (country, _) in dates.as_object().into_iter().flatten() {
            if !matches!(country.as_str(), "england" | "wales") {
                return Err(format!(
                    "{name}.{country}: must be \"england\" or \"wales\""
                ));
            }
        }
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Evaluates one contract input document.
pub fn evaluate_json(input: &str, config: &LawConfig) -> Result<Value> {
    let parsed = parse_input(input)?;
    Ok(output_to_json(&imha_law::evaluate(&parsed, config)))
}

/// Evaluates an already-decoded contract input document (for `POST /api/v1/rights`).
pub fn evaluate_value(input: &Value, config: &LawConfig) -> Result<Value> {
    let parsed = parse_value(input)?;
    Ok(output_to_json(&imha_law::evaluate(&parsed, config)))
}

/// The `--jsonl` batch form: one input document per line, one output document per line in the
/// same order. A bad line (invalid JSON or input, not UTF-8, or blank) gives
/// `{"line": N, "error": "..."}` (N 1-based) and the rest carry on. Returns whether any line was
/// invalid (the CLI exits 1 then).
pub fn evaluate_jsonl(
    mut reader: impl BufRead,
    mut writer: impl Write,
    config: &LawConfig,
) -> io::Result<bool> {
    let mut any_invalid = false;
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_no += 1;
        let bytes = buf
            .strip_suffix(b"\n")
            .map(|b| b.strip_suffix(b"\r").unwrap_or(b))
            .unwrap_or(&buf);
        let result = match std::str::from_utf8(bytes) {
            Err(_) => Err("not valid UTF-8".to_owned()),
            Ok(s) if s.trim().is_empty() => Err("empty line".to_owned()),
            Ok(s) => evaluate_json(s, config).map_err(|e| e.to_string()),
        };
        let out = match result {
            Ok(v) => v,
            Err(error) => {
                any_invalid = true;
                json!({"line": line_no, "error": error})
            }
        };
        serde_json::to_writer(&mut writer, &out)?;
        writer.write_all(b"\n")?;
    }
    writer.flush()?;
    Ok(any_invalid)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn law_configuration_switches_on_commenced_groups_and_refuses_unknown_names() {
        let c = parse_law_config(r#"{"detention_periods": {"england": "2027-10-01"}}"#).unwrap();
        let day = jiff::civil::date(2027, 10, 1);
        assert!(c.detention_periods.in_force(Jurisdiction::England, day));
        assert!(!c.detention_periods.in_force(Jurisdiction::Wales, day));
        assert!(
            !c.tribunal_windows.in_force(Jurisdiction::England, day),
            "others keep the default"
        );
        assert!(
            c.conditional_discharge_s75
                .in_force(Jurisdiction::England, day)
        );
        assert!(
            parse_law_config(r#"{"detention_period": {}}"#)
                .unwrap_err()
                .contains("unknown provision group")
        );
        assert!(parse_law_config(r#"{"detention_periods": {"scotland": "2027-01-01"}}"#).is_err());
        assert!(parse_law_config(r#"{"detention_periods": {"england": "soon"}}"#).is_err());
        assert!(parse_law_config("[]").is_err());
        // Switched on, it changes the answer: G54's three-month s3 period.
        let input =
            r#"{"as_of": "2027-11-01", "history": [{"status": "s3", "start": "2027-10-10"}]}"#;
        assert_eq!(
            evaluate_json(input, &c).unwrap()["authority"]["end"],
            "2028-01-09"
        );
        assert_eq!(
            evaluate_json(input, &LawConfig::default()).unwrap()["authority"]["end"],
            "2028-04-09"
        );
    }

    const CONTRACT_INPUT: &str = r#"{
      "jurisdiction": "england",
      "as_of": "2026-04-01",
      "date_of_birth": "1990-05-01",
      "history": [
        {"status": "s2", "start": "2026-03-10"},
        {"status": "s3", "start": "2026-03-20"}
      ],
      "treatment_discussed": null,
      "tribunal_hearings": []
    }"#;

    fn run(text: &str) -> Value {
        evaluate_json(text, &LawConfig::default()).unwrap()
    }

    fn err(text: &str) -> String {
        evaluate_json(text, &LawConfig::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn contract_example_field_for_field() {
        let out = run(CONTRACT_INPUT);
        assert_eq!(out["status"], json!("s3"));
        assert_eq!(out["imha"]["qualifies"], json!(true));
        assert_eq!(out["imha"]["basis"], json!("MHA 1983 s130C(2)(a)"));
        assert_eq!(
            out["imha"]["responsible_person"],
            json!("hospital-managers")
        );
        assert_eq!(out["imha"]["nearest_relative_copy"], json!(true));
        let a = &out["authority"];
        assert_eq!(a["period"], json!(1));
        assert_eq!(a["start"], json!("2026-03-20"));
        assert_eq!(a["end"], json!("2026-09-19"));
        assert_eq!(a["basis"], json!("MHA 1983 s20(1)"));
        let p = &out["tribunal"]["patient"];
        assert_eq!(p["from"], json!("2026-03-20"));
        assert_eq!(p["to"], json!("2026-09-19"));
        assert_eq!(p["open"], json!(true));
        assert_eq!(p["basis"], json!("MHA 1983 s66(1)(b), (2)(b)"));
        assert_eq!(out["managers_reference"]["due"], json!("2026-09-10"));
        assert_eq!(out["managers_reference"]["basis"], json!("MHA 1983 s68(2)"));
        assert_eq!(out["warnings"], json!([]));
        // Exactly the contract's keys for the contract's objects (plus added ones).
        for key in [
            "status",
            "imha",
            "authority",
            "tribunal",
            "managers_reference",
            "warnings",
        ] {
            assert!(out.get(key).is_some(), "missing {key}");
        }
        for key in [
            "qualifies",
            "basis",
            "responsible_person",
            "nearest_relative_copy",
        ] {
            assert!(out["imha"].get(key).is_some(), "missing imha.{key}");
        }
    }

    #[test]
    fn contract_fields_present_as_null_when_not_applicable() {
        let out = run(r#"{"as_of": "2026-04-01", "history": []}"#);
        assert_eq!(out["status"], Value::Null);
        assert_eq!(out["imha"]["qualifies"], json!(false));
        assert_eq!(out["imha"]["responsible_person"], Value::Null);
        assert_eq!(out["imha"]["nearest_relative_copy"], Value::Null);
        assert_eq!(out["authority"], Value::Null);
        assert_eq!(out["tribunal"]["patient"], Value::Null);
        assert_eq!(out["managers_reference"], Value::Null);
        assert!(out["warnings"].is_array());
        let out = run(
            r#"{"as_of": "2026-04-01", "history": [{"status": "s37-41", "start": "2025-01-01"}]}"#,
        );
        assert_eq!(out["authority"], Value::Null);
        assert!(out["tribunal"]["patient"].is_object());
    }

    #[test]
    fn hour_statuses_have_ends_at_in_place_of_end() {
        let out = run(
            r#"{"as_of": "2026-03-11T09:00", "history": [{"status": "04", "start": "2026-03-10T14:00"}]}"#,
        );
        assert_eq!(out["status"], json!("s4"));
        let a = &out["authority"];
        assert_eq!(a["ends_at"], json!("2026-03-13T14:00"));
        assert_eq!(a["start"], json!("2026-03-10T14:00"));
        assert!(a.get("end").is_none());
        assert_eq!(out["imha"]["qualifies"], json!(false));
    }

    #[test]
    fn defaults_jurisdiction_to_england_and_ignores_unknown_fields() {
        let out = run(
            r#"{"as_of": "2026-04-01", "ward": "Oak", "history": [{"status": "s3", "start": "2026-03-20", "bed": 4}]}"#,
        );
        assert_eq!(out["imha"]["basis"], json!("MHA 1983 s130C(2)(a)"));
        assert_eq!(
            out["tribunal"]["tribunal"],
            json!("First-tier Tribunal (Mental Health)")
        );
    }

    #[test]
    fn error_messages_name_the_field() {
        let cases = [
            (
                r#"{"as_of": "2026-04-01", "history": [{"status": "s2", "start": "2026-03-10"}, {"status": "s3", "start": "2026-13-01"}]}"#,
                r#"history[1].start: not a date: "2026-13-01""#,
            ),
            (
                r#"{"as_of": "2026-04-01", "history": [{"status": "32", "start": "2026-03-10"}]}"#,
                r#"history[0].status: unknown legal status "32""#,
            ),
            (r#"{"history": []}"#, "as_of: missing"),
            (r#"{"as_of": null}"#, "as_of: missing"),
            (
                r#"{"as_of": "2026-04-01", "jurisdiction": "scotland"}"#,
                r#"jurisdiction: must be "england" or "wales", not "scotland""#,
            ),
            (
                r#"{"as_of": "2026-04-01", "history": [{"start": "2026-03-10"}]}"#,
                "history[0].status: missing",
            ),
            (
                r#"{"as_of": "2026-04-01", "history": [{"status": "s2"}]}"#,
                "history[0].start: missing",
            ),
            (
                r#"{"as_of": "2026-04-01", "history": [{"status": "s3", "start": "2026-03-10"}, {"status": "s2", "start": "2026-03-01"}]}"#,
                "history[1].start: before history[0].start (the history must be in date order)",
            ),
            (
                r#"{"as_of": "2026-04-01", "treatment_discussed": "ect"}"#,
                r#"treatment_discussed: must be null, "s57" or "s58a", not "ect""#,
            ),
            (
                r#"{"as_of": "2026-04-01", "tribunal_hearings": ["2026-02-30"]}"#,
                r#"tribunal_hearings[0]: not a date: "2026-02-30""#,
            ),
            (
                r#"{"as_of": "2026-04-01T25:00"}"#,
                r#"as_of: not a date or time: "2026-04-01T25:00""#,
            ),
            (
                r#"{"as_of": 20260401}"#,
                "as_of: expected a date or time string, found a number",
            ),
            (r#"[]"#, "input: expected a JSON object, found an array"),
            (
                r#"{"as_of": "2026-04-01", "history": [{"status": "s3", "start": "2026-03-10", "end": "2026-03-01"}]}"#,
                "history[0].end: before start",
            ),
            (
                r#"{"as_of": "2026-04-01", "history": [{"status": "s5-4", "start": "2026-03-10T22:00", "end": "2026-03-10T21:00"}]}"#,
                "history[0].end: before start",
            ),
            (
                r#"{"as_of": "2026-04-01", "history": [{"status": "s3", "start": "2026-03-10", "transition": "sideways"}]}"#,
                r#"history[0].transition: unknown transition "sideways""#,
            ),
            (
                r#"{"as_of": "2026-04-01", "tribunal_applications": [{"date": "2026-03-01", "by": "doctor"}]}"#,
                r#"tribunal_applications[0].by: must be "patient", "nearest-relative" or "s67-reference", not "doctor""#,
            ),
            (
                r#"{"as_of": "2026-04-01", "nearest_relative_events": [{"event": "displacement-order", "date": "2026-03-01", "ground": "f"}]}"#,
                r#"nearest_relative_events[0].ground: must be one of "a" to "e" (s29(3)), not "f""#,
            ),
            (
                r#"{"as_of": "2026-04-01", "history": {"status": "s3"}}"#,
                "history: expected an array, found an object",
            ),
            (
                r#"{"as_of": "2026-04-01", "nearest_relative_events": [{"event": "barring-report"}]}"#,
                "nearest_relative_events[0].date: missing",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(err(input), expected, "{input}");
        }
    }

    #[test]
    fn malformed_json_is_one_line() {
        let e = err("{\"as_of\": ");
        assert!(e.starts_with("invalid JSON at line 1 column"), "{e}");
        assert!(!e.contains('\n'));
        assert!(err("").starts_with("invalid JSON at line 1 column 0"));
        let deep = "[".repeat(10_000);
        assert!(err(&deep).starts_with("invalid JSON"));
    }

    #[test]
    fn added_input_fields_round_trip() {
        let out = run(r#"{
          "as_of": "2026-05-10", "date_of_birth": "1980-01-01",
          "history": [{"status": "s3", "start": "2026-03-10"}],
          "nearest_relative_events": [{"event": "barring-report", "date": "2026-05-03", "told": "2026-05-04"}],
          "tribunal_applications": [{"date": "2026-04-01", "by": "patient"}],
          "first_medication": "2026-03-15"
        }"#);
        assert_eq!(
            out["tribunal"]["nearest_relative"]["from"],
            json!("2026-05-04")
        );
        assert_eq!(
            out["tribunal"]["nearest_relative"]["to"],
            json!("2026-05-31")
        );
        assert_eq!(out["tribunal"]["patient"]["already_applied"], json!(true));
        assert_eq!(
            out["nearest_relative_barring"]["discharge_barred_until"],
            json!("2026-11-02")
        );
        assert_eq!(
            out["consent_to_treatment"]["s58_certificate_from"],
            json!("2026-06-15")
        );
        assert_eq!(out["managers_reference"]["basis"], json!("MHA 1983 s68(6)"));
        let out = run(r#"{
          "as_of": "2026-10-01",
          "history": [{"status": "conditional-discharge", "start": "2026-03-02", "dol_conditions": true}]
        }"#);
        assert_eq!(out["tribunal"]["patient"]["from"], json!("2026-09-02"));
        assert_eq!(out["managers_reference"]["by"], json!("secretary-of-state"));
        let out = run(r#"{
          "as_of": "2026-05-11T12:00",
          "history": [{"status": "cto", "start": "2026-01-01", "recalls": [{"at": "2026-05-10T10:00", "released": null}]}]
        }"#);
        assert_eq!(
            out["cto_recall"]["latest_release"],
            json!("2026-05-13T10:00")
        );
        let out = run(r#"{
          "as_of": "2026-02-10",
          "history": [{"status": "s7", "start": "2025-10-01"}, {"status": "s3", "start": "2026-02-02", "transition": "fresh"}]
        }"#);
        assert_eq!(out["transition"], json!("fresh"));
        assert_eq!(
            out["tribunal"]["patient"]["basis"],
            json!("MHA 1983 s66(1)(b), (2)(b)")
        );
    }

    #[test]
    fn month_end_alternatives_in_json() {
        let out =
            run(r#"{"as_of": "2027-03-05", "history": [{"status": "s3", "start": "2026-08-31"}]}"#);
        let a = &out["authority"];
        assert_eq!(a["period"], json!(2));
        assert_eq!(a["end"], json!("2027-08-31"));
        assert_eq!(
            a["alternative_ends"]["anchored_to_start"],
            json!("2027-08-30")
        );
        assert_eq!(a["alternative_ends"]["strict_dodds"], json!("2027-08-28"));
        let w = out["warnings"].as_array().unwrap();
        assert!(w.iter().any(|x| x.as_str().unwrap().contains("2027-08-31")));
    }

    #[test]
    fn modaresi_extension_in_json() {
        let out =
            run(r#"{"as_of": "2026-03-23", "history": [{"status": "s2", "start": "2026-03-09"}]}"#);
        let p = &out["tribunal"]["patient"];
        assert_eq!(p["to"], json!("2026-03-22"));
        assert_eq!(p["extended_to_next_open_day"], json!("2026-03-23"));
        assert_eq!(p["open"], json!(true));
    }

    #[test]
    fn jsonl_batch() {
        let input = format!(
            "{}\n{{not json\n\n{}\r\n",
            CONTRACT_INPUT.replace('\n', " "),
            r#"{"as_of": "2026-04-01", "jurisdiction": "scotland"}"#
        );
        let mut out = Vec::new();
        let invalid = evaluate_jsonl(input.as_bytes(), &mut out, &LawConfig::default()).unwrap();
        assert!(invalid);
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["status"], json!("s3"));
        assert_eq!(lines[1]["line"], json!(2));
        assert!(
            lines[1]["error"]
                .as_str()
                .unwrap()
                .starts_with("invalid JSON")
        );
        assert_eq!(lines[2], json!({"line": 3, "error": "empty line"}));
        assert_eq!(
            lines[3]["error"],
            json!(r#"jurisdiction: must be "england" or "wales", not "scotland""#)
        );
        let mut out = Vec::new();
        let ok = evaluate_jsonl(
            format!("{}\n", CONTRACT_INPUT.replace('\n', " ")).as_bytes(),
            &mut out,
            &LawConfig::default(),
        )
        .unwrap();
        assert!(!ok);
        let mut out = Vec::new();
        assert!(evaluate_jsonl(&b"\xff\xfe\n"[..], &mut out, &LawConfig::default()).unwrap());
    }

    fn reorder(v: &Value, seed: u64) -> String {
        // Write the object's fields in a permuted order (serde_json's map is sorted, so build
        // the text by hand).
        match v {
            Value::Object(m) => {
                let mut items: Vec<(&String, &Value)> = m.iter().collect();
                let n = items.len();
                if n > 1 {
                    for i in 0..n {
                        let j = (seed
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(i as u64) as usize)
                            % n;
                        items.swap(i, j);
                    }
                }
                let body: Vec<String> = items
                    .iter()
                    .map(|(k, v)| {
                        format!("{}:{}", Value::String((*k).clone()), reorder(v, seed + 1))
                    })
                    .collect();
                format!("{{{}}}", body.join(","))
            }
            Value::Array(a) => {
                let body: Vec<String> = a.iter().map(|x| reorder(x, seed + 7)).collect();
                format!("[{}]", body.join(","))
            }
            other => other.to_string(),
        }
    }

    /// A small deterministic generator (imha-core has no proptest dependency).
    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *state >> 33
    }

    #[test]
    fn output_independent_of_field_order() {
        let docs = [
            CONTRACT_INPUT,
            r#"{"as_of": "2026-05-10", "jurisdiction": "wales", "history": [{"status": "s3", "start": "2026-03-10", "end": null}],
               "nearest_relative_events": [{"event": "barring-report", "date": "2026-05-03", "told": "2026-05-04"}]}"#,
            r#"{"as_of": "2026-10-01", "history": [{"status": "conditional-discharge", "start": "2026-03-02", "dol_conditions": true}], "tribunal_hearings": ["2026-04-01"]}"#,
        ];
        for doc in docs {
            let v: Value = serde_json::from_str(doc).unwrap();
            let expected = run(doc);
            for seed in 0..200u64 {
                let text = reorder(&v, seed);
                assert_eq!(run(&text), expected, "{text}");
            }
        }
    }

    #[test]
    fn never_panics_on_generated_input() {
        let alphabet: Vec<char> = "{}[]\":,0123456789-T asof_histrybu\\nlxé".chars().collect();
        let fields = [
            "s2",
            "s3",
            "04",
            "cto",
            "s136",
            "x",
            "",
            "2026-03-10",
            "2026-03-10T10:00",
        ];
        let mut state = 7u64;
        for _ in 0..5_000 {
            let len = (lcg(&mut state) % 60) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(lcg(&mut state) as usize) % alphabet.len()])
                .collect();
            let _ = evaluate_json(&text, &LawConfig::default());
            let pick = |st: &mut u64| fields[(lcg(st) as usize) % fields.len()];
            let doc = json!({
                "as_of": pick(&mut state),
                "jurisdiction": if lcg(&mut state).is_multiple_of(2) { "england" } else { "wales" },
                "date_of_birth": pick(&mut state),
                "history": [
                    {"status": pick(&mut state), "start": pick(&mut state), "end": pick(&mut state)},
                    {"status": pick(&mut state), "start": pick(&mut state)}
                ],
                "treatment_discussed": pick(&mut state),
            });
            let _ = evaluate_value(&doc, &LawConfig::default());
        }
    }
}
