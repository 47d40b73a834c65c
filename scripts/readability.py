#!/usr/bin/env python3
"""Readability check for the patient leaflets in content/leaflets/en/.

usage: scripts/readability.py [DIR]          (DIR defaults to content/leaflets/en)

For each Markdown file it prints the Flesch Reading Ease and the Flesch-Kincaid grade of the
body text, and it exits with status 1 if

  * a leaflet (front matter `kind: leaflet`) scores below 60 reading ease, or
  * an Easy Read leaflet (`kind: easy-read`) scores below 75, or
  * the front matter is malformed (see FRONT MATTER below).

Standard library only. The Rust test suite re-implements the same rules, so they are kept
simple and are all written down here. If you change a rule, change both.

TEXT THAT IS MEASURED
  1. The YAML front matter (from a first line "---" to the next line "---") is removed.
  2. Blank lines and heading lines (first non-space character "#") are removed.
  3. Image syntax ![alt](target) is removed entirely, alt text included.
  4. Link syntax [text](target) is replaced by its text; the target is dropped.
  5. HTML comments <!-- ... --> and the characters * _ ` > | are removed. A list marker at
     the start of a line ("- ", "* ", "+ " or "1. ") is removed.
  6. What is left is split into BLOCKS: each list item is a block, and each run of
     consecutive non-blank lines that are not list items is a block (a paragraph).

SENTENCES
  Within a block, a sentence ends at ".", "!" or "?" (one or more) followed by white space or
  the end of the block. Text left after the last such mark (for example a list item with no
  full stop) is one more sentence. A block therefore always holds at least one sentence.
  Colons and semicolons do not end a sentence.

WORDS
  A word is a maximal run of the characters A-Z, a-z, 0-9 and the apostrophe (' or U+2019)
  that contains at least one letter or digit. So "First-tier" is two words, "130D" is one,
  "don't" is one.

SYLLABLES (per word)
  a. Lower-case the word and drop apostrophes.
  b. A word with no letters (a number such as 28 or 2026) counts as 2 syllables.
  c. Otherwise delete every character that is not a letter a-z, and count the groups of
     consecutive vowels, where the vowels are a, e, i, o, u and y.
  d. Subtract 1 if the word ends in "e", is longer than 2 letters, and does not end in "le"
     after a consonant (so "make" = 1, "table" = 2, "free" = 1, "the" = 1).
  e. Every word has at least 1 syllable.
  This over-counts some words ("asked" = 2, "makes" = 2); over-counting only makes the
  scores stricter.

FORMULAS (W words, S sentences, Y syllables)
  Reading ease = 206.835 - 1.015 * (W / S) - 84.6 * (Y / W)
  Grade        = 0.39 * (W / S) + 11.8 * (Y / W) - 15.59
  Both are printed to one decimal place; the pass mark is applied to the unrounded value.

FRONT MATTER
  Exactly these keys, in any order: id, title, kind, audience, topics, summary, jurisdiction,
  last_reviewed, review_due, reviewed_by, citations. id is the file name without ".md", and
  an Easy Read version shares its leaflet's id: "x.md" and "x.easy-read.md" both have id "x".
  kind is "easy-read" exactly when the name ends ".easy-read.md", otherwise "leaflet".
  In an Easy Read file every picture is ![alt text](picture:NAME), NAME from PICTURES below,
  with non-empty alt text. audience, topics and jurisdiction are [a, b] lists drawn from
  the allowed values below; dates are YYYY-MM-DD with review_due after last_reviewed;
  citations is a non-empty YAML list of quoted strings. Only this subset of YAML is read.
"""
import datetime
import os
import re
import sys

LEAFLET_MIN = 60.0
EASY_READ_MIN = 75.0

