//! The store contract: every identity port, exercised the same way on SQLite and on
//! PostgreSQL. A case is an async function taking the repositories (or, for the
//! schema, the database); `store_contract!` runs each one on a fresh database of each
//! kind, as `store_contract::sqlite::<case>` and `store_contract::postgres::<case>`.
//!
//! PostgreSQL cases need a server at `TEST_POSTGRES_URL` (default: local, user
//! postgres); without one they are skipped loudly, unless `CI=true`, where they fail.

mod api_keys;
mod audit;
mod catalog_fixtures;
mod categories;
mod channel_fixtures;
mod channels;
mod contacts;
mod conversations;
mod documents;
mod faqs;
mod fixtures;
mod inbound_events;
mod inbox;
mod invitations;
mod jobs;
mod members;
mod messages;
mod notes;
mod offers;
mod one_time_tokens;
mod open_orders;
mod order_fixtures;
mod orders;
mod products;
mod query_log;
mod schema;
mod sessions;
mod suppliers;
mod tenancy;
mod users;
mod workspaces;

macro_rules! store_contract {
    (
        repositories: [$($suite:ident :: $case:ident),* $(,)?],
        databases: [$($db_suite:ident :: $db_case:ident),* $(,)?] $(,)?
    ) => {
        store_contract!(@backend sqlite, Some(TestDatabase::sqlite().await),
            [$($suite::$case),*], [$($db_suite::$db_case),*]);
        store_contract!(@backend postgres, TestDatabase::postgres().await,
            [$($suite::$case),*], [$($db_suite::$db_case),*]);
    };
    (
        @backend $backend:ident, $open:expr,
        [$($suite:ident :: $case:ident),*], [$($db_suite:ident :: $db_case:ident),*]
    ) => {
        mod $backend {
            use chatdesk_tests::db::TestDatabase;

            $(
                #[tokio::test]
                async fn $case() {
                    // `None` only when PostgreSQL is unreachable outside CI (already reported).
                    let Some(database) = $open else { return };
                    let repos = store::IdentityRepositories::sea_orm(database.connect().await);
                    super::$suite::$case(&repos).await;
                }
            )*

            $(
                #[tokio::test]
                async fn $db_case() {
                    let Some(database) = $open else { return };
                    super::$db_suite::$db_case(&database).await;
                }
            )*
        }
    };
}

store_contract! {
    repositories: [
        users::account_is_found_by_email_and_id,
        users::duplicate_email_is_refused_and_nothing_is_kept,
        users::member_account_joins_an_existing_workspace,
        users::member_account_needs_an_existing_workspace,
        users::password_and_verification_are_updated,
        workspaces::profile_round_trips_every_field,
        workspaces::update_replaces_the_profile_of_that_workspace_only,
        workspaces::update_never_moves_the_creation_time,
        members::members_are_listed_oldest_first_in_pages,
        members::member_profile_is_found_by_id,
        members::duplicate_membership_is_refused,
        members::existing_user_is_added_to_another_workspace,
        members::role_changes_and_removal,
        members::memberships_of_a_user_are_oldest_first,
        members::member_is_found_by_normalised_email,
        tenancy::members_of_one_workspace_are_invisible_from_another,
        tenancy::api_keys_of_one_workspace_are_invisible_from_another,
        tenancy::invitations_and_audit_of_one_workspace_are_invisible_from_another,
        sessions::session_is_found_through_its_tokens,
        sessions::session_and_first_token_are_written_together,
        sessions::refresh_token_is_used_once,
        sessions::sessions_are_revoked_one_or_all,
        sessions::concurrent_refreshes_cannot_both_use_a_token,
        one_time_tokens::token_is_found_only_for_its_purpose,
        one_time_tokens::token_is_used_once,
        invitations::pending_invitations_exclude_expired_and_accepted,
        invitations::invitation_is_found_by_hash_and_accepted_once,
        api_keys::keys_are_listed_newest_first_and_found_by_hash,
        api_keys::duplicate_key_hash_is_refused,
        api_keys::key_is_revoked_once_and_only_in_its_workspace,
        api_keys::touch_records_the_last_use,
        audit::events_are_listed_newest_first_with_their_details,
    ],
    databases: [
        schema::migrations_are_idempotent_and_reversible,
        schema::replicas_migrating_at_once_all_come_up,
        jobs::a_job_is_claimed_once_and_done_once,
        jobs::only_due_jobs_of_the_asked_kinds_are_claimed,
        jobs::failures_retry_later_or_die,
        jobs::an_abandoned_job_is_claimed_again_after_its_lease,
        jobs::concurrent_workers_never_share_a_job,
    ],
}

