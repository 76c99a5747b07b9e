//! The words of every notification: a feed title and body, an email in plain text and
//! HTML (the beauty spec's templates: order details with lines and totals, the customer,
//! a conversation summary, links to the dashboard), and a short WhatsApp text.

use kernel::Money;
use uuid::Uuid;

use crate::kind::NotificationKind;

/// One notification's text for every medium.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: NotificationKind,
    /// Feed title and email subject.
    pub subject: String,
    /// Feed body and the plain-text email.
    pub text: String,
    pub html: String,
    /// The WhatsApp message: a few lines and one link.
    pub short: String,
    /// Dashboard path the notification leads to.
    pub link: Option<String>,
    pub subject_id: Option<Uuid>,
}

/// Where links point: the dashboard's public URL, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    base: String,
}

impl Links {
    pub fn new(public_url: &str) -> Self {
        Self {
            base: public_url.trim_end_matches('/').to_owned(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub name: String,
    pub variant: Option<String>,
    pub quantity: u32,
    pub unit_price: Money,
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub name: String,
    /// `Instagram`, `Messenger`, `WhatsApp`, `Web`, `Playground`.
    pub platform: String,
    pub contact_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderCaptured {
    pub business_name: String,
    pub order_id: Uuid,
    pub order_number: String,
    pub conversation_id: Uuid,
    pub lines: Vec<OrderLine>,
    pub subtotal: Money,
    pub total: Money,
    pub shipping: Option<String>,
    pub customer: Customer,
    pub conversation_summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffRequested {
    pub business_name: String,
    pub conversation_id: Uuid,
    pub customer: Customer,
    /// The reason in words ("The customer asked for a person").
    pub reason: String,
    pub conversation_summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerWaiting {
    pub conversation_id: Uuid,
    pub customer: Customer,
    pub waiting_minutes: i64,
    pub last_message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelReconnect {
    pub channel_id: Uuid,
    pub channel_name: String,
    pub platform: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagePreview {
    pub conversation_id: Uuid,
    pub customer_name: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessages {
    /// How many messages arrived in the batch (previews may be fewer).
    pub count: u32,
    pub previews: Vec<MessagePreview>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyDigest {
    pub business_name: String,
    /// `2026-11-16 – 2026-11-22`.
    pub period: String,
    pub conversations: u64,
    pub messages: u64,
    pub orders: u64,
    pub revenue: Option<Money>,
    pub handoffs: u64,
    /// Share of conversations the assistant finished alone, 0-100.
    pub automation_rate_percent: u8,
    /// Top questions the knowledge base could not answer.
    pub unanswered_questions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentioned {
    pub conversation_id: Uuid,
    /// The teammate who wrote the note.
    pub author_name: String,
    pub customer_name: String,
    /// The note as written.
    pub note: String,
}

/// Previews shown in a new-messages summary; the count says how many more there were.
pub const MAX_PREVIEWS: usize = 10;

pub fn order_captured(order: &OrderCaptured, links: &Links) -> Message {
    let link = format!("/orders/{}", order.order_id);
    let conversation_link = format!("/conversations/{}", order.conversation_id);
    let subject = format!(
        "New order captured: #{} ({})",
        order.order_number, order.total
    );
    let mut text = format!(
        "Hi {},\n\nGreat news! Your AI assistant captured a new order:\n\nORDER DETAILS (#{})\n",
        order.business_name, order.order_number
    );
    for line in &order.lines {
        text.push_str(&format!(
            "- {} x {} @ {} = {}\n",
            line_name(line),
            line.quantity,
            line.unit_price,
            line.total
        ));
    }
    text.push_str(&format!(
        "Subtotal: {}\nTotal: {}\n",
        order.subtotal, order.total
    ));
    if let Some(shipping) = &order.shipping {
        text.push_str(&format!("Shipping: {shipping}\n"));
    }
    text.push_str(&format!(
        "\nCUSTOMER INFO\nName: {}\nPlatform: {}\n",
        order.customer.name, order.customer.platform
    ));
    if let Some(contact) = order.customer.contact_id {
        text.push_str(&format!(
            "Profile: {}\n",
            links.url(&format!("/contacts/{contact}"))
        ));
    }
    text.push_str(&format!(
        "\nCONVERSATION SUMMARY\n\"{}\"\n\nView full conversation: {}\nView the order: {}\n\nNext steps:\n1. Contact the customer to arrange payment\n2. Confirm shipping details\n3. Mark the order as complete once fulfilled\n\n--\nChatDesk\n",
        order.conversation_summary,
        links.url(&conversation_link),
        links.url(&link),
    ));

    let mut rows = String::new();
    for line in &order.lines {
        rows.push_str(&format!(
            "<tr><td>{}</td><td style=\"text-align:right\">{}</td><td style=\"text-align:right\">{}</td><td style=\"text-align:right\">{}</td></tr>",
            escape(&line_name(line)),
            line.quantity,
            escape(&line.unit_price.to_string()),
            escape(&line.total.to_string()),
        ));
    }
    let shipping = order
        .shipping
        .as_ref()
        .map(|s| format!("<p>Shipping: {}</p>", escape(s)))
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html><body><p>Hi {business},</p><p>Great news! Your AI assistant captured a new order:</p>\
<h2>Order #{number}</h2><table><thead><tr><th>Product</th><th>Qty</th><th>Unit price</th><th>Total</th></tr></thead><tbody>{rows}</tbody>\
<tfoot><tr><td colspan=\"3\">Subtotal</td><td style=\"text-align:right\">{subtotal}</td></tr><tr><td colspan=\"3\"><strong>Total</strong></td><td style=\"text-align:right\"><strong>{total}</strong></td></tr></tfoot></table>{shipping}\
<h3>Customer</h3><p>{customer} ({platform})</p><h3>Conversation summary</h3><blockquote>{summary}</blockquote>\
<p><a href=\"{conversation_url}\">View full conversation</a> | <a href=\"{order_url}\">View the order</a></p>\
<p>Next steps: contact the customer to arrange payment, confirm shipping details, and mark the order as complete once fulfilled.</p></body></html>",
        business = escape(&order.business_name),
        number = escape(&order.order_number),
        subtotal = escape(&order.subtotal.to_string()),
        total = escape(&order.total.to_string()),
        customer = escape(&order.customer.name),
        platform = escape(&order.customer.platform),
        summary = escape(&order.conversation_summary),
        conversation_url = escape(&links.url(&conversation_link)),
        order_url = escape(&links.url(&link)),
    );
    let first = order
        .lines
        .first()
        .map(|line| format!("{} x {}", line_name(line), line.quantity))
        .unwrap_or_default();
    let short = format!(
        "New order #{}!\n{}\nTotal: {}\n{}",
        order.order_number,
        first,
        order.total,
        links.url(&link)
    );
    Message {
        kind: NotificationKind::OrderCaptured,
        subject,
        text,
        html,
        short,
        link: Some(link),
        subject_id: Some(order.order_id),
    }
}

pub fn handoff_requested(handoff: &HandoffRequested, links: &Links) -> Message {
    let link = format!("/conversations/{}", handoff.conversation_id);
    let url = links.url(&link);
    let subject = format!("{} needs a person", handoff.customer.name);
    let text = format!(
        "Hi {},\n\n{} on {} needs someone from the team.\nReason: {}\n\nCONVERSATION SUMMARY\n\"{}\"\n\nTake over the conversation: {url}\n\n--\nChatDesk\n",
        handoff.business_name,
        handoff.customer.name,
        handoff.customer.platform,
        handoff.reason,
        handoff.conversation_summary,
    );
    let html = format!(
        "<!doctype html><html><body><p>Hi {},</p><p><strong>{}</strong> on {} needs someone from the team.</p><p>Reason: {}</p><h3>Conversation summary</h3><blockquote>{}</blockquote><p><a href=\"{}\">Take over the conversation</a></p></body></html>",
        escape(&handoff.business_name),
        escape(&handoff.customer.name),
        escape(&handoff.customer.platform),
        escape(&handoff.reason),
        escape(&handoff.conversation_summary),
        escape(&url),
    );
    let short = format!(
        "{} needs a person ({}).\n{url}",
        handoff.customer.name, handoff.reason
    );
    Message {
        kind: NotificationKind::HandoffRequested,
        subject,
        text,
        html,
        short,
        link: Some(link),
        subject_id: Some(handoff.conversation_id),
    }
}

pub fn customer_waiting(waiting: &CustomerWaiting, links: &Links) -> Message {
    let link = format!("/conversations/{}", waiting.conversation_id);
    let url = links.url(&link);
    let hours = waiting.waiting_minutes / 60;
    let minutes = waiting.waiting_minutes % 60;
    let subject = format!(
        "{} has been waiting {}h {:02}m",
        waiting.customer.name, hours, minutes
    );
    let text = format!(
        "{} on {} has been waiting for an answer for {}h {:02}m.\nLast message: \"{}\"\n\nAnswer now: {url}\n",
        waiting.customer.name, waiting.customer.platform, hours, minutes, waiting.last_message
    );
    let html = format!(
        "<!doctype html><html><body><p><strong>{}</strong> on {} has been waiting for an answer for {}h {:02}m.</p><blockquote>{}</blockquote><p><a href=\"{}\">Answer now</a></p></body></html>",
        escape(&waiting.customer.name),
        escape(&waiting.customer.platform),
        hours,
        minutes,
        escape(&waiting.last_message),
        escape(&url),
    );
    Message {
        kind: NotificationKind::CustomerWaiting,
        short: format!("{subject}.\n{url}"),
        subject,
        text,
        html,
        link: Some(link),
        subject_id: Some(waiting.conversation_id),
    }
}

pub fn channel_reconnect(channel: &ChannelReconnect, links: &Links) -> Message {
    let link = format!("/channels/{}", channel.channel_id);
    let url = links.url(&link);
    let subject = format!("Reconnect your {} channel", channel.platform);
    let text = format!(
        "The {} channel \"{}\" lost its connection: the platform no longer accepts its access token, so messages cannot be sent or received.\n\nReconnect it: {url}\n",
        channel.platform, channel.channel_name
    );
    let html = format!(
        "<!doctype html><html><body><p>The {} channel <strong>{}</strong> lost its connection: the platform no longer accepts its access token, so messages cannot be sent or received.</p><p><a href=\"{}\">Reconnect it</a></p></body></html>",
        escape(&channel.platform),
        escape(&channel.channel_name),
        escape(&url),
    );
    Message {
        kind: NotificationKind::ChannelReconnect,
        short: format!("{subject}: {url}"),
        subject,
        text,
        html,
        link: Some(link),
        subject_id: Some(channel.channel_id),
    }
}

pub fn new_messages(summary: &NewMessages, links: &Links) -> Message {
    let link = "/conversations".to_owned();
    let url = links.url(&link);
    let subject = if summary.count == 1 {
        "1 new message waiting".to_owned()
    } else {
        format!("{} new messages waiting", summary.count)
    };
    let shown = summary.previews.iter().take(MAX_PREVIEWS);
    let mut text = format!("{subject}:\n\n");
    let mut items = String::new();
    for preview in shown {
        text.push_str(&format!(
            "- {}: \"{}\" {}\n",
            preview.customer_name,
            preview.text,
            links.url(&format!("/conversations/{}", preview.conversation_id))
        ));
        items.push_str(&format!(
            "<li><strong>{}</strong>: {} (<a href=\"{}\">open</a>)</li>",
            escape(&preview.customer_name),
            escape(&preview.text),
            escape(&links.url(&format!("/conversations/{}", preview.conversation_id))),
        ));
    }
    let more = u32::try_from(summary.previews.len().min(MAX_PREVIEWS))
        .map(|shown| summary.count.saturating_sub(shown))
        .unwrap_or(0);
    if more > 0 {
        text.push_str(&format!("... and {more} more\n"));
        items.push_str(&format!("<li>... and {more} more</li>"));
    }
    text.push_str(&format!("\nOpen the inbox: {url}\n"));
    let html = format!(
        "<!doctype html><html><body><p>{}:</p><ul>{items}</ul><p><a href=\"{}\">Open the inbox</a></p></body></html>",
        escape(&subject),
        escape(&url)
    );
    Message {
        kind: NotificationKind::NewMessage,
        short: format!("{subject}.\n{url}"),
        subject,
        text,
        html,
        link: Some(link),
        subject_id: None,
    }
}

pub fn weekly_digest(digest: &WeeklyDigest, links: &Links) -> Message {
    let link = "/dashboard".to_owned();
    let url = links.url(&link);
    let subject = format!("Your week at {}: {}", digest.business_name, digest.period);
    let revenue = digest
        .revenue
        .map(|money| money.to_string())
        .unwrap_or_else(|| "-".to_owned());
    let mut text = format!(
        "Hi {},\n\nYour week ({}):\n- Conversations: {}\n- Messages: {}\n- Orders captured: {}\n- Revenue: {}\n- Handed to the team: {}\n- Handled by the assistant alone: {}%\n",
        digest.business_name,
        digest.period,
        digest.conversations,
        digest.messages,
        digest.orders,
        revenue,
        digest.handoffs,
        digest.automation_rate_percent,
    );
    let mut questions = String::new();
    if !digest.unanswered_questions.is_empty() {
        text.push_str("\nQuestions the assistant could not answer (add them to your FAQs):\n");
        for question in &digest.unanswered_questions {
            text.push_str(&format!("- {question}\n"));
            questions.push_str(&format!("<li>{}</li>", escape(question)));
        }
    }
    text.push_str(&format!("\nDashboard: {url}\n"));
    let questions = if questions.is_empty() {
        String::new()
    } else {
        format!(
            "<h3>Questions the assistant could not answer</h3><ul>{questions}</ul><p>Add them to your FAQs.</p>"
        )
    };
    let html = format!(
        "<!doctype html><html><body><p>Hi {},</p><h2>Your week ({})</h2><table>\
<tr><td>Conversations</td><td>{}</td></tr><tr><td>Messages</td><td>{}</td></tr><tr><td>Orders captured</td><td>{}</td></tr>\
<tr><td>Revenue</td><td>{}</td></tr><tr><td>Handed to the team</td><td>{}</td></tr><tr><td>Handled by the assistant alone</td><td>{}%</td></tr></table>{questions}\
<p><a href=\"{}\">Open the dashboard</a></p></body></html>",
        escape(&digest.business_name),
        escape(&digest.period),
        digest.conversations,
        digest.messages,
        digest.orders,
        escape(&revenue),
        digest.handoffs,
        digest.automation_rate_percent,
        escape(&url),
    );
    Message {
        kind: NotificationKind::WeeklyDigest,
        short: format!(
            "Your week: {} conversations, {} orders, {} revenue.\n{url}",
            digest.conversations, digest.orders, revenue
        ),
        subject,
        text,
        html,
        link: Some(link),
        subject_id: None,
    }
}

pub fn mentioned(mention: &Mentioned, links: &Links) -> Message {
    let link = format!("/conversations/{}", mention.conversation_id);
    let url = links.url(&link);
    let subject = format!(
        "{} mentioned you in a conversation with {}",
        mention.author_name, mention.customer_name
    );
    let text = format!(
        "{subject}:\n\n\"{}\"\n\nOpen the conversation: {url}\n\n--\nChatDesk\n",
        mention.note
    );
    let html = format!(
        "<!doctype html><html><body><p><strong>{}</strong> mentioned you in a conversation with <strong>{}</strong>:</p><blockquote>{}</blockquote><p><a href=\"{}\">Open the conversation</a></p></body></html>",
        escape(&mention.author_name),
        escape(&mention.customer_name),
        escape(&mention.note),
        escape(&url),
    );
    let short: String = mention.note.chars().take(200).collect();
    Message {
        kind: NotificationKind::Mention,
        short: format!("{subject}: \"{short}\"\n{url}"),
        subject,
        text,
        html,
        link: Some(link),
        subject_id: Some(mention.conversation_id),
    }
}

fn line_name(line: &OrderLine) -> String {
    match &line.variant {
        Some(variant) => format!("{} ({variant})", line.name),
        None => line.name.clone(),
    }
}

/// Customers write the names and messages these emails quote.
fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use kernel::Currency;

    use super::*;

    fn eur(raw: &str) -> Money {
        Money::new(raw.parse().unwrap(), Currency::parse("EUR").unwrap()).unwrap()
    }

    fn order() -> OrderCaptured {
        OrderCaptured {
            business_name: "Glow & Co".into(),
            order_id: Uuid::nil(),
            order_number: "1001".into(),
            conversation_id: Uuid::max(),
            lines: vec![
                OrderLine {
                    name: "Rose serum".into(),
                    variant: Some("30 ml".into()),
                    quantity: 2,
                    unit_price: eur("12.50"),
                    total: eur("25.00"),
                },
                OrderLine {
                    name: "Lip balm".into(),
                    variant: None,
                    quantity: 1,
                    unit_price: eur("4.00"),
                    total: eur("4.00"),
                },
            ],
            subtotal: eur("29.00"),
            total: eur("29.00"),
            shipping: Some("Calle Mayor 1, Madrid".into()),
            customer: Customer {
                name: "Ana <script>".into(),
                platform: "Instagram".into(),
                contact_id: None,
            },
            conversation_summary: "Asked about prices and confirmed".into(),
        }
    }

    #[test]
    fn the_order_email_has_lines_totals_customer_and_links() {
        let links = Links::new("https://desk.example.com/");
        let message = order_captured(&order(), &links);
        assert!(message.subject.contains("#1001"), "{}", message.subject);
        for expected in [
            "Rose serum (30 ml) x 2",
            "Lip balm x 1",
            "Total: ",
            "Ana <script>",
            "Instagram",
            "Shipping: Calle Mayor 1, Madrid",
            "https://desk.example.com/orders/00000000-0000-0000-0000-000000000000",
            "https://desk.example.com/conversations/ffffffff-ffff-ffff-ffff-ffffffffffff",
        ] {
            assert!(
                message.text.contains(expected),
                "{expected}: {}",
                message.text
            );
        }
        assert!(message.text.contains(&eur("29.00").to_string()));
        assert!(message.html.contains("Ana &lt;script&gt;"));
        assert!(!message.html.contains("<script>"));
        assert!(message.html.contains("Glow &amp; Co"));
        assert!(message.html.contains(&eur("25.00").to_string()));
        assert_eq!(
            message.link.as_deref(),
            Some("/orders/00000000-0000-0000-0000-000000000000")
        );
        assert!(message.short.contains("Rose serum (30 ml) x 2"));
    }

    #[test]
    fn a_new_messages_summary_counts_everything_and_shows_a_few() {
        let previews: Vec<MessagePreview> = (0..50)
            .map(|i| MessagePreview {
                conversation_id: Uuid::nil(),
                customer_name: format!("Customer {i}"),
                text: "hola".into(),
            })
            .collect();
        let message = new_messages(
            &NewMessages {
                count: 50,
                previews,
            },
            &Links::new("http://localhost:8080"),
        );
        assert_eq!(message.subject, "50 new messages waiting");
        assert_eq!(message.text.matches("- Customer").count(), MAX_PREVIEWS);
        assert!(message.text.contains("... and 40 more"));
    }

    #[test]
    fn a_mention_names_the_author_the_customer_and_the_note_and_links_the_conversation() {
        let message = mentioned(
            &Mentioned {
                conversation_id: Uuid::max(),
                author_name: "Ana".into(),
                customer_name: "Linh <b>".into(),
                note: "@Marco can you check the refund?".into(),
            },
            &Links::new("https://desk.example.com"),
        );
        assert_eq!(message.kind, NotificationKind::Mention);
        assert_eq!(
            message.subject,
            "Ana mentioned you in a conversation with Linh <b>"
        );
        assert!(
            message
                .text
                .contains("\"@Marco can you check the refund?\"")
        );
        assert!(message.text.contains(
            "https://desk.example.com/conversations/ffffffff-ffff-ffff-ffff-ffffffffffff"
        ));
        assert!(message.html.contains("Linh &lt;b&gt;"));
        assert_eq!(
            message.link.as_deref(),
            Some("/conversations/ffffffff-ffff-ffff-ffff-ffffffffffff")
        );
    }

    #[test]
    fn the_weekly_digest_lists_numbers_and_gaps() {
        let message = weekly_digest(
            &WeeklyDigest {
                business_name: "Glow".into(),
                period: "2026-11-16 - 2026-11-22".into(),
                conversations: 40,
                messages: 310,
                orders: 7,
                revenue: Some(eur("210.00")),
                handoffs: 3,
                automation_rate_percent: 92,
                unanswered_questions: vec!["Do you ship to Canarias?".into()],
            },
            &Links::new("http://localhost:8080"),
        );
        assert!(message.text.contains("Orders captured: 7"));
        assert!(message.text.contains("92%"));
        assert!(message.text.contains("Do you ship to Canarias?"));
        assert!(message.html.contains("Do you ship to Canarias?"));
    }
}
