//! `GET /api/v1/realtime`: a member's live feed of the workspace's events, one JSON
//! envelope per text frame. Browsers cannot set headers on a WebSocket, so the access
//! token may come as `?token=` as well as `Authorization: Bearer`; either is checked
//! before the upgrade, so a bad one is a plain 401.
//!
//! A member who may answer customers can send `{"type":"typing","conversation_id":"..."}`:
//! the workspace's other dashboards get a `typing` envelope (at most one per
//! conversation every `TYPING_EVERY` from one connection).

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, HttpResponse, get, web};
use actix_ws::{CloseCode, CloseReason, Message};
use identity::{AccessError, Permission, Unauthenticated};
use kernel::WorkspaceId;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use uuid::Uuid;

use super::envelope::{Draft, Envelope};
use super::hub::Subscription;
use super::log::EventLog;
use super::publisher::Publisher;
use crate::http::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Quiet sockets are pinged this often, so proxies keep them open and dead ones end.
const PING_EVERY: Duration = Duration::from_secs(20);
/// Pings left unanswered before the connection counts as dead.
const MISSED_PONGS: u32 = 2;
/// A frame the client's network does not take within this long ends the connection.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Typing announcements one connection may make per conversation: a held key would
/// otherwise write a row per keystroke.
const TYPING_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RealtimeQuery {
    /// The access token, for clients that cannot send an Authorization header.
    pub token: Option<String>,
    /// The last event id the client saw: later events of the last 24 hours are sent
    /// first (at most 1,000), then live ones.
    pub since: Option<i64>,
}

/// Opens the live event feed of the caller's workspace.
#[utoipa::path(
    tag = "realtime",
    params(RealtimeQuery),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol; frames are `{\"id\", \"type\", \"workspace_id\", \"data\", \"at\"}` envelopes"),
        (status = 400, description = "`websocket_required`: not a WebSocket handshake", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/realtime")]
pub async fn realtime_socket(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<RealtimeQuery>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let token = query
        .token
        .filter(|token| !token.trim().is_empty())
        .or_else(|| bearer(&request))
        .ok_or(AccessError::Unauthenticated(Unauthenticated::Missing))?;
    let principal = state.identity.authenticate(token.trim()).await?;
    principal.require(Permission::ViewConversations)?;
    // Joined before the handshake and before any replay, so nothing falls in between.
    let member_id = principal.user_id().as_uuid();
    let subscription = state
        .realtime
        .hub
        .subscribe(principal.workspace_id, member_id);
    let (response, session, stream) = actix_ws::handle(&request, body).map_err(|e| {
        ApiError::new(
            ErrorCode::WebSocketRequired,
            format!("not a WebSocket handshake: {e}"),
        )
    })?;
    actix_web::rt::spawn(relay(
        Connection {
            workspace_id: principal.workspace_id,
            member_id,
            since: query.since,
            log: state.realtime.log.clone(),
            subscription,
            typist: principal
                .require(Permission::RespondToConversations)
                .is_ok()
                .then(|| Typist {
                    user_id: principal.user_id().as_uuid(),
                    publisher: state.realtime.publisher.clone(),
                    last: HashMap::new(),
                }),
        },
        session,
        stream,
    ));
    Ok(response)
}

fn bearer(request: &HttpRequest) -> Option<String> {
    let value = request.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|token| !token.is_empty())
}

struct Connection {
    workspace_id: WorkspaceId,
    /// The member connected (user id): their own events are replayed too.
    member_id: Uuid,
    since: Option<i64>,
    log: EventLog,
    subscription: Subscription,
    /// Set for members who may answer customers: their typing is announced.
    typist: Option<Typist>,
}

struct Typist {
    user_id: Uuid,
    publisher: Publisher,
    /// When this connection last announced typing, per conversation.
    last: HashMap<Uuid, Instant>,
}

#[derive(Debug, Deserialize)]
struct ClientFrame {
    #[serde(rename = "type")]
    kind: String,
    conversation_id: Option<Uuid>,
}

impl Typist {
    /// Announces the member typing in a conversation, unless it did so just now.
    async fn typing(&mut self, workspace_id: WorkspaceId, text: &str) {
        let Ok(ClientFrame {
            kind,
            conversation_id: Some(conversation_id),
        }) = serde_json::from_str::<ClientFrame>(text)
        else {
            return;
        };
        if kind != "typing" {
            return;
        }
        let now = Instant::now();
        if self
            .last
            .get(&conversation_id)
            .is_some_and(|last| now.duration_since(*last) < TYPING_EVERY)
        {
            return;
        }
        self.last.insert(conversation_id, now);
        let draft = Draft {
            workspace_id,
            kind: "typing",
            data: json!({ "conversation_id": conversation_id, "user_id": self.user_id }),
            member_id: None,
        };
        if let Err(error) = self.publisher.publish(draft).await {
            tracing::warn!(%error, "cannot announce typing");
        }
    }
}

/// Replays what the client missed, then forwards live events until either side goes
/// away, the client stops answering pings, or it falls too far behind.
async fn relay(
    connection: Connection,
    mut session: actix_ws::Session,
    mut stream: actix_ws::MessageStream,
) {
    let Connection {
        workspace_id,
        member_id,
        since,
        log,
        mut subscription,
        mut typist,
    } = connection;
    let mut replayed = HashSet::new();
    if let Some(since) = since {
        match log.since(workspace_id, member_id, since).await {
            Ok(missed) => {
                for envelope in missed {
                    replayed.insert(envelope.id);
                    if !send(&mut session, &envelope).await {
                        return;
                    }
                }
            }
            Err(error) => {
                tracing::error!(%error, "cannot replay realtime events");
                let _ = session.close(Some(CloseCode::Error.into())).await;
                return;
            }
        }
    }
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    let mut unanswered = 0;
    let reason = loop {
        tokio::select! {
            biased;
            _ = &mut subscription.kicked => break Some(CloseReason {
                code: CloseCode::Again,
                description: Some("too slow: reconnect with since=<last id>".into()),
            }),
            envelope = subscription.events.recv() => match envelope {
                Some(envelope) if replayed.contains(&envelope.id) => {}
                Some(envelope) => {
                    if !send(&mut session, &envelope).await {
                        return;
                    }
                }
                None => break Some(CloseReason::from(CloseCode::Restart)),
            },
            message = stream.recv() => match message {
                Some(Ok(Message::Ping(bytes))) => {
                    if session.pong(&bytes).await.is_err() {
                        return;
                    }
                }
                Some(Ok(Message::Pong(_))) => unanswered = 0,
                Some(Ok(Message::Close(reason))) => break reason,
                Some(Ok(Message::Text(text))) => {
                    if let Some(typist) = typist.as_mut() {
                        typist.typing(workspace_id, &text).await;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(error)) => {
                    tracing::debug!(%error, "realtime socket protocol error");
                    break Some(CloseReason::from(CloseCode::Protocol));
                }
                None => return,
            },
            _ = ping.tick() => {
                if unanswered >= MISSED_PONGS {
                    break Some(CloseReason {
                        code: CloseCode::Away,
                        description: Some("no pong".into()),
                    });
                }
                unanswered += 1;
                if session.ping(b"").await.is_err() {
                    return;
                }
            }
        }
    };
    let _ = tokio::time::timeout(SEND_TIMEOUT, session.close(reason)).await;
}

/// Sends one envelope; false when the connection is gone or stalled.
async fn send(session: &mut actix_ws::Session, envelope: &Envelope) -> bool {
    let Ok(text) = serde_json::to_string(envelope) else {
        return true;
    };
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, session.text(text)).await,
        Ok(Ok(()))
    )
}
