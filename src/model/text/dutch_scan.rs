//! The test that keeps one Dutch vocabulary: every Dutch text in the sources (outside tests) is
//! found and checked against the retired words of [`super::glossary::RETIRED`].
//!
//! A Dutch text is a string literal that is
//! - the second of two literal arguments side by side in a call (`lang.pick("Saved", "Bewaard")`,
//!   `Message::fixed(..)`, `say(lang, "..", "..")`),
//! - in the arm of a `Lang::Nl` pattern (`Lang::Nl => format!("…")`, `(_, Lang::Nl) => "…"`),
//!   or in the block of `if lang == Lang::Nl { … }`,
//! - the value of an `nl:` field (`EmotionInfo { nl: "Angst", .. }`),
//! - the value of a constant whose name ends in `_NL` (`const HOW_NL: &str = "…"`), of a field or
//!   binding named `…_nl` (`detail_nl: format!(…)`), the body of a function named `…_nl`,
//! - or what follows `if lang == Lang::En { return …; }` in its block.

use std::path::{Path, PathBuf};

use super::glossary::{entry_called_note, retired_in};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A string literal's contents (escapes left as written, line continuations joined).
    Str(String),
    Ident(String),
    Punct(char),
}

/// The tokens of Rust source that matter here: literals, identifiers, punctuation; comments,
/// char literals, lifetimes and numbers are skipped.
fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < b.len() {
        let c = b[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && b.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                if b[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 2;
        } else if c == '"' || (c == 'r' && matches!(b.get(i + 1), Some('"' | '#'))) {
            let start_line = line;
            let raw = c == 'r';
            let mut hashes = 0;
            if raw {
                i += 1;
                while b.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
            }
            i += 1; // the quote
            let mut s = String::new();
            while i < b.len() {
                if raw {
                    if b[i] == '"' && (0..hashes).all(|k| b.get(i + 1 + k) == Some(&'#')) {
                        i += 1 + hashes;
                        break;
                    }
                } else if b[i] == '\\' {
                    if b.get(i + 1) == Some(&'\n') {
                        // A line continuation: the next line's leading blanks go too.
                        i += 2;
                        line += 1;
                        while i < b.len() && b[i].is_whitespace() {
                            if b[i] == '\n' {
                                line += 1;
                            }
                            i += 1;
                        }
                        continue;
                    }
                    s.push(b[i]);
                    if let Some(&n) = b.get(i + 1) {
                        s.push(n);
                    }
                    i += 2;
                    continue;
                } else if b[i] == '"' {
                    i += 1;
                    break;
                }
                if b[i] == '\n' {
                    line += 1;
                }
                s.push(b[i]);
                i += 1;
            }
            out.push((Tok::Str(s), start_line));
        } else if c == '\'' {
            // A char literal ('a', '\n', '\'') or a lifetime ('a).
            if b.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < b.len() && b[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let s = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                i += 1;
            }
            // b"…" byte strings are literals too; their prefix is dropped with the ident.
            let word: String = b[s..i].iter().collect();
            if !(word == "b" && b.get(i) == Some(&'"')) {
                out.push((Tok::Ident(word), line));
            }
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '.') {
                i += 1;
            }
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

fn is(t: &Tok, c: char) -> bool {
    *t == Tok::Punct(c)
}

fn opens(t: &Tok) -> bool {
    matches!(t, Tok::Punct('(' | '[' | '{'))
}

fn closes(t: &Tok) -> bool {
    matches!(t, Tok::Punct(')' | ']' | '}'))
}

/// The index just after the bracket that closes the one at `open`.
fn after_close(toks: &[(Tok, usize)], open: usize) -> usize {
    let mut depth = 0i32;
    for (k, (t, _)) in toks.iter().enumerate().skip(open) {
        if opens(t) {
            depth += 1;
        } else if closes(t) {
            depth -= 1;
            if depth == 0 {
                return k + 1;
            }
        }
    }
    toks.len()
}

/// A Dutch literal: its text, its line, and its English beside it when the two are a pair.
struct Dutch {
    text: String,
    line: usize,
    english: Option<String>,
}

/// The Dutch literals of one source text.
fn dutch_literals(src: &str) -> Vec<Dutch> {
    let toks = tokens(src);
    let mut dutch = vec![false; toks.len()];
    let mut english: Vec<Option<String>> = vec![None; toks.len()];
    for i in 0..toks.len() {
        // Two literal arguments side by side: `( "en" , "nl" )` or `, "en" , "nl" ,`.
        if let (Some((Tok::Str(_), _)), Some((t1, _)), Some((Tok::Str(_), _)), Some((t2, _))) =
            (toks.get(i), toks.get(i + 1), toks.get(i + 2), toks.get(i + 3))
            && is(t1, ',')
            && (is(t2, ')') || (is(t2, ',') && !matches!(toks.get(i + 4), Some((Tok::Str(_), _)))))
            && i > 0
            && (is(&toks[i - 1].0, '(') || is(&toks[i - 1].0, ','))
        {
            dutch[i + 2] = true;
            if let Tok::Str(en) = &toks[i].0 {
                english[i + 2] = Some(en.clone());
            }
        }
        // `const HOW_NL: &str = "…";` (a constant whose name ends in `_NL`).
        if let Tok::Ident(name) = &toks[i].0
            && name.ends_with("_NL")
            && toks.get(i + 1).is_some_and(|t| is(&t.0, ':'))
        {
            let mut k = i + 2;
            while k < toks.len() && !is(&toks[k].0, ';') {
                dutch[k] = true;
                k += 1;
            }
        }
        // `detail_nl: format!(…),` / `let reason_nl = …;` (a field or binding named `…_nl`).
        if let Tok::Ident(name) = &toks[i].0
            && name.ends_with("_nl")
            && toks.get(i + 1).is_some_and(|t| is(&t.0, ':') || is(&t.0, '='))
            && !toks.get(i + 2).is_some_and(|t| is(&t.0, ':') || is(&t.0, '=') || is(&t.0, '>'))
            && !(i > 0 && toks[i - 1].0 == Tok::Ident("fn".into()))
        {
            mark_expression(&toks, i + 2, &mut dutch);
        }
        // `fn field_nl(&self) -> … { … }`: the body.
        if toks[i].0 == Tok::Ident("fn".into())
            && let Some((Tok::Ident(name), _)) = toks.get(i + 1)
            && name.ends_with("_nl")
            && let Some(open) = (i + 2..toks.len()).find(|&k| is(&toks[k].0, '{'))
        {
            let end = after_close(&toks, open);
            dutch[open..end].fill(true);
        }
        // `if lang == Lang::En { return …; }`: the rest of the enclosing block is Dutch.
        if toks[i].0 == Tok::Ident("Lang".into())
            && toks.get(i + 3).is_some_and(|t| t.0 == Tok::Ident("En".into()))
            && i >= 2
            && is(&toks[i - 1].0, '=')
            && is(&toks[i - 2].0, '=')
            && toks.get(i + 4).is_some_and(|t| is(&t.0, '{'))
            && toks.get(i + 5).is_some_and(|t| t.0 == Tok::Ident("return".into()))
        {
            let from = after_close(&toks, i + 4);
            let mut depth = 0i32;
            let mut k = from;
            while k < toks.len() {
                if opens(&toks[k].0) {
                    depth += 1;
                } else if closes(&toks[k].0) {
                    depth -= 1;
                    if depth < 0 {
                        break;
                    }
                }
                k += 1;
            }
            dutch[from..k].fill(true);
        }
        // `nl: "…"`.
        if toks[i].0 == Tok::Ident("nl".into())
            && toks.get(i + 1).is_some_and(|t| is(&t.0, ':'))
            && matches!(toks.get(i + 2), Some((Tok::Str(_), _)))
        {
            dutch[i + 2] = true;
        }
        // `Lang::Nl` in a pattern (`=>` follows before any `;`/`{`), or `== Lang::Nl {`.
        if toks[i].0 == Tok::Ident("Lang".into()) && toks.get(i + 3).is_some_and(|t| t.0 == Tok::Ident("Nl".into())) {
            let mut k = i + 4;
            let mut depth = 0i32;
            let mut body = None;
            while k < toks.len() {
                let t = &toks[k].0;
                if is(t, '=') && toks.get(k + 1).is_some_and(|n| is(&n.0, '>')) {
                    body = Some(k + 2);
                    break;
                }
                if is(t, '{') && depth <= 0 {
                    let eq = i >= 2 && is(&toks[i - 1].0, '=') && is(&toks[i - 2].0, '=');
                    if eq {
                        body = Some(k);
                    }
                    break;
                }
                if is(t, ';') || is(t, '|') || (is(t, ',') && depth <= 0 && !in_tuple(&toks, i)) {
                    break;
                }
                if opens(t) {
                    depth += 1;
                } else if closes(t) {
                    depth -= 1;
                }
                k += 1;
            }
            if let Some(start) = body {
                let end = if toks.get(start).is_some_and(|t| is(&t.0, '{')) {
                    after_close(&toks, start)
                } else {
                    // Up to the `,` that ends the arm, or the bracket that closes the match.
                    let mut depth = 0i32;
                    let mut e = start;
                    while e < toks.len() {
                        let t = &toks[e].0;
                        if opens(t) {
                            depth += 1;
                        } else if closes(t) {
                            depth -= 1;
                            if depth < 0 {
                                break;
                            }
                        } else if is(t, ',') && depth == 0 {
                            break;
                        }
                        e += 1;
                    }
                    e
                };
                for d in dutch.iter_mut().take(end).skip(start) {
                    *d = true;
                }
            }
        }
    }
    toks.into_iter()
        .zip(dutch)
        .zip(english)
        .filter_map(|(((t, line), d), english)| match t {
            Tok::Str(text) if d => Some(Dutch { text, line, english }),
            _ => None,
        })
        .collect()
}

/// Marks the expression that starts at `start` (up to the `,` or `;` that ends it, or the bracket
/// that closes around it).
fn mark_expression(toks: &[(Tok, usize)], start: usize, dutch: &mut [bool]) {
    let mut depth = 0i32;
    let mut k = start;
    while k < toks.len() {
        let t = &toks[k].0;
        if opens(t) {
            depth += 1;
        } else if closes(t) {
            depth -= 1;
            if depth < 0 {
                break;
            }
        } else if (is(t, ',') || is(t, ';')) && depth == 0 {
            break;
        }
        dutch[k] = true;
        k += 1;
    }
}

/// Whether the `Lang` at `i` sits inside a tuple pattern (`(x, Lang::Nl)` or `(Lang::Nl, x)`),
/// where a `,` does not end the search for `=>`.
fn in_tuple(toks: &[(Tok, usize)], i: usize) -> bool {
    let mut depth = 0i32;
    for (t, _) in toks[..i].iter().rev() {
        if closes(t) {
            depth += 1;
        } else if opens(t) {
            if depth == 0 {
                return is(t, '(');
            }
            depth -= 1;
        } else if depth == 0 && (is(t, ';') || is(t, '{')) {
            return false;
        }
    }
    false
}

/// The source without its unit tests (by convention the `#[cfg(test)] mod tests` at the end).
fn without_tests(src: &str) -> &str {
    src.split("#[cfg(test)]\nmod tests").next().unwrap_or(src)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read src").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every Dutch literal of the crate's sources, with its file.
fn all_dutch() -> Vec<(String, Dutch)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut out = Vec::new();
    for f in files {
        // This file and the glossary quote the retired words on purpose.
        let rel = f.strip_prefix(&root).expect("under src").to_string_lossy().into_owned();
        if rel.ends_with("text/glossary.rs") || rel.ends_with("text/dutch_scan.rs") {
            continue;
        }
        let src = std::fs::read_to_string(&f).expect("read");
        for d in dutch_literals(without_tests(&src)) {
            out.push((rel.clone(), d));
        }
    }
    out
}

#[test]
fn the_scanner_finds_dutch_texts_of_every_kind() {
    let src = r#"
        fn a(lang: Lang) -> &str { lang.pick("Saved", "Bewaard") }
        fn b(lang: Lang) -> String {
            match lang {
                Lang::En => format!("{} entries", 3),
                Lang::Nl => format!("{} metingen", 3),
            }
        }
        fn c(e: E, lang: Lang) -> String {
            match (e, lang) {
                (E::A, Lang::Nl) => "het bestand".to_owned(),
                (E::A, Lang::En) => "the file".to_owned(),
            }
        }
        fn d(lang: Lang) { if lang == Lang::Nl { say("Dag") } else { say("Hi") } }
        const X: Info = Info { en: "Anxiety", nl: "Angst" };
        const HOW_NL: &str = "Hoe";
        fn f(lang: Lang) -> String {
            if lang == Lang::En {
                return "English".into();
            }
            match x { A => "Nederlands".into() }
        }
        fn reason_nl() -> &str { "reden" }
        E { detail: "detail", detail_nl: format!("bijzonderheid {}", 3), x: "x" }
        fn e() { say(lang, "--entry needs an id", "--entry heeft een \
                  id nodig") }
    "#;
    let found: Vec<String> = dutch_literals(src).into_iter().map(|d| d.text).collect();
    assert_eq!(
        found,
        [
            "Bewaard",
            "{} metingen",
            "het bestand",
            "Dag",
            "Angst",
            "Hoe",
            "Nederlands",
            "reden",
            "bijzonderheid {}",
            "--entry heeft een id nodig"
        ]
    );
}

#[test]
fn no_dutch_text_says_a_retired_word() {
    let dutch = all_dutch();
    // The scan sees the app's Dutch: it must find a good many texts, among them known ones.
    assert!(dutch.len() > 1000, "only {} Dutch texts found: the scanner is broken", dutch.len());
    for known in ["Vastleggen", "Dagboek", "Notities meenemen"] {
        assert!(dutch.iter().any(|(_, d)| d.text == known), "the scan misses `{known}`");
    }
    let mut bad = Vec::new();
    for (f, d) in &dutch {
        for r in retired_in(&d.text) {
            bad.push(format!("{f}:{}: `{}` (say `{}`): {}", d.line, r.word, r.instead, d.text));
        }
        if let Some(en) = &d.english
            && entry_called_note(en, &d.text)
        {
            bad.push(format!("{f}:{}: an entry is a meting, not a notitie: `{en}` / `{}`", d.line, d.text));
        }
    }
    assert!(bad.is_empty(), "{} Dutch texts use retired words:\n{}", bad.len(), bad.join("\n"));
}
