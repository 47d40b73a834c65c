//! Where the report pages get their tables: the one call the pages, the CSV files and the
//! impact report make.

use imha_core::Database;
use imha_core::db::StorageError;
use imha_core::reports::{Query, Suppression, Table};

/// The published tables for an area and a period.
///
/// WIRING: the computation (`imha_core::reports::compute` and `imha_core::reports::tables`,
/// issue 9, branch `reports-core`) is not on main yet. When it is, replace this body with:
///
/// ```text
/// let figures = imha_core::reports::compute(db, q, target_working_days).await?;
/// Ok(imha_core::reports::tables(&figures, q, s))
/// ```
///
/// Until then every report is empty and the pages say "No figures for this area and period".
pub async fn tables(
    db: &Database,
    q: &Query,
    target_working_days: u32,
    s: &Suppression,
) -> Result<Vec<Table>, StorageError> {
    // WIRING: placeholder, see above.
    let _ = (db, q, target_working_days, s);
    Ok(Vec::new())
}
