//! How one mention changes the lines: which line it is about, and whether the catalog
//! allows it.

use catalog::VariantId;

use super::{ItemMention, Line, Notice, OrderCapture, ProductChoice, RemoveTarget, VariantPick};
use crate::{MAX_CART_LINES, Quantity, QuantityError};

/// What a mention's variant means for a product.
enum Resolved {
    /// An offered variant (named, or the only one offered).
    Chosen(VariantId),
    /// The product has no variants.
    NotNeeded,
    /// Still to be asked (not said, or refused with a notice).
    Missing,
}

impl Resolved {
    fn id(&self) -> Option<VariantId> {
        match self {
            Resolved::Chosen(id) => Some(*id),
            Resolved::NotNeeded | Resolved::Missing => None,
        }
    }
}

impl OrderCapture {
    pub(super) fn apply_item(
        &mut self,
        item: &ItemMention,
        adding: bool,
        replaceable: Option<u32>,
        notices: &mut Vec<Notice>,
    ) {
        let quantity = match item.quantity {
            Some(raw) => read_quantity(raw, notices),
            None => None,
        };
        match &item.product {
            Some(product) => {
                let quantity = match item.quantity {
                    Some(_) => quantity,
                    None => self.loose_quantity.take(),
                };
                self.apply_product(
                    product,
                    item.variant.as_ref(),
                    quantity,
                    adding,
                    replaceable,
                    notices,
                );
            }
            None => self.apply_details(item.variant.as_ref(), quantity, adding, notices),
        }
    }

    fn apply_product(
        &mut self,
        product: &ProductChoice,
        pick: Option<&VariantPick>,
        quantity: Option<Quantity>,
        adding: bool,
        replaceable: Option<u32>,
        notices: &mut Vec<Notice>,
    ) {
        if !product.offered {
            notices.push(Notice::ProductNotOffered {
                product: product.name.clone(),
            });
            return;
        }
        self.focus = Some(product.clone());
        let mut found = Vec::new();
        let resolved = resolve_variant(product, pick, &mut found);
        // "It only comes in Rose" is news once, not every time the product is named.
        let known = self
            .lines
            .iter()
            .any(|l| l.product.product_id == product.product_id && l.variant.is_some());
        notices.extend(
            found
                .into_iter()
                .filter(|n| !(known && matches!(n, Notice::VariantChosen { .. }))),
        );

        // The product is being collected: fill in what was said. With "add", a line
        // that already has another variant is left alone (a second line follows).
        let compatible = |l: &Line| {
            !adding || l.variant.is_none() || resolved.id().is_none() || l.variant == resolved.id()
        };
        if let Some(index) = self.lines.iter().position(|l| {
            !l.is_complete() && l.product.product_id == product.product_id && compatible(l)
        }) {
            let line = &mut self.lines[index];
            line.product = product.clone();
            if let Some(id) = resolved.id() {
                line.variant = Some(id);
            }
            let previous = line.quantity;
            if quantity.is_some() {
                line.quantity = quantity;
            }
            enforce_stock(line, previous, notices);
            self.last_line = Some(line.no);
            return;
        }

        let same_product: Vec<usize> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.product.product_id == product.product_id)
            .map(|(i, _)| i)
            .collect();
        if !matches!(resolved, Resolved::Missing) {
            let key = (product.product_id, resolved.id());
            if let Some(&index) = same_product.iter().find(|&&i| self.lines[i].key() == key) {
                // Already in the cart: "add" adds to it, restating a quantity sets it.
                let line = &mut self.lines[index];
                let to = if adding {
                    add_quantity(line.quantity, quantity.unwrap_or(Quantity::ONE), notices)
                } else {
                    quantity
                };
                set_quantity(line, to, notices);
                self.last_line = Some(line.no);
                return;
            }
            if let (false, [index]) = (adding, same_product.as_slice()) {
                // Another variant of the only line of this product: a change of mind.
                let line = &mut self.lines[*index];
                let from = line.variant_name();
                line.product = product.clone();
                line.variant = resolved.id();
                if let (Some(from), Some(to)) = (from, line.variant_name()) {
                    notices.push(Notice::VariantChanged {
                        product: product.name.clone(),
                        from,
                        to,
                    });
                }
                let previous = line.quantity;
                if quantity.is_some() {
                    line.quantity = quantity;
                }
                enforce_stock(line, previous, notices);
                self.last_line = Some(line.no);
                return;
            }
        } else if !adding && let [index] = same_product.as_slice() {
            // The product again without a variant: a restatement, or a new quantity.
            let line = &mut self.lines[*index];
            if quantity.is_some() {
                set_quantity(line, quantity, notices);
            }
            self.last_line = Some(line.no);
            return;
        }

