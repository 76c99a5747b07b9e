use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub name: String,
    pub name_key: String,
    pub description: String,
    pub price_minor: i64,
    pub currency: String,
    pub sku: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub images: Json,
    pub available: bool,
    pub stock: Option<i64>,
    pub category_id: Option<Uuid>,
    pub supplier_id: Option<Uuid>,
    pub tags: String,
    pub search_text: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
