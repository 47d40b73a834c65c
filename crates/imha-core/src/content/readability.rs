//! The readability check of `scripts/readability.py`, ported rule for rule (the rules are
//! written at the top of that script: change both together). Flesch Reading Ease must be at
//! least [`LEAFLET_MIN`] for a leaflet and [`EASY_READ_MIN`] for an Easy Read version.

/// The lowest reading ease a leaflet may have.
pub const LEAFLET_MIN: f64 = 60.0;
/// The lowest reading ease an Easy Read leaflet may have.
pub const EASY_READ_MIN: f64 = 75.0;

/// The measures of a body of Markdown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub ease: f64,
    pub grade: f64,
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

/// Reading ease, grade and counts for a Markdown body (front matter already removed).
pub fn scores(body: &str) -> Scores {
    let bs = blocks(body);
    let n_sent: usize = bs.iter().map(|b| sentences(b)).sum();
    let ws: Vec<&str> = bs.iter().flat_map(|b| words(b)).collect();
    let n_words = ws.len();
    let n_syll: usize = ws.iter().map(|w| syllables(w)).sum();
    if n_words == 0 {
        return Scores {
            ease: 0.0,
            grade: 0.0,
            words: 0,
            sentences: n_sent,
            syllables: 0,
        };
    }
    let wps = n_words as f64 / n_sent as f64;
    let spw = n_syll as f64 / n_words as f64;
    Scores {
        ease: 206.835 - 1.015 * wps - 84.6 * spw,
        grade: 0.39 * wps + 11.8 * spw - 15.59,
        words: n_words,
        sentences: n_sent,
        syllables: n_syll,
    }
}

/// Remove `<!-- ... -->` comments (non-greedy, across lines).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        match rest[start + 4..].find("-->") {
            Some(end) => {
                out.push_str(&rest[..start]);
                rest = &rest[start + 4 + end + 3..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Replace `[text](target)` (or, with `image`, `![text](target)`) by `keep(text)`, as the
/// script's regular expressions `!?\[([^\]]*)\]\([^)]*\)` do.
fn replace_brackets(line: &str, image: bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < line.len() {
        let open = if image {
            line[i..].starts_with("![")
        } else {
            bytes[i] == b'['
        };
        if open {
            let text_start = i + if image { 2 } else { 1 };
            if let Some(close) = line[text_start..].find(']') {
                let close = text_start + close;
                if line[close + 1..].starts_with('(')
                    && let Some(end) = line[close + 2..].find(')')
                {
                    if !image {
                        out.push_str(&line[text_start..close]);
                    }
                    i = close + 2 + end + 1;
                    continue;
                }
            }
        }
        // Not a match here: copy one character.
        let ch_len = line[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&line[i..i + ch_len]);
        i += ch_len;
    }
    out
}

/// The length of a list marker (`^\s*(?:[-*+]|\d+\.)\s+`) at the start of `line`, if any.
fn list_marker(line: &str) -> Option<usize> {
    let lead = line.len() - line.trim_start().len();
    let rest = &line[lead..];
    let after = if rest.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with('.') {
            digits + 1
        } else {
            return None;
        }
    };
    let tail = &rest[after..];
    let space = tail.len() - tail.trim_start().len();
    (space > 0).then_some(lead + after + space)
}

/// The measured text, as blocks (paragraphs and list items): rules 1 to 6.
pub fn blocks(body: &str) -> Vec<String> {
    let body = strip_comments(body);
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, out: &mut Vec<String>| {
        if !para.is_empty() {
            out.push(para.join(" "));
            para.clear();
        }
    };
    for line in body.split('\n') {
        let stripped = line.trim();
        if stripped.is_empty() || stripped.starts_with('#') {
            flush(&mut para, &mut out);
            continue;
        }
        let line = replace_brackets(line, true);
        let line = replace_brackets(&line, false);
        let marker = list_marker(&line);
        let line = match marker {
            Some(n) => &line[n..],
            None => &line[..],
        };
        let line: String = line
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '`' | '>' | '|'))
            .collect();
        let line = line.trim();
        let is_item = marker.is_some();
        if is_item {
            flush(&mut para, &mut out);
        }
        if line.is_empty() {
            continue;
        }
        para.push(line.to_string());
        if is_item {
            flush(&mut para, &mut out);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Split at sentence ends: `[.!?]+` followed by white space or the end of the block.
fn sentence_parts(block: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        if matches!(chars[k].1, '.' | '!' | '?') {
            let mut j = k;
            while j < chars.len() && matches!(chars[j].1, '.' | '!' | '?') {
                j += 1;
            }
            let at_end = j == chars.len() || chars[j].1.is_whitespace();
            if at_end {
                parts.push(&block[start..chars[k].0]);
                start = if j == chars.len() {
                    block.len()
                } else {
                    chars[j].0
                };
                k = j;
                continue;
            }
            // `[.!?]+` backtracks: a shorter run never reaches white space either.
            k = j;
            continue;
        }
        k += 1;
    }
    parts.push(&block[start..]);
    parts
}

/// The number of sentences in a block (at least one).
pub fn sentences(block: &str) -> usize {
    let parts = sentence_parts(block);
    let mut count = if parts.len() > 1 {
        parts[..parts.len() - 1]
            .iter()
            .filter(|p| !words(p).is_empty())
            .count()
    } else {
        0
    };
    let last = parts.last().copied().unwrap_or("");
    if !words(last).is_empty() || count == 0 {
        count += 1;
    }
    count
}

/// The words of a text: runs of A-Z, a-z, 0-9 and apostrophes with a letter or digit.
pub fn words(text: &str) -> Vec<&str> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '\'' || c == '\u{2019}';
    text.split(|c: char| !is_word(c))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphanumeric()))
        .collect()
}

