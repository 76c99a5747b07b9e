//! `ProductRepository`: products with their variants, listing, deletes and imports.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use catalog::ports::{ImportBatch, ProductRepositoryError};
use catalog::{
    Description, ImageUrls, PriceRange, Product, ProductFilter, ProductId, ProductPatch,
    ProductSort, SearchQuery, SortDirection, SortField, StockLevel, Tag, Tags, VariantKind,
    VariantName, VariantPatch,
};
use kernel::PageRequest;

use super::catalog_fixtures::*;
use super::fixtures::at;

fn tags(raw: &[&str]) -> Tags {
    Tags::parse(&raw.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>()).unwrap()
}

fn q(raw: &str) -> ProductFilter {
    ProductFilter {
        q: SearchQuery::parse(raw).unwrap(),
        ..ProductFilter::default()
    }
}

fn sorted(field: SortField, direction: SortDirection) -> ProductSort {
    ProductSort { field, direction }
}

fn ids(products: &[Product]) -> Vec<ProductId> {
    products.iter().map(Product::id).collect()
}

/// The ids of every live product matching `filter`, in the default order.
async fn listed(stores: &Stores, product: &Product, filter: ProductFilter) -> Vec<ProductId> {
    let page = stores
        .catalog
        .products
        .list(
            product.workspace_id(),
            &filter,
            sorted(SortField::Name, SortDirection::Asc),
            PageRequest::new(1, 100).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.total as usize, page.items.len());
    ids(&page.items)
}

pub async fn product_round_trips_every_field(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let skincare = category(ws, "Skincare", None);
    stores.catalog.categories.create(&skincare).await.unwrap();
    let bianchi = supplier(ws, "Cosmetici Bianchi");
    stores.catalog.suppliers.create(&bianchi).await.unwrap();

    let mut new = new_product("Sữa rửa mặt trà xanh", "45.50");
    new.description = Description::parse("Aqua, Glycerin,\nNiacinamide").unwrap();
    new.sku = Some(sku("gs-30/v2"));
    new.images =
        ImageUrls::parse_cell("https://cdn.shop.example/a.jpg|https://cdn.shop.example/b.jpg")
            .unwrap();
    new.available = false;
    new.stock = StockLevel::Tracked(12);
    new.category_id = Some(skincare.id);
    new.supplier_id = Some(bianchi.id);
    new.tags = tags(&["Vegan", "bán chạy"]);
    let mut sold_out = variant("50ml", "10.25");
    sold_out.kind = VariantKind::Scent;
    sold_out.stock = StockLevel::Tracked(0);
    sold_out.available = false;
    new.variants = vec![variant("30ml", "0"), sold_out, variant("Travel", "-40.01")];
    let full = product_at(ws, new, 0);
    stores.catalog.products.create(&full).await.unwrap();
    let plain = product(ws, "Hydra Cream", "55");
    stores.catalog.products.create(&plain).await.unwrap();

    let found = stores.catalog.products.get(ws, full.id()).await.unwrap();
    assert_eq!(found.as_ref(), Some(&full));
    let found = found.unwrap();
    assert_eq!(found.variants()[1].stock, StockLevel::Tracked(0));
    assert_eq!(found.stock(), StockLevel::Tracked(12));
    let found_plain = stores.catalog.products.get(ws, plain.id()).await.unwrap();
    assert_eq!(found_plain, Some(plain.clone()));
    assert_eq!(found_plain.unwrap().stock(), StockLevel::Untracked);
    assert_eq!(
        stores
            .catalog
            .products
            .get(ws, ProductId::new())
            .await
            .unwrap(),
        None
    );
}

