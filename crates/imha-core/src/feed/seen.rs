//! Keys the database may hold, so that a large import into a database that holds few of them
//! skips lookups that cannot find anything (docs/PERFORMANCE.md, "Opt-out feed import").
//!
//! A Bloom filter over hashes of every key the feed import looks up: episodes by hospital and
//! episode id; patients by NHS number, by hospital and local patient id, by match_key; and the
//! NHS numbers of referrals that `referrals_nhs_number` indexes. It answers "certainly not
//! stored" or "perhaps stored" (wrong about one key in a few thousand, which then costs the
//! lookup it would have cost anyway), in about 2 bytes a key.
//!
//! It is only sound while it holds every key in the database, so the import uses it only on
//! SQLite, where it is built inside a write transaction (`BEGIN IMMEDIATE`: no one else can
//! write meanwhile), then every key the import writes is added before its transaction commits.
//! Between the import's transactions another process may write; `PRAGMA data_version`, read at
//! the start of each transaction, changes exactly when another connection has committed since,
//! and then the filter is built again from the tables.

use crate::db::{StorageError, Tx};

/// What a key is, so equal text in different roles hashes differently.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// (hospital id, episode id).
    Episode = 1,
    /// A patient's NHS number.
    PatientNhs = 2,
    /// (hospital id, local patient id).
    PatientLocal = 3,
    /// A patient's match_key.
    PatientKey = 4,
    /// The NHS number of a referral in `referrals_nhs_number`.
    ReferralNhs = 5,
}

/// A 64-bit hash of a key (foldhash, with a fixed seed: the same key always hashes the same
/// within the process; the kind and each part's length are hashed too, so equal text in
/// different roles, or ("ab", "c") and ("a", "bc"), differ). Not keyed against an attacker: a
/// key chosen to collide only costs the lookup it would have cost anyway.
pub(crate) fn hash(kind: Kind, parts: &[&str]) -> u64 {
    use std::hash::BuildHasher;
    const SEED: u64 = 0x517c_c1b7_2722_0a95;
    foldhash::quality::FixedState::with_seed(SEED).hash_one((kind as u8, parts))
}

/// The false "perhaps" rate each filter is made for: one key in 1,000 then costs the lookup
/// it would have cost anyway.
const FALSE_POSITIVES: f64 = 0.001;

/// One fixed-size filter (fastbloom's blocked Bloom filter) and how many keys it was made for.
struct Bloom {
    filter: fastbloom::BloomFilter,
    len: usize,
    capacity: usize,
}

impl Bloom {
    fn new(capacity: usize) -> Bloom {
        Bloom {
            filter: fastbloom::BloomFilter::with_false_pos(FALSE_POSITIVES)
                .expected_items(capacity.max(1)),
            len: 0,
            capacity,
        }
    }

    fn insert(&mut self, h: u64) {
        self.filter.insert(&h);
        self.len += 1;
    }

    fn contains(&self, h: u64) -> bool {
        self.filter.contains(&h)
    }
}

/// Most keys a filter holds (about 15 MiB of bits in all): past that the import drops it and
/// looks every key up, so its memory stays bounded whatever the file's size (a million-row file
/// needs about 3.4 million keys).
pub(crate) const MAX_KEYS: usize = 8 << 20;

/// The keys the database may hold. Grows as keys are added: when a filter is full, a new one
/// twice its size takes the new keys, and a key may be in any of them.
pub(crate) struct Seen {
    filters: Vec<Bloom>,
    /// `PRAGMA data_version` when the filter was last known to match the database.
    data_version: i64,
}

impl Seen {
    fn with_capacity(capacity: usize) -> Seen {
        Seen {
            filters: vec![Bloom::new(capacity.max(1 << 16))],
            data_version: 0,
        }
    }

    pub(crate) fn insert(&mut self, h: u64) {
        let full = self.filters.last().is_none_or(|f| f.len >= f.capacity);
        if full {
            // Twice the last one's size, but never room for more than MAX_KEYS in all: past
            // that the import drops the filter, so more would only cost memory.
            let held: usize = self.filters.iter().map(|f| f.len).sum();
            let capacity = self
                .filters
                .last()
                .map_or(1 << 16, |f| f.capacity * 2)
                .min(MAX_KEYS.saturating_sub(held).max(1 << 16));
            self.filters.push(Bloom::new(capacity));
        }
        if let Some(f) = self.filters.last_mut() {
            f.insert(h);
        }
    }

    /// Whether it holds more keys than [`MAX_KEYS`].
    pub(crate) fn too_big(&self) -> bool {
        self.filters.iter().map(|f| f.len).sum::<usize>() > MAX_KEYS
    }

    /// False: certainly not in the database. True: perhaps.
    pub(crate) fn may_hold(&self, h: u64) -> bool {
        self.filters.iter().any(|f| f.contains(h))
    }