// The catalog ports. Their cases take `catalog_fixtures::Stores` (the catalog
// adapters, the identity adapters that create workspaces, and the connection) and run
// as `store_contract::catalog::sqlite::<case>` and `store_contract::catalog::postgres::<case>`.
macro_rules! catalog_contract {
    ($($suite:ident :: $case:ident),* $(,)?) => {
        mod catalog {
            catalog_contract!(@backend sqlite, Some(TestDatabase::sqlite().await),
                [$($suite::$case),*]);
            catalog_contract!(@backend postgres, TestDatabase::postgres().await,
                [$($suite::$case),*]);
        }
    };
    (@backend $backend:ident, $open:expr, [$($suite:ident :: $case:ident),*]) => {
        mod $backend {
            use chatdesk_tests::db::TestDatabase;

            $(
                #[tokio::test]
                async fn $case() {
                    // `None` only when PostgreSQL is unreachable outside CI (already reported).
                    let Some(database) = $open else { return };
                    let stores = super::super::catalog_fixtures::Stores::open(&database).await;
                    super::super::$suite::$case(&stores).await;
                }
            )*
        }
    };
}

catalog_contract! {
    products::product_round_trips_every_field,
    products::update_replaces_fields_and_variants,
    products::list_filters_by_search_category_supplier_availability_price_and_tag,
    products::list_sorts_by_each_field_both_ways_with_ties_broken_by_id,
    products::list_pages_add_up_without_overlap,
    products::soft_deleted_products_leave_lists_but_get_still_finds_them,
    products::skus_are_unique_among_live_products_only,
    products::hard_delete_erases_the_product_and_its_variants,
    products::get_many_returns_the_products_that_exist,
    products::find_by_variant_returns_the_owning_product,
    products::save_import_writes_the_whole_batch,
    products::save_import_with_a_duplicate_sku_writes_nothing,
    products::save_import_of_two_thousand_products_is_quick,
    products::products_of_one_workspace_are_invisible_from_another,
    categories::tree_round_trips_and_is_listed_whole,
    categories::sibling_names_are_unique_ignoring_case,
    categories::update_renames_and_moves,
    categories::delete_uncategorises_its_products_and_returns_them,
    categories::categories_of_one_workspace_are_invisible_from_another,
    suppliers::supplier_round_trips_and_updates,
    suppliers::suppliers_are_listed_a_to_z_in_pages,
    suppliers::supplier_names_are_unique_ignoring_case,
    suppliers::delete_returns_the_products_it_supplied,
    suppliers::suppliers_of_one_workspace_are_invisible_from_another,
    offers::offers_round_trip_and_update,
    offers::offers_are_listed_newest_first_in_pages,
    offers::active_offers_include_the_start_and_exclude_the_end,
    offers::offers_for_a_category_whatever_their_window,
    offers::deleted_offers_are_gone,
    offers::offers_of_one_workspace_are_invisible_from_another,
    open_orders::captured_and_in_progress_orders_are_open,
    open_orders::orders_of_another_workspace_do_not_count,
    open_orders::open_orders_hold_back_a_hard_delete_and_closed_ones_keep_their_snapshot,
}

// The channels ports. Their cases take `channel_fixtures::Stores` (the channel
// adapters, the identity adapters that create workspaces, and the job queue that shows
// which jobs were written) and run as `store_contract::messaging::sqlite::<case>` and
// `store_contract::messaging::postgres::<case>`.
macro_rules! channels_contract {
    ($($suite:ident :: $case:ident),* $(,)?) => {
        mod messaging {
            channels_contract!(@backend sqlite, Some(TestDatabase::sqlite().await),
                [$($suite::$case),*]);
            channels_contract!(@backend postgres, TestDatabase::postgres().await,
                [$($suite::$case),*]);
        }
    };
    (@backend $backend:ident, $open:expr, [$($suite:ident :: $case:ident),*]) => {
        mod $backend {
            use chatdesk_tests::db::TestDatabase;

            $(
                #[tokio::test]
                async fn $case() {
                    // `None` only when PostgreSQL is unreachable outside CI (already reported).
                    let Some(database) = $open else { return };
                    let stores = super::super::channel_fixtures::Stores::open(&database).await;
                    super::super::$suite::$case(&stores).await;
                }
            )*
        }
    };
}

