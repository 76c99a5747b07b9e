//! `ContactRepository` on sea-orm: one contact per (workspace, platform, platform user).
//!
//! The upsert is one `INSERT ... ON CONFLICT DO UPDATE`, so concurrent first messages
//! from one person make one contact. The update only fills in profile fields the
//! platform sent (`COALESCE`), never blocked/consent/notes, and happens only when a
//! field actually changes, so `updated_at` (the list's order) means "changed".

use async_trait::async_trait;
use channels::ports::{ContactRepository, ContactRepositoryError};
use channels::{
    AvatarUrl, Consent, Contact, ContactFilter, ContactId, ContactNotes, ContactPatch,
    ContactUpsert, DisplayName, Locale, Platform, PlatformUserId,
};
use chrono::{DateTime, Utc};
use kernel::{Page, PageRequest, WorkspaceId};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, LikeExpr, OnConflict};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::errors::corrupt;
use crate::entities::contacts;
use crate::timestamps::stored;

pub struct SeaOrmContactRepository {
    db: DatabaseConnection,
}

impl SeaOrmContactRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    async fn find_one(
        &self,
        condition: Condition,
    ) -> Result<Option<Contact>, ContactRepositoryError> {
        contacts::Entity::find()
            .filter(condition)
            .one(&self.db)
            .await
            .map_err(unexpected)?
            .map(contact_from_row)
            .transpose()
    }
}

/// Profile columns an upsert may fill in.
const PROFILE: [contacts::Column; 4] = [
    contacts::Column::DisplayName,
    contacts::Column::NameKey,
    contacts::Column::AvatarUrl,
    contacts::Column::Locale,
];

#[async_trait]
impl ContactRepository for SeaOrmContactRepository {
    #[tracing::instrument(skip_all)]
    async fn upsert(
        &self,
        contact: &ContactUpsert,
        at: DateTime<Utc>,
    ) -> Result<Contact, ContactRepositoryError> {
        let at = stored(at);
        let profile = &contact.profile;
        let display_name = profile.display_name.as_ref().map(|n| n.as_str().to_owned());
        let row = contacts::ActiveModel {
            id: Set(Uuid::now_v7()),
            workspace_id: Set(contact.workspace_id.as_uuid()),
            platform: Set(contact.platform.as_str().to_owned()),
            platform_user_id: Set(contact.platform_user_id.as_str().to_owned()),
            name_key: Set(display_name.as_deref().map(name_key)),
            display_name: Set(display_name),
            avatar_url: Set(profile.avatar_url.as_ref().map(|u| u.as_str().to_owned())),
            locale: Set(profile.locale.as_ref().map(|l| l.as_str().to_owned())),
            blocked: Set(false),
            consent: Set(CONSENT_UNKNOWN.to_owned()),
            consent_at: Set(None),
            notes: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
        };
        let mut on_conflict = OnConflict::columns([
            contacts::Column::WorkspaceId,
            contacts::Column::Platform,
            contacts::Column::PlatformUserId,
        ]);
        // Written only when the platform sent a value that fills or changes a field.
        let mut changed = Condition::any();
        for column in PROFILE {
            let incoming = excluded(column);
            on_conflict.value(
                column,
                Func::coalesce([incoming.clone(), stored_col(column)]),
            );
            changed = changed.add(
                incoming.clone().is_not_null().and(
                    stored_col(column)
                        .is_null()
                        .or(stored_col(column).ne(incoming)),
                ),
            );
        }
        on_conflict
            .value(
                contacts::Column::UpdatedAt,
                excluded(contacts::Column::UpdatedAt),
            )
            .action_cond_where(changed);
        contacts::Entity::insert(row)
            .on_conflict(on_conflict)
            .exec_without_returning(&self.db)
            .await
            .map_err(unexpected)?;
        self.find_by_platform_user(
            contact.workspace_id,
            contact.platform,
            &contact.platform_user_id,
        )
        .await?
        .ok_or_else(|| {
            ContactRepositoryError::Unexpected("the upserted contact is missing".to_owned())
        })
    }

