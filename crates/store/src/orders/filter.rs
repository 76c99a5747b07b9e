//! `OrderFilter` as SQL: one condition shared by a page and its count. Every filter is
//! a column of one of the list's indexes (`ix_orders_workspace_*_created`).

use ::orders::OrderFilter;
use kernel::WorkspaceId;
use sea_orm::{ColumnTrait, Condition};

use crate::entities::orders as orders_table;
use crate::timestamps::stored;

/// The workspace's orders that pass every filter.
pub(super) fn matching(workspace_id: WorkspaceId, filter: &OrderFilter) -> Condition {
    use orders_table::Column;
    let mut condition = Condition::all().add(Column::WorkspaceId.eq(workspace_id.as_uuid()));
    if let Some(status) = filter.status {
        condition = condition.add(Column::Status.eq(status.as_str()));
    }
    // Capture times: `from` included, `to` excluded, compared at the stored precision.
    if let Some(from) = filter.captured.from() {
        condition = condition.add(Column::CreatedAt.gte(stored(from)));
    }
    if let Some(to) = filter.captured.to() {
        condition = condition.add(Column::CreatedAt.lt(stored(to)));
    }
    if let Some(channel) = filter.channel {
        condition = condition.add(Column::Channel.eq(channel.as_str()));
    }
    if let Some(customer_id) = filter.customer_id {
        condition = condition.add(Column::CustomerId.eq(customer_id.as_uuid()));
    }
    if let Some(conversation_id) = filter.conversation_id {
        condition = condition.add(Column::ConversationId.eq(conversation_id.as_uuid()));
    }
    condition
}