        // Another product while one was still being collected: a change of mind.
        if !adding
            && let Some(no) = replaceable
            && let Some(line) = self
                .lines
                .iter_mut()
                .find(|l| l.no == no && !l.is_complete())
        {
            notices.push(Notice::ProductReplaced {
                from: line.product.name.clone(),
                to: product.name.clone(),
            });
            let previous = line.quantity;
            line.product = product.clone();
            line.variant = resolved.id();
            line.quantity = quantity.or(previous);
            enforce_stock(line, None, notices);
            self.last_line = Some(line.no);
            return;
        }

        if self.lines.len() >= MAX_CART_LINES {
            notices.push(Notice::CartFull);
            return;
        }
        let mut line = Line {
            no: self.next_line_no,
            product: product.clone(),
            variant: resolved.id(),
            quantity,
        };
        self.next_line_no = self.next_line_no.wrapping_add(1);
        notices.push(Notice::Added {
            product: product.name.clone(),
            variant: line.variant_name(),
            quantity,
        });
        enforce_stock(&mut line, None, notices);
        self.last_line = Some(line.no);
        self.lines.push(line);
    }

    /// A variant and/or a quantity without a product: about the line being collected,
    /// else the line touched last.
    fn apply_details(
        &mut self,
        pick: Option<&VariantPick>,
        quantity: Option<Quantity>,
        adding: bool,
        notices: &mut Vec<Notice>,
    ) {
        let mut touched = None;
        if let Some(pick) = pick {
            match self.variant_target(pick) {
                Some(index) => {
                    let line = &mut self.lines[index];
                    let product = line.product.clone();
                    if let Resolved::Chosen(id) = resolve_variant(&product, Some(pick), notices)
                        && line.variant != Some(id)
                    {
                        let from = line.variant_name();
                        line.variant = Some(id);
                        if let (Some(from), Some(to)) = (from, line.variant_name()) {
                            notices.push(Notice::VariantChanged {
                                product: product.name.clone(),
                                from,
                                to,
                            });
                        }
                        // A quantity the new variant cannot fill is asked again.
                        enforce_stock(line, None, notices);
                    }
                    self.last_line = Some(line.no);
                    touched = Some(index);
                }
                None => notices.push(Notice::ProductNeeded),
            }
        }
        let Some(quantity) = quantity else {
            return;
        };
        let target = touched
            .or_else(|| {
                self.lines
                    .iter()
                    .position(|l| !l.is_complete() && l.quantity.is_none())
            })
            .or_else(|| self.last_line_index());
        let Some(index) = target else {
            // "I want two": kept for the product named next.
            self.loose_quantity = Some(quantity);
            return;
        };
        let line = &mut self.lines[index];
        let to = if adding && line.quantity.is_some() {
            add_quantity(line.quantity, quantity, notices)
        } else {
            Some(quantity)
        };
        set_quantity(line, to, notices);
        self.last_line = Some(line.no);
    }

    /// The line a bare variant is about: one whose product has it (a line still
    /// waiting for a variant first, then the line touched last, then any), else the
    /// line waiting for a variant or the last one with variants, where it is refused
    /// with the options listed.
    fn variant_target(&self, pick: &VariantPick) -> Option<usize> {
        let knows = |l: &Line| l.product.find_variant(pick).is_some();
        let last = self.last_line_index();
        self.lines
            .iter()
            .position(|l| l.needs_variant() && knows(l))
            .or_else(|| last.filter(|&i| knows(&self.lines[i])))
            .or_else(|| self.lines.iter().position(knows))
            .or_else(|| self.lines.iter().position(Line::needs_variant))
            .or_else(|| last.filter(|&i| self.lines[i].product.has_variants()))
    }

    fn last_line_index(&self) -> Option<usize> {
        let no = self.last_line?;
        self.lines.iter().position(|l| l.no == no)
    }

    /// Takes out the matching lines; `false` (with a notice) when none matched.
    pub(super) fn remove(&mut self, target: RemoveTarget, notices: &mut Vec<Notice>) -> bool {
        let matches = |l: &Line| {
            l.product.product_id == target.product_id
                && target.variant_id.is_none_or(|v| l.variant == Some(v))
        };
        let before = self.lines.len();
        for line in self.lines.iter().filter(|l| matches(l)) {
            notices.push(Notice::Removed {
                product: line.product.name.clone(),
                variant: line.variant_name(),
            });
        }
        self.lines.retain(|l| !matches(l));
        if self.lines.len() == before {
            notices.push(Notice::NotInCart {
                product_id: target.product_id,
            });
            return false;
        }
        if self.last_line_index().is_none() {
            self.last_line = self.lines.last().map(|l| l.no);
        }
        true
    }

    /// Two complete lines for the same product and variant (after a variant change)
    /// become one, so a cart never lists the same thing twice.
    pub(super) fn merge_equal_lines(&mut self, notices: &mut Vec<Notice>) {
        let mut merged: Vec<Line> = Vec::with_capacity(self.lines.len());
        for line in std::mem::take(&mut self.lines) {
            let twin = merged
                .iter_mut()
                .find(|m| m.is_complete() && line.is_complete() && m.key() == line.key());
            match (twin, line.quantity) {
                (Some(twin), Some(more)) => {
                    let previous = twin.quantity.max(Some(more));
                    twin.quantity = twin
                        .quantity
                        .and_then(|q| q.checked_add(more).ok())
                        .or(previous);
                    enforce_stock(twin, previous, notices);
                    if self.last_line == Some(line.no) {
                        self.last_line = Some(twin.no);
                    }
                }
                _ => merged.push(line),
            }
        }
        self.lines = merged;
    }
}

