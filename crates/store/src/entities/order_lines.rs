use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub order_id: Uuid,
    pub workspace_id: Uuid,
    pub position: i32,
    pub product_id: Option<Uuid>,
    pub variant_id: Option<Uuid>,
    pub product_name: String,
    pub variant_name: Option<String>,
    pub base_unit_price_minor: i64,
    pub unit_price_minor: i64,
    pub offer_id: Option<Uuid>,
    pub offer_name: Option<String>,
    pub quantity: i32,
    pub line_total_minor: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
