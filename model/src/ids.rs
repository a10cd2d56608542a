//! UUIDv7 ids, including deterministic ones for idempotent imports.
//!
//! Dialogporten accepts a caller-chosen id when it is a UUIDv7 whose embedded
//! time is in the past. Deriving the id from the source record's identity and
//! its time means a re-run of the same import always addresses the same
//! dialog, so a repeat is answered "already exists" instead of duplicating.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A fresh UUIDv7 for now.
pub fn new_v7() -> Uuid {
    Uuid::now_v7()
}

/// A UUIDv7 that is the same for the same `(source_key, at)`, every time.
///
/// The 48-bit timestamp is `at` in milliseconds (so ids sort by source time
/// and the id is valid for Dialogporten when `at` is in the past); the other
/// 74 bits come from SHA-256 of the key and the timestamp.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use dialogporten_model::ids::deterministic_v7;
/// let at = Utc.with_ymd_and_hms(2019, 3, 14, 9, 26, 53).unwrap();
/// let a = deterministic_v7("a2-archive:AR123456", at);
/// assert_eq!(a, deterministic_v7("a2-archive:AR123456", at));
/// assert_ne!(a, deterministic_v7("a2-archive:AR123457", at));
/// assert_eq!(a.get_version_num(), 7);
/// ```
pub fn deterministic_v7(source_key: &str, at: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0) & 0xFFFF_FFFF_FFFF;
    let mut hasher = Sha256::new();
    hasher.update(b"dialogporten-rs/deterministic-v7\0");
    hasher.update(source_key.as_bytes());
    hasher.update(millis.to_be_bytes());
    let digest = hasher.finalize();
    let mut random = [0u8; 10];
    random.copy_from_slice(&digest[..10]);
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

/// The time embedded in a UUIDv7, or `None` for other versions.
pub fn v7_time(id: Uuid) -> Option<DateTime<Utc>> {
    if id.get_version_num() != 7 {
        return None;
    }
    let (secs, nanos) = id.get_timestamp()?.to_unix();
    DateTime::from_timestamp(i64::try_from(secs).ok()?, nanos)
}

/// How far ahead of the service's clock a caller's time may be, in seconds:
/// a caller-chosen id's time and a `createdAt` may lie this far in the future.
pub const CLOCK_SKEW_SECONDS: i64 = 15;

/// Whether `id` is a UUIDv7 whose time is before `now` plus [`CLOCK_SKEW_SECONDS`]:
/// what Dialogporten requires of a caller-chosen id (upstream:
/// `IsValidUuidV7TimestampValidator`, "Allow up to 15s in the future").
pub fn is_valid_client_id(id: Uuid, now: DateTime<Utc>) -> bool {
    v7_time(id).is_some_and(|t| t < now + chrono::Duration::seconds(CLOCK_SKEW_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn deterministic_ids_are_stable_v7_with_the_source_time() {
        let at = Utc.with_ymd_and_hms(2012, 6, 1, 12, 0, 0).unwrap();
        let id = deterministic_v7("a2-correspondence:123", at);
        // Fixed forever: a change here would make re-runs of old imports duplicate.
        assert_eq!(id.to_string(), "0137a7ea-9e00-718f-9d31-31dfc25391d0");
        assert_eq!(id.get_version_num(), 7);
        assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(v7_time(id), Some(at));
        assert!(is_valid_client_id(id, Utc::now()));
        let other_time = deterministic_v7("a2-correspondence:123", at + chrono::Duration::milliseconds(1));
        assert_ne!(id, other_time);
    }

    #[test]
    fn future_and_v4_ids_are_not_valid_client_ids() {
        let future = deterministic_v7("k", Utc::now() + chrono::Duration::days(1));
        assert!(!is_valid_client_id(future, Utc::now()));
        assert!(!is_valid_client_id(Uuid::new_v4(), Utc::now()));
        let now = Utc::now();
        assert!(is_valid_client_id(deterministic_v7("k", now + chrono::Duration::seconds(14)), now));
        assert!(!is_valid_client_id(deterministic_v7("k", now + chrono::Duration::seconds(16)), now));
    }
}
