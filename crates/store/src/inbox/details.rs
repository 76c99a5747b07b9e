//! A page of inbox rows from its conversations in a fixed number of queries, however
//! many rows: the customers, the last messages, the unread counts, the tags and the
//! orders are each one query over the page's conversations, not one per row. On a
//! loopback PostgreSQL a query costs ~0.1 ms before it does anything, so eight per row
//! made the 20-row page cost more than all of its index work (see `make bench`,
//! `chatdesk-bench inbox`).

use std::collections::{HashMap, HashSet};

use channels::{MessageBody, Platform};
use conversation::conversations::Conversation;
use conversation::inbox::ports::InboxRepositoryError;
use conversation::inbox::{CustomerSummary, InboxRow, LastMessage, Tag, preview};
use kernel::WorkspaceId;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::entities::{conversation_reads as reads, conversation_tags as tags};
use super::{INBOUND, unexpected};
use crate::channels::message_from_row;
use crate::entities::{contacts, conversations as rows, messages, orders};

/// The inbox rows of `conversations` (all of `workspace_id`), in the same order.
pub(super) async fn assemble(
    db: &DatabaseConnection,
    workspace_id: WorkspaceId,
    conversations: Vec<Conversation>,
) -> Result<Vec<InboxRow>, InboxRepositoryError> {
    if conversations.is_empty() {
        return Ok(Vec::new());
    }
    let workspace = workspace_id.as_uuid();
    let ids: Vec<Uuid> = conversations.iter().map(|c| c.id.as_uuid()).collect();
    let contact_ids: Vec<Uuid> = conversations
        .iter()
        .map(|c| c.contact_id.as_uuid())
        .collect();

    // Independent reads, each on its own pooled connection: the page waits for the
    // slowest, not for their sum.
    let (contacts, last, unread, mut tagged, ordered) = tokio::try_join!(
        customers(db, workspace, contact_ids),
        last_messages(db, workspace, &ids),
        unread_counts(db, workspace, &ids),
        tags_of(db, workspace, &ids),
        with_orders(db, workspace, &ids),
    )?;

    Ok(conversations
        .into_iter()
        .map(|conversation| {
            let id = conversation.id.as_uuid();
            let contact = contacts.get(&conversation.contact_id.as_uuid());
            let customer = CustomerSummary {
                contact_id: conversation.contact_id,
                name: contact.and_then(|c| c.display_name.clone()),
                platform: contact
                    .and_then(|c| Platform::parse(&c.platform).ok())
                    .unwrap_or(conversation.platform),
            };
            let key = (
                conversation.channel_id.as_uuid(),
                conversation.contact_id.as_uuid(),
            );
            InboxRow {
                customer,
                last_message: last.get(&key).cloned(),
                unread: unread.get(&id).copied().unwrap_or(0),
                tags: tagged.remove(&id).unwrap_or_default(),
                has_order: ordered.contains(&id),
                conversation,
            }
        })
        .collect())
}

