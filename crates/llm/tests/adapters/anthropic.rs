//! `Anthropic` against a local `/v1/messages`.

use std::time::Duration;

use conversation::llm::{
    ChatMessage, FinishReason, LanguageModel, LanguageModelError, TokenUsage, ToolCall,
};
use llm::{Anthropic, Provider};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const MODEL: &str = "claude-3-5-haiku-latest";

fn model(server: &MockServer) -> Anthropic {
    Anthropic::new(&config(Provider::Anthropic, server.uri(), MODEL)).unwrap()
}

fn answer(raw: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(raw.to_owned(), "application/json")
}

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn sends_the_documented_request_and_reads_text_and_tool_use() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/messages"))
        .and(header("x-api-key", "sk-test"))
        .and(header("anthropic-version", "2023-06-01"))
        .and(header("content-type", "application/json"))
        .respond_with(answer(ANTHROPIC_TOOL_USE))
        .expect(1)
        .mount(&server)
        .await;

    // Two parallel calls whose results must share one user message, and a second
    // system message that must join the first at the top.
    let mut request = conversation_with_a_tool_result();
    request.messages.insert(
        1,
        ChatMessage::System {
            content: "Answer in the customer's language.".into(),
        },
    );
    let ChatMessage::Assistant {
        content,
        tool_calls,
    } = &mut request.messages[3]
    else {
        panic!("the fixture conversation changed")
    };
    *content = Some("Let me look.".into());
    tool_calls.push(ToolCall {
        id: "call_2".into(),
        name: "get_cart".into(),
        arguments: json!({}),
    });
    request.messages.push(ChatMessage::Tool {
        call_id: "call_2".into(),
        content: r#"{"lines":[]}"#.into(),
    });

    let model = model(&server);
    assert_eq!(model.name(), "anthropic:claude-3-5-haiku-latest");
    let response = model.complete(&request).await.unwrap();

    let sent = only_request(&server).await;
    assert!(sent.headers.get("authorization").is_none());
    let body: Value = sent.body_json().unwrap();
    assert_eq!(
        body,
        json!({
            "model": MODEL,
            "max_tokens": 256,
            "temperature": 0.2,
            "system": "You are Glow Beauty's assistant.\n\nAnswer in the customer's language.",
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "Do you have a red lipstick?"}]},
                {"role": "assistant", "content": [
                    {"type": "text", "text": "Let me look."},
                    {"type": "tool_use", "id": "call_1", "name": "search_products", "input": {"query": "red lipstick", "limit": 3}},
                    {"type": "tool_use", "id": "call_2", "name": "get_cart", "input": {}}
                ]},
                {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "call_1", "content": SEARCH_RESULT},
                    {"type": "tool_result", "tool_use_id": "call_2", "content": "{\"lines\":[]}"}
                ]}
            ],
            "tools": [
                {"name": "search_products", "description": search_products().description, "input_schema": search_products().parameters},
                {"name": "get_cart", "description": get_cart().description, "input_schema": get_cart().parameters}
            ]
        })
    );

    assert_eq!(
        response.content.as_deref(),
        Some("I'll look for red lipsticks in the catalog.")
    );
    assert_eq!(
        response.tool_calls,
        vec![ToolCall {
            id: "toolu_01A09q90qw90lq917835lq9".into(),
            name: "search_products".into(),
            arguments: json!({"query": "red lipstick", "limit": 3}),
        }]
    );
    assert_eq!(response.finish_reason, FinishReason::ToolCalls);
    assert_eq!(
        response.usage,
        Some(TokenUsage {
            prompt_tokens: 1024,
            completion_tokens: 78
        })
    );
}

