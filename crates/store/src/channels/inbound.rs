//! `InboundEventRepository` on sea-orm: webhook events as received, each stored once
//! per channel (`ux_inbound_events_channel_dedup`) together with its processing job.
//!
//! `record_batch` is one transaction of `INSERT ... ON CONFLICT DO NOTHING` per event,
//! each followed by its job's insert when the event was new. Events are written in
//! one canonical order (channel, then dedup key) whatever the batch's order, so two
//! webhooks carrying the same events wait on each other instead of deadlocking.

use async_trait::async_trait;
use channels::ports::{
    InboundEventRepository, InboundEventRepositoryError, PendingInbound, Recorded,
};
use channels::{ChannelId, DedupKey, InboundEvent, InboundEventId, InboundRecord};
use kernel::WorkspaceId;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    TransactionTrait,
};

use super::errors::corrupt;
use super::jobs::enqueue_in;
use super::storable::{storable_json, storable_str};
use crate::entities::inbound_events;
use crate::timestamps::stored;

pub struct SeaOrmInboundEventRepository {
    db: DatabaseConnection,
}

impl SeaOrmInboundEventRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl InboundEventRepository for SeaOrmInboundEventRepository {
    #[tracing::instrument(skip_all, fields(events = batch.len()))]
    async fn record_batch(
        &self,
        batch: &[PendingInbound],
    ) -> Result<Vec<Recorded>, InboundEventRepositoryError> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let rows = batch
            .iter()
            .map(|pending| event_row(&pending.record))
            .collect::<Result<Vec<_>, _>>()?;
        let mut order: Vec<usize> = (0..batch.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| (batch[i].record.channel_id, &batch[i].record.dedup_key);
            key(a).cmp(&key(b))
        });

        let mut outcomes = vec![Recorded::Duplicate; batch.len()];
        // Every statement's first write waits for the lock (SQLite) or the conflicting
        // row's transaction (PostgreSQL); a duplicate is decided once the other commits.
        let txn = self.db.begin().await.map_err(unexpected)?;
        let mut rows: Vec<Option<inbound_events::ActiveModel>> =
            rows.into_iter().map(Some).collect();
        for i in order {
            let Some(row) = rows[i].take() else { continue };
            // No conflict target: the same record presented again (same id) is as much
            // a duplicate as a redelivery (same channel and dedup key).
            let inserted = inbound_events::Entity::insert(row)
                .on_conflict(OnConflict::new().do_nothing().to_owned())
                .exec_without_returning(&txn)
                .await
                .map_err(unexpected)?;
            if inserted == 1 {
                enqueue_in(&txn, &batch[i].job).await.map_err(unexpected)?;
                outcomes[i] = Recorded::New;
            }
        }
        txn.commit().await.map_err(unexpected)?;
        Ok(outcomes)
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: InboundEventId,
    ) -> Result<Option<InboundRecord>, InboundEventRepositoryError> {
        inbound_events::Entity::find()
            .filter(inbound_events::Column::WorkspaceId.eq(workspace_id.as_uuid()))
            .filter(inbound_events::Column::Id.eq(id.as_uuid()))
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(record_from_row)
            .transpose()
    }
}

fn event_row(
    record: &InboundRecord,
) -> Result<inbound_events::ActiveModel, InboundEventRepositoryError> {
    let event = serde_json::to_value(&record.event).map_err(|e| {
        InboundEventRepositoryError::Unexpected(format!("cannot serialize the event: {e}"))
    })?;
    Ok(inbound_events::ActiveModel {
        id: Set(record.id.as_uuid()),
        workspace_id: Set(record.workspace_id.as_uuid()),
        channel_id: Set(record.channel_id.as_uuid()),
        dedup_key: Set(storable_str(record.dedup_key.as_str()).into_owned()),
        event: Set(storable_json(event)),
        received_at: Set(stored(record.received_at)),
        processed_at: Set(None),
    })
}

fn record_from_row(
    row: inbound_events::Model,
) -> Result<InboundRecord, InboundEventRepositoryError> {
    // Deserializing re-parses every platform id in the event.
    let event: InboundEvent = serde_json::from_value(row.event).map_err(|e| {
        InboundEventRepositoryError::Unexpected(corrupt("inbound event", e.to_string()))
    })?;
    Ok(InboundRecord {
        id: InboundEventId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        channel_id: ChannelId::from_uuid(row.channel_id),
        dedup_key: DedupKey::from_stored(row.dedup_key),
        event,
        received_at: row.received_at,
    })
}

fn unexpected(err: DbErr) -> InboundEventRepositoryError {
    InboundEventRepositoryError::Unexpected(err.to_string())
}
