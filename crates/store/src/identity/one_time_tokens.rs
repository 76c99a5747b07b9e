//! `OneTimeTokenRepository` on sea-orm: email verification and password reset tokens.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use identity::ports::{OneTimeTokenRepository, RepositoryError};
use identity::{OneTimeToken, OneTimeTokenId, TokenHash, TokenPurpose, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::errors::{corrupt, from_db};
use crate::entities::one_time_tokens;
use crate::timestamps::{stored, stored_opt};

pub struct SeaOrmOneTimeTokenRepository {
    db: DatabaseConnection,
}

impl SeaOrmOneTimeTokenRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl OneTimeTokenRepository for SeaOrmOneTimeTokenRepository {
    #[tracing::instrument(skip_all)]
    async fn create(&self, token: &OneTimeToken) -> Result<(), RepositoryError> {
        one_time_tokens::Entity::insert(token_row(token))
            .exec_without_returning(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn find(
        &self,
        hash: &TokenHash,
        purpose: TokenPurpose,
    ) -> Result<Option<OneTimeToken>, RepositoryError> {
        // The purpose is part of the lookup: a verification link is never a reset link.
        one_time_tokens::Entity::find()
            .filter(one_time_tokens::Column::TokenHash.eq(hash.as_str()))
            .filter(one_time_tokens::Column::Purpose.eq(purpose.as_str()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(token_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn mark_used(
        &self,
        id: OneTimeTokenId,
        at: DateTime<Utc>,
    ) -> Result<bool, RepositoryError> {
        let result = one_time_tokens::Entity::update_many()
            .col_expr(one_time_tokens::Column::UsedAt, Expr::value(stored(at)))
            .filter(one_time_tokens::Column::Id.eq(id.as_uuid()))
            .filter(one_time_tokens::Column::UsedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(result.rows_affected == 1)
    }
}

fn token_row(token: &OneTimeToken) -> one_time_tokens::ActiveModel {
    one_time_tokens::ActiveModel {
        id: Set(token.id.as_uuid()),
        user_id: Set(token.user_id.as_uuid()),
        purpose: Set(token.purpose.as_str().to_owned()),
        token_hash: Set(token.token_hash.as_str().to_owned()),
        expires_at: Set(stored(token.expires_at)),
        used_at: Set(stored_opt(token.used_at)),
        created_at: Set(stored(token.created_at)),
    }
}

fn token_from_row(row: one_time_tokens::Model) -> Result<OneTimeToken, RepositoryError> {
    Ok(OneTimeToken {
        id: OneTimeTokenId::from_uuid(row.id),
        user_id: UserId::from_uuid(row.user_id),
        purpose: TokenPurpose::parse(&row.purpose)
            .ok_or_else(|| corrupt("token purpose", &row.purpose))?,
        token_hash: TokenHash::from_hex(row.token_hash),
        expires_at: row.expires_at,
        used_at: row.used_at,
        created_at: row.created_at,
    })
}
