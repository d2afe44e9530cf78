//! `feltsense man` and `feltsense completions`, run as real processes: the pages and scripts name
//! exactly the commands and options that `--help` shows, and bash completes with them.

use std::collections::BTreeSet;
use std::process::Command;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_feltsense")).args(args).output().expect("run feltsense");
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The command names listed under "Commands:" in `feltsense [COMMAND] --help`.
fn help_commands(args: &[&str]) -> BTreeSet<String> {
    let mut args = args.to_vec();
    args.push("--help");
    let help = run(&args);
    let list = help.split("Commands:\n").nth(1).unwrap_or_else(|| panic!("no Commands: section in\n{help}"));
    list.lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// The long options (`--name`) that `feltsense ARGS --help` lists.
fn help_options(args: &[&str]) -> BTreeSet<String> {
    let mut args = args.to_vec();
    args.push("--help");
    run(&args)
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| l.find("--").map(|i| &l[i + 2..]))
        .map(|rest| rest.split([' ', '=', ',', '<']).next().unwrap_or("").to_owned())
        .filter(|o| !o.is_empty() && o != "help" && o != "version")
        .collect()
}

#[test]
fn the_manual_page_lists_every_command_that_help_lists() {
    let page = run(&["man"]);
    assert!(page.starts_with(".ie") || page.contains(".TH feltsense 1"), "{}", &page[..200.min(page.len())]);
    assert!(page.contains(".TH feltsense 1"), "no title line");
    let commands = help_commands(&[]);
    assert!(commands.len() >= 15, "{commands:?}");
    for c in ["add", "list", "export", "import", "man", "completions", "install-desktop", "reminders"] {
        assert!(commands.contains(c), "--help lacks {c}: {commands:?}");
    }
    for c in &commands {
        // clap_mangen writes each command as `feltsense\-NAME(1)`, escaping its hyphens.
        let roff = format!("feltsense\\-{}(1)", c.replace('-', "\\-"));
        assert!(page.contains(&roff), "the manual page lacks {roff}");
    }
    for section in [".SH FILES", ".SH ENVIRONMENT", "FELTSENSE_DB", ".SH \"SEE ALSO\""] {
        assert!(page.contains(section), "the manual page lacks {section}");
    }
}

#[test]
fn the_manual_folder_has_a_page_per_command_with_its_options() {
    let dir = tempfile::tempdir().expect("tempdir");
    let said = run(&["man", "--dir", dir.path().to_str().expect("utf-8 path")]);
    let mut expected: BTreeSet<String> = help_commands(&[]).iter().map(|c| format!("feltsense-{c}.1")).collect();
    for group in ["reminders", "experiment", "activity", "topic", "appointment", "sync"] {
        for sub in help_commands(&[group]) {
            expected.insert(format!("feltsense-{group}-{sub}.1"));
        }
    }
    expected.insert("feltsense.1".into());
    let written: BTreeSet<String> = std::fs::read_dir(dir.path())
        .expect("read the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, expected);
    assert!(said.contains(&format!("wrote {} manual pages", expected.len())), "{said}");
    let export = std::fs::read_to_string(dir.path().join("feltsense-export.1")).expect("export page");
    let options = help_options(&["export"]);
    assert!(options.contains("with-report") && options.contains("separator"), "{options:?}");
    for o in &options {
        let roff = format!("\\-\\-{}", o.replace('-', "\\-"));
        assert!(export.contains(&roff), "feltsense-export.1 lacks {roff}");
    }
}

#[test]
fn completion_scripts_name_every_command() {
    let commands = help_commands(&[]);
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        for c in &commands {
            assert!(script.contains(c.as_str()), "the {shell} script lacks {c}");
        }
        assert!(script.contains("with-report"), "the {shell} script lacks export's options");
    }
    assert!(run(&["completions", "zsh"]).starts_with("#compdef feltsense"));
    assert!(run(&["completions", "fish"]).contains("complete -c feltsense"));
    let out = Command::new(env!("CARGO_BIN_EXE_feltsense")).args(["completions", "tcsh"]).output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bash"), "the error names the shells it knows");
}

/// Runs the bash completion function on `words` (the cursor on the last word) and returns the
/// candidates bash would offer.
fn bash_complete(script: &str, words: &[&str]) -> BTreeSet<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("feltsense.bash");
    std::fs::write(&path, script).expect("write the script");
    let line = words.join(" ");
    let driver = format!(
        "source {path:?}\nCOMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE={line:?}\nCOMP_POINT=${{#COMP_LINE}}\n\
         _feltsense feltsense {cur:?} {prev:?}\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = words.iter().map(|w| format!("{w:?}")).collect::<Vec<_>>().join(" "),
        cword = words.len() - 1,
        cur = words[words.len() - 1],
        prev = words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash").arg("--norc").arg("-c").arg(driver).output().expect("run bash");
    assert!(out.status.success(), "bash failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8").lines().map(str::to_owned).filter(|l| !l.is_empty()).collect()
}

#[test]
fn bash_completes_commands_and_options() {
    let script = run(&["completions", "bash"]);
    assert_eq!(bash_complete(&script, &["feltsense", "expo"]), BTreeSet::from(["export".to_owned()]));
    assert_eq!(
        bash_complete(&script, &["feltsense", "ex"]),
        BTreeSet::from(["experiment".to_owned(), "export".to_owned()])
    );
    let re = bash_complete(&script, &["feltsense", "re"]);
    let expected: BTreeSet<String> = help_commands(&[]).into_iter().filter(|c| c.starts_with("re")).collect();
    assert_eq!(re, expected);
    assert!(re.contains("reminders") && re.contains("restore"), "{re:?}");
    let formats = bash_complete(&script, &["feltsense", "export", "--format", ""]);
    assert_eq!(formats, ["csv", "fhir", "json", "pdf"].map(str::to_owned).into());
}