KEYS = {
    "id", "title", "kind", "audience", "topics", "summary", "jurisdiction",
    "last_reviewed", "review_due", "reviewed_by", "citations",
}
ALLOWED = {
    "audience": {"patients", "families", "staff", "commissioners"},
    "topics": {
        "imha", "rights", "tribunal", "nearest-relative", "detention", "cto", "guardianship",
        "conditional-discharge", "information", "treatment",
    },
    "jurisdiction": {"england", "wales"},
}
PICTURES = {
    "advocate", "hospital", "calendar", "tribunal", "talk", "letter", "family", "medicine",
    "question", "help", "phone", "lock", "tick",
}


# ----------------------------------------------------------------------------- front matter

def split_front_matter(text):
    """Return (front matter lines, body). Raises ValueError if there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("no front matter: the first line must be ---")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return lines[1:i], "\n".join(lines[i + 1:])
    raise ValueError("front matter is not closed with ---")


def parse_front_matter(lines):
    """A small YAML subset: `key: value`, `key: [a, b]`, and `key:` followed by `  - "item"`."""
    data, current = {}, None
    for raw in lines:
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("- ") else raw.rstrip()
        if not line.strip():
            continue
        item = re.match(r"^\s+-\s+(.*)$", line)
        if item:
            if current is None or not isinstance(data[current], list):
                raise ValueError(f"list item outside a list: {raw!r}")
            data[current].append(unquote(item.group(1).strip()))
            continue
        kv = re.match(r"^([a-z_]+):\s*(.*)$", line)
        if not kv:
            raise ValueError(f"cannot read front matter line: {raw!r}")
        key, value = kv.group(1), kv.group(2).strip()
        if key in data:
            raise ValueError(f"key {key} appears twice")
        if value == "":
            data[key], current = [], key
        elif value.startswith("["):
            if not value.endswith("]"):
                raise ValueError(f"{key}: unclosed list")
            data[key] = [unquote(v.strip()) for v in value[1:-1].split(",") if v.strip()]
            current = None
        else:
            data[key], current = unquote(value), None
    return data


def unquote(s):
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1]
    return s


def check_front_matter(name, data):
    problems = []
    keys = set(data)
    if keys != KEYS:
        missing, extra = sorted(KEYS - keys), sorted(keys - KEYS)
        if missing:
            problems.append(f"missing keys: {', '.join(missing)}")
        if extra:
            problems.append(f"unexpected keys: {', '.join(extra)}")
    easy = name.endswith(".easy-read.md")
    stem = name[: -len(".easy-read.md")] if easy else name[: -len(".md")]
    if data.get("id") != stem:
        problems.append(f"id {data.get('id')!r} should be {stem!r}")
    want_kind = "easy-read" if easy else "leaflet"
    if data.get("kind") != want_kind:
        problems.append(f"kind {data.get('kind')!r} should be {want_kind!r}")
    for key, allowed in ALLOWED.items():
        values = data.get(key)
        if not isinstance(values, list) or not values:
            problems.append(f"{key} must be a non-empty [list]")
            continue
        bad = [v for v in values if v not in allowed]
        if bad:
            problems.append(f"{key}: not allowed: {', '.join(bad)}")
    dates = {}
    for key in ("last_reviewed", "review_due"):
        try:
            dates[key] = datetime.date.fromisoformat(str(data.get(key)))
        except ValueError:
            problems.append(f"{key} must be a YYYY-MM-DD date")
    if len(dates) == 2 and dates["review_due"] <= dates["last_reviewed"]:
        problems.append("review_due must be after last_reviewed")
    for key in ("title", "summary", "reviewed_by"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.append(f"{key} must be a non-empty string")
    cites = data.get("citations")
    if not isinstance(cites, list) or not cites:
        problems.append("citations must be a non-empty list")
    return problems


# ----------------------------------------------------------------------------- readability

IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
COMMENT = re.compile(r"<!--.*?-->", re.S)
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
WORD = re.compile(r"[A-Za-z0-9'\u2019]+")


def blocks(body):
    """The measured text, as a list of blocks (paragraphs and list items)."""
    body = COMMENT.sub("", body)
    out, para = [], []

    def flush():
        if para:
            out.append(" ".join(para))
            para.clear()

    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            flush()
            continue
        line = IMAGE.sub("", line)
        line = LINK.sub(r"\1", line)
        is_item = bool(LIST_MARKER.match(line))
        line = LIST_MARKER.sub("", line)
        line = re.sub(r"[*_`>|]", "", line).strip()
        if is_item:
            flush()
        if not line:
            continue
        para.append(line)
        if is_item:
            flush()
    flush()
    return out


def sentences(block):
    parts = [p for p in SENTENCE_END.split(block)]
    count = sum(1 for p in parts[:-1] if words(p)) if len(parts) > 1 else 0
    if words(parts[-1]) or count == 0:
        count += 1
    return count


def words(text):
    return [w for w in WORD.findall(text) if re.search(r"[A-Za-z0-9]", w)]


def syllables(word):
    w = word.lower().replace("'", "").replace("\u2019", "")
    if not re.search(r"[a-z]", w):
        return 2
    w = re.sub(r"[^a-z]", "", w)
    count = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and len(w) > 2 and not re.search(r"[^aeiouy]le$", w):
        count -= 1
    return max(count, 1)


def scores(body):
    """(reading ease, grade, words, sentences, syllables) for a body of Markdown."""
    bs = blocks(body)
    n_sent = sum(sentences(b) for b in bs)
    ws = [w for b in bs for w in words(b)]
    n_words, n_syll = len(ws), sum(syllables(w) for w in ws)
    if n_words == 0:
        return 0.0, 0.0, 0, n_sent, 0
    wps, spw = n_words / n_sent, n_syll / n_words
    ease = 206.835 - 1.015 * wps - 84.6 * spw
    grade = 0.39 * wps + 11.8 * spw - 15.59
    return ease, grade, n_words, n_sent, n_syll


def long_sentences(body, limit=20):
    """Sentences over `limit` words, to help an editor (printed, never a failure)."""
    out = []
    for b in blocks(body):
        for s in SENTENCE_END.split(b):
            if len(words(s)) > limit:
                out.append(s.strip())
    return out


def picture_problems(body):
    bad = []
    for m in re.finditer(r"!\[([^\]]*)\]\(([^)]*)\)", body):
        alt, target = m.group(1).strip(), m.group(2).strip()
        if not target.startswith("picture:") or target[len("picture:"):] not in PICTURES:
            bad.append(f"unknown picture {target!r}")
        if not alt:
            bad.append(f"picture {target!r} has no alt text")
    return bad


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "content", "leaflets", "en")
    names = sorted(n for n in os.listdir(root) if n.endswith(".md"))
    if not names:
        print(f"no Markdown files in {root}", file=sys.stderr)
        return 1
    failed = False
    print(f"{'file':45} {'kind':9} {'ease':>6} {'grade':>6} {'words':>6} {'sent':>5}  result")
    for name in names:
        with open(os.path.join(root, name), encoding="utf-8") as f:
            text = f.read()
        problems = []
        try:
            fm_lines, body = split_front_matter(text)
            data = parse_front_matter(fm_lines)
            problems += check_front_matter(name, data)
        except ValueError as e:
            problems.append(str(e))
            data, body = {}, text
        kind = data.get("kind", "?")
        easy = name.endswith(".easy-read.md")
        minimum = EASY_READ_MIN if easy else LEAFLET_MIN
        if easy:
            problems += picture_problems(body)
        ease, grade, n_words, n_sent, _ = scores(body)
        if ease < minimum:
            problems.append(f"reading ease {ease:.1f} is below {minimum:.0f}")
        print(f"{name:45} {kind:9} {ease:6.1f} {grade:6.1f} {n_words:6d} {n_sent:5d}  "
              f"{'FAIL' if problems else 'ok'}")
        for p in problems:
            print(f"    - {p}")
        if "-v" in os.environ.get("READABILITY_FLAGS", ""):
            for s in long_sentences(body):
                print(f"    long: {s}")
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
