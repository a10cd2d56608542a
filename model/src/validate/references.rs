//! References within a dialog that the service checks against the dialog as
//! stored, and refuses with `422` rather than `400`: a transmission's related
//! transmission must exist, chains of them are at most 100 deep, at most 100
//! transmissions relate to one, and there are no cycles; an activity's
//! transmission must be one of the dialog's.
//!
//! Upstream (v1.119.1): `ReadOnlyCollectionExtensions.ValidateReferenceHierarchy`
//! through `TransmissionHierarchyValidator` (create, update, create and update
//! transmission), `UpdateDialogCommand` (activities' transmissions) and
//! `CreateActivityCommand.ValidateTransmissionId`.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::errors::ValidationErrors;
use super::unstated_limits::{TRANSMISSION_HIERARCHY_DEPTH, TRANSMISSION_HIERARCHY_WIDTH};

/// What the hierarchy messages call the checked items: `DialogTransmission`
/// for a whole dialog (create, update), `TransmissionHierarchyNode` for
/// transmissions added to a stored dialog, as upstream's messages say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HierarchyOf {
    /// Every transmission of a dialog in one body.
    Dialog,
    /// Transmissions added to a stored dialog.
    AddedTransmissions,
}

impl HierarchyOf {
    fn name(self) -> &'static str {
        match self {
            HierarchyOf::Dialog => "DialogTransmission",
            HierarchyOf::AddedTransmissions => "TransmissionHierarchyNode",
        }
    }
}

