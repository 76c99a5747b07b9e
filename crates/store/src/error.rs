/// Failures of setting up the store (connecting, creating the SQLite folder,
/// migrating). Failures of individual queries are reported through each port's
/// own error type instead.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database url must start with sqlite: or postgres://, got '{0}'")]
    UnsupportedUrl(String),
    #[error("invalid database url: {0}")]
    InvalidUrl(String),
    #[error("cannot create the database folder {path}: {source}")]
    CreateFolder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot connect to the database: {0}")]
    Connect(sea_orm::DbErr),
    #[error("cannot migrate the database: {0}")]
    Migrate(sea_orm::DbErr),
    #[error("database is not answering: {0}")]
    Unavailable(sea_orm::DbErr),
}
