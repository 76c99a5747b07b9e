use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub channel_id: Uuid,
    pub contact_id: Uuid,
    pub direction: String,
    pub sender_kind: String,
    pub sender_member_id: Option<Uuid>,
    #[sea_orm(column_type = "JsonBinary")]
    pub body: Json,
    pub platform_message_id: Option<String>,
    pub idempotency_key: Option<String>,
    pub status: Option<String>,
    pub status_rank: Option<i16>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub failure_platform_code: Option<i64>,
    pub failure_platform_subcode: Option<i64>,
    pub occurred_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
