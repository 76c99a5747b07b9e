use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub number: i64,
    pub placement_key: String,
    pub status: String,
    pub customer_id: Uuid,
    pub conversation_id: Uuid,
    pub channel: String,
    pub channel_id: Option<Uuid>,
    pub currency: String,
    pub total_minor: i64,
    pub shipping_location: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub in_progress_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