channels_contract! {
    channels::channel_round_trips_and_is_listed_oldest_first,
    channels::find_by_account_routes_whatever_the_workspace,
    channels::an_account_is_connected_once_among_live_channels,
    channels::status_changes_and_last_message_only_moves_forward,
    channels::channels_of_one_workspace_are_invisible_from_another,
    contacts::upsert_creates_once_and_refreshes_only_the_profile,
    contacts::concurrent_upserts_of_one_person_make_one_contact,
    contacts::list_filters_and_pages_most_recently_updated_first,
    contacts::patch_changes_only_what_it_names,
    contacts::contacts_of_one_workspace_are_invisible_from_another,
    inbound_events::new_and_duplicate_events_within_and_across_batches,
    inbound_events::every_kind_of_event_round_trips,
    inbound_events::a_failing_batch_stores_no_event_and_no_job,
    inbound_events::concurrent_deliveries_store_one_event_and_one_job,
    inbound_events::events_of_one_workspace_are_invisible_from_another,
    inbound_events::a_nul_character_is_stored_as_the_replacement_character,
    messages::received_messages_are_recorded_once,
    messages::enqueue_outbound_is_idempotent_and_writes_its_job,
    messages::status_only_moves_forward,
    messages::racing_status_webhooks_end_at_the_most_advanced,
    messages::status_by_platform_id_and_up_to_a_watermark,
    messages::an_echo_recorded_before_the_send_returned_is_folded_in,
    messages::conversation_is_listed_newest_first_and_the_window_reads_the_last_inbound,
    messages::messages_of_one_workspace_are_invisible_from_another,
}

// The knowledge base's repository. Its cases take `catalog_fixtures::Stores` (for
// workspaces and the connection) and the adapter as `&dyn KnowledgeRepository`, and
// run as `store_contract::knowledge::sqlite::<case>` and
// `store_contract::knowledge::postgres::<case>`.
macro_rules! knowledge_contract {
    ($($suite:ident :: $case:ident),* $(,)?) => {
        mod knowledge {
            knowledge_contract!(@backend sqlite, Some(TestDatabase::sqlite().await),
                [$($suite::$case),*]);
            knowledge_contract!(@backend postgres, TestDatabase::postgres().await,
                [$($suite::$case),*]);
        }
    };
    (@backend $backend:ident, $open:expr, [$($suite:ident :: $case:ident),*]) => {
        mod $backend {
            use chatdesk_tests::db::TestDatabase;

            $(
                #[tokio::test]
                async fn $case() {
                    // `None` only when PostgreSQL is unreachable outside CI (already reported).
                    let Some(database) = $open else { return };
                    let stores = super::super::catalog_fixtures::Stores::open(&database).await;
                    let repo = store::SeaOrmKnowledgeRepository::new(stores.db.clone());
                    super::super::$suite::$case(&stores, &repo).await;
                }
            )*
        }
    };
}

knowledge_contract! {
    faqs::faq_round_trips_every_field,
    faqs::update_overwrites_every_field_but_the_creation_time,
    faqs::questions_are_unique_per_workspace_by_dedupe_key,
    faqs::concurrent_creates_of_one_question_store_it_once,
    faqs::list_filters_by_category_activity_and_words,
    faqs::list_pages_are_newest_first_without_overlap,
    faqs::delete_removes_the_faq_and_frees_its_question,
    faqs::faq_keys_map_every_question_to_its_faq,
    faqs::save_faq_import_writes_created_and_updated_together,
    faqs::save_faq_import_with_a_duplicate_or_a_missing_faq_writes_nothing,
    faqs::faqs_of_one_workspace_are_invisible_from_another,
    documents::document_round_trips_in_every_state,
    documents::update_writes_the_processing_state,
    documents::documents_are_listed_newest_first_in_pages,
    documents::replace_chunks_swaps_the_whole_set,
    documents::replace_chunks_writes_a_long_document,
    documents::delete_removes_the_document_and_its_chunks,
    documents::documents_of_one_workspace_are_invisible_from_another,
    query_log::weak_queries_are_the_unanswered_and_the_low_scored_newest_first,
    query_log::weak_queries_keep_to_the_period_and_the_limit,
    query_log::query_logs_of_one_workspace_are_invisible_from_another,
}

