//! JSON shapes the catalog routes share (money, prices as the catalog quotes them,
//! products with their variants) and the helpers that turn request fields into domain
//! values while collecting every invalid field for one 422.
//!
//! Prices are never computed here: every amount comes from the catalog (`PricedProduct`,
//! `PriceQuote`) and is only formatted, as a decimal string padded to the currency's
//! minor units, so clients never see binary floating point.

use std::fmt::Display;

use catalog::{
    AppliedOffer, Discount, ImageUrl, ImageUrls, PriceQuote, PricedProduct, StockLevel, Variant,
};
use chrono::{DateTime, Utc};
use kernel::{Currency, Money, Page, PageRequest};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

use crate::http::FieldErrors;

/// An exact amount: a decimal string with the currency's minor units, and the currency.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"amount": "24.90", "currency": "EUR"}))]
pub struct MoneyDto {
    #[schema(example = "24.90")]
    pub amount: String,
    #[schema(example = "EUR")]
    pub currency: String,
}

impl From<Money> for MoneyDto {
    fn from(money: Money) -> Self {
        let digits = money.currency().minor_units() as usize;
        Self {
            amount: format!("{:.*}", digits, money.amount()),
            currency: money.currency().code().to_owned(),
        }
    }
}

/// What a customer pays now, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct PriceQuoteDto {
    /// The list price plus the variant's modifier.
    pub base: MoneyDto,
    /// What the customer pays: `base` after the best active offer; never above `base`.
    pub effective: MoneyDto,
    /// The offer behind `effective`, or null when none applies.
    pub offer: Option<AppliedOfferDto>,
}

