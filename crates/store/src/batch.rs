//! Writing and reading many rows in few statements.
//!
//! One statement may bind at most 32,766 parameters on SQLite (65,535 on PostgreSQL),
//! so multi-row inserts and `IN (...)` lists are cut into chunks that stay below that,
//! sized from the number of columns the table has.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Iterable};

/// SQLite's limit, the lower of the two databases'.
const MAX_BOUND_PARAMETERS: usize = 32_766;

/// Ids per `IN (...)` list: far below the limit, leaving room for the other
/// parameters of the statement.
pub(crate) const IDS_PER_STATEMENT: usize = 10_000;

/// How many rows of `E` one `INSERT` may carry.
fn rows_per_statement<E: EntityTrait>() -> usize {
    let columns = <E::Column as Iterable>::iter().count().max(1);
    (MAX_BOUND_PARAMETERS / columns).max(1)
}

/// Inserts every row, as few multi-row statements as the parameter limit allows.
/// Returns the number of rows written (inserted or, with `on_conflict`, updated).
pub(crate) async fn insert_in_chunks<A, C>(
    db: &C,
    rows: Vec<A>,
    on_conflict: Option<&OnConflict>,
) -> Result<u64, DbErr>
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    let per_statement = rows_per_statement::<A::Entity>();
    let mut written = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        let mut insert = A::Entity::insert_many(chunk);
        if let Some(on_conflict) = on_conflict {
            insert = insert.on_conflict(on_conflict.clone());
        }
        written += insert.exec_without_returning(db).await?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{chunks, products};

    #[test]
    fn chunks_stay_under_the_parameter_limit() {
        for (rows, columns) in [
            (
                rows_per_statement::<products::Entity>(),
                <products::Column as Iterable>::iter().count(),
            ),
            (
                rows_per_statement::<chunks::Entity>(),
                <chunks::Column as Iterable>::iter().count(),
            ),
        ] {
            assert!(rows * columns <= MAX_BOUND_PARAMETERS);
            assert!(
                rows > 1_000,
                "{rows} rows per statement is too few to be fast"
            );
        }
    }
}
