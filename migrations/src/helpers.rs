//! Schema-builder helpers every migration uses: the workspace foreign key (tenant rows
//! go with their workspace) and named indexes (names let the store tell which unique
//! rule a violation broke).

use sea_orm_migration::prelude::*;

pub(crate) fn references_workspace<T, C>(table: T, column: C) -> ForeignKeyCreateStatement
where
    T: IntoIden + Copy,
    C: IntoIden + Copy,
{
    let name = format!("fk_{}_{}", table.into_iden(), column.into_iden());
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Workspaces::Table, Workspaces::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

pub(crate) async fn unique_index<T: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[DynIden],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table).unique();
    for column in columns {
        statement.col(column.clone());
    }
    manager.create_index(statement).await
}

pub(crate) async fn index<T: IntoIden>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[DynIden],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(column.clone());
    }
    manager.create_index(statement).await
}

#[derive(DeriveIden, Clone, Copy)]
enum Workspaces {
    Table,
    Id,
}
