//! The shop fixture (`tests/conversations/_shop.yaml`), created through the public API in
//! a fresh workspace, and the prices it ended up with as the API reports them.

use std::collections::{BTreeMap, BTreeSet};

use chatdesk_tests::app::TestApp;
use chrono::{Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::money;
use super::scenario::directory;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shop {
    pub business_name: String,
    pub products: Vec<NewProduct>,
    #[serde(default)]
    pub offers: Vec<NewOffer>,
    #[serde(default)]
    pub faqs: Vec<NewFaq>,
}

/// The body of `POST /api/v1/products`, as far as the fixture needs it.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    pub name: String,
    pub price: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub variants: Vec<NewVariant>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NewVariant {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_modifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
}

/// A percentage offer on named products, running from yesterday for a month.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOffer {
    pub name: String,
    pub percent: String,
    pub products: Vec<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NewFaq {
    pub question: String,
    pub answer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

pub fn load() -> Result<Shop, String> {
    let path = directory().join("_shop.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_norway::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// What the seeded catalog costs, read back from the API: every amount a reply may
/// state as a price, and the effective unit price of each product and variant.
#[derive(Debug, Default)]
pub struct Prices {
    /// List prices, effective prices and offer savings of every product and variant,
    /// plus the amounts the FAQ answers mention.
    pub catalog: BTreeSet<i64>,
    /// Effective unit price by (lower-case product name, lower-case variant name).
    pub unit: BTreeMap<(String, Option<String>), i64>,
}

impl Prices {
    pub fn unit_price(&self, product: &str, variant: Option<&str>) -> Option<i64> {
        self.unit
            .get(&(product.to_lowercase(), variant.map(str::to_lowercase)))
            .copied()
    }
}

async fn created(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(
        status.is_success(),
        "seeding the shop: {what} answered {status}: {body:#}"
    );
    body
}

/// Creates the shop's products, offers and FAQs as `token`, then reads the prices back.
pub async fn seed(app: &TestApp, token: &str, shop: &Shop) -> Prices {
    let mut ids = BTreeMap::new();
    for product in &shop.products {
        let body = serde_json::to_value(product).expect("product json");
        let product_json = created(
            app.post_as(token, "/api/v1/products", &body).await,
            &format!("product {}", product.name),
        )
        .await;
        let id = product_json["id"].as_str().expect("product id").to_owned();
        ids.insert(product.name.to_lowercase(), id);
    }
    let stamp = |offset: Duration| (Utc::now() + offset).to_rfc3339_opts(SecondsFormat::Secs, true);
    for offer in &shop.offers {
        let product_ids: Vec<&String> = offer
            .products
            .iter()
            .map(|name| {
                ids.get(&name.to_lowercase())
                    .unwrap_or_else(|| panic!("offer {}: no product {name}", offer.name))
            })
            .collect();
        created(
            app.post_as(
                token,
                "/api/v1/offers",
                &json!({
                    "name": offer.name,
                    "discount": {"type": "percentage", "percent": offer.percent},
                    "target": {"type": "products", "product_ids": product_ids},
                    "starts_at": stamp(Duration::days(-1)),
                    "ends_at": stamp(Duration::days(30)),
                }),
            )
            .await,
            &format!("offer {}", offer.name),
        )
        .await;
    }
    let mut prices = Prices::default();
    for faq in &shop.faqs {
        let body = serde_json::to_value(faq).expect("faq json");
        created(
            app.post_as(token, "/api/v1/knowledge/faqs", &body).await,
            &format!("FAQ {}", faq.question),
        )
        .await;
        prices.catalog.extend(money::euro_amounts(&faq.answer));
    }
    let page = created(
        app.get_as(token, "/api/v1/products?per_page=100").await,
        "the product list",
    )
    .await;
    for product in page["items"].as_array().expect("products") {
        let name = product["name"].as_str().unwrap_or_default().to_lowercase();
        record_quote(&mut prices, &product["price"]);
        if let Some(list) = amount(&product["list_price"]) {
            prices.catalog.insert(list);
        }
        if let Some(effective) = amount(&product["price"]["effective"]) {
            prices.unit.insert((name.clone(), None), effective);
        }
        for variant in product["variants"].as_array().into_iter().flatten() {
            record_quote(&mut prices, &variant["price"]);
            let variant_name = variant["name"].as_str().unwrap_or_default().to_lowercase();
            if let Some(effective) = amount(&variant["price"]["effective"]) {
                prices
                    .unit
                    .insert((name.clone(), Some(variant_name)), effective);
            }
        }
    }
    assert_eq!(
        prices
            .unit
            .keys()
            .map(|(p, _)| p)
            .collect::<BTreeSet<_>>()
            .len(),
        shop.products.len(),
        "every product of the shop is listed with its prices"
    );
    prices
}

fn amount(money: &Value) -> Option<i64> {
    money["amount"].as_str().and_then(money::cents)
}

fn record_quote(prices: &mut Prices, quote: &Value) {
    for value in [
        &quote["base"],
        &quote["effective"],
        &quote["offer"]["saving"],
    ] {
        if let Some(cents) = amount(value) {
            prices.catalog.insert(cents);
        }
    }
}
