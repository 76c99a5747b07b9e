//! Every route, registered through utoipa-actix-web so a route cannot exist without its
//! OpenAPI description (and the other way round).

pub mod api_keys;
pub mod assistant;
pub mod audit;
pub mod auth;
pub mod catalog_csv;
pub mod catalog_dto;
pub mod catalog_import;
pub mod catalog_scope;
pub mod categories;
pub mod channels;
pub mod channels_dto;
pub mod channels_oauth;
pub mod contacts;
pub mod conversations;
pub mod conversations_dto;
pub mod conversations_inbox;
pub mod conversations_notes;
pub mod dashboard;
pub mod documents;
pub mod faqs;
pub mod health;
pub mod invitations;
pub mod knowledge;
pub mod knowledge_dto;
pub mod knowledge_faq_import;
pub mod members;
pub mod notifications;
pub mod offers;
pub mod orders;
pub mod orders_dto;
pub mod playground;
pub mod products;
pub mod products_bulk;
pub mod suppliers;
pub mod variants;
pub mod webhooks;
pub mod widget;
pub mod widget_hub;
pub mod widget_script;
pub mod widget_socket;
pub mod workspace;

use utoipa_actix_web::service_config::ServiceConfig;

/// Operational endpoints at the root.
pub fn operations(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(health::metrics);
    // The widget script lives at the root, where embed snippets point; registered here,
    // inside the API app, it wins over the dashboard's catch-all registered after it.
    cfg.service(widget_script::widget_script);
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
        .service(audit::audit_log)
        // Fixed paths before `/products/{id}`, which would otherwise claim them.
        .service(catalog_import::export_products)
        .service(catalog_import::import_products)
        .service(products_bulk::bulk_products)
        .service(products::list_products)
        .service(products::create_product)
        .service(products::get_product)
        .service(products::update_product)
        .service(products::delete_product)
        .service(products::restore_product)
        .service(products::product_price)
        .service(variants::list_variants)
        .service(variants::create_variant)
        .service(variants::get_variant)
        .service(variants::update_variant)
        .service(variants::delete_variant)
        .service(categories::list_categories)
        .service(categories::create_category)
        .service(categories::get_category)
        .service(categories::update_category)
        .service(categories::delete_category)
        .service(suppliers::list_suppliers)
        .service(suppliers::create_supplier)
        .service(suppliers::get_supplier)
        .service(suppliers::update_supplier)
        .service(suppliers::delete_supplier)
        .service(offers::list_offers)
        .service(offers::create_offer)
        .service(offers::get_offer)
        .service(offers::update_offer)
        .service(offers::delete_offer)
        .service(webhooks::verify_meta)
        .service(webhooks::receive_meta)
        .service(webhooks::verify_whatsapp)
        .service(webhooks::receive_whatsapp)
        // Fixed paths before `/channels/{id}`, which would otherwise claim them.
        .service(channels_oauth::oauth_url)
        .service(channels_oauth::oauth_callback)
        .service(channels::connect_messenger)
        .service(channels::connect_instagram)
        .service(channels::connect_whatsapp)
        .service(channels::create_widget)
        .service(channels::list_channels)
        .service(channels::get_channel)
        .service(channels::disconnect_channel)
        .service(channels::channel_stats)
        .service(channels::update_widget)
        .service(contacts::list_contacts)
        .service(contacts::get_contact)
        .service(contacts::update_contact)
        .service(widget::start_conversation)
        .service(widget::send_message)
        .service(widget::history)
        .service(widget_socket::widget_socket)
        .service(crate::realtime::socket::realtime_socket)
        // Fixed paths before `/knowledge/faqs/{id}`, which would otherwise claim them.
        .service(knowledge_faq_import::import_faqs)
        .service(faqs::list_faqs)
        .service(faqs::create_faq)
        .service(faqs::get_faq)
        .service(faqs::update_faq)
        .service(faqs::delete_faq)
        .service(documents::upload_document)
        .service(documents::list_documents)
        .service(documents::get_document)
        .service(documents::delete_document)
        .service(knowledge::test_query)
        .service(knowledge::knowledge_gaps);
    cfg.service(orders::list_orders)
        .service(orders::get_order)
        .service(orders::change_order_status)
        .service(orders::add_order_note);
    cfg.service(assistant::get_assistant_settings)
        .service(assistant::update_assistant_settings)
        .service(assistant::preview_tones)
        .service(playground::send_playground_message)
        .service(playground::reset_playground_session)
        .service(conversations_inbox::list_conversations)
        .service(conversations_inbox::get_conversation)
        .service(conversations_inbox::mark_conversation_read)
        .service(conversations_inbox::resolve_conversation)
        .service(conversations_inbox::reopen_conversation)
        .service(conversations_inbox::assign_conversation)
        .service(conversations_inbox::send_agent_reply)
        .service(conversations_notes::add_note)
        .service(conversations::take_over)
        .service(conversations::return_to_assistant)
        .service(conversations::update_conversation);
    cfg.service(notifications::list_notifications)
        // Fixed path before `/notifications/{id}/read`.
        .service(notifications::mark_all_notifications_read)
        .service(notifications::mark_notification_read)
        .service(notifications::get_notification_preferences)
        .service(notifications::update_notification_preferences);
}
