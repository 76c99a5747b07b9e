use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assistant_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub workspace_id: Uuid,
    pub enabled: bool,
    pub handoff_triggers: String,
    pub repeated_failure_limit: i32,
    pub response_delay: String,
    pub burst_window_ms: i32,
    pub welcome_message: Option<String>,
    pub custom_instructions: Option<String>,
    pub inactivity_timeout_minutes: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
