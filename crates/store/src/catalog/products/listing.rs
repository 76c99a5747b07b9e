//! `ProductFilter` and `ProductSort` as SQL: one condition shared by the page and its
//! count, and an order whose ties break by id so pages never overlap.

use catalog::ports::ProductRepositoryError;
use catalog::{ProductFilter, ProductSort, SortDirection, SortField};
use kernel::{Money, WorkspaceId};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{ColumnTrait, Condition, Order};

use super::rows::TAG_SEPARATOR;
use crate::catalog::money::to_minor;
use crate::entities::products;

/// Escapes LIKE wildcards in user text. Not a backslash: how a backslash is written in
/// a string literal differs between the databases.
const LIKE_ESCAPE: char = '!';

/// Live products of the workspace that pass every filter.
pub(super) fn matching(
    workspace_id: WorkspaceId,
    filter: &ProductFilter,
) -> Result<Condition, ProductRepositoryError> {
    let mut condition = Condition::all()
        .add(products::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .add(products::Column::DeletedAt.is_null());
    if let Some(q) = &filter.q {
        // `search_text` is lower-cased by the store on every write; lower-casing the
        // query the same way (in Rust, so any script) makes LIKE case-insensitive on
        // both databases.
        let pattern = format!("%{}%", escape_like(&q.as_str().to_lowercase()));
        condition = condition.add(products::Column::SearchText.like(like(pattern)));
    }
    if !filter.categories.is_empty() {
        let ids = filter.categories.iter().map(|id| id.as_uuid());
        condition = condition.add(products::Column::CategoryId.is_in(ids));
    }
    if let Some(supplier_id) = filter.supplier_id {
        condition = condition.add(products::Column::SupplierId.eq(supplier_id.as_uuid()));
    }
    if let Some(available) = filter.available {
        condition = condition.add(products::Column::Available.eq(available));
    }
    if let Some(min) = filter.price.min() {
        condition = condition
            .add(in_currency_of(min))
            .add(products::Column::PriceMinor.gte(minor(min)?));
    }
    if let Some(max) = filter.price.max() {
        condition = condition
            .add(in_currency_of(max))
            .add(products::Column::PriceMinor.lte(minor(max)?));
    }
    if let Some(tag) = &filter.tag {
        let pattern = format!(
            "%{TAG_SEPARATOR}{}{TAG_SEPARATOR}%",
            escape_like(tag.as_str())
        );
        condition = condition.add(products::Column::Tags.like(like(pattern)));
    }
    Ok(condition)
}

/// The column to sort by and the direction; the id, in the same direction, follows.
pub(super) fn order(sort: ProductSort) -> (products::Column, Order) {
    let column = match sort.field {
        // The lower-cased name: "apple" and "Banana" sort as people expect.
        SortField::Name => products::Column::NameKey,
        SortField::Price => products::Column::PriceMinor,
        SortField::CreatedAt => products::Column::CreatedAt,
    };
    let direction = match sort.direction {
        SortDirection::Asc => Order::Asc,
        SortDirection::Desc => Order::Desc,
    };
    (column, direction)
}

/// Minor units only compare within one currency: a bound in another currency than
/// the product's matches nothing rather than comparing unlike numbers.
fn in_currency_of(bound: Money) -> Expr {
    products::Column::Currency.eq(bound.currency().code())
}

fn minor(bound: Money) -> Result<i64, ProductRepositoryError> {
    to_minor(bound).map_err(ProductRepositoryError::Unexpected)
}

fn like(pattern: String) -> LikeExpr {
    LikeExpr::new(pattern).escape(LIKE_ESCAPE)
}

fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            escaped.push(LIKE_ESCAPE);
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_user_text_are_escaped() {
        assert_eq!(escape_like("50%_off!"), "50!%!_off!!");
        assert_eq!(escape_like("serum"), "serum");
    }
}
