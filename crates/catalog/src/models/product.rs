//! The product aggregate: a product with its variants, and the rules that span them.

use chrono::{DateTime, Utc};
use kernel::{Currency, Money, WorkspaceId};

use super::{
    CategoryId, Description, ImageUrls, NewVariant, Price, ProductName, Sku, StockLevel,
    SupplierId, Tags, Variant, VariantId, VariantName, VariantPatch,
};

kernel::typed_id!(
    /// A product in one workspace's catalog.
    ProductId
);

/// More variants than this is a catalog import gone wrong, not a product.
pub const MAX_VARIANTS: usize = 100;

/// A product and its variants. Fields are private because some rules span several of
/// them (a variant's price must stay above zero when the product's price drops; two
/// variants may not share a name), so every change goes through a method that checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    id: ProductId,
    workspace_id: WorkspaceId,
    name: ProductName,
    description: Description,
    price: Price,
    sku: Option<Sku>,
    images: ImageUrls,
    available: bool,
    stock: StockLevel,
    category_id: Option<CategoryId>,
    supplier_id: Option<SupplierId>,
    tags: Tags,
    variants: Vec<Variant>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    deleted_at: Option<DateTime<Utc>>,
}

/// Rules of the product aggregate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductRuleError {
    #[error("this product already has a variant named '{0}'")]
    DuplicateVariantName(String),
    #[error("variant '{variant}' would cost {price}; a variant's price must stay above zero")]
    VariantPriceNotPositive { variant: String, price: Money },
    #[error("amounts are in {found}, but this product is priced in {expected}")]
    CurrencyMismatch { expected: Currency, found: Currency },
    #[error("a product can have at most {MAX_VARIANTS} variants")]
    TooManyVariants,
    #[error("variant not found")]
    VariantNotFound(VariantId),
}

impl ProductRuleError {
    pub fn code(&self) -> &'static str {
        match self {
            ProductRuleError::DuplicateVariantName(_) => "duplicate_variant",
            ProductRuleError::VariantPriceNotPositive { .. } => "variant_price_not_positive",
            ProductRuleError::CurrencyMismatch { .. } => "currency_mismatch",
            ProductRuleError::TooManyVariants => "too_many_variants",
            ProductRuleError::VariantNotFound(_) => "variant_not_found",
        }
    }
}

/// What a seller fills in to create a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    pub name: ProductName,
    pub description: Description,
    pub price: Price,
    pub sku: Option<Sku>,
    pub images: ImageUrls,
    pub available: bool,
    pub stock: StockLevel,
    pub category_id: Option<CategoryId>,
    pub supplier_id: Option<SupplierId>,
    pub tags: Tags,
    pub variants: Vec<NewVariant>,
}

impl NewProduct {
    /// The onboarding "quick add": a name and a price, available, stock not counted.
    pub fn new(name: ProductName, price: Price) -> Self {
        Self {
            name,
            description: Description::empty(),
            price,
            sku: None,
            images: ImageUrls::default(),
            available: true,
            stock: StockLevel::Untracked,
            category_id: None,
            supplier_id: None,
            tags: Tags::default(),
            variants: Vec::new(),
        }
    }
}

/// A partial change to a product; `None` leaves a field as it is, and for optional
/// fields `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductPatch {
    pub name: Option<ProductName>,
    pub description: Option<Description>,
    pub price: Option<Price>,
    pub sku: Option<Option<Sku>>,
    pub images: Option<ImageUrls>,
    pub available: Option<bool>,
    pub stock: Option<StockLevel>,
    pub category_id: Option<Option<CategoryId>>,
    pub supplier_id: Option<Option<SupplierId>>,
    pub tags: Option<Tags>,
}

impl ProductPatch {
    pub fn is_empty(&self) -> bool {
        *self == ProductPatch::default()
    }
}

