//! Orders: the full `orders` and `order_lines` tables, notes, and the per-workspace
//! counter order numbers come from.
//!
//! The catalog migration created minimal `orders`/`order_lines` tables so the catalog's
//! open-order check had something to read. No release stored rows in them, and SQLite
//! cannot add constraints to existing tables (nor a NOT NULL column without a default),
//! so this migration drops both and creates them whole, keeping every column, index
//! and foreign key the open-order check relies on (`status`, `order_lines.product_id`
//! with SET NULL, `ix_order_lines_product_id`).
//!
//! Conventions, as in the catalog migration: application-generated UUIDv7 ids, named
//! unique indexes (`ux_*`) so the store can tell which rule a violation broke, every
//! tenant table scoped by `workspace_id` (cascading with the workspace), and money as
//! integer minor units beside the order's currency.
//!
//! Customer, conversation, channel, offer and author ids carry no foreign key on
//! purpose: an order is a record of what was sold, and must outlive the contact, the
//! channel, the offer or the member it mentions (playground orders have no contact
//! row at all).

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, references_workspace, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `orders.status` values (`OrderStatus`).
const STATUSES: [&str; 4] = ["captured", "in_progress", "completed", "cancelled"];
/// `orders.channel` values (`SalesChannel`).
const CHANNELS: [&str; 5] = ["messenger", "instagram", "whatsapp", "web", "playground"];
/// `order_lines.quantity` bounds (`Quantity`).
const MIN_QUANTITY: i32 = 1;
const MAX_QUANTITY: i32 = 100;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[OrderLines::Table.into_iden(), Orders::Table.into_iden()],
        )
        .await?;
        create_orders(manager).await?;
        create_order_lines(manager).await?;
        create_order_notes(manager).await?;
        create_order_counters(manager).await?;
        Ok(())
    }

    /// Back to the catalog migration's minimal tables, so rolling back further finds
    /// the schema it created.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                OrderCounters::Table.into_iden(),
                OrderNotes::Table.into_iden(),
                OrderLines::Table.into_iden(),
                Orders::Table.into_iden(),
            ],
        )
        .await?;
        minimal::create(manager).await
    }
}

/// Children before parents, so foreign keys never point at a dropped table.
async fn drop_tables(manager: &SchemaManager<'_>, tables: &[DynIden]) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(table.clone()).if_exists().to_owned())
            .await?;
    }
    Ok(())
}

