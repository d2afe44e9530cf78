//! The layering rule, as a test: no module imports a layer above it.
//!
//! Every source file's module is given a layer ([`layer`]); every path it names (`crate::…`,
//! `super::…`, `self::…`, outside its tests) must lead to the same layer or one below. The layers,
//! bottom up: the vocabulary and the file rules (`model`, `guard`, `fsio`, `assets`); the journal
//! and the pure analyses (`store`, `analysis`, `demo`); files in and out (`export`); `reminders`;
//! the window (`ui`, in layers of its own: what views draw with, the two background threads, the
//! commands, the views, the app, `ui::run`); the command line (`cli`).

use std::path::{Path, PathBuf};

/// The layer of a module path (`["ui", "views", "log"]`); `None` for one the rule does not know.
fn layer(module: &[&str]) -> Option<u32> {
    let top = *module.first()?;
    Some(match top {
        "model" | "guard" | "fsio" | "assets" => 0,
        "store" | "analysis" | "demo" => 10,
        "export" => 20,
        "reminders" => 30,
        "ui" => match module.get(1).copied() {
            // What views draw with, and what the background threads exchange.
            Some("palette" | "snapshot" | "toast" | "jobs" | "service" | "memory" | "widgets" | "clock") => 40,
            // The journal worker and the effects thread.
            Some("worker" | "effects") => 41,
            Some("command") => 42,
            Some("views" | "settings") => 43,
            Some("app") => 44,
            // `ui::run` (ui/mod.rs) and anything new.
            _ => 45,
        },
        "cli" => 50,
        _ => return None,
    })
}

/// The module path of a source file under `src/` (`ui/views/log.rs` → `ui::views::log`).
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// The source without its tests (by convention the `#[cfg(test)] mod tests` at the end) and
/// without comments.
fn code(source: &str) -> String {
    let body = source.split("#[cfg(test)]\nmod tests").next().unwrap_or(source);
    body.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim_start().starts_with("#![cfg(test)]"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file names: `crate::a::b` as `[a, b]`, `super::x` resolved from `module`.
fn named(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if !word(bytes[i]) || (i > 0 && (word(bytes[i - 1]) || bytes[i - 1] == b':')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut segments = Vec::new();
        let mut j = i;
        loop {
            let s = j;
            while j < bytes.len() && word(bytes[j]) {
                j += 1;
            }
            segments.push(&code[s..j]);
            if code[j..].starts_with("::") && bytes.get(j + 2).is_some_and(|&b| word(b)) {
                j += 2;
            } else {
                break;
            }
        }
        i = j.max(start + 1);
        let (base, rest): (Vec<String>, &[&str]) = match segments.first().copied() {
            Some("crate") => (Vec::new(), &segments[1..]),
            Some("super") | Some("self") => {
                // `self::` in a file names its own module; `super::` its parent (a `mod.rs` file
                // is its folder's module, so `super::` there leaves the folder).
                let mut base: Vec<String> = module.to_vec();
                let mut k = 0;
                if segments[0] == "self" {
                    k = 1;
                } else {
                    while segments.get(k) == Some(&"super") {
                        base.pop();
                        k += 1;
                    }
                }
                (base, &segments[k..])
            }
            _ => continue,
        };
        let mut path = base;
        path.extend(rest.iter().take(2).map(|s| (*s).to_owned()));
        if !path.is_empty() {
            out.push(path);
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every upward import in the files under `src`, as "file: names `path` (layer a above b)".
fn upward_imports(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut problems = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src");
        if rel == Path::new("main.rs") {
            continue;
        }
        let module = module_of(rel);
        let as_str: Vec<&str> = module.iter().map(String::as_str).collect();
        let Some(own) = layer(&as_str) else {
            // The crate root, the benchmark's second binary and this test have no layer; any
            // other module must be given one, or it would go unchecked.
            let unplaced = !(as_str.is_empty() || as_str == ["layering"] || as_str.first() == Some(&"bin"));
            if unplaced {
                problems.push(format!("{}: module `{}` has no layer in `layer()`", rel.display(), as_str.join("::")));
            }
            continue;
        };
        let source = std::fs::read_to_string(&file).expect("read a source file");
        for path in named(&module, &code(&source)) {
            let target: Vec<&str> = path.iter().map(String::as_str).collect();
            if let Some(theirs) = layer(&target)
                && theirs > own
            {
                problems.push(format!(
                    "{}: names `{}` (layer {theirs}, above its own {own})",
                    rel.display(),
                    target.join("::")
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = upward_imports(&src);
    assert!(problems.is_empty(), "upward imports:\n{}", problems.join("\n"));
}

#[test]
fn an_upward_import_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    std::fs::create_dir_all(src.join("export")).expect("mkdir");
    std::fs::create_dir_all(src.join("ui/views")).expect("mkdir");
    // A view may use the worker's types; the export may not reach into the window, nor may the
    // effects thread into a view (through `super::`), in code or in a `use`.
    std::fs::write(src.join("ui/views/log.rs"), "use crate::ui::worker::PageQuery;\n").expect("write");
    std::fs::write(src.join("export/csv.rs"), "fn f() { crate::ui::palette::level(); }\n").expect("write");
    std::fs::write(src.join("ui/effects.rs"), "use super::views::files::Found;\n// crate::cli::run\n").expect("write");
    std::fs::write(src.join("store.rs"), "fn f() {}\n#[cfg(test)]\nmod tests {\n    use crate::ui::app::App;\n}\n")
        .expect("write");
    // A new top-level module the rule does not place is reported, not skipped.
    std::fs::write(src.join("sync.rs"), "fn f() {}\n").expect("write");
    let problems = upward_imports(src);
    assert_eq!(
        problems,
        [
            "export/csv.rs: names `ui::palette` (layer 40, above its own 20)",
            "sync.rs: module `sync` has no layer in `layer()`",
            "ui/effects.rs: names `ui::views::files` (layer 43, above its own 41)",
        ],
        "comments and tests are not imports"
    );
}
