//! Where the report pages get their tables: the one call the pages, the CSV files and the
//! impact report make, so the small-number rule is applied in one place
//! (`imha_core::reports::tables`).

use imha_core::Database;
use imha_core::db::StorageError;
use imha_core::reports::{Query, Suppression, Table};

/// The published tables for an area and a period.
pub async fn tables(
    db: &Database,
    q: &Query,
    target_working_days: u32,
    s: &Suppression,
) -> Result<Vec<Table>, StorageError> {
    let figures = imha_core::reports::compute(db, q, target_working_days).await?;
    Ok(imha_core::reports::tables(&figures, q, s))
}
