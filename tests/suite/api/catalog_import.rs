//! `/products/import` and `/products/export`: the spreadsheet format, dry runs that
//! write nothing, precise row errors, all-or-nothing imports, re-imports that update,
//! the export round trip, uploads as text/csv or multipart, and junk.

use chatdesk_tests::app::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::catalog_fixtures::{create_product, drain, get_json, id};

const HEADER: &str = "name,price,currency,description,variant_type,variant_name,variant_price,category,stock,sku,image_url";

const IMPORT: &str = "/api/v1/products/import";
const DRY_RUN: &str = "/api/v1/products/import?dry_run=true";

async fn import(
    app: &TestApp,
    token: &str,
    path: &str,
    csv: impl Into<Vec<u8>>,
) -> (StatusCode, Value) {
    let response = app.post_body_as(token, path, "text/csv", csv.into()).await;
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// `(row, column, code)` of every row error in an import answer or a 422's details.
fn row_errors(errors: &Value) -> Vec<(u64, String, String)> {
    errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["column"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

fn two_products() -> String {
    format!(
        "{HEADER}\n\
         Glow Serum,45.00,EUR,Vitamin C serum,size,30ml,0,Skincare > Serums,5,GS-1,https://cdn.glow.example/gs.jpg\n\
         Glow Serum,45.00,EUR,,size,50ml,10,,3,GS-1,\n\
         Hydra Cream,55,,Rich cream,,,,Skincare,12,HC-1,\n"
    )
}

/// A real import creates products, variants and categories, and says what it did.
pub async fn import_creates_products(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let agent = app.join_as(&owner, "aldo@glow.it", "agent").await;
    let (status, body) = import(app, &agent, IMPORT, two_products()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["dry_run"], false);
    assert_eq!(body["valid"], true);
    assert_eq!(
        body["summary"],
        json!({"created": 2, "updated": 0, "unchanged": 0, "new_categories": 2, "errors": 0})
    );
    assert_eq!(
        body["new_categories"],
        json!(["Skincare", "Skincare > Serums"])
    );
    assert_eq!(body["errors"], json!([]));
    let serum = &body["products"][0];
    assert_eq!(serum["row"], 2);
    assert_eq!(serum["action"], "create");
    assert_eq!(serum["name"], "Glow Serum");
    assert_eq!(serum["sku"], "GS-1");
    assert_eq!(
        serum["list_price"],
        json!({"amount": "45.00", "currency": "EUR"})
    );
    assert_eq!(serum["category"], "Skincare > Serums");
    assert_eq!(serum["variants"][1]["price_modifier"]["amount"], "10.00");
    assert_eq!(body["products"][1]["row"], 4);

    let token = &owner.access_token;
    let page = get_json(app, token, "/api/v1/products?sort=name").await;
    assert_eq!(names(&page), ["Glow Serum", "Hydra Cream"]);
    let glow = &page["items"][0];
    assert_eq!(glow["id"], serum["id"]);
    assert_eq!(glow["description"], "Vitamin C serum");
    assert_eq!(glow["images"], json!(["https://cdn.glow.example/gs.jpg"]));
    assert_eq!(glow["variants"][0]["stock"], 5);
    assert_eq!(glow["variants"][1]["stock"], 3);
    assert_eq!(glow["variants"][1]["price"]["effective"]["amount"], "55.00");
    assert_eq!(
        glow["stock"],
        Value::Null,
        "the file counts the variants, not the product"
    );
    assert_eq!(page["items"][1]["stock"], 12);
    let categories = get_json(app, token, "/api/v1/categories").await;
    let paths: Vec<&str> = categories["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["Skincare", "Skincare > Serums"]);
    assert_eq!(glow["category_id"], categories["items"][1]["id"]);
}

#[tokio::test]
async fn an_import_creates_products_variants_and_categories() {
    import_creates_products(&spawn_app().await).await;
}

/// A dry run shows the plan and every row error, and writes nothing.
pub async fn dry_run_writes_nothing(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let mut events = app.events.subscribe();
    let (status, body) = import(app, token, DRY_RUN, two_products()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["dry_run"], true);
    assert_eq!(body["valid"], true);
    assert_eq!(body["summary"]["created"], 2);
    assert_eq!(body["summary"]["new_categories"], 2);
    assert_eq!(body["products"].as_array().unwrap().len(), 2);
    assert_eq!(body["products"][0]["variants"].as_array().unwrap().len(), 2);
    assert_eq!(get_json(app, token, "/api/v1/products").await["total"], 0);
    assert_eq!(get_json(app, token, "/api/v1/categories").await["total"], 0);
    assert_eq!(drain(&mut events), [], "a dry run announces nothing");

    let (status, body) = import(app, token, IMPORT, two_products()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        drain(&mut events).len(),
        2,
        "one event per imported product"
    );
    let ids: Vec<Value> = body["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].clone())
        .collect();

    // A dry run of a change to an imported file previews the update.
    let changed = two_products().replace("Hydra Cream,55,", "Hydra Cream,59,");
    let (_, body) = import(app, token, DRY_RUN, changed).await;
    assert_eq!(
        body["summary"],
        json!({"created": 0, "updated": 1, "unchanged": 1, "new_categories": 0, "errors": 0})
    );
    assert_eq!(body["products"][1]["action"], "update");
    assert_eq!(body["products"][1]["list_price"]["amount"], "59.00");
    assert_eq!(body["products"][1]["id"], ids[1]);
    let hydra = get_json(app, token, "/api/v1/products?q=hydra").await;
    assert_eq!(
        hydra["items"][0]["list_price"]["amount"], "55.00",
        "still unchanged"
    );
    assert_eq!(drain(&mut events), []);
}

#[tokio::test]
async fn a_dry_run_shows_the_plan_and_writes_nothing() {
    dry_run_writes_nothing(&spawn_app().await).await;
}

/// Every row error with row and column; a real import with any error writes nothing.
pub async fn row_errors_are_precise_and_imports_all_or_nothing(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let file = "name,price,currency,description,variant_type,variant_name,variant_price\n\
                Glow Serum,,EUR,,size,30ml,0\n\
                Toner,abc,EUR,,,,\n\
                Free Gift,0,EUR,,,,\n\
                Refund,-5,EUR,,,,\n\
                Yen Cream,100,XYZ,,,,\n\
                Dollar Cream,100,USD,,,,\n\
                Lip Tint,12,EUR,,shade,Rose,0\n\
                Lip Tint,12,EUR,,shade,ROSE,1\n\
                Mini Lipstick,10,EUR,,size,Sample,-10\n\
                Good Product,20,EUR,,,,\n\
                Odd Variant,20,EUR,,flavour,Mint,0\n";
    let expected = [
        (2, "price", "missing"),
        (3, "price", "not_a_number"),
        (4, "price", "not_positive"),
        (5, "price", "not_positive"),
        (6, "currency", "unknown_currency"),
        (7, "currency", "currency_mismatch"),
        (9, "variant_name", "duplicate_variant"),
        (10, "variant_price", "variant_price_not_positive"),
        (12, "variant_type", "unknown_variant_type"),
    ]
    .map(|(row, column, code)| (row, column.to_owned(), code.to_owned()));

    let (status, body) = import(app, token, DRY_RUN, file).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["valid"], false);
    assert_eq!(row_errors(&body["errors"]), expected);
    assert_eq!(body["summary"]["errors"], 9);
    assert_eq!(body["summary"]["created"], 1, "only Good Product is clean");
    let first = &body["errors"][0];
    assert_eq!(first["message"], "price is required");

    let (status, body) = import(app, token, IMPORT, file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_import");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("9 problem")
    );
    assert_eq!(row_errors(&body["error"]["details"]["errors"]), expected);
    assert_eq!(
        get_json(app, token, "/api/v1/products").await["total"],
        0,
        "all or nothing: the clean row was not written either"
    );

    let bad_header = "nme,price,catgory\nGlow Serum,45,Skincare\n";
    let (_, body) = import(app, token, DRY_RUN, bad_header).await;
    assert_eq!(
        row_errors(&body["errors"]),
        [
            (1, "nme".to_owned(), "unknown_column".to_owned()),
            (1, "catgory".to_owned(), "unknown_column".to_owned()),
            (1, "name".to_owned(), "missing_column".to_owned()),
        ]
    );
    let (_, body) = import(app, token, DRY_RUN, "").await;
    assert_eq!(row_errors(&body["errors"])[0].2, "missing_header");
    let (_, body) = import(app, token, DRY_RUN, format!("{HEADER}\n\n")).await;
    assert_eq!(row_errors(&body["errors"])[0].2, "no_rows");

    // Blank lines count as rows, as in a spreadsheet.
    let (_, body) = import(
        app,
        token,
        DRY_RUN,
        "name,price\nA Cream,1\n\n\nB Cream,x\n",
    )
    .await;
    assert_eq!(
        row_errors(&body["errors"]),
        [(5, "price".to_owned(), "not_a_number".to_owned())]
    );
}

#[tokio::test]
async fn row_errors_name_row_and_column_and_a_file_with_any_error_writes_nothing() {
    row_errors_are_precise_and_imports_all_or_nothing(&spawn_app().await).await;
}

/// A BOM, `;` separators, decimal commas, Vietnamese and Italian names.
pub async fn european_spreadsheets_import(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let file = "\u{feff}name;price;currency;description;variant_type;variant_name;variant_price;category\r\n\
                Sữa rửa mặt trà xanh;12,50;EUR;Sữa rửa mặt dịu nhẹ;size;100ml;0;Chăm sóc da\r\n\
                Sữa rửa mặt trà xanh;12,50;EUR;;size;200ml;7,50;\r\n\
                Crema all'acqua di rose;24,90;;\"Idratante; per pelli secche\";;;;Cura del viso\r\n";
    let (status, body) = import(app, token, IMPORT, file).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["summary"]["created"], 2);
    let page = get_json(app, token, "/api/v1/products?sort=name").await;
    assert_eq!(
        names(&page),
        ["Crema all'acqua di rose", "Sữa rửa mặt trà xanh"]
    );
    let crema = &page["items"][0];
    assert_eq!(crema["list_price"]["amount"], "24.90");
    assert_eq!(crema["description"], "Idratante; per pelli secche");
    let sua = &page["items"][1];
    assert_eq!(sua["description"], "Sữa rửa mặt dịu nhẹ");
    assert_eq!(sua["variants"][1]["name"], "200ml");
    assert_eq!(sua["variants"][1]["price"]["effective"]["amount"], "20.00");
    let categories = get_json(app, token, "/api/v1/categories").await;
    let paths: Vec<&str> = categories["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["Chăm sóc da", "Cura del viso"]);

    // The same file saved by an old spreadsheet in Latin-1: refused, naming the row.
    let latin1 = b"name;price\r\nSiero Viso;30\r\nCr\xe8me de jour;24,90\r\n".to_vec();
    let (status, body) = import(app, token, IMPORT, latin1).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_csv");
    assert_eq!(body["error"]["details"]["row"], 3);
    assert!(body["error"]["message"].as_str().unwrap().contains("UTF-8"));
    assert_eq!(get_json(app, token, "/api/v1/products").await["total"], 2);

    // The same names in another case match: nothing is duplicated.
    let again = file.replace("Sữa rửa mặt trà xanh;12,50", "SỮA RỬA MẶT TRÀ XANH;12,50");
    let (status, body) = import(app, token, IMPORT, again).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["summary"]["created"], 0);
    assert_eq!(get_json(app, token, "/api/v1/products").await["total"], 2);
}

#[tokio::test]
async fn a_bom_semicolons_and_vietnamese_and_italian_names_import_cleanly() {
    european_spreadsheets_import(&spawn_app().await).await;
}

/// Importing a file again updates what it created instead of duplicating it.
pub async fn reimport_updates(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let (_, first) = import(app, token, IMPORT, two_products()).await;
    let (status, body) = import(app, token, IMPORT, two_products()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["summary"],
        json!({"created": 0, "updated": 0, "unchanged": 2, "new_categories": 0, "errors": 0})
    );
    let changed = format!(
        "{}Glow Serum,45.00,EUR,,size,100ml,25,,,GS-1,\n",
        two_products().replace("Hydra Cream,55,", "Hydra Cream,59.90,")
    );
    let (status, body) = import(app, token, IMPORT, changed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["summary"],
        json!({"created": 0, "updated": 2, "unchanged": 0, "new_categories": 0, "errors": 0})
    );
    assert_eq!(body["products"][0]["id"], first["products"][0]["id"]);
    assert_eq!(body["products"][1]["id"], first["products"][1]["id"]);
    let page = get_json(app, token, "/api/v1/products?sort=name").await;
    assert_eq!(page["total"], 2, "updated, not duplicated");
    assert_eq!(page["items"][0]["variants"].as_array().unwrap().len(), 3);
    assert_eq!(
        page["items"][0]["variants"][2]["price"]["effective"]["amount"],
        "70.00"
    );
    assert_eq!(page["items"][1]["list_price"]["amount"], "59.90");

    // Matching by name when the file has no SKU column; fields it lacks stay as they are.
    let by_name = "name,price\nhydra cream,61\n";
    let (_, body) = import(app, token, IMPORT, by_name).await;
    assert_eq!(body["summary"]["updated"], 1);
    let hydra = get_json(app, token, "/api/v1/products?q=hydra").await;
    assert_eq!(hydra["total"], 1);
    assert_eq!(
        hydra["items"][0]["name"], "hydra cream",
        "the file's spelling wins"
    );
    assert_eq!(hydra["items"][0]["sku"], "HC-1");
    assert_eq!(hydra["items"][0]["description"], "Rich cream");
}

#[tokio::test]
async fn importing_a_file_again_updates_instead_of_duplicating() {
    reimport_updates(&spawn_app().await).await;
}

/// Export writes what import reads: importing an export changes nothing.
pub async fn export_import_round_trip(app: &TestApp) {
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let skincare: Value = app
        .post_as(token, "/api/v1/categories", &json!({"name": "Skincare"}))
        .await
        .json()
        .await
        .unwrap();
    let serums: Value = app
        .post_as(
            token,
            "/api/v1/categories",
            &json!({"name": "Serums", "parent_id": id(&skincare)}),
        )
        .await
        .json()
        .await
        .unwrap();
    create_product(
        app,
        token,
        json!({
            "name": "Glow Serum", "price": "45", "sku": "GS-1", "stock": 4,
            "description": "Vitamin C, 15%.\nSay \"wow\".", "category_id": id(&serums),
            "images": ["https://cdn.glow.example/a.jpg", "https://cdn.glow.example/b.jpg"],
            "variants": [
                {"type": "size", "name": "30ml", "stock": 0},
                {"type": "size", "name": "50ml", "price_modifier": "10", "stock": 8},
                {"type": "scent", "name": "Rosa, damascena", "price_modifier": "-5.5"}
            ]
        }),
    )
    .await;
    create_product(
        app,
        token,
        json!({"name": "Sữa rửa mặt trà xanh", "price": "12.5", "category_id": id(&skincare)}),
    )
    .await;
    create_product(
        app,
        token,
        json!({"name": "Crema all'acqua di rose", "price": "24.90", "stock": 0}),
    )
    .await;
    let hidden = create_product(app, token, json!({"name": "Old Balm", "price": "3"})).await;
    app.delete_as(token, &format!("/api/v1/products/{}", id(&hidden)))
        .await;

    let response = app.get_as(token, "/api/v1/products/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"products.csv\""
    );
    let exported = response.bytes().await.unwrap().to_vec();
    let text = String::from_utf8(exported.clone()).unwrap();
    assert!(text.starts_with(&format!("{HEADER}\n")), "{text}");
    assert!(
        !text.contains("Old Balm"),
        "deleted products are not exported"
    );
    assert!(
        text.contains("\"Vitamin C, 15%.\nSay \"\"wow\"\".\""),
        "{text}"
    );
    assert!(text.contains("Skincare > Serums"));
    assert!(text.contains("https://cdn.glow.example/a.jpg|https://cdn.glow.example/b.jpg"));

    let before = get_json(app, token, "/api/v1/products?sort=name").await;
    let (status, body) = import(app, token, IMPORT, exported.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["summary"],
        json!({"created": 0, "updated": 0, "unchanged": 3, "new_categories": 0, "errors": 0}),
        "export then import is a round trip"
    );
    let after = get_json(app, token, "/api/v1/products?sort=name").await;
    assert_eq!(after, before, "every field and timestamp as it was");
    let again = app
        .get_as(token, "/api/v1/products/export")
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(again.to_vec(), exported);

    // Into an empty workspace, the file builds the same catalog.
    let other = app.register("luca@shop.it", "Luca Shop").await;
    let (status, body) = import(app, &other.access_token, IMPORT, exported.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["summary"]["created"], 3);
    assert_eq!(body["summary"]["new_categories"], 2);
    let copied = app
        .get_as(&other.access_token, "/api/v1/products/export")
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(String::from_utf8(copied.to_vec()).unwrap(), text);
    let copy = get_json(app, &other.access_token, "/api/v1/products?sort=name").await;
    let fields = |page: &Value| -> Vec<Value> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                json!([
                    p["name"],
                    p["list_price"],
                    p["stock"],
                    p["sku"],
                    p["images"],
                    p["description"],
                    p["variants"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| json!([v["type"], v["name"], v["price_modifier"], v["stock"]]))
                        .collect::<Vec<_>>()
                ])
            })
            .collect()
    };
    assert_eq!(fields(&copy), fields(&before));
}