pub async fn update_replaces_fields_and_variants(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![
        variant("30ml", "0"),
        variant("50ml", "10"),
        variant("Mini", "-5"),
    ];
    let mut product = product_at(ws, new, 0);
    stores.catalog.products.create(&product).await.unwrap();

    let [thirty, fifty, _mini] = [0, 1, 2].map(|i| product.variants()[i].id);
    product.remove_variant(fifty, at(1)).unwrap();
    let patch = VariantPatch {
        name: Some(VariantName::parse("30 ml").unwrap()),
        stock: Some(StockLevel::Tracked(3)),
        ..VariantPatch::default()
    };
    product.update_variant(thirty, patch, at(1)).unwrap();
    let added = product.add_variant(variant("100ml", "25"), at(1)).unwrap();
    let patch = ProductPatch {
        price: Some(price("49.90")),
        sku: Some(Some(sku("GS-1"))),
        tags: Some(tags(&["new"])),
        ..ProductPatch::default()
    };
    product.apply(patch, at(2)).unwrap();
    stores.catalog.products.update(&product).await.unwrap();

    let found = stores
        .catalog
        .products
        .get(ws, product.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, product);
    assert_eq!(found.variants().len(), 3);
    assert_eq!(found.variants()[2].id, added);
    assert!(found.variant(fifty).is_none());
    assert_eq!(
        stores
            .catalog
            .products
            .find_by_variant(ws, fifty)
            .await
            .unwrap(),
        None,
        "a removed variant's row is gone"
    );

    // Every variant removed.
    for id in ids_of_variants(&product) {
        product.remove_variant(id, at(3)).unwrap();
    }
    stores.catalog.products.update(&product).await.unwrap();
    let found = stores.catalog.products.get(ws, product.id()).await.unwrap();
    assert_eq!(found, Some(product));

    let ghost = self::product(ws, "Never Stored", "10");
    assert!(matches!(
        stores.catalog.products.update(&ghost).await,
        Err(ProductRepositoryError::NotFound)
    ));
}

fn ids_of_variants(product: &Product) -> Vec<catalog::VariantId> {
    product.variants().iter().map(|v| v.id).collect()
}

