//! A small beauty catalog shared by the tests of entities, intents and understanding.

use std::str::FromStr;

use catalog::{ProductId, ProductName, Sku, VariantId, VariantKind, VariantName};
use kernel::{Currency, Money};
use rust_decimal::Decimal;

use super::{CatalogSnapshot, SnapshotProduct, SnapshotVariant};

pub(crate) fn eur(amount: &str) -> Money {
    Money::new(
        Decimal::from_str(amount).unwrap(),
        Currency::parse("EUR").unwrap(),
    )
    .unwrap()
}

pub(crate) fn product(
    name: &str,
    price: &str,
    variants: &[(VariantKind, &str, &str)],
) -> SnapshotProduct {
    SnapshotProduct {
        id: ProductId::new(),
        name: ProductName::parse(name).unwrap(),
        sku: None,
        price: eur(price),
        list_price: eur(price),
        available: true,
        stock: None,
        variants: variants
            .iter()
            .map(|(kind, name, price)| SnapshotVariant {
                id: VariantId::new(),
                kind: *kind,
                name: VariantName::parse(name).unwrap(),
                price: eur(price),
                list_price: eur(price),
                available: true,
                stock: None,
            })
            .collect(),
    }
}

pub(crate) fn beauty_catalog() -> CatalogSnapshot {
    let mut mascara = product("Mascara Volume Extreme", "16.00", &[]);
    mascara.sku = Some(Sku::parse("MSC-001").unwrap());
    let mut body_oil = product("Lavender Body Oil", "22.00", &[]);
    body_oil.available = false;
    CatalogSnapshot::new(vec![
        product(
            "Glow Serum Vitamin C",
            "24.90",
            &[
                (VariantKind::Size, "30ml", "24.90"),
                (VariantKind::Size, "50ml", "34.90"),
            ],
        ),
        product("Retinol Night Cream", "29.90", &[]),
        product(
            "Velvet Lipstick",
            "19.00",
            &[
                (VariantKind::Shade, "Red", "19.00"),
                (VariantKind::Shade, "Nude", "19.00"),
                (VariantKind::Shade, "Coral", "19.00"),
            ],
        ),
        product("Crème Brûlée Lip Balm", "9.50", &[]),
        product(
            "Hydra Face Cream",
            "32.00",
            &[
                (VariantKind::Size, "50 ml", "32.00"),
                (VariantKind::Size, "100ml", "52.00"),
            ],
        ),
        product("Rose Water Toner", "15.00", &[]),
        product("Olio di Argan Puro", "18.00", &[]),
        product("Protector Solar SPF 50", "21.00", &[]),
        body_oil,
        mascara,
    ])
    .unwrap()
}

pub(crate) fn id_of(catalog: &CatalogSnapshot, name: &str) -> ProductId {
    catalog
        .products()
        .iter()
        .find(|p| p.name.as_str() == name)
        .map(|p| p.id)
        .unwrap()
}
