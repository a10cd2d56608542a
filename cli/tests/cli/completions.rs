//! The checked-in completion scripts are what `dp completions` prints.
//! Regenerate them with `UPDATE_COMPLETIONS=1 cargo test -p dialogporten-cli --test cli completions`.

use std::path::Path;

const SHELLS: [(&str, &str); 5] =
    [("bash", "dp.bash"), ("zsh", "_dp"), ("fish", "dp.fish"), ("powershell", "_dp.ps1"), ("elvish", "dp.elv")];

#[test]
fn checked_in_completions_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../completions");
    let update = std::env::var("UPDATE_COMPLETIONS").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let output = assert_cmd::cargo::cargo_bin_cmd!("dp").args(["completions", shell]).output().unwrap();
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
