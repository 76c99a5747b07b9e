//! Who gets what, when: the pure rule behind every notification.

use chrono::{DateTime, Utc};

use crate::kind::{Medium, NotificationKind, Priority};
use crate::preferences::Preferences;

/// What one member gets for one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryPlan {
    /// When the notification shows in the feed; `None` when the member turned the feed
    /// off for this kind.
    pub feed_at: Option<DateTime<Utc>>,
    /// Email and WhatsApp deliveries, each with the instant it may be sent.
    pub external: Vec<(Medium, DateTime<Utc>)>,
}

impl DeliveryPlan {
    pub fn is_empty(&self) -> bool {
        self.feed_at.is_none() && self.external.is_empty()
    }
}

/// Quiet hours hold back email and WhatsApp until they end, whatever the priority: a
/// phone buzzing at 3 a.m. is what quiet hours are for. The feed is silent, so a
/// high-priority notification still appears there at once (the owner opening the
/// dashboard at night sees the order); medium and low ones appear when quiet hours end.
pub fn plan_delivery(
    kind: NotificationKind,
    preferences: &Preferences,
    now: DateTime<Utc>,
) -> DeliveryPlan {
    let release = preferences
        .quiet_hours()
        .map_or(now, |quiet| quiet.release_at(now));
    let feed_at = preferences.wants(kind, Medium::InApp).then(|| {
        if kind.priority() == Priority::High {
            now
        } else {
            release
        }
    });
    let external = [Medium::Email, Medium::WhatsApp]
        .into_iter()
        .filter(|medium| preferences.wants(kind, *medium))
        .map(|medium| (medium, release))
        .collect();
    DeliveryPlan { feed_at, external }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::Duration;
    use kernel::{Clock, ManualClock};

    use super::*;
    use crate::preferences::PreferencesInput;

    fn quiet_nights() -> Preferences {
        Preferences::from_input(PreferencesInput {
            quiet_hours: Some(("22:00".into(), "08:00".into(), "Europe/Madrid".into())),
            ..PreferencesInput::default()
        })
        .unwrap()
    }

    #[test]
    fn outside_quiet_hours_everything_goes_at_once() {
        let now: DateTime<Utc> = "2026-11-22T12:00:00Z".parse().unwrap();
        let plan = plan_delivery(NotificationKind::CustomerWaiting, &quiet_nights(), now);
        assert_eq!(plan.feed_at, Some(now));
        assert_eq!(plan.external, vec![(Medium::Email, now)]);
    }

    #[test]
    fn a_high_priority_notification_reaches_the_feed_during_quiet_hours_and_its_email_waits() {
        // 23:30 in Madrid.
        let clock = ManualClock::new("2026-11-22T22:30:00Z".parse().unwrap());
        let preferences = quiet_nights();
        let plan = plan_delivery(NotificationKind::OrderCaptured, &preferences, clock.now());
        let morning: DateTime<Utc> = "2026-11-23T07:00:00Z".parse().unwrap();
        assert_eq!(plan.feed_at, Some(clock.now()));
        assert_eq!(plan.external, vec![(Medium::Email, morning)]);

        // Still quiet an hour before the end: the email would still wait for 08:00.
        clock.advance(Duration::hours(8) + Duration::minutes(29));
        assert!(preferences.quiet_hours().unwrap().contains(clock.now()));
        let plan = plan_delivery(NotificationKind::OrderCaptured, &preferences, clock.now());
        assert_eq!(plan.external, vec![(Medium::Email, morning)]);

        // From 08:00 on it goes at once.
        clock.advance(Duration::minutes(1));
        assert_eq!(clock.now(), morning);
        let plan = plan_delivery(NotificationKind::OrderCaptured, &preferences, clock.now());
        assert_eq!(plan.external, vec![(Medium::Email, clock.now())]);
    }

    #[test]
    fn medium_and_low_priority_wait_for_the_end_of_quiet_hours_even_in_the_feed() {
        let clock = ManualClock::new("2026-11-23T02:00:00Z".parse().unwrap());
        let morning: DateTime<Utc> = "2026-11-23T07:00:00Z".parse().unwrap();
        for kind in [
            NotificationKind::CustomerWaiting,
            NotificationKind::NewMessage,
        ] {
            let plan = plan_delivery(kind, &quiet_nights(), clock.now());
            assert_eq!(plan.feed_at, Some(morning), "{kind:?}");
            assert_eq!(plan.external, vec![(Medium::Email, morning)], "{kind:?}");
        }
    }

    #[test]
    fn media_turned_off_get_nothing() {
        let preferences = Preferences::from_input(PreferencesInput {
            choices: vec![
                ("handoff_requested".into(), "in_app".into(), false),
                ("handoff_requested".into(), "email".into(), false),
            ],
            ..PreferencesInput::default()
        })
        .unwrap();
        let plan = plan_delivery(
            NotificationKind::HandoffRequested,
            &preferences,
            "2026-11-22T12:00:00Z".parse().unwrap(),
        );
        assert!(plan.is_empty());
    }

    #[test]
    fn whatsapp_goes_to_members_who_chose_it() {
        let preferences = Preferences::from_input(PreferencesInput {
            choices: vec![("order_captured".into(), "whatsapp".into(), true)],
            whatsapp_number: Some("+34600111222".into()),
            ..PreferencesInput::default()
        })
        .unwrap();
        let now: DateTime<Utc> = "2026-11-22T12:00:00Z".parse().unwrap();
        let plan = plan_delivery(NotificationKind::OrderCaptured, &preferences, now);
        assert_eq!(
            plan.external,
            vec![(Medium::Email, now), (Medium::WhatsApp, now)]
        );
    }
}
