//! The catalog at size: 10,000 products with 3 variants each, imported in one request,
//! then listed with filters.

use std::fmt::Write;
use std::time::Instant;

/// The import CSV: one row per variant, 10 categories, SKUs, stock, descriptions.
pub fn catalog_csv(products: usize) -> String {
    let categories = [
        "Skincare",
        "Makeup",
        "Haircare",
        "Fragrance",
        "Bodycare",
        "Nails",
        "Tools",
        "Men",
        "Sun",
        "Gifts",
    ];
    let shades = ["Light", "Medium", "Deep"];
    let mut csv = String::from(
        "name,price,currency,description,variant_type,variant_name,variant_price,category,stock,sku\n",
    );
    for n in 0..products {
        let category = categories[n % categories.len()];
        let price = 5 + (n % 95);
        for (v, shade) in shades.iter().enumerate() {
            let _ = writeln!(
                csv,
                "Product {n} {category} serum,{price}.90,EUR,A {category} favourite number {n} with vitamin C,shade,{shade},{},{category},{},SKU-{n}",
                v * 2,
                (n + v) % 40,
            );
        }
    }
    csv
}

pub async fn import(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    csv: String,
) -> Result<(f64, serde_json::Value), String> {
    let started = Instant::now();
    let response = client
        .post(format!("{base}/api/v1/products/import"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let body: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("import answered {status}: {body}"));
    }
    Ok((started.elapsed().as_secs_f64(), body))
}
