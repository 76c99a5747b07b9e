//! Outside operating hours: hand off with the out-of-hours message (the default), or
//! keep answering.

use chrono::{NaiveTime, Weekday};
use handoff::{Decision, HandoffReason, Lifecycle, OutOfHours};

use super::world::*;
use crate::language::Language;
use crate::tones::{HandoffReason as Said, Opening, Reply, Tone};

fn thursday_nine() -> Opening {
    Opening {
        weekday: Weekday::Thu,
        time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    }
}

fn closed(world: &World) {
    world.shop_profile(|shop| {
        shop.open_now = false;
        shop.back_at = Some(thursday_nine());
    });
}

fn render(reply: Reply) -> String {
    reply.render(Tone::Professional, Language::English).unwrap()
}

#[test]
fn out_of_hours_the_default_hands_off_with_the_out_of_hours_message() {
    let world = World::new();
    closed(&world);
    let report = world.say("how much is the glow serum?");

    assert_eq!(
        report.decision,
        Decision::Handoff {
            reason: HandoffReason::OutsideHours,
            team_available: false
        }
    );
    assert_eq!(
        reply_text(&report),
        render(Reply::OutOfHours {
            back_at: Some(thursday_nine())
        })
    );
    assert_eq!(world.conversation().state.lifecycle(), Lifecycle::Escalated);
}

#[test]
fn out_of_hours_keep_answering_answers() {
    let world = World::new();
    closed(&world);
    world.configure(|s| s.handoff.set_out_of_hours(OutOfHours::KeepAnswering));
    let report = world.say("how much is the retinol night cream?");

    assert_eq!(report.decision, Decision::Answer);
    assert!(reply_text(&report).contains("€24.90"));
    assert_eq!(world.conversation().state.lifecycle(), Lifecycle::Waiting);
}

#[test]
fn out_of_hours_keep_answering_a_handoff_says_when_the_team_is_back() {
    let world = World::new();
    closed(&world);
    world.configure(|s| s.handoff.set_out_of_hours(OutOfHours::KeepAnswering));
    let report = world.say("my order arrived damaged, I want a refund");

    assert_eq!(
        report.decision,
        Decision::Handoff {
            reason: HandoffReason::Complaint,
            team_available: false
        }
    );
    assert_eq!(
        reply_text(&report),
        format!(
            "{}\n\n{}",
            render(Reply::Handoff(Said::Complaint)),
            render(Reply::OutOfHours {
                back_at: Some(thursday_nine())
            })
        )
    );
}

#[test]
fn out_of_hours_an_order_can_still_be_captured_when_answering() {
    let world = World::new();
    closed(&world);
    world.configure(|s| s.handoff.set_out_of_hours(OutOfHours::KeepAnswering));
    world.say("2 Glow Serum 50ml to Milan");
    let report = world.say("yes");

    assert!(report.order.is_some());
    assert_eq!(
        report.decision,
        Decision::Handoff {
            reason: HandoffReason::OrderConfirmed,
            team_available: false
        }
    );
}