    #[tracing::instrument(skip_all)]
    async fn get(
        &self,
        workspace_id: WorkspaceId,
        id: ContactId,
    ) -> Result<Option<Contact>, ContactRepositoryError> {
        self.find_one(one(workspace_id, id)).await
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_platform_user(
        &self,
        workspace_id: WorkspaceId,
        platform: Platform,
        user_id: &PlatformUserId,
    ) -> Result<Option<Contact>, ContactRepositoryError> {
        self.find_one(
            Condition::all()
                .add(contacts::Column::WorkspaceId.eq(workspace_id.as_uuid()))
                .add(contacts::Column::Platform.eq(platform.as_str()))
                .add(contacts::Column::PlatformUserId.eq(user_id.as_str())),
        )
        .await
    }

    #[tracing::instrument(skip_all)]
    async fn list(
        &self,
        workspace_id: WorkspaceId,
        filter: &ContactFilter,
        page: PageRequest,
    ) -> Result<Page<Contact>, ContactRepositoryError> {
        let pages = contacts::Entity::find()
            .filter(matching(workspace_id, filter))
            .order_by_desc(contacts::Column::UpdatedAt)
            .order_by_desc(contacts::Column::Id)
            .paginate(&self.db, u64::from(page.per_page()));
        let total = pages.num_items().await.map_err(unexpected)?;
        let items = pages
            .fetch_page(u64::from(page.page() - 1))
            .await
            .map_err(unexpected)?
            .into_iter()
            .map(contact_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::new(items, total, page))
    }

    /// One UPDATE of the named columns, then the contact as stored.
    #[tracing::instrument(skip_all)]
    async fn patch(
        &self,
        workspace_id: WorkspaceId,
        id: ContactId,
        patch: &ContactPatch,
        at: DateTime<Utc>,
    ) -> Result<Contact, ContactRepositoryError> {
        let mut changes = contacts::ActiveModel {
            id: NotSet,
            workspace_id: NotSet,
            platform: NotSet,
            platform_user_id: NotSet,
            display_name: NotSet,
            name_key: NotSet,
            avatar_url: NotSet,
            locale: NotSet,
            blocked: NotSet,
            consent: NotSet,
            consent_at: NotSet,
            notes: NotSet,
            created_at: NotSet,
            updated_at: Set(stored(at)),
        };
        if let Some(name) = &patch.display_name {
            let name = name.as_ref().map(|n| n.as_str().to_owned());
            changes.name_key = Set(name.as_deref().map(name_key));
            changes.display_name = Set(name);
        }
        if let Some(blocked) = patch.blocked {
            changes.blocked = Set(blocked);
        }
        if let Some(consent) = patch.consent {
            let (state, consent_at) = consent_cells(consent);
            changes.consent = Set(state.to_owned());
            changes.consent_at = Set(consent_at);
        }
        if let Some(notes) = &patch.notes {
            changes.notes = Set(notes.as_ref().map(|n| n.as_str().to_owned()));
        }
        let result = contacts::Entity::update_many()
            .set(changes)
            .filter(one(workspace_id, id))
            .exec(&self.db)
            .await
            .map_err(unexpected)?;
        if result.rows_affected == 0 {
            return Err(ContactRepositoryError::NotFound);
        }
        self.get(workspace_id, id)
            .await?
            .ok_or(ContactRepositoryError::NotFound)
    }
}

const CONSENT_UNKNOWN: &str = "unknown";
const CONSENT_OPTED_IN: &str = "opted_in";
const CONSENT_OPTED_OUT: &str = "opted_out";

fn consent_cells(consent: Consent) -> (&'static str, Option<DateTime<Utc>>) {
    match consent {
        Consent::Unknown => (CONSENT_UNKNOWN, None),
        Consent::OptedIn { at } => (CONSENT_OPTED_IN, Some(stored(at))),
        Consent::OptedOut { at } => (CONSENT_OPTED_OUT, Some(stored(at))),
    }
}

fn consent_from_cells(state: &str, at: Option<DateTime<Utc>>) -> Result<Consent, String> {
    match (state, at) {
        (CONSENT_UNKNOWN, _) => Ok(Consent::Unknown),
        (CONSENT_OPTED_IN, Some(at)) => Ok(Consent::OptedIn { at }),
        (CONSENT_OPTED_OUT, Some(at)) => Ok(Consent::OptedOut { at }),
        (state, at) => Err(format!("'{state}' at {at:?}")),
    }
}

/// In an `ON CONFLICT DO UPDATE`: the value the insert proposed...
fn excluded(column: contacts::Column) -> Expr {
    Expr::col((Alias::new("excluded"), column))
}

/// ...and the stored row's.
fn stored_col(column: contacts::Column) -> Expr {
    Expr::col((contacts::Entity, column))
}

/// Lower-cased in Rust, so search ignores case in any script on both databases.
fn name_key(name: &str) -> String {
    name.to_lowercase()
}

fn one(workspace_id: WorkspaceId, id: ContactId) -> Condition {
    Condition::all()
        .add(contacts::Column::WorkspaceId.eq(workspace_id.as_uuid()))
        .add(contacts::Column::Id.eq(id.as_uuid()))
}

/// Escapes LIKE wildcards in user text. Not a backslash: how a backslash is written in
/// a string literal differs between the databases.
const LIKE_ESCAPE: char = '!';

fn matching(workspace_id: WorkspaceId, filter: &ContactFilter) -> Condition {
    let mut condition =
        Condition::all().add(contacts::Column::WorkspaceId.eq(workspace_id.as_uuid()));
    if let Some(platform) = filter.platform {
        condition = condition.add(contacts::Column::Platform.eq(platform.as_str()));
    }
    if let Some(blocked) = filter.blocked {
        condition = condition.add(contacts::Column::Blocked.eq(blocked));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let pattern = format!("%{}%", escape_like(&name_key(search)));
        condition = condition
            .add(contacts::Column::NameKey.like(LikeExpr::new(pattern).escape(LIKE_ESCAPE)));
    }
    condition
}

fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            escaped.push(LIKE_ESCAPE);
        }
        escaped.push(c);
    }
    escaped
}

