//! The catalog API on PostgreSQL: the same flows the SQLite tests run, each on a fresh
//! database (skipped when PostgreSQL is unreachable outside CI, a failure in CI).

use chatdesk_tests::app::spawn_app_on_postgres;

use super::{catalog_import, categories, offers, products, suppliers, variants};

macro_rules! on_postgres {
    ($($name:ident => $flow:path),+ $(,)?) => {$(
        #[tokio::test]
        async fn $name() {
            let Some(app) = spawn_app_on_postgres().await else {
                return;
            };
            $flow(&app).await;
        }
    )+};
}

on_postgres! {
    products_are_created_with_variants_and_read_back => products::create_with_variants_and_read_back,
    bad_product_input_is_refused_precisely => products::bad_input_is_refused_precisely,
    the_product_list_filters_sorts_and_pages => products::list_filters_sorts_and_pages,
    product_patches_change_only_what_is_sent => products::patch_changes_only_what_is_sent,
    products_are_soft_deleted_restored_and_erased => products::delete_soft_restore_and_hard,
    bulk_operations_report_per_id => products::bulk_reports_per_id,
    roles_decide_who_edits_the_catalog => products::roles_decide_who_edits,
    other_workspaces_products_are_not_found => products::other_workspaces_are_not_found,
    variants_are_managed_through_their_product => variants::variant_crud,
    variant_rules_hold => variants::variant_rules,
    categories_form_a_one_level_tree => categories::category_tree,
    deleting_categories_uncategorises_products => categories::category_delete,
    suppliers_are_managed => suppliers::supplier_crud,
    offers_change_effective_prices => offers::offers_change_effective_prices,
    offers_are_managed => offers::offer_crud,
    csv_imports_create_products => catalog_import::import_creates_products,
    csv_dry_runs_write_nothing => catalog_import::dry_run_writes_nothing,
    csv_row_errors_are_precise_and_all_or_nothing => catalog_import::row_errors_are_precise_and_imports_all_or_nothing,
    csv_from_european_spreadsheets_imports => catalog_import::european_spreadsheets_import,
    csv_reimports_update => catalog_import::reimport_updates,
    csv_export_import_round_trips => catalog_import::export_import_round_trip,
}
