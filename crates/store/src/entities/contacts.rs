use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub platform: String,
    pub platform_user_id: String,
    pub display_name: Option<String>,
    pub name_key: Option<String>,
    pub avatar_url: Option<String>,
    pub locale: Option<String>,
    pub blocked: bool,
    pub consent: String,
    pub consent_at: Option<DateTimeUtc>,
    pub notes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
