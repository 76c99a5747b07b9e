//! `OpenAiCompatible` against a local `/v1/chat/completions`.

use std::time::Duration;

use conversation::llm::{
    ChatMessage, ChatRequest, FinishReason, LanguageModel, LanguageModelError, TokenUsage, ToolCall,
};
use llm::{OpenAiCompatible, Provider};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn model(server: &MockServer) -> OpenAiCompatible {
    OpenAiCompatible::new(&config(
        Provider::OpenAiCompatible,
        server.uri(),
        "gpt-4o-mini",
    ))
    .unwrap()
}

fn answer(raw: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(raw.to_owned(), "application/json")
}

/// One server answering `template` to any POST.
async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn sends_the_documented_request_and_reads_the_tool_call() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", "Bearer sk-test"))
        .and(header("content-type", "application/json"))
        .respond_with(answer(OPENAI_TOOL_CALL))
        .expect(1)
        .mount(&server)
        .await;

    let model = model(&server);
    assert_eq!(model.name(), "openai-compatible:gpt-4o-mini");
    let request = conversation_with_a_tool_result();
    let response = model.complete(&request).await.unwrap();

    let mut body: Value = only_request(&server).await.body_json().unwrap();
    // Arguments go as JSON text; its key order depends on serde_json's features, so the
    // text is parsed rather than compared.
    let arguments = body["messages"][2]["tool_calls"][0]["function"]["arguments"].take();
    assert_eq!(
        serde_json::from_str::<Value>(arguments.as_str().unwrap()).unwrap(),
        json!({"query": "red lipstick", "limit": 3})
    );
    assert_eq!(
        body,
        json!({
            "model": "gpt-4o-mini",
            "messages": [
                {"role": "system", "content": "You are Glow Beauty's assistant."},
                {"role": "user", "content": "Do you have a red lipstick?"},
                {
                    "role": "assistant",
                    "content": null,
                    "tool_calls": [{
                        "id": "call_1",
                        "type": "function",
                        "function": {
                            "name": "search_products",
                            "arguments": null
                        }
                    }]
                },
                {"role": "tool", "tool_call_id": "call_1", "content": SEARCH_RESULT}
            ],
            "tools": [
                {
                    "type": "function",
                    "function": {
                        "name": "search_products",
                        "description": search_products().description,
                        "parameters": search_products().parameters
                    }
                },
                {
                    "type": "function",
                    "function": {
                        "name": "get_cart",
                        "description": get_cart().description,
                        "parameters": get_cart().parameters
                    }
                }
            ],
            "tool_choice": "auto",
            "temperature": 0.2,
            "max_tokens": 256
        })
    );

    assert_eq!(response.content, None);
    assert_eq!(
        response.tool_calls,
        vec![ToolCall {
            id: "call_Q9xkVcQUTDmBqTAv2Qc0p3FQ".into(),
            name: "search_products".into(),
            arguments: json!({"query": "red lipstick", "limit": 3}),
        }]
    );
    assert_eq!(response.finish_reason, FinishReason::ToolCalls);
    assert_eq!(
        response.usage,
        Some(TokenUsage {
            prompt_tokens: 812,
            completion_tokens: 21
        })
    );
}

