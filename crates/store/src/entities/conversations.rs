use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub channel_id: Uuid,
    pub contact_id: Uuid,
    pub platform: String,
    pub lifecycle: String,
    pub owner: String,
    pub last_handoff_reason: Option<String>,
    pub last_handoff_at: Option<DateTimeUtc>,
    pub state_changed_at: DateTimeUtc,
    pub assigned_member_id: Option<Uuid>,
    pub assistant_enabled: bool,
    pub capture: String,
    pub dialogue: String,
    pub answered_through: Option<Uuid>,
    pub answered_at: Option<DateTimeUtc>,
    pub last_customer_message_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
