//! Bootstraps the server: settings, telemetry, `Application::build`, run.

use std::process::ExitCode;

use chatdesk_server::{Application, Settings, telemetry};

#[actix_web::main]
async fn main() -> ExitCode {
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::FAILURE;
        }
    };
    telemetry::init(&settings.telemetry);
    let data_dir = settings.data_dir.display().to_string();
    let database = if settings.database_url().starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    let host = settings.server.host.clone();
    let application = match Application::build(settings).await {
        Ok(application) => application,
        Err(e) => {
            tracing::error!(error = %e, "cannot start");
            eprintln!("cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "ChatDesk listening on http://{host}:{} (data in {data_dir}, {database}); API docs at /api/docs/",
        application.port()
    );
    match application.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server stopped with an error");
            ExitCode::FAILURE
        }
    }
}
