//! The checked-in completion scripts are what `dp completions` prints.
//! Regenerate them with `UPDATE_COMPLETIONS=1 cargo test -p dialogporten-cli --test cli completions`.

use std::path::Path;

use crate::support::{Home, dp};

const SHELLS: [(&str, &str); 5] =
    [("bash", "dp.bash"), ("zsh", "_dp"), ("fish", "dp.fish"), ("powershell", "_dp.ps1"), ("elvish", "dp.elv")];

#[test]
fn checked_in_completions_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions");
    let update = std::env::var("UPDATE_COMPLETIONS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let output = dp().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "dp completions {shell} failed");
        let path = dir.join(file);
        if update {
            std::fs::write(&path, &output.stdout).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(output.stdout.as_slice()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "completions/{stale:?} differ from `dp completions`: run UPDATE_COMPLETIONS=1 cargo test -p dialogporten-cli --test cli completions"
    );
}

/// What bash offers for the last of `words`, with the checked-in script, in a directory holding a
/// file (so offering file names would show).
fn bash_offers(words: &[&str]) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions/dp.bash");
    let home = Home::new();
    home.write("a-file-in-the-way.json", "{}");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; \
         _dp dp '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .current_dir(&home.dir)
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[test]
fn bash_completes_the_values_of_flags_with_a_known_set_not_file_names() {
    assert_eq!(bash_offers(&["dp", "--env", ""]), ["local", "test", "tt02", "yt01", "prod"]);
    assert_eq!(bash_offers(&["dp", "--env", "t"]), ["test", "tt02"]);
    let statuses: Vec<String> =
        dialogporten::enums::DialogStatus::KNOWN.iter().map(|s| s.as_str().to_owned()).collect();
    assert_eq!(bash_offers(&["dp", "dialog", "list", "--status", ""]), statuses);
    let types = bash_offers(&["dp", "events", "tail", "--type", "activity.form"]);
    assert_eq!(types, ["activity.form-submitted", "activity.form-saved"]);
    assert!(bash_offers(&["dp", "dialog", "create", "-f", "a-"]).contains(&"a-file-in-the-way.json".to_owned()));
}