#[tokio::test]
async fn export_then_import_is_a_round_trip() {
    export_import_round_trip(&spawn_app().await).await;
}

#[tokio::test]
async fn files_upload_as_text_csv_or_as_a_multipart_file_field() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    let response = app
        .post_file_as(token, DRY_RUN, "file", two_products().as_bytes())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["summary"]["created"], 2);
    let response = app
        .post_file_as(token, IMPORT, "file", two_products().as_bytes())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(get_json(&app, token, "/api/v1/products").await["total"], 2);

    let response = app
        .post_file_as(token, IMPORT, "upload", two_products().as_bytes())
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["details"]["fields"][0]["field"], "file");
    for content_type in ["application/json", "text/plain", "application/octet-stream"] {
        let response = app
            .post_body_as(token, IMPORT, content_type, two_products())
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
        assert_eq!(error_code(response).await, "unsupported_media_type");
    }
    let response = app
        .post_body_as(token, IMPORT, "multipart/form-data; boundary=x", "garbage")
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, "malformed_upload");
    let response = app
        .post_body_as(token, IMPORT, "text/csv; charset=utf-8", two_products())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

/// Bytes that look random but are the same on every run.
fn junk(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

#[tokio::test]
async fn ten_megabytes_of_junk_get_a_clean_4xx_and_leave_the_catalog_untouched() {
    let app = spawn_app().await;
    let owner = app.register("ana@glow.it", "Glow Beauty").await;
    let token = &owner.access_token;
    const TEN_MB: usize = 10 * 1024 * 1024;

    let response = app
        .post_body_as(token, IMPORT, "text/csv", vec![b'a'; TEN_MB + 1])
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(response).await, "payload_too_large");
    let response = app
        .post_file_as(token, IMPORT, "file", &junk(TEN_MB + 1, 7))
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let mut binary = b"name,price\nGlow Serum,45\n".to_vec();
    binary.extend(junk(TEN_MB - 1024, 42));
    let (status, body) = import(&app, token, IMPORT, binary.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_csv");
    assert!(
        body["error"]["details"]["row"].as_u64().unwrap() >= 3,
        "{body}"
    );
    let (status, _) = import(&app, token, DRY_RUN, binary).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let lines = "lorem ipsum dolor,sit amet;consectetur\n".repeat(TEN_MB / 40);
    let (status, body) = import(&app, token, DRY_RUN, lines.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["valid"], false);
    let codes: Vec<String> = row_errors(&body["errors"])
        .into_iter()
        .map(|e| e.2)
        .collect();
    assert_eq!(
        codes,
        [
            "unknown_column",
            "unknown_column",
            "missing_column",
            "missing_column"
        ]
    );
    let (status, body) = import(&app, token, IMPORT, lines).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_import");

    let mut many = String::from("name,price\n");
    while many.len() < TEN_MB - 64 {
        many.push_str("Cream,9\n");
    }
    let (status, body) = import(&app, token, IMPORT, many).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = row_errors(&body["error"]["details"]["errors"]);
    assert_eq!(
        errors,
        [(
            catalog::import::MAX_IMPORT_ROWS as u64 + 2,
            String::new(),
            "too_many_rows".to_owned()
        )]
    );

    let wide = format!("name,price\n{}\n", "x,".repeat(TEN_MB / 4));
    let (status, body) = import(&app, token, IMPORT, wide).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_csv");
    assert_eq!(body["error"]["details"]["row"], 2);

    assert_eq!(get_json(&app, token, "/api/v1/products").await["total"], 0);
    assert_eq!(
        get_json(&app, token, "/api/v1/categories").await["total"],
        0
    );
}
