//! The catalog: categories, suppliers, products with their variants, offers, and the
//! minimal order tables the open-order check reads (the orders issue grows them).
//!
//! Conventions, as in the identity migration: ids are application-generated UUIDv7,
//! uniqueness rules are named indexes (`ux_*`) so the store can tell which rule a
//! violation broke, and every tenant table carries `workspace_id`.
//!
//! Money is stored as integer minor units (`price_minor` BIGINT, 4500 = 45.00 EUR) next
//! to its currency code, so both databases sort and filter prices exactly. Names that
//! are compared or sorted ignoring case have a lower-cased `name_key` column beside
//! them, computed by the store on every write, because `lower()` and collations differ
//! between SQLite and PostgreSQL. Partial indexes (SKU among live products, category
//! names among siblings) are written with the schema builder, which both databases
//! accept: no raw SQL here either.

use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{index, references_workspace, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_categories(manager).await?;
        create_suppliers(manager).await?;
        create_products(manager).await?;
        create_variants(manager).await?;
        create_offers(manager).await?;
        create_orders(manager).await?;
        create_order_lines(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never point at a dropped table.
        let tables = [
            OrderLines::Table.into_iden(),
            Orders::Table.into_iden(),
            Offers::Table.into_iden(),
            Variants::Table.into_iden(),
            Products::Table.into_iden(),
            Suppliers::Table.into_iden(),
            Categories::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_categories(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Categories::Table)
                .col(pk_uuid(Categories::Id))
                .col(uuid(Categories::WorkspaceId))
                .col(uuid_null(Categories::ParentId))
                .col(string(Categories::Name))
                // Lower-cased, spaces collapsed: names are unique among siblings
                // ignoring case and spacing.
                .col(string(Categories::NameKey))
                .col(timestamp_with_time_zone(Categories::CreatedAt))
                .col(timestamp_with_time_zone(Categories::UpdatedAt))
                .foreign_key(&mut references_workspace(
                    Categories::Table,
                    Categories::WorkspaceId,
                ))
                // NO ACTION: a category with subcategories is not deleted (the service
                // checks first; this catches a subcategory created in between).
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_categories_parent_id")
                        .from(Categories::Table, Categories::ParentId)
                        .to(Categories::Table, Categories::Id)
                        .on_delete(ForeignKeyAction::NoAction),
                )
                .to_owned(),
        )
        .await?;
    // NULLs are distinct in a unique index on both databases, so top-level names need
    // their own index: one for roots, one for children.
    manager
        .create_index(
            Index::create()
                .name("ux_categories_root_name")
                .table(Categories::Table)
                .col(Categories::WorkspaceId)
                .col(Categories::NameKey)
                .unique()
                .and_where(Expr::col(Categories::ParentId).is_null())
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("ux_categories_child_name")
                .table(Categories::Table)
                .col(Categories::WorkspaceId)
                .col(Categories::ParentId)
                .col(Categories::NameKey)
                .unique()
                .and_where(Expr::col(Categories::ParentId).is_not_null())
                .to_owned(),
        )
        .await
}