#[tokio::test]
async fn a_tool_call_round_trip_ends_in_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(CarriesToolResult(false))
        .respond_with(answer(OPENAI_TOOL_CALL))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(CarriesToolResult(true))
        .respond_with(answer(OPENAI_TEXT))
        .expect(1)
        .mount(&server)
        .await;
    let model = model(&server);

    let mut request = first_question();
    let first = model.complete(&request).await.unwrap();
    assert_eq!(first.finish_reason, FinishReason::ToolCalls);
    let [call] = first.tool_calls.as_slice() else {
        panic!("expected one tool call, got {:?}", first.tool_calls)
    };
    assert_eq!(call.name, "search_products");
    assert_eq!(call.arguments["query"], "red lipstick");

    // What the domain does: keep the model's turn, run the tool, send the result back.
    request.messages.push(ChatMessage::Assistant {
        content: first.content.clone(),
        tool_calls: first.tool_calls.clone(),
    });
    request.messages.push(ChatMessage::Tool {
        call_id: call.id.clone(),
        content: SEARCH_RESULT.into(),
    });
    let second = model.complete(&request).await.unwrap();
    assert_eq!(second.content.as_deref(), Some(LIPSTICK_ANSWER));
    assert!(second.tool_calls.is_empty());
    assert_eq!(second.finish_reason, FinishReason::Stop);
    assert_eq!(
        second.usage,
        Some(TokenUsage {
            prompt_tokens: 901,
            completion_tokens: 27
        })
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let first_body: Value = requests[0].body_json().unwrap();
    assert_eq!(first_body["tools"].as_array().unwrap().len(), 9);
    let second_body: Value = requests[1].body_json().unwrap();
    let messages = second_body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    let echoed = &messages[2]["tool_calls"][0];
    assert_eq!(echoed["id"], "call_Q9xkVcQUTDmBqTAv2Qc0p3FQ");
    assert_eq!(echoed["function"]["name"], "search_products");
    // Sent back as JSON text, which parses to what the model asked for.
    let arguments: Value =
        serde_json::from_str(echoed["function"]["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(arguments, json!({"query": "red lipstick", "limit": 3}));
    assert_eq!(
        messages[3],
        json!({"role": "tool", "tool_call_id": "call_Q9xkVcQUTDmBqTAv2Qc0p3FQ", "content": SEARCH_RESULT})
    );
}

#[tokio::test]
async fn without_tools_or_key_neither_is_sent_and_a_v1_base_url_is_not_doubled() {
    let server = server_answering(answer(OPENAI_TEXT)).await;
    let mut config = config(
        Provider::OpenAiCompatible,
        format!("{}/v1/", server.uri()),
        "llama3.1",
    );
    config.api_key = None;
    let model = OpenAiCompatible::new(&config).unwrap();
    let request = ChatRequest {
        messages: vec![ChatMessage::User {
            content: "Hello".into(),
        }],
        tools: vec![],
    };
    let response = model.complete(&request).await.unwrap();
    assert_eq!(response.content.as_deref(), Some(LIPSTICK_ANSWER));

    let sent = only_request(&server).await;
    assert_eq!(sent.url.path(), "/v1/chat/completions");
    assert!(sent.headers.get("authorization").is_none());
    let body: Value = sent.body_json().unwrap();
    assert_eq!(
        body,
        json!({
            "model": "llama3.1",
            "messages": [{"role": "user", "content": "Hello"}],
            "temperature": 0.2,
            "max_tokens": 256
        })
    );
}

#[tokio::test]
async fn a_model_slower_than_the_timeout_is_a_timeout() {
    let server = server_answering(answer(OPENAI_TEXT).set_delay(Duration::from_secs(10))).await;
    let mut config = config(Provider::OpenAiCompatible, server.uri(), "gpt-4o-mini");
    config.timeout = Duration::from_millis(100);
    let model = OpenAiCompatible::new(&config).unwrap();
    assert_eq!(
        model.complete(&first_question()).await,
        Err(LanguageModelError::Timeout)
    );
}

#[tokio::test]
async fn answers_that_cannot_be_read_are_malformed() {
    let mut bad_arguments = fixture(OPENAI_TOOL_CALL);
    bad_arguments["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] =
        json!("{\"query\": \"red lip");
    let cases = [
        (
            "not JSON",
            ResponseTemplate::new(200).set_body_string("<html>Bad gateway</html>"),
        ),
        (
            "no choices",
            ResponseTemplate::new(200).set_body_json(json!({"id": "x", "choices": []})),
        ),
        (
            "no choices field",
            ResponseTemplate::new(200).set_body_json(json!({"id": "x"})),
        ),
        (
            "arguments not JSON",
            ResponseTemplate::new(200).set_body_json(bad_arguments),
        ),
        (
            "a choice without a message",
            ResponseTemplate::new(200)
                .set_body_json(json!({"choices": [{"finish_reason": "stop"}]})),
        ),
    ];
    for (case, template) in cases {
        let server = server_answering(template).await;
        let result = model(&server).complete(&first_question()).await;
        assert!(is_malformed(&result), "{case}: {result:?}");
    }
}

#[tokio::test]
async fn rate_limits_server_errors_and_no_connection_are_unavailable() {
    let limited = server_answering(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "20")
            .set_body_json(json!({"error": {"message": "Rate limit reached for gpt-4o-mini", "type": "requests"}})),
    )
    .await;
    assert_eq!(
        model(&limited).complete(&first_question()).await,
        Err(LanguageModelError::Unavailable(
            "HTTP 429: Rate limit reached for gpt-4o-mini (retry after 20s)".into()
        ))
    );

    let down = server_answering(ResponseTemplate::new(500).set_body_string("upstream down")).await;
    assert_eq!(
        model(&down).complete(&first_question()).await,
        Err(LanguageModelError::Unavailable(
            "HTTP 500: upstream down".into()
        ))
    );

    // Nothing listens on port 1: the connection is refused at once.
    let nobody = OpenAiCompatible::new(&config(
        Provider::OpenAiCompatible,
        "http://127.0.0.1:1".into(),
        "gpt-4o-mini",
    ))
    .unwrap();
    let result = nobody.complete(&first_question()).await;
    assert!(
        matches!(result, Err(LanguageModelError::Unavailable(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn client_errors_are_rejections_with_the_providers_message() {
    let server = server_answering(
        ResponseTemplate::new(401).set_body_raw(OPENAI_ERROR.to_owned(), "application/json"),
    )
    .await;
    assert_eq!(
        model(&server).complete(&first_question()).await,
        Err(LanguageModelError::Rejected(
            "HTTP 401: Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.".into()
        ))
    );
}