fn contact_from_row(row: contacts::Model) -> Result<Contact, ContactRepositoryError> {
    let fail =
        |what: &str, detail: String| ContactRepositoryError::Unexpected(corrupt(what, detail));
    Ok(Contact {
        id: ContactId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        platform: Platform::parse(&row.platform)
            .map_err(|e| fail("contact platform", e.to_string()))?,
        platform_user_id: PlatformUserId::parse(&row.platform_user_id)
            .map_err(|e| fail("contact platform user id", e.to_string()))?,
        display_name: row
            .display_name
            .as_deref()
            .map(DisplayName::parse)
            .transpose()
            .map_err(|e| fail("contact display name", e.to_string()))?,
        avatar_url: row
            .avatar_url
            .as_deref()
            .map(AvatarUrl::parse)
            .transpose()
            .map_err(|e| fail("contact avatar URL", e.to_string()))?,
        locale: row
            .locale
            .as_deref()
            .map(Locale::parse)
            .transpose()
            .map_err(|e| fail("contact locale", e.to_string()))?,
        blocked: row.blocked,
        consent: consent_from_cells(&row.consent, row.consent_at)
            .map_err(|e| fail("contact consent", e))?,
        notes: row
            .notes
            .as_deref()
            .map(ContactNotes::parse)
            .transpose()
            .map_err(|e| fail("contact notes", e.to_string()))?,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn unexpected(err: DbErr) -> ContactRepositoryError {
    ContactRepositoryError::Unexpected(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_searches_are_escaped() {
        assert_eq!(escape_like("50%_off!"), "50!%!_off!!");
        assert_eq!(name_key("NGUYỄN Thị"), "nguyễn thị");
    }
}
