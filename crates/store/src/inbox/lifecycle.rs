//! The lifecycle sweeper's queries: waiting conversations past their workspace's
//! inactivity timeout, and customers nobody (or no member) answered.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use conversation::conversations::ConversationId;
use conversation::inbox::ports::InboxRepositoryError;
use kernel::WorkspaceId;
use sea_orm::sea_query::{Cond, Expr, ExprTrait, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{SeaOrmInboxRepository, filter, unexpected};
use crate::entities::{assistant_settings, conversations as rows, messages};
use crate::timestamps::stored;

impl SeaOrmInboxRepository {
    /// Workspaces with a timeout of their own are few (settings rows that changed it),
    /// so the query is one condition per distinct timeout plus one for the rest:
    /// comparing stored instants, no date arithmetic that SQLite and PostgreSQL spell
    /// differently.
    pub(super) async fn abandonable_rows(
        &self,
        now: DateTime<Utc>,
        default_timeout: Duration,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId, DateTime<Utc>)>, InboxRepositoryError> {
        let default_minutes = i32::try_from(default_timeout.num_minutes()).unwrap_or(i32::MAX);
        let own: Vec<(Uuid, i32)> = assistant_settings::Entity::find()
            .select_only()
            .column(assistant_settings::Column::WorkspaceId)
            .column(assistant_settings::Column::InactivityTimeoutMinutes)
            .filter(assistant_settings::Column::InactivityTimeoutMinutes.ne(default_minutes))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        let mut by_timeout: BTreeMap<i32, Vec<Uuid>> = BTreeMap::new();
        for (workspace_id, minutes) in &own {
            by_timeout.entry(*minutes).or_default().push(*workspace_id);
        }
        let cutoff_of = |minutes: i32| now - Duration::minutes(i64::from(minutes));
        let default_cutoff = now - default_timeout;
        let mut idle = Cond::any();
        let mut rest = Cond::all().add(rows::Column::StateChangedAt.lt(stored(default_cutoff)));
        if !own.is_empty() {
            rest = rest.add(rows::Column::WorkspaceId.is_not_in(own.iter().map(|(w, _)| *w)));
        }
        idle = idle.add(rest);
        for (minutes, workspaces) in &by_timeout {
            idle = idle.add(
                Cond::all()
                    .add(rows::Column::WorkspaceId.is_in(workspaces.iter().copied()))
                    .add(rows::Column::StateChangedAt.lt(stored(cutoff_of(*minutes)))),
            );
        }
        let found: Vec<(Uuid, Uuid)> = rows::Entity::find()
            .select_only()
            .column(rows::Column::WorkspaceId)
            .column(rows::Column::Id)
            .filter(rows::Column::Lifecycle.eq(handoff::Lifecycle::Waiting.as_str()))
            .filter(idle)
            .order_by_asc(rows::Column::StateChangedAt)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        let timeout_of: BTreeMap<Uuid, i32> = own.into_iter().collect();
        Ok(found
            .into_iter()
            .map(|(w, id)| {
                let cutoff = timeout_of
                    .get(&w)
                    .map_or(default_cutoff, |minutes| cutoff_of(*minutes));
                (
                    WorkspaceId::from_uuid(w),
                    ConversationId::from_uuid(id),
                    cutoff,
                )
            })
            .collect())
    }

    pub(super) async fn unreplied_rows(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError> {
        // Any answer counts (the assistant's or a member's), unless it never left:
        // a reply silenced by a takeover or refused by the platform answered nobody.
        let answered = filter::same_conversation_messages()
            .and_where(Expr::col((messages::Entity, messages::Column::Direction)).eq("outbound"))
            .cond_where(
                Cond::any()
                    .add(Expr::col((messages::Entity, messages::Column::Status)).is_null())
                    .add(Expr::col((messages::Entity, messages::Column::Status)).ne("failed")),
            )
            .and_where(since_the_customer_wrote())
            .to_owned();
        let open = [
            handoff::Lifecycle::Active,
            handoff::Lifecycle::Escalated,
            handoff::Lifecycle::AgentHandling,
        ];
        self.not_answered_since(&open, answered, from, to, limit)
            .await
    }

    /// Person-handled conversations whose customer wrote within [from, to) and no
    /// member answered since.
    pub(super) async fn unanswered_rows(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError> {
        let answered = filter::same_conversation_messages()
            .and_where(Expr::col((messages::Entity, messages::Column::SenderKind)).eq("agent"))
            .and_where(since_the_customer_wrote())
            .to_owned();
        self.not_answered_since(
            &[handoff::Lifecycle::AgentHandling],
            answered,
            from,
            to,
            limit,
        )
        .await
    }

    /// Conversations in `lifecycles` whose customer last wrote within [from, to) and
    /// that hold no `answered` message, oldest first.
    async fn not_answered_since(
        &self,
        lifecycles: &[handoff::Lifecycle],
        answered: SelectStatement,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(WorkspaceId, ConversationId)>, InboxRepositoryError> {
        let found: Vec<(Uuid, Uuid)> = rows::Entity::find()
            .select_only()
            .column(rows::Column::WorkspaceId)
            .column(rows::Column::Id)
            .filter(rows::Column::Lifecycle.is_in(lifecycles.iter().map(|l| l.as_str())))
            .filter(rows::Column::LastCustomerMessageAt.gte(stored(from)))
            .filter(rows::Column::LastCustomerMessageAt.lt(stored(to)))
            .filter(Expr::exists(answered).not())
            .order_by_asc(rows::Column::LastCustomerMessageAt)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(unexpected)?;
        Ok(found
            .into_iter()
            .map(|(w, id)| (WorkspaceId::from_uuid(w), ConversationId::from_uuid(id)))
            .collect())
    }
}

/// A message of the outer conversation written at or after its customer's last message.
fn since_the_customer_wrote() -> Expr {
    Expr::col((messages::Entity, messages::Column::CreatedAt)).gte(Expr::col((
        rows::Entity,
        rows::Column::LastCustomerMessageAt,
    )))
}
