//! `SessionRepository` on sea-orm: sign-in sessions and their rotated refresh tokens.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use identity::ports::{RepositoryError, SessionRepository};
use identity::{RefreshToken, RefreshTokenId, Session, SessionId, TokenHash, UserId};
use kernel::WorkspaceId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};

use super::errors::{corrupt, from_db};
use crate::entities::{refresh_tokens, sessions};
use crate::timestamps::{stored, stored_opt};

pub struct SeaOrmSessionRepository {
    db: DatabaseConnection,
}

impl SeaOrmSessionRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl SessionRepository for SeaOrmSessionRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, session: &Session, first: &RefreshToken) -> Result<(), RepositoryError> {
        // A session without its first token could never be refreshed: both or neither.
        let txn = self.db.begin().await.map_err(from_db)?;
        sessions::Entity::insert(session_row(session))
            .exec_without_returning(&txn)
            .await
            .map_err(from_db)?;
        refresh_tokens::Entity::insert(token_row(first))
            .exec_without_returning(&txn)
            .await
            .map_err(from_db)?;
        txn.commit().await.map_err(from_db)
    }

    #[tracing::instrument(skip_all)]
    async fn add_token(&self, token: &RefreshToken) -> Result<(), RepositoryError> {
        refresh_tokens::Entity::insert(token_row(token))
            .exec_without_returning(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn find_token(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<(RefreshToken, Session)>, RepositoryError> {
        let Some((token, session)) = refresh_tokens::Entity::find()
            .find_also_related(sessions::Entity)
            .filter(refresh_tokens::Column::TokenHash.eq(hash.as_str()))
            .one(&self.db)
            .await
            .map_err(from_db)?
        else {
            return Ok(None);
        };
        let session = session.ok_or_else(|| corrupt("refresh token", "its session is missing"))?;
        Ok(Some((token_from_row(token), session_from_row(session))))
    }

    #[tracing::instrument(skip_all)]
    async fn find_session(&self, id: SessionId) -> Result<Option<Session>, RepositoryError> {
        Ok(sessions::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(session_from_row))
    }

    #[tracing::instrument(skip_all)]
    async fn mark_used(
        &self,
        id: RefreshTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, RepositoryError> {
        // One conditional UPDATE: of two concurrent refreshes, exactly one changes the row.
        let result = refresh_tokens::Entity::update_many()
            .col_expr(refresh_tokens::Column::UsedAt, Expr::value(stored(at)))
            .filter(refresh_tokens::Column::Id.eq(id.as_uuid()))
            .filter(refresh_tokens::Column::UsedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(result.rows_affected == 1)
    }

    #[tracing::instrument(skip_all)]
    async fn revoke(&self, id: SessionId, at: DateTime<Utc>) -> Result<(), RepositoryError> {
        // An already revoked session keeps its first revocation time.
        sessions::Entity::update_many()
            .col_expr(sessions::Column::RevokedAt, Expr::value(stored(at)))
            .filter(sessions::Column::Id.eq(id.as_uuid()))
            .filter(sessions::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn revoke_all_for_user(
        &self,
        user_id: UserId,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        sessions::Entity::update_many()
            .col_expr(sessions::Column::RevokedAt, Expr::value(stored(at)))
            .filter(sessions::Column::UserId.eq(user_id.as_uuid()))
            .filter(sessions::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }
}

fn session_row(session: &Session) -> sessions::ActiveModel {
    sessions::ActiveModel {
        id: Set(session.id.as_uuid()),
        user_id: Set(session.user_id.as_uuid()),
        workspace_id: Set(session.workspace_id.as_uuid()),
        created_at: Set(stored(session.created_at)),
        revoked_at: Set(stored_opt(session.revoked_at)),
    }
}

fn token_row(token: &RefreshToken) -> refresh_tokens::ActiveModel {
    refresh_tokens::ActiveModel {
        id: Set(token.id.as_uuid()),
        session_id: Set(token.session_id.as_uuid()),
        token_hash: Set(token.token_hash.as_str().to_owned()),
        expires_at: Set(stored(token.expires_at)),
        used_at: Set(stored_opt(token.used_at)),
        created_at: Set(stored(token.created_at)),
    }
}

fn session_from_row(row: sessions::Model) -> Session {
    Session {
        id: SessionId::from_uuid(row.id),
        user_id: UserId::from_uuid(row.user_id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        created_at: row.created_at,
        revoked_at: row.revoked_at,
    }
}

fn token_from_row(row: refresh_tokens::Model) -> RefreshToken {
    RefreshToken {
        id: RefreshTokenId::from_uuid(row.id),
        session_id: SessionId::from_uuid(row.session_id),
        token_hash: TokenHash::from_hex(row.token_hash),
        expires_at: row.expires_at,
        used_at: row.used_at,
        created_at: row.created_at,
    }
}
