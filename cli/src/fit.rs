//! How a table fits a terminal's width. Free text gives way first (cut at its end, the columns
//! sharing what is left), then ids (cut in the middle, so that both the time-ordered start of a
//! UUIDv7 and its random end stay readable), then whole columns, free text first and from the
//! right. Times, statuses and other values that would read wrong when cut never are.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How a column's values give way when the table is wider than the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Give {
    /// Never cut (times, statuses, names that would read wrong cut); the column may be left out.
    Never,
    /// Cut in the middle, down to [`ID_MIN`] (ids).
    Middle,
    /// Cut at the end, down to [`TEXT_MIN`] (titles, parties, free text).
    End,
}

/// The spaces between two columns.
pub const GAP: usize = 2;
/// The narrowest an id is cut to: 6 characters each side of the ellipsis.
pub const ID_MIN: usize = 13;
/// The narrowest free text is cut to.
pub const TEXT_MIN: usize = 10;

/// The width of each column within `width` (`None`: left out), for columns whose values are at
/// most `natural` wide and give way as `gives` says. The first column is always shown.
pub fn widths(natural: &[usize], gives: &[Give], width: usize) -> Vec<Option<usize>> {
    let mut shown = vec![true; natural.len()];
    // The order columns are left out in: free text from the right, then the rest from the right.
    let mut dropping: Vec<usize> = (1..natural.len()).rev().filter(|&i| gives[i] == Give::End).collect();
    dropping.extend((1..natural.len()).rev().filter(|&i| gives[i] != Give::End));
    let mut dropping = dropping.into_iter();
    loop {
        let widths = lay_out(natural, gives, &shown, width);
        if total(&widths) <= width {
            return widths;
        }
        match dropping.next() {
            Some(index) => shown[index] = false,
            // Only the first column is left: it is cut to the width, whatever it is.
            None => return widths.iter().enumerate().map(|(i, w)| w.map(|_| if i == 0 { width } else { 0 })).collect(),
        }
    }
}

/// Widths for the `shown` columns: whole when they fit, else text shares the room left, then
/// ids give up to their minimum.
fn lay_out(natural: &[usize], gives: &[Give], shown: &[bool], width: usize) -> Vec<Option<usize>> {
    let mut widths: Vec<Option<usize>> = natural.iter().zip(shown).map(|(&n, &s)| s.then_some(n)).collect();
    if total(&widths) <= width {
        return widths;
    }
    let text: Vec<usize> = (0..natural.len()).filter(|&i| shown[i] && gives[i] == Give::End).collect();
    let others: usize = widths.iter().enumerate().filter(|(i, _)| !text.contains(i)).filter_map(|(_, w)| *w).sum();
    let count = widths.iter().flatten().count();
    let room = width.saturating_sub(others + GAP * count.saturating_sub(1));
    share(room, &text, natural, &mut widths);
    let mut excess = total(&widths).saturating_sub(width);
    // The rightmost id gives way first: the first columns say what a row is about.
    for index in (0..natural.len()).rev().filter(|&i| shown[i] && gives[i] == Give::Middle) {
        let current = widths[index].unwrap_or(0);
        let give = current.saturating_sub(ID_MIN.min(current)).min(excess);
        widths[index] = Some(current - give);
        excess -= give;
    }
    widths
}

/// Shares `room` among the `text` columns: each gets what it needs when that is no more than an
/// even share of what is left, and never less than [`TEXT_MIN`] (or its own width, when smaller).
fn share(room: usize, text: &[usize], natural: &[usize], widths: &mut [Option<usize>]) {
    let mut order = text.to_vec();
    order.sort_by_key(|&i| natural[i]);
    let mut left = room;
    for (taken, &index) in order.iter().enumerate() {
        let fair = left / (order.len() - taken);
        let width = natural[index].min(fair.max(TEXT_MIN));
        widths[index] = Some(width);
        left = left.saturating_sub(width);
    }
}

/// The width of a row with these columns.
pub fn total(widths: &[Option<usize>]) -> usize {
    let shown: Vec<usize> = widths.iter().flatten().copied().collect();
    shown.iter().sum::<usize>() + GAP * shown.len().saturating_sub(1)
}

/// `text` padded to `width` terminal columns, or cut to it the way `give` says.
pub fn to_width(text: &str, width: usize, give: Give) -> String {
    let columns = text.width();
    if columns <= width {
        return format!("{text}{}", " ".repeat(width - columns));
    }
    if give == Give::Middle && width >= 3 {
        let tail_width = (width - 1) / 2;
        let head = take_width(text.chars(), width - 1 - tail_width);
        let tail: String = take_width(text.chars().rev(), tail_width).chars().rev().collect();
        let used = head.width() + 1 + tail.width();
        return format!("{head}…{tail}{}", " ".repeat(width.saturating_sub(used)));
    }
    let head = take_width(text.chars(), width.saturating_sub(1));
    let used = head.width() + 1;
    format!("{head}…{}", " ".repeat(width.saturating_sub(used)))
}

/// As many of `chars` as fit in `width` columns.
fn take_width(chars: impl Iterator<Item = char>, width: usize) -> String {
    let mut taken = String::new();
    let mut used = 0;
    for c in chars {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        taken.push(c);
        used += w;
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: [Give; 5] = [Give::Middle, Give::Never, Give::Never, Give::End, Give::End];
    const NATURAL: [usize; 5] = [36, 10, 23, 40, 60];

    #[test]
    fn a_table_that_fits_is_left_whole() {
        assert_eq!(widths(&NATURAL, &LIST, 200), NATURAL.map(Some));
    }

    #[test]
    fn text_gives_way_first_then_ids_then_columns_and_no_row_is_wider_than_the_terminal() {
        for width in 20..200 {
            let laid = widths(&NATURAL, &LIST, width);
            assert!(total(&laid) <= width, "{width}: {laid:?}");
            assert!(laid[0].is_some(), "the first column stays");
        }
        // 120: the id and the times whole, the text shares the rest.
        assert_eq!(widths(&NATURAL, &LIST, 120), [Some(36), Some(10), Some(23), Some(21), Some(22)]);
        // 80: text at its minimum, then the id gives way.
        assert_eq!(widths(&NATURAL, &LIST, 80), [Some(19), Some(10), Some(23), Some(TEXT_MIN), Some(TEXT_MIN)]);
        // 60: the text is left out before the id would go under its minimum.
        assert_eq!(widths(&NATURAL, &LIST, 60), [Some(23), Some(10), Some(23), None, None]);
    }

    #[test]
    fn an_id_cut_in_the_middle_keeps_both_ends() {
        let id = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f4a5b";
        assert_eq!(to_width(id, 13, Give::Middle), "0190a0…3f4a5b");
        assert_eq!(to_width("Søknad om barnehageplass", 10, Give::End), "Søknad om…");
        assert_eq!(to_width("kort", 6, Give::End), "kort  ");
    }
}
