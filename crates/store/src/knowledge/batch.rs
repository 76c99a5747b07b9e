//! Multi-row inserts cut below the bound-parameter limit of one statement (32,766 on
//! SQLite, the lower of the two databases), sized from the table's column count.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Iterable};

const MAX_BOUND_PARAMETERS: usize = 32_766;

/// Ids per `IN (...)` list, far below the limit.
pub(super) const IDS_PER_STATEMENT: usize = 10_000;

fn rows_per_statement<E: EntityTrait>() -> usize {
    let columns = <E::Column as Iterable>::iter().count().max(1);
    (MAX_BOUND_PARAMETERS / columns).max(1)
}

/// Inserts every row in as few statements as the limit allows.
pub(super) async fn insert_in_chunks<A, C>(db: &C, rows: Vec<A>) -> Result<u64, DbErr>
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    let per_statement = rows_per_statement::<A::Entity>();
    let mut written = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        written += A::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::chunks;

    #[test]
    fn chunks_stay_under_the_parameter_limit() {
        let rows = rows_per_statement::<chunks::Entity>();
        let columns = <chunks::Column as Iterable>::iter().count();
        assert!(rows * columns <= MAX_BOUND_PARAMETERS);
        assert!(rows > 1_000);
    }
}
