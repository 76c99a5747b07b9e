//! `UserRepository` on sea-orm: accounts, and the sign-up transactions that create
//! a user together with their first membership.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use identity::ports::{RepositoryError, UserRepository};
use identity::{Member, PasswordHash, PersonName, User, UserId, Workspace};
use kernel::Email;
use sea_orm::TransactionTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::errors::{corrupt, from_db};
use super::members::member_row;
use super::workspaces::workspace_row;
use crate::entities::{members, users, workspaces};
use crate::timestamps::{stored, stored_opt};

pub struct SeaOrmUserRepository {
    db: DatabaseConnection,
}

impl SeaOrmUserRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl UserRepository for SeaOrmUserRepository {
    #[tracing::instrument(skip_all)]
    async fn create_account(
        &self,
        user: &User,
        workspace: &Workspace,
        owner: &Member,
    ) -> Result<(), RepositoryError> {
        // Dropping the transaction on an early return rolls it back.
        let txn = self.db.begin().await.map_err(from_db)?;
        users::Entity::insert(user_row(user))
            .exec_without_returning(&txn)
            .await
            .map_err(from_db)?;
        workspaces::Entity::insert(workspace_row(workspace)?)
            .exec_without_returning(&txn)
            .await
            .map_err(from_db)?;
        members::Entity::insert(member_row(owner))
            .exec_without_returning(&txn)
            .await
            .map_err(from_db)?;
        txn.commit().await.map_err(from_db)
    }

    #[tracing::instrument(skip_all)]
    async fn create_member_account(
        &self,
        user: &User,
        member: &Member,
    ) -> Result<(), RepositoryError> {
        let txn = self.db.begin().await.map_err(from_db)?;
        users::Entity::insert(user_row(user))
            .exec_without_returning(&txn)
            .await
            .map_err(from_db)?;
        members::Entity::insert(member_row(member))
            .exec_without_returning(&txn)
            .await
            .map_err(from_db)?;
        txn.commit().await.map_err(from_db)
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, RepositoryError> {
        users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(user_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        users::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(user_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn set_password(&self, id: UserId, hash: &PasswordHash) -> Result<(), RepositoryError> {
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(hash.as_phc()))
            .filter(users::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }

    #[tracing::instrument(skip_all)]
    async fn mark_email_verified(
        &self,
        id: UserId,
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        // Keeps the first verification time if the link is followed twice.
        users::Entity::update_many()
            .col_expr(users::Column::EmailVerifiedAt, Expr::value(stored(at)))
            .filter(users::Column::Id.eq(id.as_uuid()))
            .filter(users::Column::EmailVerifiedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }
}

fn user_row(user: &User) -> users::ActiveModel {
    users::ActiveModel {
        id: Set(user.id.as_uuid()),
        email: Set(user.email.as_str().to_owned()),
        name: Set(user.name.as_ref().map(|name| name.as_str().to_owned())),
        password_hash: Set(user.password_hash.as_phc().to_owned()),
        email_verified_at: Set(stored_opt(user.email_verified_at)),
        created_at: Set(stored(user.created_at)),
    }
}

pub(super) fn user_from_row(row: users::Model) -> Result<User, RepositoryError> {
    let email = Email::parse(&row.email).map_err(|err| corrupt("user email", err))?;
    let name = row
        .name
        .as_deref()
        .map(PersonName::parse)
        .transpose()
        .map_err(|err| corrupt("user name", err))?;
    Ok(User {
        id: UserId::from_uuid(row.id),
        email,
        name,
        password_hash: PasswordHash::from_phc(row.password_hash),
        email_verified_at: row.email_verified_at,
        created_at: row.created_at,
    })
}