async fn create_suppliers(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Suppliers::Table)
                .col(pk_uuid(Suppliers::Id))
                .col(uuid(Suppliers::WorkspaceId))
                .col(string(Suppliers::Name))
                .col(string(Suppliers::NameKey))
                .col(string_null(Suppliers::ContactPerson))
                .col(string_null(Suppliers::ContactEmail))
                .col(string_null(Suppliers::ContactPhone))
                .col(timestamp_with_time_zone(Suppliers::CreatedAt))
                .col(timestamp_with_time_zone(Suppliers::UpdatedAt))
                .foreign_key(&mut references_workspace(
                    Suppliers::Table,
                    Suppliers::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    // Also serves the A-to-Z list.
    unique_index(
        manager,
        "ux_suppliers_workspace_name",
        Suppliers::Table,
        &[
            Suppliers::WorkspaceId.into_iden(),
            Suppliers::NameKey.into_iden(),
        ],
    )
    .await
}

async fn create_products(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Products::Table)
                .col(pk_uuid(Products::Id))
                .col(uuid(Products::WorkspaceId))
                .col(string(Products::Name))
                // Lower-cased name: sorting by name ignores case on both databases.
                .col(string(Products::NameKey))
                .col(text(Products::Description))
                .col(big_integer(Products::PriceMinor))
                .col(string_len(Products::Currency, 3))
                .col(string_null(Products::Sku))
                // JSON array of URLs.
                .col(json_binary(Products::Images))
                .col(boolean(Products::Available))
                // NULL: stock is not counted.
                .col(big_integer_null(Products::Stock))
                .col(uuid_null(Products::CategoryId))
                .col(uuid_null(Products::SupplierId))
                // Tags between bars, "|vegan|bestseller|" ("" for none): tags cannot
                // contain '|', so LIKE '%|vegan|%' finds one tag exactly.
                .col(text(Products::Tags))
                // Lower-cased name, SKU, tags and variant names, one per line, for `q`.
                .col(text(Products::SearchText))
                .col(timestamp_with_time_zone(Products::CreatedAt))
                .col(timestamp_with_time_zone(Products::UpdatedAt))
                .col(timestamp_with_time_zone_null(Products::DeletedAt))
                .foreign_key(&mut references_workspace(
                    Products::Table,
                    Products::WorkspaceId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_products_category_id")
                        .from(Products::Table, Products::CategoryId)
                        .to(Categories::Table, Categories::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_products_supplier_id")
                        .from(Products::Table, Products::SupplierId)
                        .to(Suppliers::Table, Suppliers::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
    // A SKU names one live product; a soft-deleted product gives its SKU back.
    manager
        .create_index(
            Index::create()
                .name("ux_products_workspace_sku")
                .table(Products::Table)
                .col(Products::WorkspaceId)
                .col(Products::Sku)
                .unique()
                .and_where(Expr::col(Products::DeletedAt).is_null())
                .and_where(Expr::col(Products::Sku).is_not_null())
                .to_owned(),
        )
        .await?;
    // One index per way the product list is filtered or sorted; the sort orders end
    // with the id, which breaks ties, so a page is read in index order.
    let indexes: [(&str, &[Products]); 5] = [
        (
            "ix_products_workspace_live_name",
            &[
                Products::WorkspaceId,
                Products::DeletedAt,
                Products::NameKey,
                Products::Id,
            ],
        ),
        (
            "ix_products_workspace_price",
            &[Products::WorkspaceId, Products::PriceMinor, Products::Id],
        ),
        (
            "ix_products_workspace_category",
            &[Products::WorkspaceId, Products::CategoryId],
        ),
        (
            "ix_products_workspace_supplier",
            &[Products::WorkspaceId, Products::SupplierId],
        ),
        (
            "ix_products_workspace_created",
            &[Products::WorkspaceId, Products::CreatedAt, Products::Id],
        ),
    ];
    for (name, columns) in indexes {
        let columns: Vec<DynIden> = columns.iter().map(|c| c.into_iden()).collect();
        index(manager, name, Products::Table, &columns).await?;
    }
    Ok(())
}

async fn create_variants(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Variants::Table)
                .col(pk_uuid(Variants::Id))
                .col(uuid(Variants::ProductId))
                .col(uuid(Variants::WorkspaceId))
                // The seller's order of the variants within the product.
                .col(integer(Variants::Position))
                .col(string(Variants::Kind))
                .col(string(Variants::Name))
                // In the product's currency (the product aggregate enforces it).
                .col(big_integer(Variants::PriceModifierMinor))
                .col(boolean(Variants::Available))
                .col(big_integer_null(Variants::Stock))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_variants_product_id")
                        .from(Variants::Table, Variants::ProductId)
                        .to(Products::Table, Products::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut references_workspace(
                    Variants::Table,
                    Variants::WorkspaceId,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "ix_variants_product_position",
        Variants::Table,
        &[
            Variants::ProductId.into_iden(),
            Variants::Position.into_iden(),
        ],
    )
    .await
}

async fn create_offers(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Offers::Table)
                .col(pk_uuid(Offers::Id))
                .col(uuid(Offers::WorkspaceId))
                .col(string(Offers::Name))
                // `percentage` (value in hundredths of a percent: 1250 = 12.5%) or
                // `fixed` (value in minor units of `discount_currency`).
                .col(string(Offers::DiscountKind))
                .col(big_integer(Offers::DiscountValue))
                .col(string_len_null(Offers::DiscountCurrency, 3))
                // `products` (ids in `product_ids`, a JSON array in the seller's order)
                // or `category` (`category_id`).
                .col(string(Offers::TargetKind))
                .col(json_binary(Offers::ProductIds))
                .col(uuid_null(Offers::CategoryId))
                // The window: from `starts_at` included to `ends_at` excluded.
                .col(timestamp_with_time_zone(Offers::StartsAt))
                .col(timestamp_with_time_zone(Offers::EndsAt))
                .col(timestamp_with_time_zone(Offers::CreatedAt))
                .col(timestamp_with_time_zone(Offers::UpdatedAt))
                .foreign_key(&mut references_workspace(
                    Offers::Table,
                    Offers::WorkspaceId,
                ))
                // NO ACTION: a category an offer targets is not deleted (the service
                // refuses first; this catches an offer created in between).
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_offers_category_id")
                        .from(Offers::Table, Offers::CategoryId)
                        .to(Categories::Table, Categories::Id)
                        .on_delete(ForeignKeyAction::NoAction),
                )
                .to_owned(),
        )
        .await?;
    let indexes: [(&str, &[Offers]); 3] = [
        (
            "ix_offers_workspace_created",
            &[Offers::WorkspaceId, Offers::CreatedAt],
        ),
        (
            "ix_offers_workspace_starts",
            &[Offers::WorkspaceId, Offers::StartsAt],
        ),
        (
            "ix_offers_workspace_category",
            &[Offers::WorkspaceId, Offers::CategoryId],
        ),
    ];
    for (name, columns) in indexes {
        let columns: Vec<DynIden> = columns.iter().map(|c| c.into_iden()).collect();
        index(manager, name, Offers::Table, &columns).await?;
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
                .col(
                    string(Orders::Status).check(Expr::col(Orders::Status).is_in([
                        "captured",
                        "in_progress",
                        "completed",
                        "cancelled",
                    ])),
                )
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
    .await
}

async fn create_order_lines(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(OrderLines::Table)
                .col(pk_uuid(OrderLines::Id))
                .col(uuid(OrderLines::OrderId))
                .col(uuid(OrderLines::WorkspaceId))
                // What was ordered is kept as a snapshot (name, variant, unit price);
                // the reference to the product goes when the product is erased.
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
    // The open-order check, and the SET NULL when a product is erased.
    index(
        manager,
        "ix_order_lines_product_id",
        OrderLines::Table,
        &[OrderLines::ProductId.into_iden()],
    )
    .await
}

#[derive(DeriveIden, Clone, Copy)]
enum Categories {
    Table,
    Id,
    WorkspaceId,
    ParentId,
    Name,
    NameKey,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Suppliers {
    Table,
    Id,
    WorkspaceId,
    Name,
    NameKey,
    ContactPerson,
    ContactEmail,
    ContactPhone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Products {
    Table,
    Id,
    WorkspaceId,
    Name,
    NameKey,
    Description,
    PriceMinor,
    Currency,
    Sku,
    Images,
    Available,
    Stock,
    CategoryId,
    SupplierId,
    Tags,
    SearchText,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Variants {
    Table,
    Id,
    ProductId,
    WorkspaceId,
    Position,
    Kind,
    Name,
    PriceModifierMinor,
    Available,
    Stock,
}

#[derive(DeriveIden, Clone, Copy)]
enum Offers {
    Table,
    Id,
    WorkspaceId,
    Name,
    DiscountKind,
    DiscountValue,
    DiscountCurrency,
    TargetKind,
    ProductIds,
    CategoryId,
    StartsAt,
    EndsAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    Table,
    Id,
    WorkspaceId,
    Status,
    Currency,
    TotalMinor,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderLines {
    Table,
    Id,
    OrderId,
    WorkspaceId,
    ProductId,
    VariantId,
    ProductName,
    VariantName,
    UnitPriceMinor,
    Quantity,
    CreatedAt,
}