async fn create_orders(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Orders::Table)
                .col(pk_uuid(Orders::Id))
                .col(uuid(Orders::WorkspaceId))
                // "#1042": from `order_counters`, in the insert's transaction.
                .col(big_integer(Orders::Number).check(Expr::col(Orders::Number).gt(0)))
                // The confirming message's id: a retried placement finds the first order.
                .col(string(Orders::PlacementKey))
                .col(string(Orders::Status).check(Expr::col(Orders::Status).is_in(STATUSES)))
                .col(uuid(Orders::CustomerId))
                .col(uuid(Orders::ConversationId))
                .col(string(Orders::Channel).check(Expr::col(Orders::Channel).is_in(CHANNELS)))
                // NULL for the playground.
                .col(uuid_null(Orders::ChannelId))
                .col(string_len(Orders::Currency, 3))
                .col(big_integer(Orders::TotalMinor))
                .col(text(Orders::ShippingLocation))
                // The capture time.
                .col(timestamp_with_time_zone(Orders::CreatedAt))
                .col(timestamp_with_time_zone(Orders::UpdatedAt))
                .col(timestamp_with_time_zone_null(Orders::InProgressAt))
                .col(timestamp_with_time_zone_null(Orders::CompletedAt))
                .col(timestamp_with_time_zone_null(Orders::CancelledAt))
                .foreign_key(&mut references_workspace(
                    Orders::Table,
                    Orders::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    unique_index(
        manager,
        "ux_orders_workspace_number",
        Orders::Table,
        &[Orders::WorkspaceId.into_iden(), Orders::Number.into_iden()],
    )
    .await?;
    unique_index(
        manager,
        "ux_orders_workspace_placement_key",
        Orders::Table,
        &[
            Orders::WorkspaceId.into_iden(),
            Orders::PlacementKey.into_iden(),
        ],
    )
    .await?;
    // The list is newest first with the id breaking ties, alone or filtered by one of
    // these columns: each index serves one of those reads in index order.
    let indexes: [(&str, Option<Orders>); 5] = [
        ("ix_orders_workspace_created", None),
        ("ix_orders_workspace_status_created", Some(Orders::Status)),
        ("ix_orders_workspace_channel_created", Some(Orders::Channel)),
        (
            "ix_orders_workspace_customer_created",
            Some(Orders::CustomerId),
        ),
        (
            "ix_orders_workspace_conversation_created",
            Some(Orders::ConversationId),
        ),
    ];
    for (name, led_by) in indexes {
        let mut columns = vec![Orders::WorkspaceId.into_iden()];
        columns.extend(led_by.map(IntoIden::into_iden));
        columns.extend([Orders::CreatedAt.into_iden(), Orders::Id.into_iden()]);
        index(manager, name, Orders::Table, &columns).await?;
    }
    Ok(())
}

async fn create_order_lines(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(OrderLines::Table)
                .col(pk_uuid(OrderLines::Id))
                .col(uuid(OrderLines::OrderId))
                .col(uuid(OrderLines::WorkspaceId))
                // The line's place in the order, from 0.
                .col(integer(OrderLines::Position))
                // What was ordered is kept as a snapshot (names, prices, offer); the
                // reference to the product goes when the product is erased.
                .col(uuid_null(OrderLines::ProductId))
                .col(uuid_null(OrderLines::VariantId))
                .col(string(OrderLines::ProductName))
                .col(string_null(OrderLines::VariantName))
                // List price plus the variant's modifier, before any offer.
                .col(big_integer(OrderLines::BaseUnitPriceMinor))
                // What the customer pays per unit.
                .col(big_integer(OrderLines::UnitPriceMinor))
                .col(uuid_null(OrderLines::OfferId))
                .col(string_null(OrderLines::OfferName))
                .col(
                    integer(OrderLines::Quantity)
                        .check(Expr::col(OrderLines::Quantity).between(MIN_QUANTITY, MAX_QUANTITY)),
                )
                .col(big_integer(OrderLines::LineTotalMinor))
                .col(timestamp_with_time_zone(OrderLines::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_order_lines_order_id")
                        .from(OrderLines::Table, OrderLines::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut references_workspace(
                    OrderLines::Table,
                    OrderLines::WorkspaceId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_order_lines_product_id")
                        .from(OrderLines::Table, OrderLines::ProductId)
                        .to(Products::Table, Products::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
    // An order's lines in their order; also the cascade from `orders`.
    unique_index(
        manager,
        "ux_order_lines_order_position",
        OrderLines::Table,
        &[
            OrderLines::OrderId.into_iden(),
            OrderLines::Position.into_iden(),
        ],
    )
    .await?;
    // The open-order check, and the SET NULL when a product is erased.
    index(
        manager,
        "ix_order_lines_product_id",
        OrderLines::Table,
        &[OrderLines::ProductId.into_iden()],
    )
    .await
}

async fn create_order_notes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(OrderNotes::Table)
                .col(pk_uuid(OrderNotes::Id))
                .col(uuid(OrderNotes::OrderId))
                .col(uuid(OrderNotes::WorkspaceId))
                .col(text(OrderNotes::Text))
                // The member who wrote it (identity's user id); NULL for the system.
                .col(uuid_null(OrderNotes::AuthorId))
                .col(timestamp_with_time_zone(OrderNotes::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_order_notes_order_id")
                        .from(OrderNotes::Table, OrderNotes::OrderId)
                        .to(Orders::Table, Orders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut references_workspace(
                    OrderNotes::Table,
                    OrderNotes::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "ix_order_notes_order_created",
        OrderNotes::Table,
        &[
            OrderNotes::OrderId.into_iden(),
            OrderNotes::CreatedAt.into_iden(),
        ],
    )
    .await
}

/// One row per workspace that has placed an order: the last number handed out. The
/// insert bumps it in its own transaction (an upsert that locks the row on
/// PostgreSQL, under SQLite's single writer), so concurrent orders get different
/// numbers and a rolled-back insert gives its number back.
async fn create_order_counters(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(OrderCounters::Table)
                .col(uuid(OrderCounters::WorkspaceId).primary_key())
                .col(big_integer(OrderCounters::LastNumber))
                .foreign_key(&mut references_workspace(
                    OrderCounters::Table,
                    OrderCounters::WorkspaceId,
                ))
                .to_owned(),
        )
        .await
}

/// The catalog migration's minimal order tables, as `down` restores them.
mod minimal {
    use super::*;

    pub(super) async fn create(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(pk_uuid(Orders::Id))
                    .col(uuid(Orders::WorkspaceId))
                    .col(string(Orders::Status).check(Expr::col(Orders::Status).is_in(STATUSES)))
                    .col(string_len(Orders::Currency, 3))
                    .col(big_integer(Orders::TotalMinor))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .col(timestamp_with_time_zone(Orders::UpdatedAt))
                    .foreign_key(&mut references_workspace(
                        Orders::Table,
                        Orders::WorkspaceId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_orders_workspace_created",
            Orders::Table,
            &[
                Orders::WorkspaceId.into_iden(),
                Orders::CreatedAt.into_iden(),
            ],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrderLines::Table)
                    .col(pk_uuid(OrderLines::Id))
                    .col(uuid(OrderLines::OrderId))
                    .col(uuid(OrderLines::WorkspaceId))
                    .col(uuid_null(OrderLines::ProductId))
                    .col(uuid_null(OrderLines::VariantId))
                    .col(string(OrderLines::ProductName))
                    .col(string_null(OrderLines::VariantName))
                    .col(big_integer(OrderLines::UnitPriceMinor))
                    .col(integer(OrderLines::Quantity))
                    .col(timestamp_with_time_zone(OrderLines::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_lines_order_id")
                            .from(OrderLines::Table, OrderLines::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut references_workspace(
                        OrderLines::Table,
                        OrderLines::WorkspaceId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_order_lines_product_id")
                            .from(OrderLines::Table, OrderLines::ProductId)
                            .to(Products::Table, Products::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_order_lines_order_id",
            OrderLines::Table,
            &[OrderLines::OrderId.into_iden()],
        )
        .await?;
        index(
            manager,
            "ix_order_lines_product_id",
            OrderLines::Table,
            &[OrderLines::ProductId.into_iden()],
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Products {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    Table,
    Id,
    WorkspaceId,
    Number,
    PlacementKey,
    Status,
    CustomerId,
    ConversationId,
    Channel,
    ChannelId,
    Currency,
    TotalMinor,
    ShippingLocation,
    CreatedAt,
    UpdatedAt,
    InProgressAt,
    CompletedAt,
    CancelledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderLines {
    Table,
    Id,
    OrderId,
    WorkspaceId,
    Position,
    ProductId,
    VariantId,
    ProductName,
    VariantName,
    BaseUnitPriceMinor,
    UnitPriceMinor,
    OfferId,
    OfferName,
    Quantity,
    LineTotalMinor,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderNotes {
    Table,
    Id,
    OrderId,
    WorkspaceId,
    Text,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderCounters {
    Table,
    WorkspaceId,
    LastNumber,
}