pub async fn list_filters_by_search_category_supplier_availability_price_and_tag(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let skincare = category(ws, "Skincare", None);
    let makeup = category(ws, "Makeup", None);
    for c in [&skincare, &makeup] {
        stores.catalog.categories.create(c).await.unwrap();
    }
    let bianchi = supplier(ws, "Bianchi");
    stores.catalog.suppliers.create(&bianchi).await.unwrap();

    let mut new = new_product("Glow Serum", "45");
    new.sku = Some(sku("GS-30"));
    new.category_id = Some(skincare.id);
    new.tags = tags(&["vegan"]);
    new.supplier_id = Some(bianchi.id);
    let glow = product_at(ws, new, 0);
    let mut new = new_product("Hydra Cream", "55");
    new.category_id = Some(skincare.id);
    new.available = false;
    new.variants = vec![variant("Rose Water", "0")];
    new.tags = tags(&["vegan-ish"]);
    let hydra = product_at(ws, new, 1);
    let mut new = new_product("Lip Tint 100%", "12.50");
    new.sku = Some(sku("LT_1"));
    new.category_id = Some(makeup.id);
    let lip = product_at(ws, new, 2);
    let mut new = new_product("Night Oil", "55.01");
    new.sku = Some(sku("LTX1"));
    let night = product_at(ws, new, 3);
    let mut gone = product(ws, "Glow Serum Old", "45");
    gone.mark_deleted(at(3));
    for p in [&glow, &hydra, &lip, &night, &gone] {
        stores.catalog.products.create(p).await.unwrap();
    }
    let base = ProductFilter::default();

    assert_eq!(
        listed(stores, &glow, base.clone()).await,
        [glow.id(), hydra.id(), lip.id(), night.id()],
        "deleted products are never listed"
    );
    // q: name, SKU, tag and variant name, ignoring case; wildcards are literal.
    assert_eq!(listed(stores, &glow, q("GLOW")).await, [glow.id()]);
    assert_eq!(listed(stores, &glow, q("gs-3")).await, [glow.id()]);
    assert_eq!(listed(stores, &glow, q("rose water")).await, [hydra.id()]);
    assert_eq!(
        listed(stores, &glow, q("Vegan")).await,
        [glow.id(), hydra.id()]
    );
    assert_eq!(listed(stores, &glow, q("100%")).await, [lip.id()]);
    assert_eq!(listed(stores, &glow, q("lt_1")).await, [lip.id()]);
    assert_eq!(listed(stores, &glow, q("ltx")).await, [night.id()]);
    assert_eq!(listed(stores, &glow, q("%")).await, [lip.id()]);
    assert_eq!(
        listed(stores, &glow, q("serum oil")).await,
        Vec::<ProductId>::new()
    );

    let in_categories = |categories| ProductFilter {
        categories,
        ..ProductFilter::default()
    };
    assert_eq!(
        listed(stores, &glow, in_categories(vec![skincare.id])).await,
        [glow.id(), hydra.id()]
    );
    assert_eq!(
        listed(stores, &glow, in_categories(vec![skincare.id, makeup.id])).await,
        [glow.id(), hydra.id(), lip.id()]
    );
    let by_supplier = ProductFilter {
        supplier_id: Some(bianchi.id),
        ..ProductFilter::default()
    };
    assert_eq!(listed(stores, &glow, by_supplier).await, [glow.id()]);
    let switched = |available| ProductFilter {
        available: Some(available),
        ..ProductFilter::default()
    };
    assert_eq!(
        listed(stores, &glow, switched(true)).await,
        [glow.id(), lip.id(), night.id()]
    );
    assert_eq!(listed(stores, &glow, switched(false)).await, [hydra.id()]);

    // Price bounds are on the list price, both ends included, to the cent.
    let priced = |min: Option<&str>, max: Option<&str>| ProductFilter {
        price: PriceRange::new(min.map(money), max.map(money)).unwrap(),
        ..ProductFilter::default()
    };
    assert_eq!(
        listed(stores, &glow, priced(Some("45"), Some("55"))).await,
        [glow.id(), hydra.id()]
    );
    assert_eq!(
        listed(stores, &glow, priced(Some("45.01"), None)).await,
        [hydra.id(), night.id()]
    );
    assert_eq!(
        listed(stores, &glow, priced(None, Some("12.50"))).await,
        [lip.id()]
    );
    assert_eq!(
        listed(stores, &glow, priced(None, Some("12.49"))).await,
        Vec::<ProductId>::new()
    );

    let tagged = |tag: &str| ProductFilter {
        tag: Some(Tag::parse(tag).unwrap()),
        ..ProductFilter::default()
    };
    assert_eq!(listed(stores, &glow, tagged("VEGAN")).await, [glow.id()]);
    assert_eq!(
        listed(stores, &glow, tagged("vegan-ish")).await,
        [hydra.id()]
    );

    // Filters combine.
    let combined = ProductFilter {
        categories: vec![skincare.id],
        available: Some(true),
        ..q("serum")
    };
    assert_eq!(listed(stores, &glow, combined).await, [glow.id()]);
}

