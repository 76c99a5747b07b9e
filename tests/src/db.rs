//! A fresh, empty database per test: a SQLite file in its own temporary folder, or a
//! throwaway PostgreSQL database that is dropped when the test ends, even on panic.
//!
//! `url` points at an empty database, so a server under test runs its own start-up
//! migration; `connect()` hands out a migrated connection for tests that talk to the
//! store directly.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

/// TLS is off because loopback gains nothing from it and the handshake doubled the
/// time of the PostgreSQL cases.
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable";

/// Set once a connection attempt failed, so the other PostgreSQL cases of this run
/// skip at once instead of each waiting out the connect timeout.
static POSTGRES_UNREACHABLE: AtomicBool = AtomicBool::new(false);

pub struct TestDatabase {
    pub url: String,
    /// What to clean up when the test ends.
    cleanup: Cleanup,
}

enum Cleanup {
    /// The folder (and the file in it) is deleted when this is dropped.
    SqliteFolder { _folder: tempfile::TempDir },
    /// Dropped through the server's maintenance database.
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    /// A new SQLite file in a new temporary folder.
    pub async fn sqlite() -> TestDatabase {
        let folder = tempfile::tempdir()
            .unwrap_or_else(|err| panic!("cannot create a temporary folder: {err}"));
        let url = format!("sqlite:{}", folder.path().join("chatdesk.db").display());
        TestDatabase {
            url,
            cleanup: Cleanup::SqliteFolder { _folder: folder },
        }
    }

    /// A new database on the server at `TEST_POSTGRES_URL` (default: local, user
    /// postgres). `None` when that server is unreachable on a developer machine, so
    /// `cargo test` works without PostgreSQL; in CI (`CI=true`) that is a failure.
    pub async fn postgres() -> Option<TestDatabase> {
        let admin_url =
            std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let admin = if POSTGRES_UNREACHABLE.load(Ordering::Relaxed) {
            Err("an earlier test could not reach it".to_owned())
        } else {
            connect_admin(&admin_url)
                .await
                .map_err(|err| err.to_string())
        };
        let admin = match admin {
            Ok(admin) => admin,
            Err(err) if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
                panic!("CI=true and PostgreSQL is unreachable at TEST_POSTGRES_URL: {err}")
            }
            Err(err) => {
                // The first skip of the run says so once, straight to the terminal:
                // `eprintln!` inside a passing test is captured and never shown.
                if !POSTGRES_UNREACHABLE.swap(true, Ordering::Relaxed) {
                    let _ = writeln!(
                        std::io::stderr(),
                        "\n!!!!! SKIPPING every PostgreSQL test: the server is unreachable ({err}).\n\
                         !!!!! Start PostgreSQL or set TEST_POSTGRES_URL; CI=true makes this fail.\n"
                    );
                }
                return None;
            }
        };
        let name = format!("chatdesk_test_{}", uuid::Uuid::new_v4().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|err| panic!("cannot create test database {name}: {err}"));
        admin.close().await.ok();
        Some(TestDatabase {
            url: with_database_name(&admin_url, &name),
            cleanup: Cleanup::PostgresDatabase { admin_url, name },
        })
    }

    /// A connection pool on this database, with the schema migrated.
    pub async fn connect(&self) -> DatabaseConnection {
        let db = store::connect(&self.url)
            .await
            .unwrap_or_else(|err| panic!("cannot connect to the test database: {err}"));
        store::migrate(&db)
            .await
            .unwrap_or_else(|err| panic!("cannot migrate the test database: {err}"));
        db
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::PostgresDatabase { admin_url, name } = &self.cleanup {
            drop_postgres_database(admin_url.clone(), name.clone());
        }
    }
}

/// Runs on its own thread and runtime: `drop` may run inside the test's runtime,
/// where blocking on a future would deadlock, or while unwinding from a panic.
fn drop_postgres_database(admin_url: String, name: String) {
    let dropped_name = name.clone();
    let dropper = std::thread::spawn(move || -> Result<(), String> {
        let name = dropped_name;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|err| err.to_string())?;
        runtime.block_on(async {
            let admin = connect_admin(&admin_url).await.map_err(|e| e.to_string())?;
            // FORCE ends the sessions the test's own pool may still hold.
            let dropped = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await
                .map_err(|e| e.to_string());
            admin.close().await.ok();
            dropped.map(|_| ())
        })
    });
    // Never panic here: a panic while unwinding would abort the whole test binary.
    match dropper.join() {
        Ok(Ok(())) => {}
        Ok(Err(err)) => eprintln!("could not drop test database {name}: {err}"),
        Err(_) => eprintln!("could not drop test database {name}: the dropper panicked"),
    }
}

async fn connect_admin(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(1)
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs(3))
        .sqlx_logging(false);
    Database::connect(options).await
}

/// The same server URL with another database name, keeping any query parameters.
fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut result = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        result.push('?');
        result.push_str(query);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::with_database_name;

    #[test]
    fn swaps_the_database_name_and_keeps_parameters() {
        assert_eq!(
            with_database_name("postgres://u:p@h:5432/postgres?sslmode=disable", "t1"),
            "postgres://u:p@h:5432/t1?sslmode=disable"
        );
        assert_eq!(with_database_name("postgres://h", "t2"), "postgres://h/t2");
    }
}