/// Checks the transmissions of a dialog, each `(id, relatedTransmissionId)`,
/// in the dialog's order. Errors are keyed `Transmissions`, as upstream's.
///
/// ```
/// use dialogporten_model::validate::{HierarchyOf, transmission_hierarchy};
/// use uuid::Uuid;
/// let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
/// assert!(transmission_hierarchy(&[(a, None), (b, Some(a))], HierarchyOf::Dialog).is_ok());
/// let cycle = transmission_hierarchy(&[(a, Some(b)), (b, Some(a))], HierarchyOf::Dialog).unwrap_err();
/// assert!(cycle.get("Transmissions").unwrap()[0].contains("cyclic reference"));
/// ```
pub fn transmission_hierarchy(nodes: &[(Uuid, Option<Uuid>)], of: HierarchyOf) -> Result<(), ValidationErrors> {
    let name = of.name();
    let mut errors = ValidationErrors::new();
    let ids: HashSet<Uuid> = nodes.iter().map(|(id, _)| *id).collect();
    let mut missing: Vec<Uuid> = Vec::new();
    for parent in nodes.iter().filter_map(|(_, parent)| *parent) {
        if !ids.contains(&parent) && !missing.contains(&parent) {
            missing.push(parent);
        }
    }
    if !missing.is_empty() {
        errors.add(
            "Transmissions",
            format!(
                "Hierarchy reference violation found. {name} with the following referenced ids does not exist: [{}].",
                join(&missing)
            ),
        );
        return errors.into_result();
    }

    let depths = depths(nodes);
    let too_deep: Vec<Uuid> = depths
        .iter()
        .filter(|(_, depth)| *depth == Depth::At(TRANSMISSION_HIERARCHY_DEPTH + 1))
        .map(|(id, _)| *id)
        .collect();
    let in_cycles: Vec<Uuid> = depths.iter().filter(|(_, depth)| *depth == Depth::Cycle).map(|(id, _)| *id).collect();
    let mut children: Vec<(Uuid, usize)> = Vec::new();
    for parent in nodes.iter().filter_map(|(_, parent)| *parent) {
        match children.iter_mut().find(|(p, _)| *p == parent) {
            Some((_, count)) => *count += 1,
            None => children.push((parent, 1)),
        }
    }
    let too_wide: Vec<Uuid> =
        children.into_iter().filter(|(_, count)| *count > TRANSMISSION_HIERARCHY_WIDTH).map(|(p, _)| p).collect();

    if !too_deep.is_empty() {
        errors.add(
            "Transmissions",
            format!(
                "Hierarchy depth violation found. {name} with the following ids is at depth {}, exceeding the max allowed depth of {TRANSMISSION_HIERARCHY_DEPTH}. It, and all its referencing children is in violation of the depth constraint. [{}].",
                TRANSMISSION_HIERARCHY_DEPTH + 1,
                join(&too_deep)
            ),
        );
    }
    if !in_cycles.is_empty() {
        let shown = &in_cycles[..in_cycles.len().min(10)];
        let cut = if in_cycles.len() > 10 { " (showing first 10)" } else { "" };
        errors.add(
            "Transmissions",
            format!(
                "Hierarchy cyclic reference violation found. {name} with the following ids is part of a cyclic reference chain{cut}: [{}].",
                join(shown)
            ),
        );
    }
    if !too_wide.is_empty() {
        errors.add(
            "Transmissions",
            format!(
                "Hierarchy width violation found. '{name}' with the following ids has to many referring {name}, exceeding the max allowed width of {TRANSMISSION_HIERARCHY_WIDTH}: [{}].",
                join(&too_wide)
            ),
        );
    }
    errors.into_result()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Depth {
    At(usize),
    Cycle,
}

/// Each node's depth (a root is 1), or `Cycle` for a node in or below a cycle,
/// in the order upstream's depth map fills (ancestors before descendants).
fn depths(nodes: &[(Uuid, Option<Uuid>)]) -> Vec<(Uuid, Depth)> {
    let parent_of: HashMap<Uuid, Option<Uuid>> = nodes.iter().copied().collect();
    let mut known: HashMap<Uuid, Depth> = HashMap::with_capacity(nodes.len());
    let mut order: Vec<(Uuid, Depth)> = Vec::with_capacity(nodes.len());
    for (start, _) in nodes {
        // Walk up until a root, a node of known depth, or a node already on this path.
        let mut path: Vec<Uuid> = Vec::new();
        let mut on_path: HashSet<Uuid> = HashSet::new();
        let mut current = Some(*start);
        let mut base = Depth::At(0);
        while let Some(id) = current {
            if let Some(depth) = known.get(&id) {
                base = *depth;
                break;
            }
            if !on_path.insert(id) {
                base = Depth::Cycle;
                break;
            }
            path.push(id);
            current = parent_of.get(&id).copied().flatten();
        }
        for id in path.into_iter().rev() {
            let depth = match base {
                Depth::Cycle => Depth::Cycle,
                Depth::At(n) => Depth::At(n + 1),
            };
            known.insert(id, depth);
            order.push((id, depth));
            base = depth;
        }
    }
    order
}

fn join(ids: &[Uuid]) -> String {
    ids.iter().map(Uuid::to_string).collect::<Vec<_>>().join(",")
}

/// The transmissions a dialog's activities refer to must be the dialog's
/// (an update: errors keyed `Activities`).
pub fn activity_transmissions_exist(
    referenced: impl IntoIterator<Item = Uuid>,
    transmissions: &HashSet<Uuid>,
) -> Result<(), ValidationErrors> {
    let invalid: Vec<String> =
        referenced.into_iter().filter(|id| !transmissions.contains(id)).map(|id| id.to_string()).collect();
    let mut errors = ValidationErrors::new();
    if !invalid.is_empty() {
        // Upstream's wording, unbalanced quote included.
        errors.add(
            "Activities",
            format!(
                "Invalid 'TransmissionId, entity 'DialogTransmission' with the following key(s) does not exist: ({}) in 'Transmissions'",
                invalid.join(", ")
            ),
        );
    }
    errors.into_result()
}

/// The transmission an activity added to a stored dialog refers to must be the
/// dialog's (errors keyed `Activity.TransmissionId`).
pub fn activity_transmission_exists(id: Uuid, transmissions: &HashSet<Uuid>) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if !transmissions.contains(&id) {
        errors.add(
            "Activity.TransmissionId",
            format!(
                "Invalid 'TransmissionId', entity 'DialogTransmission' with the following key(s) does not exist: ({id}) in 'Transmissions'"
            ),
        );
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<(Uuid, Option<Uuid>)> {
        let ids: Vec<Uuid> = (0..n).map(|_| Uuid::now_v7()).collect();
        ids.iter().enumerate().map(|(i, id)| (*id, i.checked_sub(1).map(|p| ids[p]))).collect()
    }

    /// Upstream: CreateTransmissionTests.Can_Create_100_Linked_Transmissions / Cannot_Create_101_Linked_Transmissions.
    #[test]
    fn a_chain_of_100_passes_and_101_is_too_deep() {
        transmission_hierarchy(&chain(100), HierarchyOf::Dialog).unwrap();
        let long = chain(101);
        let errors = transmission_hierarchy(&long, HierarchyOf::Dialog).unwrap_err();
        let message = &errors.get("Transmissions").unwrap()[0];
        assert!(message.contains("depth violation") && message.contains(&long[100].0.to_string()), "{message}");
    }

    /// Upstream: ValidateReferenceHierarchyTests (width, cycles, references).
    #[test]
    fn width_cycles_and_missing_references() {
        let root = Uuid::now_v7();
        let mut wide = vec![(root, None)];
        wide.extend((0..101).map(|_| (Uuid::now_v7(), Some(root))));
        let errors = transmission_hierarchy(&wide, HierarchyOf::Dialog).unwrap_err();
        assert!(errors.get("Transmissions").unwrap()[0].contains("width violation"));
        wide.pop();
        transmission_hierarchy(&wide, HierarchyOf::Dialog).unwrap();

        let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let errors = transmission_hierarchy(&[(a, Some(a))], HierarchyOf::Dialog).unwrap_err();
        assert!(errors.get("Transmissions").unwrap()[0].contains("cyclic"));
        let errors =
            transmission_hierarchy(&[(a, Some(b)), (b, Some(a)), (c, Some(a))], HierarchyOf::Dialog).unwrap_err();
        let message = &errors.get("Transmissions").unwrap()[0];
        assert!(message.contains(&c.to_string()), "a node below a cycle is in it: {message}");

        let errors = transmission_hierarchy(&[(a, Some(b))], HierarchyOf::AddedTransmissions).unwrap_err();
        assert_eq!(
            errors.get("Transmissions").unwrap(),
            [format!(
                "Hierarchy reference violation found. TransmissionHierarchyNode with the following referenced ids does not exist: [{b}]."
            )]
        );
    }
}