/// Every stored field of a product, for storage adapters rebuilding one from rows.
/// `Product::from_record` re-checks the aggregate's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductRecord {
    pub id: ProductId,
    pub workspace_id: WorkspaceId,
    pub name: ProductName,
    pub description: Description,
    pub price: Price,
    pub sku: Option<Sku>,
    pub images: ImageUrls,
    pub available: bool,
    pub stock: StockLevel,
    pub category_id: Option<CategoryId>,
    pub supplier_id: Option<SupplierId>,
    pub tags: Tags,
    pub variants: Vec<Variant>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Product {
    pub fn create(
        workspace_id: WorkspaceId,
        new: NewProduct,
        now: DateTime<Utc>,
    ) -> Result<Self, ProductRuleError> {
        Self::from_record(ProductRecord {
            id: ProductId::new(),
            workspace_id,
            name: new.name,
            description: new.description,
            price: new.price,
            sku: new.sku,
            images: new.images,
            available: new.available,
            stock: new.stock,
            category_id: new.category_id,
            supplier_id: new.supplier_id,
            tags: new.tags,
            variants: new
                .variants
                .into_iter()
                .map(NewVariant::into_variant)
                .collect(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
        })
    }

    pub fn from_record(record: ProductRecord) -> Result<Self, ProductRuleError> {
        let product = Self {
            id: record.id,
            workspace_id: record.workspace_id,
            name: record.name,
            description: record.description,
            price: record.price,
            sku: record.sku,
            images: record.images,
            available: record.available,
            stock: record.stock,
            category_id: record.category_id,
            supplier_id: record.supplier_id,
            tags: record.tags,
            variants: record.variants,
            created_at: record.created_at,
            updated_at: record.updated_at,
            deleted_at: record.deleted_at,
        };
        product.check()?;
        Ok(product)
    }

    /// Every stored field, for storage adapters writing rows and for merges that rebuild
    /// the product through `from_record`.
    pub fn to_record(&self) -> ProductRecord {
        ProductRecord {
            id: self.id,
            workspace_id: self.workspace_id,
            name: self.name.clone(),
            description: self.description.clone(),
            price: self.price,
            sku: self.sku.clone(),
            images: self.images.clone(),
            available: self.available,
            stock: self.stock,
            category_id: self.category_id,
            supplier_id: self.supplier_id,
            tags: self.tags.clone(),
            variants: self.variants.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
        }
    }

    pub fn id(&self) -> ProductId {
        self.id
    }

    pub fn workspace_id(&self) -> WorkspaceId {
        self.workspace_id
    }

    pub fn name(&self) -> &ProductName {
        &self.name
    }

    pub fn description(&self) -> &Description {
        &self.description
    }

    /// The list price the seller set. What a customer pays comes from `crate::pricing`.
    pub fn price(&self) -> Price {
        self.price
    }

    pub fn currency(&self) -> Currency {
        self.price.currency()
    }

    pub fn sku(&self) -> Option<&Sku> {
        self.sku.as_ref()
    }

    pub fn images(&self) -> &ImageUrls {
        &self.images
    }

    pub fn is_available(&self) -> bool {
        self.available
    }

    pub fn stock(&self) -> StockLevel {
        self.stock
    }

    pub fn category_id(&self) -> Option<CategoryId> {
        self.category_id
    }

    pub fn supplier_id(&self) -> Option<SupplierId> {
        self.supplier_id
    }

    pub fn tags(&self) -> &Tags {
        &self.tags
    }

    pub fn variants(&self) -> &[Variant] {
        &self.variants
    }

    pub fn variant(&self, id: VariantId) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }

    pub fn variant_named(&self, name: &VariantName) -> Option<&Variant> {
        let key = name.match_key();
        self.variants.iter().find(|v| v.name.match_key() == key)
    }

    pub fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }

    pub fn updated_at(&self) -> DateTime<Utc> {
        self.updated_at
    }

    pub fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.deleted_at
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// Whether the assistant may offer this product: not deleted, switched on, not counted
    /// down to zero, and (when it has variants) with at least one variant it may offer.
    pub fn is_offered(&self) -> bool {
        self.is_sellable_itself()
            && (self.variants.is_empty() || self.variants.iter().any(Variant::is_sellable))
    }

    /// Out-of-stock or switched-off variants are never offered, nor any variant of a
    /// product that is not for sale itself.
    pub fn is_variant_offered(&self, variant: &Variant) -> bool {
        self.is_sellable_itself() && variant.is_sellable()
    }

    /// The variants the assistant may offer, in the seller's order.
    pub fn offered_variants(&self) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(|v| self.is_variant_offered(v))
    }

    fn is_sellable_itself(&self) -> bool {
        !self.is_deleted() && self.available && !self.stock.is_out_of_stock()
    }

    /// Applies a partial change all-or-nothing: if any rule breaks, nothing changes.
    /// Returns whether anything actually changed (so no-op saves emit no events).
    pub fn apply(
        &mut self,
        patch: ProductPatch,
        now: DateTime<Utc>,
    ) -> Result<bool, ProductRuleError> {
        let mut next = self.clone();
        if let Some(name) = patch.name {
            next.name = name;
        }
        if let Some(description) = patch.description {
            next.description = description;
        }
        if let Some(price) = patch.price {
            next.price = price;
        }
        if let Some(sku) = patch.sku {
            next.sku = sku;
        }
        if let Some(images) = patch.images {
            next.images = images;
        }
        if let Some(available) = patch.available {
            next.available = available;
        }
        if let Some(stock) = patch.stock {
            next.stock = stock;
        }
        if let Some(category_id) = patch.category_id {
            next.category_id = category_id;
        }
        if let Some(supplier_id) = patch.supplier_id {
            next.supplier_id = supplier_id;
        }
        if let Some(tags) = patch.tags {
            next.tags = tags;
        }
        self.commit(next, now)
    }

    pub fn set_available(&mut self, available: bool, now: DateTime<Utc>) -> bool {
        if self.available == available {
            return false;
        }
        self.available = available;
        self.updated_at = now;
        true
    }

    pub fn add_variant(
        &mut self,
        new: NewVariant,
        now: DateTime<Utc>,
    ) -> Result<VariantId, ProductRuleError> {
        let variant = new.into_variant();
        let id = variant.id;
        let mut next = self.clone();
        next.variants.push(variant);
        self.commit(next, now)?;
        Ok(id)
    }

    pub fn update_variant(
        &mut self,
        id: VariantId,
        patch: VariantPatch,
        now: DateTime<Utc>,
    ) -> Result<bool, ProductRuleError> {
        let mut next = self.clone();
        let variant = next
            .variants
            .iter_mut()
            .find(|v| v.id == id)
            .ok_or(ProductRuleError::VariantNotFound(id))?;
        patch.apply_to(variant);
        self.commit(next, now)
    }

    pub fn remove_variant(
        &mut self,
        id: VariantId,
        now: DateTime<Utc>,
    ) -> Result<Variant, ProductRuleError> {
        let position = self
            .variants
            .iter()
            .position(|v| v.id == id)
            .ok_or(ProductRuleError::VariantNotFound(id))?;
        let removed = self.variants.remove(position);
        self.updated_at = now;
        Ok(removed)
    }

    /// Stamps a change decided outside the aggregate's own methods (an import merge).
    pub(crate) fn touch(&mut self, now: DateTime<Utc>) {
        self.updated_at = now;
    }

    /// Soft delete: hidden from the catalog and the assistant, kept for order history.
    pub fn mark_deleted(&mut self, now: DateTime<Utc>) {
        if self.deleted_at.is_none() {
            self.deleted_at = Some(now);
            self.updated_at = now;
        }
    }

    /// Undoes a soft delete.
    pub fn restore(&mut self, now: DateTime<Utc>) {
        if self.deleted_at.is_some() {
            self.deleted_at = None;
            self.updated_at = now;
        }
    }

    /// Replaces `self` with `next` if `next` keeps every rule; stamps `updated_at` only
    /// when something changed.
    fn commit(&mut self, mut next: Product, now: DateTime<Utc>) -> Result<bool, ProductRuleError> {
        next.check()?;
        if next == *self {
            return Ok(false);
        }
        next.updated_at = now;
        *self = next;
        Ok(true)
    }

    fn check(&self) -> Result<(), ProductRuleError> {
        if self.variants.len() > MAX_VARIANTS {
            return Err(ProductRuleError::TooManyVariants);
        }
        let currency = self.price.currency();
        let mut seen: Vec<String> = Vec::with_capacity(self.variants.len());
        for variant in &self.variants {
            let key = variant.name.match_key();
            if seen.contains(&key) {
                return Err(ProductRuleError::DuplicateVariantName(
                    variant.name.as_str().to_owned(),
                ));
            }
            seen.push(key);
            let modifier = variant.price_modifier.money();
            if modifier.currency() != currency {
                return Err(ProductRuleError::CurrencyMismatch {
                    expected: currency,
                    found: modifier.currency(),
                });
            }
            let price = self.price.money().checked_add(modifier).map_err(|_| {
                ProductRuleError::VariantPriceNotPositive {
                    variant: variant.name.as_str().to_owned(),
                    price: modifier,
                }
            })?;
            if !price.is_positive() {
                return Err(ProductRuleError::VariantPriceNotPositive {
                    variant: variant.name.as_str().to_owned(),
                    price,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::{PriceModifier, VariantKind};

    pub(crate) fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    pub(crate) fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, hour, 0, 0).unwrap()
    }

    pub(crate) fn variant(name: &str, modifier: &str) -> NewVariant {
        NewVariant::new(
            VariantKind::Size,
            VariantName::parse(name).unwrap(),
            PriceModifier::parse(modifier, eur()).unwrap(),
        )
    }

    pub(crate) fn new_product(name: &str, price: &str) -> NewProduct {
        NewProduct::new(
            ProductName::parse(name).unwrap(),
            Price::parse(price, eur()).unwrap(),
        )
    }

    pub(crate) fn glow_serum() -> Product {
        let mut new = new_product("Glow Serum", "45");
        new.variants = vec![variant("30ml", "0"), variant("50ml", "10")];
        Product::create(WorkspaceId::new(), new, at(9)).unwrap()
    }

    #[test]
    fn duplicate_variant_names_are_refused_ignoring_case() {
        let mut new = new_product("Glow Serum", "45");
        new.variants = vec![variant("Rose Gold", "0"), variant("ROSE  gold", "5")];
        let error = Product::create(WorkspaceId::new(), new, at(9)).unwrap_err();
        assert_eq!(
            error,
            ProductRuleError::DuplicateVariantName("ROSE  gold".into())
        );
        assert_eq!(error.code(), "duplicate_variant");
    }

    #[test]
    fn a_negative_modifier_may_not_make_a_variant_free() {
        let mut new = new_product("Mini Lipstick", "10");
        new.variants = vec![variant("Sample", "-9.99")];
        assert!(Product::create(WorkspaceId::new(), new.clone(), at(9)).is_ok());
        new.variants = vec![variant("Sample", "-10")];
        let error = Product::create(WorkspaceId::new(), new, at(9)).unwrap_err();
        assert!(matches!(
            error,
            ProductRuleError::VariantPriceNotPositive { ref variant, .. } if variant == "Sample"
        ));
        assert_eq!(
            error.to_string(),
            "variant 'Sample' would cost 0.00 EUR; a variant's price must stay above zero"
        );
    }

    #[test]
    fn lowering_the_price_is_refused_when_a_variant_would_become_free() {
        let mut product = glow_serum();
        product
            .add_variant(variant("Travel", "-40"), at(10))
            .unwrap();
        let before = product.clone();
        let patch = ProductPatch {
            price: Some(Price::parse("40", eur()).unwrap()),
            name: Some(ProductName::parse("Renamed").unwrap()),
            ..ProductPatch::default()
        };
        assert!(matches!(
            product.apply(patch, at(11)),
            Err(ProductRuleError::VariantPriceNotPositive { .. })
        ));
        assert_eq!(product, before, "a refused patch changes nothing");
    }

    #[test]
    fn modifiers_must_be_in_the_product_currency() {
        let mut product = glow_serum();
        let usd = Currency::parse("USD").unwrap();
        let foreign = NewVariant::new(
            VariantKind::Size,
            VariantName::parse("100ml").unwrap(),
            PriceModifier::parse("5", usd).unwrap(),
        );
        assert_eq!(
            product.add_variant(foreign, at(10)),
            Err(ProductRuleError::CurrencyMismatch {
                expected: eur(),
                found: usd
            })
        );
    }

    #[test]
    fn patches_report_whether_anything_changed() {
        let mut product = glow_serum();
        assert_eq!(product.apply(ProductPatch::default(), at(10)), Ok(false));
        assert_eq!(product.updated_at(), at(9));
        let patch = ProductPatch {
            available: Some(false),
            ..ProductPatch::default()
        };
        assert_eq!(product.apply(patch, at(10)), Ok(true));
        assert_eq!(product.updated_at(), at(10));
        assert!(!product.is_available());
    }

    #[test]
    fn renaming_a_variant_onto_another_is_refused() {
        let mut product = glow_serum();
        let id = product.variants()[1].id;
        let patch = VariantPatch {
            name: Some(VariantName::parse("30ML").unwrap()),
            ..VariantPatch::default()
        };
        assert!(matches!(
            product.update_variant(id, patch, at(10)),
            Err(ProductRuleError::DuplicateVariantName(_))
        ));
        assert!(matches!(
            product.update_variant(VariantId::new(), VariantPatch::default(), at(10)),
            Err(ProductRuleError::VariantNotFound(_))
        ));
    }

    #[test]
    fn out_of_stock_variants_are_not_offered() {
        let mut product = glow_serum();
        let thirty = product.variants()[0].id;
        let fifty = product.variants()[1].id;
        let sold_out = VariantPatch {
            stock: Some(StockLevel::Tracked(0)),
            ..VariantPatch::default()
        };
        product
            .update_variant(thirty, sold_out.clone(), at(10))
            .unwrap();
        let offered: Vec<_> = product.offered_variants().map(|v| v.id).collect();
        assert_eq!(offered, [fifty]);
        assert!(product.is_offered());

        product.update_variant(fifty, sold_out, at(10)).unwrap();
        assert!(!product.is_offered(), "no variant left to sell");
    }

    #[test]
    fn deleted_unavailable_or_sold_out_products_are_not_offered() {
        let mut product =
            Product::create(WorkspaceId::new(), new_product("Hydra Cream", "55"), at(9)).unwrap();
        assert!(product.is_offered());
        product.set_available(false, at(10));
        assert!(!product.is_offered());
        product.set_available(true, at(10));
        let patch = ProductPatch {
            stock: Some(StockLevel::Tracked(0)),
            ..ProductPatch::default()
        };
        product.apply(patch, at(10)).unwrap();
        assert!(!product.is_offered());
        let patch = ProductPatch {
            stock: Some(StockLevel::Tracked(2)),
            ..ProductPatch::default()
        };
        product.apply(patch, at(10)).unwrap();
        product.mark_deleted(at(11));
        assert!(product.is_deleted());
        assert!(!product.is_offered());
        product.restore(at(12));
        assert!(product.is_offered());
    }

    #[test]
    fn records_with_broken_rules_are_refused() {
        let product = glow_serum();
        let mut variants = product.variants().to_vec();
        variants.push(variants[0].clone());
        let record = ProductRecord {
            id: product.id(),
            workspace_id: product.workspace_id(),
            name: product.name().clone(),
            description: product.description().clone(),
            price: product.price(),
            sku: None,
            images: ImageUrls::default(),
            available: true,
            stock: StockLevel::Untracked,
            category_id: None,
            supplier_id: None,
            tags: Tags::default(),
            variants,
            created_at: at(9),
            updated_at: at(9),
            deleted_at: None,
        };
        assert!(matches!(
            Product::from_record(record),
            Err(ProductRuleError::DuplicateVariantName(_))
        ));
    }

    #[test]
    fn too_many_variants_are_refused() {
        let mut new = new_product("Lip Palette", "20");
        new.variants = (0..=MAX_VARIANTS)
            .map(|i| variant(&format!("Shade {i}"), "0"))
            .collect();
        assert_eq!(
            Product::create(WorkspaceId::new(), new, at(9)),
            Err(ProductRuleError::TooManyVariants)
        );
    }
}
