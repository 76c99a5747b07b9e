//! Domain events that raise notifications: an order captured and a handoff requested
//! (both high priority); customer messages and the sweeper's alerts (`triggers`). Listens on the server's event bus and reads what the email
//! shows (the order's lines and totals, the customer, the business name) when the
//! event arrives, since events carry only ids.

use std::sync::Arc;

use channels::ports::MessageRepository;
use channels::{ChannelsService, ContactId};
use conversation::inbox::InboxService;
use conversation::ports::ConversationRepository;
use identity::ports::WorkspaceRepository;
use kernel::{DomainEvent, WorkspaceId};
use notifications::service::NotificationService;
use notifications::templates::{self, Customer, Message};
use orders::{Order, OrderId, OrderScope, OrderService};
use tokio::sync::broadcast::{Receiver, error::RecvError};
use uuid::Uuid;

#[derive(Clone)]
pub struct NotificationEvents {
    pub notifications: NotificationService,
    pub orders: OrderService,
    pub channels: ChannelsService,
    pub workspaces: Arc<dyn WorkspaceRepository>,
    /// Finds the conversation a customer message belongs to.
    pub conversations: Arc<dyn ConversationRepository>,
    /// Reads a customer message for its preview.
    pub messages: Arc<dyn MessageRepository>,
    /// The conversation as the team sees it (customer, last message), for alerts.
    pub inbox: InboxService,
}

impl NotificationEvents {
    /// Runs until the bus closes. A lagging receiver loses events (the bus's rule); the
    /// loss is logged, since a missed order email cannot be recovered from here.
    pub async fn run(self, mut events: Receiver<DomainEvent>) {
        loop {
            match events.recv().await {
                Ok(event) => self.handle(event).await,
                Err(RecvError::Lagged(missed)) => {
                    tracing::error!(missed, "notifications missed domain events");
                }
                Err(RecvError::Closed) => return,
            }
        }
    }

    #[tracing::instrument(skip_all, fields(event = event.name()))]
    pub async fn handle(&self, event: DomainEvent) {
        let workspace_id = event.workspace_id();
        let message = match event {
            DomainEvent::OrderCaptured {
                order_id,
                conversation_id,
                ..
            } => {
                self.order_message(workspace_id, order_id, conversation_id)
                    .await
            }
            DomainEvent::HandoffRequested {
                conversation_id,
                reason,
                ..
            } => {
                self.handoff_message(workspace_id, conversation_id, &reason)
                    .await
            }
            DomainEvent::MessageCreated {
                message_id,
                channel_id,
                contact_id,
                direction,
                ..
            } => {
                if direction == "inbound" {
                    self.customer_message(workspace_id, message_id, channel_id, contact_id);
                }
                return;
            }
            DomainEvent::ConversationNeedsAttention {
                conversation_id,
                reason,
                ..
            } => {
                self.needs_attention(workspace_id, conversation_id, &reason)
                    .await
            }
            _ => return,
        };
        let Some(message) = message else {
            return;
        };
        if let Err(error) = self.notifications.raise(workspace_id, message).await {
            tracing::error!(%error, "cannot raise the notification");
        }
    }

    pub(super) async fn business(
        &self,
        workspace_id: WorkspaceId,
    ) -> Option<(String, kernel::Currency)> {
        match self.workspaces.get(workspace_id).await {
            Ok(Some(workspace)) => Some((
                workspace.profile.business_name.as_str().to_owned(),
                workspace.profile.currency,
            )),
            Ok(None) => None,
            Err(error) => {
                tracing::error!(%error, "cannot read the workspace to notify");
                None
            }
        }
    }

    async fn customer(&self, workspace_id: WorkspaceId, contact_id: Uuid) -> Customer {
        match self
            .channels
            .get_contact(workspace_id, ContactId::from_uuid(contact_id))
            .await
        {
            Ok(contact) => Customer {
                name: contact
                    .display_name
                    .as_ref()
                    .map(|name| name.as_str().to_owned())
                    .unwrap_or_else(|| "A customer".to_owned()),
                platform: contact.platform.to_string(),
                contact_id: Some(contact_id),
            },
            Err(_) => Customer {
                name: "A customer".to_owned(),
                platform: "chat".to_owned(),
                contact_id: None,
            },
        }
    }

    async fn order_message(
        &self,
        workspace_id: WorkspaceId,
        order_id: Uuid,
        conversation_id: Uuid,
    ) -> Option<Message> {
        let (business_name, currency) = self.business(workspace_id).await?;
        let scope = OrderScope::new(workspace_id, currency);
        let order = match self
            .orders
            .get_order(&scope, OrderId::from_uuid(order_id))
            .await
        {
            Ok(order) => order,
            Err(error) => {
                tracing::error!(%error, "cannot read the captured order");
                return None;
            }
        };
        let customer = self
            .customer(workspace_id, order.customer_id().as_uuid())
            .await;
        Some(templates::order_captured(
            &order_details(&order, business_name, customer, conversation_id),
            self.notifications.links(),
        ))
    }

    async fn handoff_message(
        &self,
        workspace_id: WorkspaceId,
        conversation_id: Uuid,
        reason: &str,
    ) -> Option<Message> {
        let (business_name, _) = self.business(workspace_id).await?;
        Some(templates::handoff_requested(
            &templates::HandoffRequested {
                business_name,
                conversation_id,
                customer: Customer {
                    name: "A customer".to_owned(),
                    platform: "chat".to_owned(),
                    contact_id: None,
                },
                reason: reason_words(reason).to_owned(),
                conversation_summary: format!(
                    "The assistant handed this conversation to the team ({})",
                    reason_words(reason)
                ),
            },
            self.notifications.links(),
        ))
    }
}

fn order_details(
    order: &Order,
    business_name: String,
    customer: Customer,
    conversation_id: Uuid,
) -> templates::OrderCaptured {
    let lines: Vec<templates::OrderLine> = order
        .lines()
        .iter()
        .map(|line| templates::OrderLine {
            name: line.product_name().as_str().to_owned(),
            variant: line.variant_name().map(|v| v.to_string()),
            quantity: line.quantity().get(),
            unit_price: line.unit_price(),
            total: line.line_total(),
        })
        .collect();
    let shipping = order.shipping_location().to_string();
    templates::OrderCaptured {
        business_name,
        order_id: order.id().as_uuid(),
        order_number: order.number().to_string(),
        conversation_id,
        lines,
        // Orders carry no shipping fee or tax yet, so the subtotal is the total.
        subtotal: order.total(),
        total: order.total(),
        conversation_summary: format!(
            "The customer confirmed an order of {} item(s) for delivery to {}.",
            order.lines().len(),
            if shipping.is_empty() {
                "an address to confirm"
            } else {
                shipping.as_str()
            }
        ),
        shipping: (!shipping.is_empty()).then_some(shipping),
        customer,
    }
}

/// A `handoff::HandoffReason` name in words.
pub(super) fn reason_words(reason: &str) -> &str {
    match reason {
        "customer_request" => "the customer asked for a person",
        "low_confidence" => "the assistant was not sure of the answer",
        "repeated_failure" => "the assistant could not help after several tries",
        "complaint" => "the customer has a complaint",
        "order_confirmed" => "the customer confirmed an order",
        "medical_question" => "the customer asked a medical question",
        "custom_request" => "the customer has a custom request",
        "outside_hours" => "the customer wrote outside opening hours",
        "no_agent_reply" => "the customer has had no answer from the team for 10 minutes",
        other => other,
    }
}