fn read_quantity(raw: u32, notices: &mut Vec<Notice>) -> Option<Quantity> {
    match Quantity::new(raw) {
        Ok(quantity) => Some(quantity),
        Err(QuantityError::Zero) => {
            notices.push(Notice::QuantityZero);
            None
        }
        Err(QuantityError::TooLarge) => {
            notices.push(Notice::QuantityTooLarge {
                max: crate::MAX_QUANTITY,
            });
            None
        }
    }
}

fn add_quantity(
    current: Option<Quantity>,
    more: Quantity,
    notices: &mut Vec<Notice>,
) -> Option<Quantity> {
    let Some(current) = current else {
        return Some(more);
    };
    match current.checked_add(more) {
        Ok(sum) => Some(sum),
        Err(_) => {
            notices.push(Notice::QuantityTooLarge {
                max: crate::MAX_QUANTITY,
            });
            Some(current)
        }
    }
}

/// Sets a line's quantity, refusing more than the stock (the line keeps what it had).
fn set_quantity(line: &mut Line, to: Option<Quantity>, notices: &mut Vec<Notice>) {
    let Some(to) = to else {
        return;
    };
    let previous = line.quantity;
    if previous == Some(to) {
        return;
    }
    line.quantity = Some(to);
    enforce_stock(line, previous, notices);
    if let (Some(from), Some(now)) = (previous, line.quantity)
        && from != now
    {
        notices.push(Notice::QuantityChanged {
            product: line.product.name.clone(),
            variant: line.variant_name(),
            from,
            to: now,
        });
    }
}

/// A quantity above the counted stock is refused: the line falls back to `previous`
/// when that fits, else the quantity is asked again.
pub(super) fn enforce_stock(
    line: &mut Line,
    previous: Option<Quantity>,
    notices: &mut Vec<Notice>,
) {
    let Some(limit) = line.product.stock_limit(line.variant) else {
        return;
    };
    let Some(quantity) = line.quantity else {
        return;
    };
    if quantity.get() <= limit {
        return;
    }
    notices.push(Notice::NotEnoughStock {
        product: line.product.name.clone(),
        variant: line.variant_name(),
        available: limit,
    });
    line.quantity = previous.filter(|p| p.get() <= limit);
}

fn resolve_variant(
    product: &ProductChoice,
    pick: Option<&VariantPick>,
    notices: &mut Vec<Notice>,
) -> Resolved {
    if !product.has_variants() {
        if pick.is_some() {
            notices.push(Notice::VariantNotApplicable {
                product: product.name.clone(),
            });
        }
        return Resolved::NotNeeded;
    }
    let Some(pick) = pick else {
        let mut offered = product.offered_variants();
        return match (offered.next(), offered.next()) {
            (Some(only), None) => {
                notices.push(Notice::VariantChosen {
                    product: product.name.clone(),
                    variant: only.name.clone(),
                });
                Resolved::Chosen(only.id)
            }
            _ => Resolved::Missing,
        };
    };
    match product.find_variant(pick) {
        Some(variant) if product.is_variant_offered(variant.id) => Resolved::Chosen(variant.id),
        Some(variant) => {
            notices.push(Notice::VariantNotOffered {
                product: product.name.clone(),
                variant: variant.name.clone(),
                offered: product.offered_variant_names(),
            });
            Resolved::Missing
        }
        None => {
            notices.push(Notice::VariantUnknown {
                product: product.name.clone(),
                said: match pick {
                    VariantPick::Named(said) => said.clone(),
                    VariantPick::Id(id) => id.to_string(),
                },
                offered: product.offered_variant_names(),
            });
            Resolved::Missing
        }
    }
}