pub async fn list_sorts_by_each_field_both_ways_with_ties_broken_by_id(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    // Created in this order; names differ in case; two prices tie.
    let cherry = product_at(ws, new_product("cherry Balm", "20"), 1);
    let apple = product_at(ws, new_product("Apple Mask", "30"), 2);
    let banana = product_at(ws, new_product("banana Scrub", "20"), 3);
    let date = product_at(ws, new_product("Date Oil", "5"), 4);
    for p in [&banana, &date, &cherry, &apple] {
        stores.catalog.products.create(p).await.unwrap();
    }
    let list = |field, direction| {
        let products = stores.catalog.products.clone();
        async move {
            let page = products
                .list(
                    ws,
                    &ProductFilter::default(),
                    sorted(field, direction),
                    PageRequest::default(),
                )
                .await
                .unwrap();
            ids(&page.items)
        }
    };
    use SortDirection::{Asc, Desc};
    use SortField::{CreatedAt, Name, Price};
    assert_eq!(
        list(Name, Asc).await,
        [apple.id(), banana.id(), cherry.id(), date.id()]
    );
    assert_eq!(
        list(Name, Desc).await,
        [date.id(), cherry.id(), banana.id(), apple.id()]
    );
    // cherry and banana cost the same: the id (cherry's is older) breaks the tie, in
    // the direction of the sort.
    assert!(cherry.id() < banana.id());
    assert_eq!(
        list(Price, Asc).await,
        [date.id(), cherry.id(), banana.id(), apple.id()]
    );
    assert_eq!(
        list(Price, Desc).await,
        [apple.id(), banana.id(), cherry.id(), date.id()]
    );
    assert_eq!(
        list(CreatedAt, Asc).await,
        [cherry.id(), apple.id(), banana.id(), date.id()]
    );
    assert_eq!(
        list(CreatedAt, Desc).await,
        [date.id(), banana.id(), apple.id(), cherry.id()]
    );
    // The full products come back, variants included.
    let page = stores
        .catalog
        .products
        .list(
            ws,
            &ProductFilter::default(),
            ProductSort::default(),
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!(page.items, vec![date, banana, apple, cherry]);
}

pub async fn list_pages_add_up_without_overlap(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let mut all = Vec::new();
    for i in 0..7 {
        let mut new = new_product(&format!("Product {i}"), "10");
        new.variants = vec![variant("S", "0"), variant("M", "1")];
        // Every product costs the same: pages rely on the id to break ties.
        let p = product_at(ws, new, i);
        stores.catalog.products.create(&p).await.unwrap();
        all.push(p);
    }
    let mut seen = Vec::new();
    for (number, expected_len) in [(1, 3), (2, 3), (3, 1), (4, 0)] {
        let page = stores
            .catalog
            .products
            .list(
                ws,
                &ProductFilter::default(),
                sorted(SortField::Price, SortDirection::Asc),
                PageRequest::new(number, 3).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(page.total, 7);
        assert_eq!(page.total_pages(), 3);
        assert_eq!(page.items.len(), expected_len, "page {number}");
        for p in &page.items {
            assert_eq!(p.variants().len(), 2);
        }
        seen.extend(page.items);
    }
    let unique: HashSet<ProductId> = seen.iter().map(Product::id).collect();
    assert_eq!(unique.len(), 7, "no product on two pages");
    all.sort_by_key(Product::id);
    assert_eq!(seen, all);
}

pub async fn soft_deleted_products_leave_lists_but_get_still_finds_them(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![variant("30ml", "0")];
    let product = product_at(ws, new, 0);
    let other = self::product(ws, "Hydra Cream", "55");
    stores.catalog.products.create(&product).await.unwrap();
    stores.catalog.products.create(&other).await.unwrap();

    let deleted_at = at(5);
    stores
        .catalog
        .products
        .soft_delete(ws, product.id(), deleted_at)
        .await
        .unwrap();
    assert!(matches!(
        stores
            .catalog
            .products
            .soft_delete(ws, product.id(), at(6))
            .await,
        Err(ProductRepositoryError::NotFound)
    ));
    assert!(matches!(
        stores
            .catalog
            .products
            .soft_delete(ws, ProductId::new(), at(6))
            .await,
        Err(ProductRepositoryError::NotFound)
    ));

    let mut expected = product.clone();
    expected.mark_deleted(deleted_at);
    let found = stores.catalog.products.get(ws, product.id()).await.unwrap();
    assert_eq!(found, Some(expected.clone()));
    assert_eq!(
        stores
            .catalog
            .products
            .get_many(ws, &[product.id()])
            .await
            .unwrap(),
        vec![expected.clone()]
    );
    assert_eq!(
        stores
            .catalog
            .products
            .find_by_variant(ws, product.variants()[0].id)
            .await
            .unwrap(),
        Some(expected.clone())
    );
    assert_eq!(
        listed(stores, &other, ProductFilter::default()).await,
        [other.id()]
    );
    assert_eq!(
        ids(&stores.catalog.products.list_all(ws).await.unwrap()),
        [other.id()]
    );

    // Restoring is an update that clears deleted_at.
    expected.restore(at(7));
    stores.catalog.products.update(&expected).await.unwrap();
    assert_eq!(
        ids(&stores.catalog.products.list_all(ws).await.unwrap()),
        [product.id(), other.id()]
    );
}

pub async fn skus_are_unique_among_live_products_only(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let other_ws = stores.workspace("bea").await;
    let mut new = new_product("Glow Serum", "45");
    new.sku = Some(sku("GS-30"));
    let first = product_at(ws, new.clone(), 0);
    stores.catalog.products.create(&first).await.unwrap();

    // Same SKU (any case), another product: refused, and nothing of it is kept.
    let mut clash_new = new.clone();
    clash_new.sku = Some(sku("gs-30"));
    clash_new.variants = vec![variant("30ml", "0")];
    let clash = product_at(ws, clash_new, 1);
    let result = stores.catalog.products.create(&clash).await;
    assert!(
        matches!(&result, Err(ProductRepositoryError::DuplicateSku(s)) if *s == sku("GS-30")),
        "{result:?}"
    );
    assert_eq!(
        stores.catalog.products.get(ws, clash.id()).await.unwrap(),
        None
    );
    assert_eq!(
        stores
            .catalog
            .products
            .find_by_variant(ws, clash.variants()[0].id)
            .await
            .unwrap(),
        None
    );

    // Taking it by update is refused too; the product keeps its old values.
    let mut second = product(ws, "Hydra Cream", "55");
    stores.catalog.products.create(&second).await.unwrap();
    let before = second.clone();
    let patch = ProductPatch {
        sku: Some(Some(sku("GS-30"))),
        ..ProductPatch::default()
    };
    second.apply(patch, at(2)).unwrap();
    assert!(matches!(
        stores.catalog.products.update(&second).await,
        Err(ProductRepositoryError::DuplicateSku(_))
    ));
    assert_eq!(
        stores.catalog.products.get(ws, second.id()).await.unwrap(),
        Some(before)
    );

    // Another workspace has its own SKUs.
    let elsewhere = product_at(other_ws, new.clone(), 0);
    stores.catalog.products.create(&elsewhere).await.unwrap();

    // A soft-deleted product gives its SKU back.
    stores
        .catalog
        .products
        .soft_delete(ws, first.id(), at(3))
        .await
        .unwrap();
    stores.catalog.products.create(&clash).await.unwrap();
    // ...and two deleted products may share one.
    stores
        .catalog
        .products
        .soft_delete(ws, clash.id(), at(4))
        .await
        .unwrap();
    stores.catalog.products.update(&second).await.unwrap();
    // Products without a SKU never clash.
    for name in ["No Sku One", "No Sku Two"] {
        stores
            .catalog
            .products
            .create(&product(ws, name, "5"))
            .await
            .unwrap();
    }
}

pub async fn hard_delete_erases_the_product_and_its_variants(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let mut new = new_product("Glow Serum", "45");
    new.sku = Some(sku("GS-30"));
    new.variants = vec![variant("30ml", "0"), variant("50ml", "10")];
    let product = product_at(ws, new.clone(), 0);
    let kept = self::product(ws, "Hydra Cream", "55");
    stores.catalog.products.create(&product).await.unwrap();
    stores.catalog.products.create(&kept).await.unwrap();

    stores
        .catalog
        .products
        .hard_delete(ws, product.id())
        .await
        .unwrap();
    assert_eq!(
        stores.catalog.products.get(ws, product.id()).await.unwrap(),
        None
    );
    for variant in product.variants() {
        assert_eq!(
            stores
                .catalog
                .products
                .find_by_variant(ws, variant.id)
                .await
                .unwrap(),
            None
        );
    }
    assert!(matches!(
        stores.catalog.products.hard_delete(ws, product.id()).await,
        Err(ProductRepositoryError::NotFound)
    ));
    assert_eq!(
        stores.catalog.products.get(ws, kept.id()).await.unwrap(),
        Some(kept)
    );
    // The SKU is free again, and the variant ids could even be reused.
    stores.catalog.products.create(&product).await.unwrap();
}

pub async fn get_many_returns_the_products_that_exist(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let other_ws = stores.workspace("bea").await;
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![variant("30ml", "0")];
    let a = product_at(ws, new, 0);
    let mut b = product(ws, "Hydra Cream", "55");
    let foreign = product(other_ws, "Foreign Balm", "5");
    for p in [&a, &b, &foreign] {
        stores.catalog.products.create(p).await.unwrap();
    }
    let deleted_at = at(1);
    stores
        .catalog
        .products
        .soft_delete(ws, b.id(), deleted_at)
        .await
        .unwrap();
    b.mark_deleted(deleted_at);

    let mut found = stores
        .catalog
        .products
        .get_many(ws, &[b.id(), ProductId::new(), a.id(), foreign.id()])
        .await
        .unwrap();
    found.sort_by_key(Product::id);
    assert_eq!(found, vec![a, b]);
    assert!(
        stores
            .catalog
            .products
            .get_many(ws, &[])
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn find_by_variant_returns_the_owning_product(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![variant("30ml", "0"), variant("50ml", "10")];
    let owner = product_at(ws, new, 0);
    let mut new = new_product("Hydra Cream", "55");
    new.variants = vec![variant("30ml", "0")];
    let neighbour = product_at(ws, new, 1);
    stores.catalog.products.create(&owner).await.unwrap();
    stores.catalog.products.create(&neighbour).await.unwrap();

    let found = stores
        .catalog
        .products
        .find_by_variant(ws, owner.variants()[1].id)
        .await
        .unwrap();
    assert_eq!(found, Some(owner));
    assert_eq!(
        stores
            .catalog
            .products
            .find_by_variant(ws, catalog::VariantId::new())
            .await
            .unwrap(),
        None
    );
}

pub async fn save_import_writes_the_whole_batch(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let mut new = new_product("Glow Serum", "45");
    new.sku = Some(sku("GS-30"));
    new.variants = vec![variant("30ml", "0"), variant("50ml", "10")];
    let existing = product_at(ws, new, 0);
    let mut swapper_new = new_product("Hydra Cream", "55");
    swapper_new.sku = Some(sku("HC-1"));
    let swapper = product_at(ws, swapper_new, 1);
    stores.catalog.products.create(&existing).await.unwrap();
    stores.catalog.products.create(&swapper).await.unwrap();

    let skincare = category(ws, "Skincare", None);
    let serums = category(ws, "Serums", Some(&skincare));
    let mut new = new_product("Night Oil", "30");
    new.category_id = Some(serums.id);
    new.variants = vec![variant("10ml", "0"), variant("20ml", "8")];
    let created = product_at(ws, new, 2);
    // The two existing products swap SKUs, and the first changes its variants.
    let mut updated = existing.clone();
    let dropped = updated.variants()[1].id;
    updated.remove_variant(dropped, at(3)).unwrap();
    updated
        .add_variant(variant("Travel", "-20"), at(3))
        .unwrap();
    updated
        .apply(
            ProductPatch {
                sku: Some(Some(sku("HC-1"))),
                category_id: Some(Some(skincare.id)),
                ..ProductPatch::default()
            },
            at(3),
        )
        .unwrap();
    let mut swapped = swapper.clone();
    swapped
        .apply(
            ProductPatch {
                sku: Some(Some(sku("GS-30"))),
                ..ProductPatch::default()
            },
            at(3),
        )
        .unwrap();
    let batch = ImportBatch {
        workspace_id: ws,
        // Children may come first; the store writes parents before them.
        new_categories: vec![serums.clone(), skincare.clone()],
        created: vec![created.clone()],
        updated: vec![updated.clone(), swapped.clone()],
    };
    stores.catalog.products.save_import(&batch).await.unwrap();

    let mut categories = stores.catalog.categories.list(ws).await.unwrap();
    categories.sort_by_key(|c| c.id);
    let mut expected = vec![skincare, serums];
    expected.sort_by_key(|c| c.id);
    assert_eq!(categories, expected);
    let all = stores.catalog.products.list_all(ws).await.unwrap();
    assert_eq!(all, vec![updated, swapped, created]);
    assert_eq!(
        stores
            .catalog
            .products
            .find_by_variant(ws, dropped)
            .await
            .unwrap(),
        None
    );
}

pub async fn save_import_with_a_duplicate_sku_writes_nothing(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let mut new = new_product("Glow Serum", "45");
    new.sku = Some(sku("GS-30"));
    let existing = product_at(ws, new, 0);
    stores.catalog.products.create(&existing).await.unwrap();
    let before = stores.catalog.products.list_all(ws).await.unwrap();

    let skincare = category(ws, "Skincare", None);
    let fine = product(ws, "Night Oil", "30");
    let mut renamed = existing.clone();
    renamed
        .apply(
            ProductPatch {
                name: Some(catalog::ProductName::parse("Glow Serum 2").unwrap()),
                ..ProductPatch::default()
            },
            at(1),
        )
        .unwrap();
    let mut new = new_product("Copycat", "20");
    new.sku = Some(sku("gs-30"));
    new.variants = vec![variant("S", "0")];
    let copycat = product_at(ws, new, 2);
    let batch = ImportBatch {
        workspace_id: ws,
        new_categories: vec![skincare],
        created: vec![fine.clone(), copycat.clone()],
        updated: vec![renamed],
    };
    let result = stores.catalog.products.save_import(&batch).await;
    assert!(
        matches!(&result, Err(ProductRepositoryError::DuplicateSku(s)) if *s == sku("GS-30")),
        "{result:?}"
    );
    assert_eq!(stores.catalog.products.list_all(ws).await.unwrap(), before);
    assert!(stores.catalog.categories.list(ws).await.unwrap().is_empty());
    assert_eq!(
        stores.catalog.products.get(ws, fine.id()).await.unwrap(),
        None
    );

    // Two products of the batch sharing a SKU are refused the same way.
    let mut twin_new = new_product("Twin One", "20");
    twin_new.sku = Some(sku("TW-1"));
    let twin_one = product_at(ws, twin_new.clone(), 3);
    twin_new.name = catalog::ProductName::parse("Twin Two").unwrap();
    let twin_two = product_at(ws, twin_new, 4);
    let batch = ImportBatch {
        workspace_id: ws,
        new_categories: Vec::new(),
        created: vec![twin_one, twin_two],
        updated: Vec::new(),
    };
    let result = stores.catalog.products.save_import(&batch).await;
    assert!(
        matches!(&result, Err(ProductRepositoryError::DuplicateSku(s)) if *s == sku("TW-1")),
        "{result:?}"
    );
    assert_eq!(stores.catalog.products.list_all(ws).await.unwrap(), before);

    // Updating a product that is not there aborts the batch.
    let batch = ImportBatch {
        workspace_id: ws,
        new_categories: Vec::new(),
        created: vec![fine.clone()],
        updated: vec![product(ws, "Vanished", "9")],
    };
    assert!(matches!(
        stores.catalog.products.save_import(&batch).await,
        Err(ProductRepositoryError::NotFound)
    ));
    assert_eq!(
        stores.catalog.products.get(ws, fine.id()).await.unwrap(),
        None
    );
}

/// How long a 2,000-product import (3 variants each) may take in a debug build. A
/// per-row write path takes many times longer on either database.
const IMPORT_BUDGET: Duration = Duration::from_secs(5);

pub async fn save_import_of_two_thousand_products_is_quick(stores: &Stores) {
    let ws = stores.workspace("ana").await;
    let products: Vec<Product> = (0..2_000)
        .map(|i| {
            let mut new = new_product(&format!("Imported product {i:04}"), "19.99");
            new.sku = Some(sku(&format!("IMP-{i:04}")));
            new.description = Description::parse("Imported from the supplier's sheet").unwrap();
            new.tags = tags(&["imported"]);
            new.stock = StockLevel::Tracked(i);
            new.variants = vec![variant("S", "0"), variant("M", "2"), variant("L", "4.50")];
            product_at(ws, new, 0)
        })
        .collect();
    let batch = ImportBatch {
        workspace_id: ws,
        new_categories: vec![category(ws, "Imported", None)],
        created: products.clone(),
        updated: Vec::new(),
    };
    let started = Instant::now();
    stores.catalog.products.save_import(&batch).await.unwrap();
    let created_in = started.elapsed();

    // Importing the same sheet again updates every product.
    let updated: Vec<Product> = products
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.apply(
                ProductPatch {
                    price: Some(price("21.50")),
                    ..ProductPatch::default()
                },
                at(1),
            )
            .unwrap();
            p
        })
        .collect();
    let batch = ImportBatch {
        workspace_id: ws,
        new_categories: Vec::new(),
        created: Vec::new(),
        updated: updated.clone(),
    };
    let started = Instant::now();
    stores.catalog.products.save_import(&batch).await.unwrap();
    let updated_in = started.elapsed();
    eprintln!(
        "[timing] 2,000 products x 3 variants: import {created_in:?}, re-import {updated_in:?}"
    );

    let all = stores.catalog.products.list_all(ws).await.unwrap();
    assert_eq!(all.len(), 2_000);
    assert_eq!(all, updated);
    assert!(
        created_in < IMPORT_BUDGET && updated_in < IMPORT_BUDGET,
        "import took {created_in:?}, re-import {updated_in:?}; budget {IMPORT_BUDGET:?}"
    );
}

pub async fn products_of_one_workspace_are_invisible_from_another(stores: &Stores) {
    let a = stores.workspace("ana").await;
    let b = stores.workspace("bea").await;
    let mut new = new_product("Glow Serum", "45");
    new.variants = vec![variant("30ml", "0")];
    let product = product_at(a, new, 0);
    stores.catalog.products.create(&product).await.unwrap();
    let repo = &stores.catalog.products;

    assert_eq!(repo.get(b, product.id()).await.unwrap(), None);
    assert!(repo.get_many(b, &[product.id()]).await.unwrap().is_empty());
    assert_eq!(
        repo.find_by_variant(b, product.variants()[0].id)
            .await
            .unwrap(),
        None
    );
    let page = repo
        .list(
            b,
            &ProductFilter::default(),
            ProductSort::default(),
            PageRequest::default(),
        )
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (0, 0));
    assert!(repo.list_all(b).await.unwrap().is_empty());

    // Writes through the wrong workspace find nothing and change nothing.
    let mut hijacked = moved_to(&product, b);
    hijacked
        .apply(
            ProductPatch {
                available: Some(false),
                ..ProductPatch::default()
            },
            at(1),
        )
        .unwrap();
    assert!(matches!(
        repo.update(&hijacked).await,
        Err(ProductRepositoryError::NotFound)
    ));
    assert!(matches!(
        repo.soft_delete(b, product.id(), at(1)).await,
        Err(ProductRepositoryError::NotFound)
    ));
    assert!(matches!(
        repo.hard_delete(b, product.id()).await,
        Err(ProductRepositoryError::NotFound)
    ));
    let batch = ImportBatch {
        workspace_id: b,
        new_categories: Vec::new(),
        created: Vec::new(),
        updated: vec![hijacked],
    };
    assert!(repo.save_import(&batch).await.is_err());
    assert_eq!(repo.get(a, product.id()).await.unwrap(), Some(product));
}
