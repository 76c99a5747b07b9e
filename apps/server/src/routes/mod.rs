//! Every route, registered through utoipa-actix-web so a route cannot exist without its
//! OpenAPI description (and the other way round).

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod health;
pub mod invitations;
pub mod members;
pub mod workspace;

use utoipa_actix_web::service_config::ServiceConfig;

/// Operational endpoints at the root.
pub fn operations(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(health::metrics);
}

/// Everything under `/api/v1`.
pub fn api_v1(cfg: &mut ServiceConfig) {
    cfg.service(auth::register)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::me)
        .service(auth::forgot_password)
        .service(auth::reset_password)
        .service(auth::verify_email)
        .service(workspace::get_workspace)
        .service(workspace::update_workspace)
        .service(members::list_members)
        .service(members::change_role)
        .service(members::remove_member)
        .service(invitations::create_invitation)
        .service(invitations::list_invitations)
        .service(invitations::accept_invitation)
        .service(api_keys::create_api_key)
        .service(api_keys::list_api_keys)
        .service(api_keys::revoke_api_key)
        .service(audit::audit_log);
}
