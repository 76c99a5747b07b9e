use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workspaces")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub business_name: String,
    pub business_type: Option<String>,
    pub timezone: String,
    pub currency: String,
    pub brand_tone: String,
    #[sea_orm(column_type = "JsonBinary")]
    pub languages: Json,
    #[sea_orm(column_type = "JsonBinary")]
    pub operating_hours: Json,
    #[sea_orm(column_type = "JsonBinary")]
    pub onboarding: Json,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