impl From<PriceQuote> for PriceQuoteDto {
    fn from(quote: PriceQuote) -> Self {
        Self {
            base: quote.base.into(),
            effective: quote.effective.into(),
            offer: quote.offer.map(AppliedOfferDto::from),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AppliedOfferDto {
    pub offer_id: uuid::Uuid,
    #[schema(example = "Black Friday")]
    pub name: String,
    pub discount: DiscountDto,
    /// `base` minus `effective`.
    pub saving: MoneyDto,
    pub ends_at: DateTime<Utc>,
}

impl From<AppliedOffer> for AppliedOfferDto {
    fn from(offer: AppliedOffer) -> Self {
        Self {
            offer_id: offer.offer_id.as_uuid(),
            name: offer.name.as_str().to_owned(),
            discount: offer.discount.into(),
            saving: offer.saving.into(),
            ends_at: offer.ends_at,
        }
    }
}

/// How much an offer takes off: a percentage of the price, or a fixed amount.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DiscountDto {
    /// Above 0 and below 100, at most two decimals, as a string: "20", "12.5".
    Percentage {
        #[schema(example = "20")]
        percent: String,
    },
    /// An amount off, in the workspace currency (`currency` defaults to it).
    Fixed {
        #[schema(example = "5.00")]
        amount: String,
        #[schema(example = "EUR")]
        currency: Option<String>,
    },
}

impl From<Discount> for DiscountDto {
    fn from(discount: Discount) -> Self {
        match discount {
            Discount::Percentage(percent) => DiscountDto::Percentage {
                percent: percent.value().normalize().to_string(),
            },
            Discount::Fixed(amount) => {
                let money = MoneyDto::from(amount.money());
                DiscountDto::Fixed {
                    amount: money.amount,
                    currency: Some(money.currency),
                }
            }
        }
    }
}

/// A product with its prices as a customer sees them right now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductResponse {
    pub id: uuid::Uuid,
    #[schema(example = "Sữa rửa mặt trà xanh")]
    pub name: String,
    pub description: String,
    #[schema(example = "GS-30")]
    pub sku: Option<String>,
    pub images: Vec<String>,
    /// The seller's on/off switch.
    pub available: bool,
    /// Units in stock; null when stock is not counted (always in stock).
    pub stock: Option<u32>,
    pub category_id: Option<uuid::Uuid>,
    pub supplier_id: Option<uuid::Uuid>,
    pub tags: Vec<String>,
    /// The price the seller set.
    pub list_price: MoneyDto,
    /// What a customer pays now for the product itself.
    pub price: PriceQuoteDto,
    /// Whether the assistant may offer the product: available, in stock, and with at
    /// least one offered variant when it has variants.
    pub offered: bool,
    pub variants: Vec<VariantResponse>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VariantResponse {
    pub id: uuid::Uuid,
    /// size, shade, scent, color or custom.
    #[serde(rename = "type")]
    #[schema(example = "size")]
    pub kind: String,
    #[schema(example = "50ml")]
    pub name: String,
    /// Added to the product's list price; may be negative.
    pub price_modifier: MoneyDto,
    pub available: bool,
    pub stock: Option<u32>,
    /// What a customer pays now for this variant.
    pub price: PriceQuoteDto,
    /// False when switched off or out of stock (or the product is not for sale).
    pub offered: bool,
}

impl From<PricedProduct> for ProductResponse {
    fn from(priced: PricedProduct) -> Self {
        let PricedProduct {
            product,
            price,
            offered,
            variants: mut quotes,
        } = priced;
        let variants = product
            .variants()
            .iter()
            .filter_map(|variant| {
                // The catalog prices every variant; a missing quote would be a catalog bug,
                // and leaving the variant out beats inventing a price for it.
                let position = quotes.iter().position(|q| q.variant_id == variant.id)?;
                let quote = quotes.swap_remove(position);
                Some(VariantResponse::new(variant, quote.price, quote.offered))
            })
            .collect();
        Self {
            id: product.id().as_uuid(),
            name: product.name().as_str().to_owned(),
            description: product.description().as_str().to_owned(),
            sku: product.sku().map(|s| s.as_str().to_owned()),
            images: image_strings(product.images()),
            available: product.is_available(),
            stock: product.stock().quantity(),
            category_id: product.category_id().map(|id| id.as_uuid()),
            supplier_id: product.supplier_id().map(|id| id.as_uuid()),
            tags: product
                .tags()
                .as_slice()
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            list_price: product.price().money().into(),
            price: price.into(),
            offered,
            variants,
            created_at: product.created_at(),
            updated_at: product.updated_at(),
        }
    }
}

impl VariantResponse {
    fn new(variant: &Variant, price: PriceQuote, offered: bool) -> Self {
        Self {
            id: variant.id.as_uuid(),
            kind: variant.kind.as_str().to_owned(),
            name: variant.name.as_str().to_owned(),
            price_modifier: variant.price_modifier.money().into(),
            available: variant.available,
            stock: variant.stock.quantity(),
            price: price.into(),
            offered,
        }
    }
}

fn image_strings(images: &ImageUrls) -> Vec<String> {
    images
        .as_slice()
        .iter()
        .map(|url| url.as_str().to_owned())
        .collect()
}

/// The stable code a domain validation error reports in `details.fields[].code`.
pub trait DomainCode {
    fn domain_code(&self) -> &'static str;
}

macro_rules! domain_code {
    ($($error:ty),+ $(,)?) => {
        $(impl DomainCode for $error {
            fn domain_code(&self) -> &'static str {
                self.code()
            }
        })+
    };
    ($($error:ty),+ => $code:literal) => {
        $(impl DomainCode for $error {
            fn domain_code(&self) -> &'static str {
                $code
            }
        })+
    };
}

domain_code!(
    catalog::ProductNameError,
    catalog::PriceError,
    catalog::PriceModifierError,
    catalog::DescriptionError,
    catalog::SkuError,
    catalog::ImageUrlError,
    catalog::ImageUrlsError,
    catalog::TagError,
    catalog::TagsError,
    catalog::StockLevelError,
    catalog::VariantKindError,
    catalog::VariantNameError,
    catalog::CategoryNameError,
    catalog::SupplierNameError,
    catalog::PhoneNumberError,
    catalog::DiscountError,
    catalog::OfferWindowError,
    catalog::ProductSetError,
);
domain_code!(kernel::CurrencyError => "unknown_currency");
domain_code!(kernel::EmailError => "invalid_email");
domain_code!(
    catalog::ContactNameError,
    catalog::OfferNameError,
    catalog::SearchQueryError,
    catalog::PriceRangeError,
    catalog::ProductSortError => "invalid"
);

