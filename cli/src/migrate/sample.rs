//! `dp migrate sample`: realistic synthetic Altinn 2 records, the same for the same seed.

use chrono::{Duration, TimeZone, Utc};
use serde_json::{Value, json};

use super::formats::Format;

/// splitmix64: small, fast and good enough for test data.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }
}

fn mod11(digits: &[u64], weights: &[u64]) -> Option<u64> {
    let sum: u64 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c),
    }
}

fn organization_number(random: &mut Random) -> String {
    loop {
        let mut digits: Vec<u64> = vec![8 + random.below(2)];
        digits.extend((0..7).map(|_| random.below(10)));
        if let Some(check) = mod11(&digits, &[3, 2, 7, 6, 5, 4, 3, 2]) {
            digits.push(check);
            return digits.iter().map(ToString::to_string).collect();
        }
    }
}

fn national_identity_number(random: &mut Random) -> String {
    loop {
        let (day, month, year) = (1 + random.below(28), 1 + random.below(12), random.below(100));
        let individual = random.below(500);
        let mut digits: Vec<u64> =
            format!("{day:02}{month:02}{year:02}{individual:03}").bytes().map(|b| u64::from(b - b'0')).collect();
        let Some(k1) = mod11(&digits, &[3, 7, 6, 1, 8, 9, 4, 5, 2]) else { continue };
        digits.push(k1);
        let Some(k2) = mod11(&digits, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) else { continue };
        digits.push(k2);
        return digits.iter().map(ToString::to_string).collect();
    }
}

const SUBJECTS: [&str; 6] = [
    "Skattemelding",
    "Søknad om tilskudd",
    "Melding om flytting",
    "Årsregnskap",
    "A-melding",
    "Søknad om barnehageplass",
];

/// `count` records of `format` from `seed`, one JSON value each.
pub fn records(format: Format, count: u64, seed: u64) -> impl Iterator<Item = Value> {
    let mut random = Random(seed);
    let start = Utc.with_ymd_and_hms(2006, 1, 1, 8, 0, 0).single().unwrap_or_default();
    (0..count).map(move |n| {
        let created = start + Duration::minutes(i64::try_from(random.below(14 * 365 * 24 * 60)).unwrap_or(0));
        let changed = created + Duration::hours(i64::try_from(random.below(24 * 30)).unwrap_or(0));
        let person = random.below(3) == 0;
        let reportee = if person { national_identity_number(&mut random) } else { organization_number(&mut random) };
        let year = created.format("%Y").to_string();
        let subject = format!("{} {year}", random.pick(&SUBJECTS));
        let language = *[1044, 1044, 1044, 2068, 1033].get(usize::try_from(random.below(5)).unwrap_or(0)).unwrap_or(&1044);
        let attachments: Vec<Value> = (0..random.below(3))
            .map(|a| json!({"AttachmentId": n * 10 + a, "AttachmentName": format!("Vedlegg {}", a + 1), "FileName": format!("vedlegg-{}.pdf", a + 1), "MimeType": "application/pdf"}))
            .collect();
        let local = |at: chrono::DateTime<Utc>| at.format("%Y-%m-%dT%H:%M:%S").to_string();
        match format {
            Format::A2Correspondence => json!({
                "CorrespondenceId": 5_000_000 + n,
                "ServiceCode": random.pick(&["4503", "5253", "4889"]),
                "ServiceEdition": 1 + random.below(3),
                "Reportee": reportee,
                "MessageTitle": subject,
                "MessageSummary": "Se vedlagt brev.",
                "CreatedDate": local(created),
                "VisibleDateTime": local(created),
                "LastChangedDate": local(changed),
                "Status": random.pick(&["Read", "Read", "Unread", "Confirmed"]),
                "SendersReference": format!("ref-{n}"),
                "LanguageCode": language,
                "Attachments": attachments,
            }),
            _ => {
                let mut record = json!({
                "ReporteeElementId": 1_000_000 + n,
                "ExternalServiceCode": random.pick(&["4223", "2930", "3124"]),
                "ExternalServiceEditionCode": 1 + random.below(3),
                "Subject": subject,
                "MessageSummary": "Innsendt og arkivert.",
                "CreatedDate": local(created),
                "LastChangedDate": local(changed),
                "ArchivedDateTime": local(changed),
                "Status": "Archived",
                "ArchiveReference": format!("AR{}", 1_000_000 + n),
                "LanguageCode": language,
                "Attachments": attachments,
                });
                record[if person { "SocialSecurityNumber" } else { "OrganizationNumber" }] = json!(reportee);
                record
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_deterministic_and_have_valid_parties() {
        let a: Vec<Value> = records(Format::A2Archive, 50, 7).collect();
        let b: Vec<Value> = records(Format::A2Archive, 50, 7).collect();
        assert_eq!(a, b);
        for record in &a {
            let party = record["OrganizationNumber"].as_str().or(record["SocialSecurityNumber"].as_str()).unwrap();
            let urn = if party.len() == 9 {
                format!("urn:altinn:organization:identifier-no:{party}")
            } else {
                format!("urn:altinn:person:identifier-no:{party}")
            };
            assert!(dialogporten_model::validate::normalize_party(&urn).is_some(), "{urn}");
        }
        assert_ne!(a, records(Format::A2Archive, 50, 8).collect::<Vec<_>>());
    }
}
