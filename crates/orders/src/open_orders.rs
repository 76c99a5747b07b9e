//! What an *open* order is, for `catalog::ports::OpenOrderCheck`.
//!
//! The catalog refuses to erase (hard delete) a product while an open order references
//! it, and asks through `OpenOrderCheck::has_open_orders(workspace_id, product_id)`.
//! The store implements it (`SeaOrmOpenOrderCheck`, and again inside the DELETE), with
//! these semantics, owned by this domain:
//!
//! - An order is open while its status is one of `OrderStatus::OPEN` (`captured`,
//!   `in_progress`): the seller still has to contact the customer, take payment or
//!   ship, and needs the product to do it. `completed` and `cancelled` orders are
//!   closed; their lines keep their snapshots (name, variant, prices), and the line's
//!   `product_id` becomes `NULL` when the product is erased.
//! - An order references a product when any of its lines has that `product_id`,
//!   whichever variant the line is for (a variant cannot be erased alone while its
//!   product is kept by an open order either: erasing the product is what the check
//!   guards).
//! - Only the workspace's own orders count: the check is scoped by `workspace_id` on
//!   both the order and the line.
//! - Soft delete (hiding a product) is always allowed: open orders keep their
//!   snapshots, and the assistant stops offering the product at once.

pub use crate::models::OrderStatus;

/// Whether an order in `status` keeps the products it references from being erased.
pub fn blocks_erasure(status: OrderStatus) -> bool {
    status.is_open()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_captured_and_in_progress_orders_block_erasure() {
        let blocking: Vec<_> = OrderStatus::ALL
            .into_iter()
            .filter(|s| blocks_erasure(*s))
            .collect();
        assert_eq!(blocking, [OrderStatus::Captured, OrderStatus::InProgress]);
    }
}
