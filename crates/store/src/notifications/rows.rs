//! Rows to domain values and back. Stored values the domain refuses surface as
//! `Unexpected`, naming the column.

use std::collections::BTreeMap;

use ::notifications::ports::NotificationStoreError;
use ::notifications::templates::Message;
use ::notifications::{
    Delivery, DeliveryId, Medium, MemberId, Notification, NotificationId, NotificationKind,
    Preferences, QuietHours,
};
use kernel::WorkspaceId;
use sea_orm::ActiveValue::Set;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entities::{
    notification_deliveries, notification_preferences, notifications as feed_rows,
};
use crate::timestamps::{stored, stored_opt};

pub(super) fn unexpected(error: impl std::fmt::Display) -> NotificationStoreError {
    NotificationStoreError::Unexpected(error.to_string())
}

fn corrupt(what: &str, value: impl std::fmt::Display) -> NotificationStoreError {
    NotificationStoreError::Unexpected(format!("stored {what} is invalid: {value}"))
}

pub(super) fn notification_row(notification: &Notification) -> feed_rows::ActiveModel {
    feed_rows::ActiveModel {
        id: Set(notification.id.as_uuid()),
        workspace_id: Set(notification.workspace_id.as_uuid()),
        member_id: Set(notification.member_id.as_uuid()),
        kind: Set(notification.kind.as_str().to_owned()),
        title: Set(notification.title.clone()),
        body: Set(notification.body.clone()),
        link: Set(notification.link.clone()),
        subject_id: Set(notification.subject_id),
        created_at: Set(stored(notification.created_at)),
        visible_at: Set(stored(notification.visible_at)),
        read_at: Set(stored_opt(notification.read_at)),
    }
}

pub(super) fn notification_from_row(
    row: feed_rows::Model,
) -> Result<Notification, NotificationStoreError> {
    Ok(Notification {
        id: NotificationId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        member_id: MemberId::from_uuid(row.member_id),
        kind: NotificationKind::parse(&row.kind).ok_or_else(|| corrupt("kind", &row.kind))?,
        title: row.title,
        body: row.body,
        link: row.link,
        subject_id: row.subject_id,
        created_at: row.created_at,
        visible_at: row.visible_at,
        read_at: row.read_at,
    })
}

/// A rendered message as stored with its delivery, so the words sent are the words
/// chosen when the notification was raised.
#[derive(Serialize, Deserialize)]
struct StoredMessage {
    kind: String,
    subject: String,
    text: String,
    html: String,
    short: String,
    link: Option<String>,
    subject_id: Option<Uuid>,
}

pub(super) fn delivery_row(
    delivery: &Delivery,
) -> Result<notification_deliveries::ActiveModel, NotificationStoreError> {
    let message = &delivery.message;
    let json = serde_json::to_string(&StoredMessage {
        kind: message.kind.as_str().to_owned(),
        subject: message.subject.clone(),
        text: message.text.clone(),
        html: message.html.clone(),
        short: message.short.clone(),
        link: message.link.clone(),
        subject_id: message.subject_id,
    })
    .map_err(unexpected)?;
    Ok(notification_deliveries::ActiveModel {
        id: Set(delivery.id.as_uuid()),
        workspace_id: Set(delivery.workspace_id.as_uuid()),
        notification_id: Set(delivery.notification_id.as_uuid()),
        member_id: Set(delivery.member_id.as_uuid()),
        medium: Set(delivery.medium.as_str().to_owned()),
        address: Set(delivery.address.clone()),
        message: Set(json),
        send_at: Set(stored(delivery.send_at)),
        sent_at: Set(stored_opt(delivery.sent_at)),
        abandoned_at: Set(None),
        attempts: Set(i32::try_from(delivery.attempts).map_err(unexpected)?),
        last_error: Set(delivery.last_error.clone()),
    })
}

pub(super) fn delivery_from_row(
    row: notification_deliveries::Model,
) -> Result<Delivery, NotificationStoreError> {
    let stored: StoredMessage =
        serde_json::from_str(&row.message).map_err(|e| corrupt("message", e))?;
    Ok(Delivery {
        id: DeliveryId::from_uuid(row.id),
        workspace_id: WorkspaceId::from_uuid(row.workspace_id),
        notification_id: NotificationId::from_uuid(row.notification_id),
        member_id: MemberId::from_uuid(row.member_id),
        medium: Medium::parse(&row.medium).ok_or_else(|| corrupt("medium", &row.medium))?,
        address: row.address,
        message: Message {
            kind: NotificationKind::parse(&stored.kind)
                .ok_or_else(|| corrupt("message kind", &stored.kind))?,
            subject: stored.subject,
            text: stored.text,
            html: stored.html,
            short: stored.short,
            link: stored.link,
            subject_id: stored.subject_id,
        },
        send_at: row.send_at,
        sent_at: row.sent_at,
        attempts: u32::try_from(row.attempts).map_err(|e| corrupt("attempts", e))?,
        last_error: row.last_error,
    })
}

#[derive(Serialize, Deserialize)]
struct StoredChoice {
    kind: String,
    medium: String,
    enabled: bool,
}

pub(super) fn preferences_row(
    workspace_id: WorkspaceId,
    member_id: MemberId,
    preferences: &Preferences,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<notification_preferences::ActiveModel, NotificationStoreError> {
    let choices: Vec<StoredChoice> = preferences
        .choices()
        .iter()
        .map(|((kind, medium), enabled)| StoredChoice {
            kind: kind.as_str().to_owned(),
            medium: medium.as_str().to_owned(),
            enabled: *enabled,
        })
        .collect();
    let quiet = preferences.quiet_hours();
    Ok(notification_preferences::ActiveModel {
        workspace_id: Set(workspace_id.as_uuid()),
        member_id: Set(member_id.as_uuid()),
        choices: Set(serde_json::to_string(&choices).map_err(unexpected)?),
        whatsapp_number: Set(preferences.whatsapp_number().map(str::to_owned)),
        quiet_start: Set(quiet.map(QuietHours::start_text)),
        quiet_end: Set(quiet.map(QuietHours::end_text)),
        quiet_timezone: Set(quiet.map(|q| q.timezone().name().to_owned())),
        updated_at: Set(stored(at)),
    })
}

pub(super) fn preferences_from_row(
    row: notification_preferences::Model,
) -> Result<Preferences, NotificationStoreError> {
    let stored: Vec<StoredChoice> =
        serde_json::from_str(&row.choices).map_err(|e| corrupt("choices", e))?;
    let mut choices = BTreeMap::new();
    for choice in stored {
        let kind =
            NotificationKind::parse(&choice.kind).ok_or_else(|| corrupt("kind", &choice.kind))?;
        let medium =
            Medium::parse(&choice.medium).ok_or_else(|| corrupt("medium", &choice.medium))?;
        choices.insert((kind, medium), choice.enabled);
    }
    let quiet_hours = match (row.quiet_start, row.quiet_end, row.quiet_timezone) {
        (Some(start), Some(end), Some(zone)) => {
            Some(QuietHours::parse(&start, &end, &zone).map_err(|e| corrupt("quiet hours", e))?)
        }
        _ => None,
    };
    Ok(Preferences::restore(
        choices,
        row.whatsapp_number,
        quiet_hours,
    ))
}