#[tokio::test]
async fn a_tool_use_round_trip_ends_in_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(CarriesToolResult(false))
        .respond_with(answer(ANTHROPIC_TOOL_USE))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(CarriesToolResult(true))
        .respond_with(answer(ANTHROPIC_TEXT))
        .expect(1)
        .mount(&server)
        .await;
    let model = model(&server);

    let mut request = first_question();
    let first = model.complete(&request).await.unwrap();
    assert_eq!(first.finish_reason, FinishReason::ToolCalls);
    request.messages.push(ChatMessage::Assistant {
        content: first.content.clone(),
        tool_calls: first.tool_calls.clone(),
    });
    request.messages.push(ChatMessage::Tool {
        call_id: first.tool_calls[0].id.clone(),
        content: SEARCH_RESULT.into(),
    });
    let second = model.complete(&request).await.unwrap();
    assert_eq!(second.content.as_deref(), Some(LIPSTICK_ANSWER));
    assert!(second.tool_calls.is_empty());
    assert_eq!(second.finish_reason, FinishReason::Stop);

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let second_body: Value = requests[1].body_json().unwrap();
    assert_eq!(second_body["tools"].as_array().unwrap().len(), 9);
    assert_eq!(
        second_body["messages"][1],
        json!({"role": "assistant", "content": [
            {"type": "text", "text": "I'll look for red lipsticks in the catalog."},
            {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "search_products", "input": {"query": "red lipstick", "limit": 3}}
        ]})
    );
    assert_eq!(
        second_body["messages"][2],
        json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_01A09q90qw90lq917835lq9", "content": SEARCH_RESULT}
        ]})
    );
}

#[tokio::test]
async fn a_model_slower_than_the_timeout_is_a_timeout() {
    let server = server_answering(answer(ANTHROPIC_TEXT).set_delay(Duration::from_secs(10))).await;
    let mut config = config(Provider::Anthropic, server.uri(), MODEL);
    config.timeout = Duration::from_millis(100);
    let model = Anthropic::new(&config).unwrap();
    assert_eq!(
        model.complete(&first_question()).await,
        Err(LanguageModelError::Timeout)
    );
}

#[tokio::test]
async fn answers_that_cannot_be_read_are_malformed() {
    let mut not_an_object = fixture(ANTHROPIC_TOOL_USE);
    not_an_object["content"][1]["input"] = json!("{\"query\": \"red lipstick\"}");
    let cases = [
        (
            "not JSON",
            ResponseTemplate::new(200).set_body_string("upstream connect error"),
        ),
        (
            "no content",
            ResponseTemplate::new(200).set_body_json(
                json!({"id": "msg_1", "type": "message", "stop_reason": "end_turn"}),
            ),
        ),
        (
            "tool input not an object",
            ResponseTemplate::new(200).set_body_json(not_an_object),
        ),
    ];
    for (case, template) in cases {
        let server = server_answering(template).await;
        let result = model(&server).complete(&first_question()).await;
        assert!(is_malformed(&result), "{case}: {result:?}");
    }
}

#[tokio::test]
async fn overload_and_rate_limits_are_unavailable_and_a_bad_key_is_rejected() {
    let overloaded = server_answering(ResponseTemplate::new(529).set_body_json(
        json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
    ))
    .await;
    assert_eq!(
        model(&overloaded).complete(&first_question()).await,
        Err(LanguageModelError::Unavailable(
            "HTTP 529: Overloaded".into()
        ))
    );

    let limited = server_answering(ResponseTemplate::new(429).set_body_json(
        json!({"type": "error", "error": {"type": "rate_limit_error", "message": "Number of request tokens has exceeded your per-minute rate limit"}}),
    ))
    .await;
    assert_eq!(
        model(&limited).complete(&first_question()).await,
        Err(LanguageModelError::Unavailable(
            "HTTP 429: Number of request tokens has exceeded your per-minute rate limit".into()
        ))
    );

    let refused = server_answering(
        ResponseTemplate::new(401).set_body_raw(ANTHROPIC_ERROR.to_owned(), "application/json"),
    )
    .await;
    assert_eq!(
        model(&refused).complete(&first_question()).await,
        Err(LanguageModelError::Rejected(
            "HTTP 401: invalid x-api-key".into()
        ))
    );
}
