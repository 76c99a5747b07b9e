//! The knowledge API on PostgreSQL: the main flows the SQLite tests run, each on a fresh
//! database (skipped when PostgreSQL is unreachable outside CI, a failure in CI).

use chatdesk_tests::app::spawn_app_on_postgres;

use super::{knowledge, knowledge_documents, knowledge_faqs};

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
    faqs_are_created_searched_and_deleted_on_postgres => knowledge_faqs::faq_crud_and_search,
    bad_faq_input_is_refused_on_postgres => knowledge_faqs::bad_faq_input,
    faq_imports_work_on_postgres => knowledge_faqs::faq_import,
    documents_are_processed_on_postgres => knowledge_documents::documents_are_processed_searched_and_deleted,
    bad_documents_fail_precisely_on_postgres => knowledge_documents::bad_files_are_refused_or_fail_precisely,
    products_follow_the_catalog_on_postgres => knowledge::products_follow_the_catalog,
    gaps_work_on_postgres => knowledge::gaps_group_weak_queries,
}
