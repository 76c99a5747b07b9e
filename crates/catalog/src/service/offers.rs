//! Offers: what they target must exist, and fixed discounts are in the workspace currency.

use kernel::{Page, PageRequest};

use super::{CatalogService, OfferError};
use crate::{CatalogScope, Discount, NewOffer, Offer, OfferId, OfferPatch, OfferTarget};

impl CatalogService {
    pub async fn create_offer(
        &self,
        scope: &CatalogScope,
        new: NewOffer,
    ) -> Result<Offer, OfferError> {
        self.check_discount(scope, &new.discount)?;
        self.check_target(scope, &new.target).await?;
        let offer = Offer::new(scope.workspace_id, new, self.now());
        self.ports.offers.create(&offer).await?;
        self.offers_changed(scope).await;
        Ok(offer)
    }

    pub async fn get_offer(&self, scope: &CatalogScope, id: OfferId) -> Result<Offer, OfferError> {
        self.ports
            .offers
            .get(scope.workspace_id, id)
            .await?
            .ok_or(OfferError::NotFound)
    }

    pub async fn list_offers(
        &self,
        scope: &CatalogScope,
        page: PageRequest,
    ) -> Result<Page<Offer>, OfferError> {
        Ok(self.ports.offers.list(scope.workspace_id, page).await?)
    }

    pub async fn update_offer(
        &self,
        scope: &CatalogScope,
        id: OfferId,
        patch: OfferPatch,
    ) -> Result<Offer, OfferError> {
        if let Some(discount) = &patch.discount {
            self.check_discount(scope, discount)?;
        }
        if let Some(target) = &patch.target {
            self.check_target(scope, target).await?;
        }
        let mut offer = self.get_offer(scope, id).await?;
        if offer.apply(patch, self.now()) {
            self.ports.offers.update(&offer).await?;
            self.offers_changed(scope).await;
        }
        Ok(offer)
    }

    pub async fn delete_offer(&self, scope: &CatalogScope, id: OfferId) -> Result<(), OfferError> {
        self.ports.offers.delete(scope.workspace_id, id).await?;
        self.offers_changed(scope).await;
        Ok(())
    }

    /// Prices may have moved for any product the offer targets (a category, or all).
    async fn offers_changed(&self, scope: &CatalogScope) {
        self.publish(kernel::DomainEvent::OffersChanged {
            workspace_id: scope.workspace_id,
        })
        .await;
    }

    fn check_discount(&self, scope: &CatalogScope, discount: &Discount) -> Result<(), OfferError> {
        match discount.currency() {
            Some(found) if found != scope.currency => Err(OfferError::CurrencyMismatch {
                expected: scope.currency,
                found,
            }),
            _ => Ok(()),
        }
    }

    /// Offers may only name live products and existing categories of the workspace.
    async fn check_target(
        &self,
        scope: &CatalogScope,
        target: &OfferTarget,
    ) -> Result<(), OfferError> {
        match target {
            OfferTarget::Category(id) => {
                if self
                    .ports
                    .categories
                    .get(scope.workspace_id, *id)
                    .await?
                    .is_none()
                {
                    return Err(OfferError::CategoryNotFound);
                }
            }
            OfferTarget::Products(set) => {
                let found = self
                    .ports
                    .products
                    .get_many(scope.workspace_id, set.ids())
                    .await?;
                let missing: Vec<_> = set
                    .ids()
                    .iter()
                    .filter(|id| !found.iter().any(|p| p.id() == **id && !p.is_deleted()))
                    .copied()
                    .collect();
                if !missing.is_empty() {
                    return Err(OfferError::ProductsNotFound(missing));
                }
            }
        }
        Ok(())
    }
}
