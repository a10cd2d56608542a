//! Instance references as Dialogporten's lookup takes them: an Altinn app
//! instance, a correspondence or a dialog, and the service-owner labels that
//! tie the first two to a dialog.

use uuid::Uuid;

const APP_INSTANCE: &str = "urn:altinn:instance-id:";
const CORRESPONDENCE: &str = "urn:altinn:correspondence-id:";
const DIALOG: &str = "urn:altinn:dialog-id:";
/// The service-owner label prefix Altinn Studio apps tag their dialogs with.
const STORAGE_LABEL: &str = "urn:altinn:integration:storage:";

/// What an instance reference names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceKind {
    /// `urn:altinn:instance-id:{partyId}/{uuid}`.
    AppInstance {
        /// The Altinn party id.
        party: u32,
    },
    /// `urn:altinn:correspondence-id:{uuid}`.
    Correspondence,
    /// `urn:altinn:dialog-id:{uuid}`.
    Dialog,
}

/// A parsed, normalised (trimmed, lower-case) instance reference.
///
/// ```
/// use dialogporten_model::instance_ref::InstanceRef;
/// let r = InstanceRef::parse(" URN:ALTINN:INSTANCE-ID:50001337/0194A7F0-0000-7000-8000-000000000001 ").unwrap();
/// assert_eq!(r.lookup_label(), "urn:altinn:integration:storage:50001337/0194a7f0-0000-7000-8000-000000000001");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceRef {
    /// Its kind.
    pub kind: InstanceKind,
    /// The uuid it ends in.
    pub id: Uuid,
    /// The normalised text.
    pub value: String,
}

/// Upstream's message for a reference it cannot parse.
pub const UNSUPPORTED: &str = "InstanceRef must be a supported identifier: 'urn:altinn:instance-id:{partyId}/{uuid}', \
'urn:altinn:correspondence-id:{uuid}' or 'urn:altinn:dialog-id:{uuid}'.";

impl InstanceRef {
    /// Parses a reference; `None` if it is none of the three forms.
    pub fn parse(text: &str) -> Option<Self> {
        let value = text.trim().to_lowercase();
        if let Some(rest) = value.strip_prefix(APP_INSTANCE) {
            let (party, id) = rest.split_once('/')?;
            let party: u32 = party.parse().ok().filter(|p| *p > 0 && party.bytes().all(|b| b.is_ascii_digit()))?;
            let id = Uuid::parse_str(id).ok()?;
            return Some(Self { kind: InstanceKind::AppInstance { party }, id, value });
        }
        for (prefix, kind) in [(CORRESPONDENCE, InstanceKind::Correspondence), (DIALOG, InstanceKind::Dialog)] {
            if let Some(id) = value.strip_prefix(prefix) {
                let id = Uuid::parse_str(id).ok()?;
                return Some(Self { kind, id, value });
            }
        }
        None
    }

    /// The service-owner label that ties an app instance or a correspondence to its dialog.
    pub fn lookup_label(&self) -> String {
        match self.kind {
            InstanceKind::AppInstance { party } => format!("{STORAGE_LABEL}{party}/{}", self.id),
            _ => self.value.clone(),
        }
    }

    /// The reference a lookup by dialog id answers with: an app instance named
    /// by the dialog's labels, else a correspondence, else the dialog itself
    /// (each kind's greatest label wins, as upstream orders them).
    pub fn for_dialog<'a>(dialog_id: Uuid, labels: impl Iterator<Item = &'a str>) -> Self {
        let labels: Vec<String> = labels.map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).collect();
        let mut instances: Vec<String> = labels
            .iter()
            .filter_map(|l| {
                if l.starts_with(APP_INSTANCE) {
                    Some(l.clone())
                } else {
                    let rest = l.strip_prefix(STORAGE_LABEL)?;
                    (!rest.ends_with('/') && rest.contains('/')).then(|| format!("{APP_INSTANCE}{rest}"))
                }
            })
            .collect();
        instances.sort_unstable_by(|a, b| b.cmp(a));
        if let Some(found) = instances.iter().find_map(|l| Self::parse(l)) {
            return found;
        }
        let mut correspondences: Vec<&String> = labels.iter().filter(|l| l.starts_with(CORRESPONDENCE)).collect();
        correspondences.sort_unstable_by(|a, b| b.cmp(a));
        correspondences.iter().find_map(|l| Self::parse(l)).unwrap_or_else(|| Self {
            kind: InstanceKind::Dialog,
            id: dialog_id,
            value: format!("{DIALOG}{dialog_id}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0194a7f0-0000-7000-8000-000000000001";

    /// InstanceRefTests (Application.Unit.Tests, IdentifierLookup): the three forms parse, case-insensitively.
    #[test]
    fn the_three_forms_parse() {
        let app = InstanceRef::parse(&format!("urn:altinn:instance-id:50001337/{ID}")).unwrap();
        assert_eq!(app.kind, InstanceKind::AppInstance { party: 50001337 });
        assert_eq!(
            InstanceRef::parse(&format!("URN:ALTINN:CORRESPONDENCE-ID:{ID}")).unwrap().kind,
            InstanceKind::Correspondence
        );
        assert_eq!(InstanceRef::parse(&format!("urn:altinn:dialog-id:{ID}")).unwrap().kind, InstanceKind::Dialog);
        for bad in [
            format!("urn:altinn:instance-id:0/{ID}"),
            format!("urn:altinn:instance-id:-5/{ID}"),
            format!("urn:altinn:instance-id:abc/{ID}"),
            format!("urn:altinn:instance-id:{ID}"),
            "urn:altinn:instance-id:5/".to_owned(),
            "urn:altinn:dialog-id:nope".to_owned(),
            format!("urn:altinn:party-id:{ID}"),
            String::new(),
        ] {
            assert!(InstanceRef::parse(&bad).is_none(), "{bad}");
        }
    }

    /// InstanceRefTests: a dialog's labels name its app instance first, then its correspondence.
    #[test]
    fn labels_name_the_reference_of_a_dialog() {
        let dialog: Uuid = ID.parse().unwrap();
        let other = "0194a7f0-0000-7000-8000-0000000000ff";
        let storage = format!("urn:altinn:integration:storage:51/{other}");
        let correspondence = format!("urn:altinn:correspondence-id:{other}");
        let pick = |labels: &[&str]| InstanceRef::for_dialog(dialog, labels.iter().copied()).value;
        assert_eq!(pick(&[&correspondence, &storage]), format!("urn:altinn:instance-id:51/{other}"));
        assert_eq!(pick(&[&correspondence, "some label"]), correspondence);
        assert_eq!(pick(&["urn:altinn:integration:storage:51/"]), format!("urn:altinn:dialog-id:{ID}"));
        assert_eq!(pick(&[]), format!("urn:altinn:dialog-id:{ID}"));
    }
}
