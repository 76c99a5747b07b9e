//! The channels need the assistant (to answer) and the assistant needs the channels (to
//! send): the responder is handed to the channels first and filled in once built.

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use channels::OutboundContent;
use channels::ports::{ReplyRequest, Responder, ResponderError};

#[derive(Default)]
pub struct LateResponder {
    inner: OnceLock<Arc<dyn Responder>>,
}

impl LateResponder {
    pub fn set(&self, responder: Arc<dyn Responder>) {
        // Set once at start-up; a second call would be a wiring bug, and is ignored.
        let _ = self.inner.set(responder);
    }
}

#[async_trait]
impl Responder for LateResponder {
    async fn reply(
        &self,
        request: &ReplyRequest,
    ) -> Result<Option<OutboundContent>, ResponderError> {
        match self.inner.get() {
            Some(responder) => responder.reply(request).await,
            None => Err(ResponderError("the assistant is not wired yet".into())),
        }
    }
}
