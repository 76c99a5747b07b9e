//! Opening, migrating and probing the database.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::StoreError;

/// How long a SQLite connection waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// SQLite has one writer at a time whatever the pool size; a few connections still
/// let reads proceed (WAL) while a write is in flight.
const SQLITE_POOL_SIZE: u32 = 4;
const POSTGRES_POOL_SIZE: u32 = 10;
const POSTGRES_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens a pool on `sqlite:<path>` (the file and its folder are created when
/// missing) or `postgres://...`.
#[tracing::instrument(skip_all)]
pub async fn connect(url: &str) -> Result<DatabaseConnection, StoreError> {
    let mut options = ConnectOptions::new(url);
    // sqlx would log every statement at INFO; spans on the adapters say enough.
    options.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        create_sqlite_folder(url).await?;
        options
            .max_connections(SQLITE_POOL_SIZE)
            .map_sqlx_sqlite_opts(|sqlite| {
                // Applied by sqlx to every connection it opens, not just the first.
                sqlite
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // In WAL mode NORMAL keeps every committed transaction across a
                    // killed process (the promise made to webhooks); only an OS crash or
                    // power loss can drop the last ones. FULL fsyncs every commit and made
                    // webhook acks wait ~90 ms at p99 under load.
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
            });
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        options
            .max_connections(POSTGRES_POOL_SIZE)
            .connect_timeout(POSTGRES_TIMEOUT)
            .acquire_timeout(POSTGRES_TIMEOUT);
    } else {
        // Only the scheme: the rest of a URL may hold a password.
        let scheme = url.split(':').next().unwrap_or_default();
        return Err(StoreError::UnsupportedUrl(scheme.to_owned()));
    }
    Database::connect(options)
        .await
        .map_err(StoreError::Connect)
}

/// Brings the schema up to date. Safe to run at every start-up: applied migrations
/// are recorded and skipped.
#[tracing::instrument(skip_all)]
pub async fn migrate(db: &DatabaseConnection) -> Result<(), StoreError> {
    if db.get_database_backend() != DbBackend::Postgres {
        return migrate_sqlite(db).await;
    }
    // Replicas starting together would race to apply the same migration. A transaction-
    // scoped advisory lock lets one migrate while the others wait, then find nothing to do.
    let txn = db.begin().await.map_err(StoreError::Migrate)?;
    txn.execute_unprepared("SELECT pg_advisory_xact_lock(7243057391)")
        .await
        .map_err(StoreError::Migrate)?;
    migrations::Migrator::up(&txn, None)
        .await
        .map_err(StoreError::Migrate)?;
    txn.commit().await.map_err(StoreError::Migrate)
}

/// SQLite offers no advisory lock, and two processes opening one file at once can both
/// see a migration as pending; the loser's transaction rolls back, and running again
/// finds the winner's work done. So a failed run is retried a few times.
async fn migrate_sqlite(db: &DatabaseConnection) -> Result<(), StoreError> {
    let mut attempt = 1;
    loop {
        match migrations::Migrator::up(db, None).await {
            Ok(()) => return Ok(()),
            Err(error) if attempt < 5 => {
                tracing::warn!(%error, attempt, "migration raced another process; retrying");
                tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
                attempt += 1;
            }
            Err(error) => return Err(StoreError::Migrate(error)),
        }
    }
}

/// Whether the database answers, for readiness probes.
#[tracing::instrument(skip_all)]
pub async fn ping(db: &DatabaseConnection) -> Result<(), StoreError> {
    db.ping().await.map_err(StoreError::Unavailable)
}

/// SQLite creates a missing file (`create_if_missing`) but not a missing folder.
async fn create_sqlite_folder(url: &str) -> Result<(), StoreError> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(());
    }
    let options: SqliteConnectOptions = url
        .parse()
        .map_err(|err| StoreError::InvalidUrl(format!("{err}")))?;
    let Some(folder) = options.get_filename().parent() else {
        return Ok(());
    };
    if folder.as_os_str().is_empty() {
        return Ok(());
    }
    tokio::fs::create_dir_all(folder)
        .await
        .map_err(|source| StoreError::CreateFolder {
            path: folder.display().to_string(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};

    use super::*;

    async fn pragma(db: &impl ConnectionTrait, name: &str) -> String {
        let row = db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                format!("PRAGMA {name}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0)
            .map(|n| n.to_string())
            .or_else(|_| row.try_get_by_index::<String>(0))
            .unwrap()
    }

    #[tokio::test]
    async fn sqlite_file_and_folders_are_created_with_wal_foreign_keys_and_busy_timeout() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("data/nested/chatdesk.db");
        let db = connect(&format!("sqlite:{}", path.display()))
            .await
            .unwrap();
        assert!(path.exists());
        // Every pooled connection must be set up alike: an open transaction holds one,
        // so holding as many as the pool has looks at each of them.
        let mut held = Vec::new();
        for _ in 0..SQLITE_POOL_SIZE {
            held.push(db.begin().await.unwrap());
        }
        for connection in &held {
            assert_eq!(pragma(connection, "journal_mode").await, "wal");
            assert_eq!(pragma(connection, "foreign_keys").await, "1");
            // 1 = NORMAL
            assert_eq!(pragma(connection, "synchronous").await, "1");
            assert_eq!(pragma(connection, "busy_timeout").await, "5000");
        }
        drop(held);
        ping(&db).await.unwrap();
    }

    #[tokio::test]
    async fn migrating_twice_is_a_no_op() {
        let root = tempfile::tempdir().unwrap();
        let db = connect(&format!("sqlite:{}/chatdesk.db", root.path().display()))
            .await
            .unwrap();
        migrate(&db).await.unwrap();
        migrate(&db).await.unwrap();
    }

    #[tokio::test]
    async fn unknown_schemes_are_refused_without_echoing_the_url() {
        let err = connect("mysql://root:secret@localhost/db")
            .await
            .unwrap_err();
        assert!(matches!(&err, StoreError::UnsupportedUrl(scheme) if scheme == "mysql"));
        assert!(!err.to_string().contains("secret"));
    }
}
