//! The assistant turn end to end over in-memory ports: what the customer gets, what
//! is stored, what is published and queued.

mod bursts;
mod fakes;
mod handoffs;
mod hours;
mod incoming;
mod languages;
mod model;
mod ordering;
mod prices;
mod settings;
mod silence;
mod world;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// Runs a future to completion on this thread. The fakes never wait, so the first poll
/// finishes; polling again is only a guard.
pub(super) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}