/// Keeps the parsed value, or records why `field` is invalid with the domain's code.
pub fn checked<T, E: DomainCode + Display>(
    errors: &mut FieldErrors,
    field: &str,
    parsed: Result<T, E>,
) -> Option<T> {
    match parsed {
        Ok(value) => Some(value),
        Err(e) => {
            errors.add(field, e.domain_code(), e.to_string());
            None
        }
    }
}

/// A required field that is absent: reported like the domain reports a blank value.
pub fn required<'a>(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&'a str>,
) -> Option<&'a str> {
    if raw.is_none() {
        errors.add(field, "missing", format!("{field} is required"));
    }
    raw
}

/// The currency an amount is in: the one given, or the workspace's. A different valid
/// currency is kept, so the catalog can answer `currency_mismatch` naming both.
pub fn currency_or(
    errors: &mut FieldErrors,
    field: &str,
    raw: Option<&str>,
    workspace: Currency,
) -> Option<Currency> {
    match raw {
        None => Some(workspace),
        Some(raw) => checked(errors, field, Currency::parse(raw)),
    }
}

/// Stock as JSON carries it: a whole number of units, or null for "not counted".
pub fn stock(errors: &mut FieldErrors, field: &str, raw: Option<i64>) -> Option<StockLevel> {
    match raw {
        None => Some(StockLevel::Untracked),
        Some(count) => checked(errors, field, StockLevel::tracked(count)),
    }
}

/// Image URLs, each named by its position when invalid (`images[2]`).
pub fn images(errors: &mut FieldErrors, field: &str, raw: &[String]) -> Option<ImageUrls> {
    let mut urls = Vec::with_capacity(raw.len());
    let mut valid = true;
    for (i, url) in raw.iter().enumerate() {
        match checked(errors, &format!("{field}[{i}]"), ImageUrl::parse(url)) {
            Some(url) => urls.push(url),
            None => valid = false,
        }
    }
    if !valid {
        return None;
    }
    checked(errors, field, ImageUrls::new(urls))
}

/// One page of a list the catalog hands over whole (a product's variants, the category
/// tree: tens of items), so every list answers with the same envelope.
pub fn page_of<T>(items: Vec<T>, request: PageRequest) -> Page<T> {
    let total = items.len() as u64;
    let skip = usize::try_from(request.offset()).unwrap_or(usize::MAX);
    let items = items
        .into_iter()
        .skip(skip)
        .take(request.per_page() as usize)
        .collect();
    Page::new(items, total, request)
}

/// Tells an absent field (outer `None`) from an explicit `null` (`Some(None)`), for
/// patches where `null` clears a value.
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn amounts_are_padded_to_the_currency_minor_units() {
        let eur = Currency::parse("EUR").unwrap();
        let money = Money::new(Decimal::from_str("24.9").unwrap(), eur).unwrap();
        let dto = MoneyDto::from(money);
        assert_eq!(dto.amount, "24.90");
        assert_eq!(dto.currency, "EUR");
        let vnd = Currency::parse("VND").unwrap();
        let money = Money::new(Decimal::from(350_000), vnd).unwrap();
        assert_eq!(MoneyDto::from(money).amount, "350000");
        let negative = Money::new(Decimal::from_str("-5").unwrap(), eur).unwrap();
        assert_eq!(MoneyDto::from(negative).amount, "-5.00");
    }

    #[test]
    fn percentages_print_without_trailing_zeros() {
        let discount = Discount::percentage(Decimal::from_str("12.50").unwrap()).unwrap();
        match DiscountDto::from(discount) {
            DiscountDto::Percentage { percent } => assert_eq!(percent, "12.5"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invalid_images_are_named_by_position() {
        let mut errors = FieldErrors::new();
        let parsed = images(
            &mut errors,
            "images",
            &[
                "https://a.example/1.jpg".into(),
                "javascript:alert(1)".into(),
            ],
        );
        assert!(parsed.is_none());
        let error = errors.finish().unwrap_err();
        let details = error.details.unwrap();
        assert_eq!(details["fields"][0]["field"], "images[1]");
        assert_eq!(details["fields"][0]["code"], "invalid_url_scheme");
    }
}
