//! `InboxFilter` as a SQL condition over `conversations`. Everything about a
//! conversation's messages is a correlated subquery on (channel, contact), the key the
//! channel stores messages under (`ix_messages_channel_contact_created`).

use conversation::inbox::{ChannelScope, InboxFilter};
use handoff::Owner;
use kernel::WorkspaceId;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, LikeExpr, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition};

use super::entities::{conversation_reads as reads, conversation_tags as tags};
use crate::entities::{contacts, conversations as rows, messages, orders};

const LIKE_ESCAPE: char = '!';

pub(super) fn condition(workspace_id: WorkspaceId, filter: &InboxFilter) -> Condition {
    let workspace = workspace_id.as_uuid();
    let mut condition = Condition::all().add(rows::Column::WorkspaceId.eq(workspace));
    if let Some(lifecycle) = filter.lifecycle {
        condition = condition.add(rows::Column::Lifecycle.eq(lifecycle.as_str()));
    }
    match filter.channel {
        Some(ChannelScope::Platform(platform)) => {
            condition = condition.add(rows::Column::Platform.eq(platform.as_str()));
        }
        Some(ChannelScope::Channel(channel_id)) => {
            condition = condition.add(rows::Column::ChannelId.eq(channel_id.as_uuid()));
        }
        None => {}
    }
    if let Some(owner) = filter.owner {
        let owner = match owner {
            Owner::Assistant => "assistant",
            Owner::Human => "human",
        };
        condition = condition.add(rows::Column::Owner.eq(owner));
    }
    if let Some(member_id) = filter.assigned_member_id {
        condition = condition.add(rows::Column::AssignedMemberId.eq(member_id));
    }
    if let Some(tag) = &filter.tag {
        let tagged = Query::select()
            .column(tags::Column::ConversationId)
            .from(tags::Entity)
            .and_where(tags::Column::WorkspaceId.eq(workspace))
            .and_where(tags::Column::Tag.eq(tag.as_str()))
            .to_owned();
        condition = condition.add(rows::Column::Id.in_subquery(tagged));
    }
    if let Some(has_order) = filter.has_order {
        let ordered = Query::select()
            .column(orders::Column::ConversationId)
            .from(orders::Entity)
            .and_where(orders::Column::WorkspaceId.eq(workspace))
            .to_owned();
        condition = condition.add(if has_order {
            rows::Column::Id.in_subquery(ordered)
        } else {
            rows::Column::Id.not_in_subquery(ordered)
        });
    }
    if let Some(unread) = filter.unread {
        let exists = Expr::exists(unread_messages());
        condition = condition.add(if unread { exists } else { exists.not() });
    }
    if let Some(from) = filter.from {
        condition = condition.add(rows::Column::UpdatedAt.gte(from));
    }
    if let Some(to) = filter.to {
        condition = condition.add(rows::Column::UpdatedAt.lt(to));
    }
    if let Some(search) = &filter.search {
        let pattern = format!("%{}%", escape_like(search.as_str()));
        let named = Query::select()
            .column(contacts::Column::Id)
            .from(contacts::Entity)
            .and_where(contacts::Column::WorkspaceId.eq(workspace))
            .and_where(
                contacts::Column::NameKey.like(LikeExpr::new(pattern.clone()).escape(LIKE_ESCAPE)),
            )
            .to_owned();
        // The body is the message as JSON (text on SQLite, jsonb on PostgreSQL): its
        // text form holds the message text, so a LIKE over it finds the words.
        // SQLite's lower() folds ASCII only; names are folded by the store on write.
        let body_text = Func::lower(Func::cast_as(
            Expr::col((messages::Entity, messages::Column::Body)),
            Alias::new("TEXT"),
        ));
        let said = same_conversation_messages()
            .and_where(Expr::expr(body_text).like(LikeExpr::new(pattern).escape(LIKE_ESCAPE)))
            .to_owned();
        condition = condition.add(
            Condition::any()
                .add(rows::Column::ContactId.in_subquery(named))
                .add(Expr::exists(said)),
        );
    }
    condition
}

/// `SELECT 1 FROM messages` of the outer query's conversation (same channel, same
/// customer).
pub(super) fn same_conversation_messages() -> SelectStatement {
    Query::select()
        .expr(Expr::val(1))
        .from(messages::Entity)
        .and_where(
            Expr::col((messages::Entity, messages::Column::ChannelId))
                .equals((rows::Entity, rows::Column::ChannelId)),
        )
        .and_where(
            Expr::col((messages::Entity, messages::Column::ContactId))
                .equals((rows::Entity, rows::Column::ContactId)),
        )
        .to_owned()
}

/// The customer's messages of the outer conversation no member has read yet.
fn unread_messages() -> SelectStatement {
    let read_since = Query::select()
        .expr(Expr::val(1))
        .from(reads::Entity)
        .and_where(
            Expr::col((reads::Entity, reads::Column::ConversationId))
                .equals((rows::Entity, rows::Column::Id)),
        )
        .and_where(
            Expr::col((reads::Entity, reads::Column::ReadAt))
                .gte(Expr::col((messages::Entity, messages::Column::CreatedAt))),
        )
        .to_owned();
    same_conversation_messages()
        .and_where(Expr::col((messages::Entity, messages::Column::Direction)).eq("inbound"))
        .and_where(Expr::exists(read_since).not())
        .to_owned()
}

pub(super) fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            escaped.push(LIKE_ESCAPE);
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_searches_are_escaped() {
        assert_eq!(escape_like("50%_off!"), "50!%!_off!!");
    }
}