    /// Build the filter from the tables, inside the import's open SQLite transaction (`None`
    /// on PostgreSQL, or when the tables hold more than [`MAX_KEYS`]). `expected` is how many
    /// keys to make room for.
    pub(crate) async fn build(tx: &mut Tx, expected: usize) -> Result<Option<Seen>, StorageError> {
        let Tx::Sqlite(t) = tx else {
            return Ok(None);
        };
        let c = &mut **t;
        let mut seen = Seen::with_capacity(expected.min(MAX_KEYS));
        seen.data_version = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&mut *c)
            .await?;
        // A page of rows at a time, by rowid, so memory stays small however large the tables.
        const PAGE: i64 = 20_000;
        let mut after = i64::MIN;
        loop {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT rowid, hospital_id, episode_id FROM episodes WHERE rowid > $1 \
                 ORDER BY rowid LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&mut *c)
            .await?;
            for (_, h, e) in &rows {
                seen.insert(hash(Kind::Episode, &[h, e]));
            }
            if seen.too_big() {
                return Ok(None);
            }
            match rows.last() {
                Some((rowid, _, _)) if rows.len() as i64 == PAGE => after = *rowid,
                _ => break,
            }
        }
        type PatientKeys = (i64, Option<String>, Option<String>, Option<String>, String);
        let mut after = i64::MIN;
        loop {
            let rows: Vec<PatientKeys> = sqlx::query_as(
                "SELECT rowid, nhs_number, hospital_id, local_patient_id, match_key \
                 FROM patients WHERE rowid > $1 ORDER BY rowid LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&mut *c)
            .await?;
            for (_, nhs, hospital, local, key) in &rows {
                seen.add_patient(nhs.as_deref(), hospital.as_deref(), local.as_deref(), key);
            }
            if seen.too_big() {
                return Ok(None);
            }
            match rows.last() {
                Some((rowid, ..)) if rows.len() as i64 == PAGE => after = *rowid,
                _ => break,
            }
        }
        let mut after = i64::MIN;
        loop {
            let rows: Vec<(i64, String)> = sqlx::query_as(
                "SELECT rowid, nhs_number FROM referrals WHERE rowid > $1 \
                 AND NOT keys_on_patient AND nhs_number IS NOT NULL ORDER BY rowid LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&mut *c)
            .await?;
            for (_, nhs) in &rows {
                seen.insert(hash(Kind::ReferralNhs, &[nhs]));
            }
            if seen.too_big() {
                return Ok(None);
            }
            match rows.last() {
                Some((rowid, _)) if rows.len() as i64 == PAGE => after = *rowid,
                _ => break,
            }
        }
        Ok(Some(seen))
    }

    /// The keys of a patient record as written.
    pub(crate) fn add_patient(
        &mut self,
        nhs: Option<&str>,
        hospital: Option<&str>,
        local: Option<&str>,
        key: &str,
    ) {
        if let Some(n) = nhs {
            self.insert(hash(Kind::PatientNhs, &[n]));
        }
        if let (Some(h), Some(l)) = (hospital, local) {
            self.insert(hash(Kind::PatientLocal, &[h, l]));
        }
        self.insert(hash(Kind::PatientKey, &[key]));
    }

    /// Whether the filter still holds every key in the database: false when another
    /// connection has committed since it was built (call inside a write transaction).
    pub(crate) async fn still_true(&self, tx: &mut Tx) -> Result<bool, StorageError> {
        let Tx::Sqlite(t) = tx else {
            return Ok(false);
        };
        let version: i64 = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&mut **t)
            .await?;
        Ok(version == self.data_version)
    }
}

/// Whether a filter pays for the scan that builds it: when the database holds fewer than half
/// as many episodes as the file is expected to bring (SQLite only).
pub(crate) async fn worth_building(tx: &mut Tx, expected_rows: u64) -> Result<bool, StorageError> {
    let Tx::Sqlite(t) = tx else {
        return Ok(false);
    };
    // The largest rowid: at least the number of rows, found without a scan.
    let stored: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(rowid), 0) FROM episodes")
        .fetch_one(&mut **t)
        .await?;
    Ok(u64::try_from(stored).unwrap_or(u64::MAX).saturating_mul(2) < expected_rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_added_and_rarely_anything_else() {
        let mut seen = Seen::with_capacity(1_000);
        for i in 0..200_000 {
            seen.insert(hash(Kind::Episode, &["h1", &i.to_string()]));
        }
        // Grown past its first filter, it still holds every key.
        assert!(seen.filters.len() > 1);
        for i in 0..200_000 {
            assert!(seen.may_hold(hash(Kind::Episode, &["h1", &i.to_string()])));
        }
        // The same text as another kind of key, or other keys: almost never "perhaps".
        let wrong = (0..200_000)
            .filter(|i| seen.may_hold(hash(Kind::PatientNhs, &["h1", &i.to_string()])))
            .count();
        assert!(wrong < 1_000, "{wrong} false positives in 200,000");
    }

    /// The filter's memory is bounded: it reports itself too big once it holds more than
    /// `MAX_KEYS` keys (the import then drops it), and by then all its filters together take
    /// less than 16 MiB, whatever it was first made for (it grows by doubling, which once
    /// took 43 MiB here).
    #[test]
    fn it_is_too_big_past_max_keys_and_its_memory_is_bounded() {
        let bytes = |s: &Seen| {
            s.filters
                .iter()
                .map(|f| f.filter.num_bits() / 8)
                .sum::<usize>()
        };
        for made_for in [1, MAX_KEYS] {
            let mut seen = Seen::with_capacity(made_for);
            for i in 0..MAX_KEYS as u64 {
                seen.insert(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            }
            assert!(!seen.too_big(), "{made_for}: not yet, at exactly MAX_KEYS");
            seen.insert(u64::MAX);
            assert!(seen.too_big(), "{made_for}: too big past MAX_KEYS");
            assert!(
                bytes(&seen) < 16 << 20,
                "{made_for}: {} bytes of filters",
                bytes(&seen)
            );
        }
    }
}
