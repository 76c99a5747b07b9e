//! `/widget/{public_key}/ws`: the visitor's socket. It pushes the business's replies
//! (`{"type":"message",...}`) and typing (`{"type":"typing","on":true}`) as JSON text
//! frames. Browsers cannot set headers on a WebSocket, so the visitor id is a query
//! parameter; the origin check is the same as the widget's other calls.

use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, get, web};
use actix_ws::{CloseCode, CloseReason, Message};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use utoipa::IntoParams;

use super::widget::{open, visitor};
use super::widget_hub::Addressed;
use crate::http::{ApiError, ErrorBody, ErrorCode, FieldErrors};
use crate::state::AppState;

/// Quiet sockets are pinged this often, so proxies keep them open and dead ones end.
const PING_EVERY: Duration = Duration::from_secs(25);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SocketQuery {
    pub visitor_id: Option<String>,
}

/// Opens the visitor's socket for replies and typing.
#[utoipa::path(
    tag = "widget",
    params(("public_key" = String, Path, description = "The widget's public key"), SocketQuery),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 400, description = "`websocket_required`: not a WebSocket handshake", body = ErrorBody),
        (status = 403, description = "`origin_not_allowed`", body = ErrorBody),
        (status = 404, description = "`widget_not_found`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/widget/{public_key}/ws")]
pub async fn widget_socket(
    state: web::Data<AppState>,
    request: HttpRequest,
    public_key: web::Path<String>,
    query: web::Query<SocketQuery>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let widget = open(&state, &request, &public_key).await?;
    let mut errors = FieldErrors::new();
    let visitor = visitor(&mut errors, "visitor_id", query.visitor_id.as_deref());
    let (visitor,) = crate::all_valid!(errors, visitor);
    // Subscribe before the handshake answer, so nothing sent in between is missed.
    let pushes = state.widget.hub.subscribe();
    let (response, session, stream) = actix_ws::handle(&request, body).map_err(|e| {
        ApiError::new(
            ErrorCode::WebSocketRequired,
            format!("not a WebSocket handshake: {e}"),
        )
    })?;
    let key = widget.channel.account_id.as_str().to_owned();
    actix_web::rt::spawn(relay(
        key,
        visitor.as_str().to_owned(),
        pushes,
        session,
        stream,
    ));
    Ok(response)
}

/// Forwards this visitor's pushes until either side goes away.
async fn relay(
    public_key: String,
    visitor_id: String,
    mut pushes: tokio::sync::broadcast::Receiver<Addressed>,
    mut session: actix_ws::Session,
    mut stream: actix_ws::MessageStream,
) {
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    let reason = loop {
        tokio::select! {
            push = pushes.recv() => match push {
                Ok(addressed) if addressed.public_key == public_key && addressed.visitor_id == visitor_id => {
                    let Ok(text) = serde_json::to_string(&addressed.push) else { continue };
                    if session.text(text).await.is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                // The socket fell behind a burst of other widgets' pushes; what it
                // missed is in the history, which the widget re-reads on reconnect.
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, "widget socket lagged");
                }
                Err(RecvError::Closed) => break Some(CloseReason::from(CloseCode::Restart)),
            },
            message = stream.recv() => match message {
                Some(Ok(Message::Ping(bytes))) => {
                    if session.pong(&bytes).await.is_err() {
                        return;
                    }
                }
                Some(Ok(Message::Close(reason))) => break reason,
                // The widget may say it is typing; nobody listens for that yet.
                Some(Ok(_)) => {}
                Some(Err(error)) => {
                    tracing::debug!(%error, "widget socket protocol error");
                    break Some(CloseReason::from(CloseCode::Protocol));
                }
                None => return,
            },
            _ = ping.tick() => {
                if session.ping(b"").await.is_err() {
                    return;
                }
            }
        }
    };
    let _ = session.close(reason).await;
}