/// The syllables in a word (rules a to e).
pub fn syllables(word: &str) -> usize {
    let w: String = word
        .to_lowercase()
        .chars()
        .filter(|c| *c != '\'' && *c != '\u{2019}')
        .collect();
    if !w.chars().any(|c| c.is_ascii_lowercase()) {
        return 2;
    }
    let w: Vec<char> = w.chars().filter(|c| c.is_ascii_lowercase()).collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count: i64 = 0;
    let mut in_group = false;
    for &c in &w {
        if vowel(c) && !in_group {
            count += 1;
        }
        in_group = vowel(c);
    }
    let n = w.len();
    let ends_consonant_le = n >= 3 && w[n - 2] == 'l' && w[n - 1] == 'e' && !vowel(w[n - 3]);
    if w.last() == Some(&'e') && n > 2 && !ends_consonant_le {
        count -= 1;
    }
    count.max(1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Kind, leaflets};

    #[test]
    fn syllable_counter_follows_the_scripts_rules() {
        for (word, n) in [
            ("make", 1),
            ("table", 2),
            ("free", 1),
            ("the", 1),
            ("asked", 2),
            ("makes", 2),
            ("tribunal", 3),
            ("advocate", 3),
            ("don't", 1),
            ("28", 2),
            ("2026", 2),
            ("130D", 1),
            ("be", 1),
            ("a", 1),
            ("rhythm", 1),
            ("people", 2),
            ("whale", 1),
            ("I", 1),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn words_sentences_and_blocks() {
        assert_eq!(
            words("First-tier 130D don't -- ok"),
            ["First", "tier", "130D", "don't", "ok"]
        );
        assert_eq!(sentences("One. Two! Three? four"), 4);
        assert_eq!(sentences("No full stop"), 1);
        assert_eq!(sentences("e.g. this... and that."), 3);
        assert_eq!(sentences("..."), 1);
        assert_eq!(
            blocks(
                "# Head\nA [link](/x) and ![pic](picture:tick) **bold**.\nMore\n\n- item one\n1. item two\n<!-- gone -->"
            ),
            ["A link and  bold. More", "item one", "item two"]
        );
    }

    #[test]
    fn scores_match_the_formula() {
        // 4 words, 1 sentence, 4 syllables: 206.835 - 1.015*4 - 84.6*1.
        let s = scores("The cat sat down.");
        assert_eq!((s.words, s.sentences, s.syllables), (4, 1, 4));
        assert!((s.ease - (206.835 - 4.06 - 84.6)).abs() < 1e-9);
    }

    #[test]
    fn every_leaflet_reads_at_a_level_a_patient_can_follow() {
        assert!(!leaflets().is_empty());
        for l in leaflets() {
            let s = scores(l.body);
            eprintln!(
                "{} {:.1} {:.1} {} {}",
                l.file, s.ease, s.grade, s.words, s.sentences
            );
            let min = match l.meta.kind {
                Kind::Leaflet => LEAFLET_MIN,
                Kind::EasyRead => EASY_READ_MIN,
            };
            assert!(
                s.ease >= min,
                "{}: reading ease {:.1} is below {min}",
                l.file,
                s.ease
            );
        }
    }
}