// The orders repository. Its cases take `catalog_fixtures::Stores` (for workspaces and
// the connection) and the adapter as `&dyn OrderRepository`, and run as
// `store_contract::orders_repository::sqlite::<case>` and
// `store_contract::orders_repository::postgres::<case>`.
macro_rules! orders_contract {
    ($($suite:ident :: $case:ident),* $(,)?) => {
        mod orders_repository {
            orders_contract!(@backend sqlite, Some(TestDatabase::sqlite().await),
                [$($suite::$case),*]);
            orders_contract!(@backend postgres, TestDatabase::postgres().await,
                [$($suite::$case),*]);
        }
    };
    (@backend $backend:ident, $open:expr, [$($suite:ident :: $case:ident),*]) => {
        mod $backend {
            use chatdesk_tests::db::TestDatabase;

            $(
                #[tokio::test]
                async fn $case() {
                    // `None` only when PostgreSQL is unreachable outside CI (already reported).
                    let Some(database) = $open else { return };
                    let stores = super::super::catalog_fixtures::Stores::open(&database).await;
                    let repo = store::SeaOrmOrderRepository::new(stores.db.clone());
                    super::super::$suite::$case(&stores, &repo).await;
                }
            )*
        }
    };
}

orders_contract! {
    orders::order_round_trips_with_its_lines_offer_and_source,
    orders::numbers_count_up_per_workspace,
    orders::concurrent_creates_get_different_numbers,
    orders::a_placement_key_places_one_order_per_workspace,
    orders::list_filters_by_every_field,
    orders::list_pages_are_newest_first_without_overlap,
    orders::latest_for_customer_is_newest_first_and_limited,
    orders::status_changes_are_conditional_and_stamped,
    orders::notes_are_appended_in_order,
    orders::orders_of_one_workspace_are_invisible_from_another,
}

// The conversation ports. Their cases take `conversations::Stores` (the conversation
// adapters and the channel fixtures that make workspaces, channels and contacts) and
// run as `store_contract::conversation_store::sqlite::<case>` and
// `store_contract::conversation_store::postgres::<case>`.
macro_rules! conversations_contract {
    ($($suite:ident :: $case:ident),* $(,)?) => {
        mod conversation_store {
            conversations_contract!(@backend sqlite, Some(TestDatabase::sqlite().await),
                [$($suite::$case),*]);
            conversations_contract!(@backend postgres, TestDatabase::postgres().await,
                [$($suite::$case),*]);
        }
    };
    (@backend $backend:ident, $open:expr, [$($suite:ident :: $case:ident),*]) => {
        mod $backend {
            use chatdesk_tests::db::TestDatabase;

            $(
                #[tokio::test]
                async fn $case() {
                    // `None` only when PostgreSQL is unreachable outside CI (already reported).
                    let Some(database) = $open else { return };
                    let stores = super::super::conversations::Stores::open(&database).await;
                    super::super::$suite::$case(&stores).await;
                }
            )*
        }
    };
}

conversations_contract! {
    conversations::conversation_round_trips_every_field,
    conversations::one_current_conversation_per_channel_and_contact,
    conversations::an_archived_conversation_does_not_block_a_new_one,
    conversations::save_increments_the_version_and_a_stale_save_writes_nothing,
    conversations::a_failing_write_keeps_nothing_of_it,
    conversations::events_are_appended_in_order_with_their_details,
    conversations::conversations_of_one_workspace_are_invisible_from_another,
    conversations::settings_are_none_until_put,
    conversations::settings_round_trip_and_put_overwrites,
    notes::notes_are_kept_in_order_with_their_timeline_entries,
    notes::another_workspaces_conversation_takes_and_shows_no_note,
}