async fn customers(
    db: &DatabaseConnection,
    workspace: Uuid,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, contacts::Model>, InboxRepositoryError> {
    Ok(contacts::Entity::find()
        .filter(contacts::Column::WorkspaceId.eq(workspace))
        .filter(contacts::Column::Id.is_in(ids))
        .all(db)
        .await
        .map_err(unexpected)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// Each conversation's tags, sorted.
async fn tags_of(
    db: &DatabaseConnection,
    workspace: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Tag>>, InboxRepositoryError> {
    let mut tagged: HashMap<Uuid, Vec<Tag>> = HashMap::new();
    for row in tags::Entity::find()
        .filter(tags::Column::WorkspaceId.eq(workspace))
        .filter(tags::Column::ConversationId.is_in(ids.iter().copied()))
        .order_by_asc(tags::Column::ConversationId)
        .order_by_asc(tags::Column::Tag)
        .all(db)
        .await
        .map_err(unexpected)?
    {
        let tag = Tag::parse(&row.tag)
            .map_err(|e| InboxRepositoryError::Unexpected(format!("stored tag: {e}")))?;
        tagged.entry(row.conversation_id).or_default().push(tag);
    }
    Ok(tagged)
}

/// The conversations an order was captured in.
async fn with_orders(
    db: &DatabaseConnection,
    workspace: Uuid,
    ids: &[Uuid],
) -> Result<HashSet<Uuid>, InboxRepositoryError> {
    Ok(orders::Entity::find()
        .select_only()
        .column(orders::Column::ConversationId)
        .filter(orders::Column::WorkspaceId.eq(workspace))
        .filter(orders::Column::ConversationId.is_in(ids.iter().copied()))
        .distinct()
        .into_tuple::<Option<Uuid>>()
        .all(db)
        .await
        .map_err(unexpected)?
        .into_iter()
        .flatten()
        .collect())
}

/// The latest message of each conversation's customer on its channel, by (channel,
/// contact): one correlated `LIMIT 1` per conversation inside one query, each an
/// index range scan (`ix_messages_channel_contact_created`).
async fn last_messages(
    db: &DatabaseConnection,
    workspace: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<(Uuid, Uuid), LastMessage>, InboxRepositoryError> {
    let latest = Query::select()
        .column((messages::Entity, messages::Column::Id))
        .from(messages::Entity)
        .and_where(Expr::col((messages::Entity, messages::Column::WorkspaceId)).eq(workspace))
        .and_where(
            Expr::col((messages::Entity, messages::Column::ChannelId))
                .equals((rows::Entity, rows::Column::ChannelId)),
        )
        .and_where(
            Expr::col((messages::Entity, messages::Column::ContactId))
                .equals((rows::Entity, rows::Column::ContactId)),
        )
        .order_by((messages::Entity, messages::Column::CreatedAt), Order::Desc)
        .order_by((messages::Entity, messages::Column::Id), Order::Desc)
        .limit(1)
        .to_owned();
    let of_page = Query::select()
        .expr(Expr::SubQuery(None, Box::new(latest.into())))
        .from(rows::Entity)
        .and_where(Expr::col((rows::Entity, rows::Column::WorkspaceId)).eq(workspace))
        .and_where(Expr::col((rows::Entity, rows::Column::Id)).is_in(ids.iter().copied()))
        .to_owned();
    let found = messages::Entity::find()
        .filter(messages::Column::WorkspaceId.eq(workspace))
        .filter(messages::Column::Id.in_subquery(of_page))
        .all(db)
        .await
        .map_err(unexpected)?;
    let mut last = HashMap::with_capacity(found.len());
    for row in found {
        let key = (row.channel_id, row.contact_id);
        // Read through the channel's mapping so one mapping of message rows exists.
        let message = message_from_row(row).map_err(unexpected)?;
        last.insert(
            key,
            LastMessage {
                preview: preview(&match &message.body {
                    MessageBody::Received(received) => received.text.clone().unwrap_or_default(),
                    MessageBody::Composed(content) => content.preview().to_owned(),
                }),
                direction: message.direction,
                at: message.occurred_at.unwrap_or(message.created_at),
            },
        );
    }
    Ok(last)
}

/// Per conversation, its customer's messages since anyone read it (all of them when
/// nobody has): one grouped join. A conversation without any is absent.
async fn unread_counts(
    db: &DatabaseConnection,
    workspace: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, u64>, InboxRepositoryError> {
    let read_at = Expr::col((reads::Entity, reads::Column::ReadAt));
    let query = Query::select()
        .column((rows::Entity, rows::Column::Id))
        .expr_as(
            Func::count(Expr::col((messages::Entity, messages::Column::Id))),
            Alias::new("unread"),
        )
        .from(rows::Entity)
        .inner_join(
            messages::Entity,
            Expr::col((messages::Entity, messages::Column::WorkspaceId))
                .equals((rows::Entity, rows::Column::WorkspaceId))
                .and(
                    Expr::col((messages::Entity, messages::Column::ChannelId))
                        .equals((rows::Entity, rows::Column::ChannelId)),
                )
                .and(
                    Expr::col((messages::Entity, messages::Column::ContactId))
                        .equals((rows::Entity, rows::Column::ContactId)),
                )
                .and(Expr::col((messages::Entity, messages::Column::Direction)).eq(INBOUND)),
        )
        .left_join(
            reads::Entity,
            Expr::col((reads::Entity, reads::Column::ConversationId))
                .equals((rows::Entity, rows::Column::Id)),
        )
        .and_where(Expr::col((rows::Entity, rows::Column::WorkspaceId)).eq(workspace))
        .and_where(Expr::col((rows::Entity, rows::Column::Id)).is_in(ids.iter().copied()))
        .and_where(
            read_at.clone().is_null().or(Expr::col((
                messages::Entity,
                messages::Column::CreatedAt,
            ))
            .gt(read_at)),
        )
        .group_by_col((rows::Entity, rows::Column::Id))
        .to_owned();
    let statement = db.get_database_backend().build(&query);
    let mut unread = HashMap::new();
    for row in db.query_all_raw(statement).await.map_err(unexpected)? {
        let id: Uuid = row.try_get("", "id").map_err(unexpected)?;
        let count: i64 = row.try_get("", "unread").map_err(unexpected)?;
        unread.insert(id, u64::try_from(count).unwrap_or_default());
    }
    Ok(unread)
}
