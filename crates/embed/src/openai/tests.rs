use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

fn config(server: &MockServer) -> OpenAiEmbeddingsConfig {
    let mut config = OpenAiEmbeddingsConfig::new(&server.uri(), "text-embedding-3-small", 3);
    config.api_key = Some(SecretString::from("sk-test"));
    config.timeout = Duration::from_millis(500);
    config
}

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|t| (*t).to_owned()).collect()
}

#[tokio::test]
async fn sends_the_documented_request_and_orders_vectors_by_index() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/embeddings"))
        .and(header("authorization", "Bearer sk-test"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "model": "text-embedding-3-small",
            "input": ["red lipstick", "shipping"]
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "object": "list",
            "data": [
                {"object": "embedding", "index": 1, "embedding": [0.0, 3.0, 4.0]},
                {"object": "embedding", "index": 0, "embedding": [1.0, 0.0, 0.0]}
            ],
            "model": "text-embedding-3-small",
            "usage": {"prompt_tokens": 4, "total_tokens": 4}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let embedder = OpenAiEmbeddings::new(config(&server)).unwrap();
    assert_eq!(embedder.spec().name(), "openai:text-embedding-3-small");
    let vectors = embedder
        .embed(&texts(&["red lipstick", "shipping"]))
        .await
        .unwrap();
    assert_eq!(vectors, vec![vec![1.0, 0.0, 0.0], vec![0.0, 0.6, 0.8]]);
}

#[tokio::test]
async fn a_base_url_ending_in_v1_is_not_doubled_and_batches_are_split() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/embeddings"))
        .respond_with(|request: &wiremock::Request| {
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            let count = body["input"].as_array().unwrap().len();
            let data: Vec<Value> = (0..count)
                .map(|i| json!({"index": i, "embedding": [1.0, i as f32, 0.0]}))
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({ "data": data }))
        })
        .expect(3)
        .mount(&server)
        .await;

    let mut config = config(&server);
    config.base_url = format!("{}/v1/", server.uri());
    config.batch_size = 2;
    config.api_key = None;
    let embedder = OpenAiEmbeddings::new(config).unwrap();
    let vectors = embedder
        .embed(&texts(&["a", "b", "c", "d", "e"]))
        .await
        .unwrap();
    assert_eq!(vectors.len(), 5);
    // The fifth text was the first of the third batch.
    assert_eq!(vectors[4], vec![1.0, 0.0, 0.0]);
    assert!(embedder.embed(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_transient() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "20")
                .set_body_json(
                    json!({"error": {"message": "Rate limit reached", "type": "requests"}}),
                ),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream down"))
        .mount(&server)
        .await;

    let embedder = OpenAiEmbeddings::new(config(&server)).unwrap();
    let limited = embedder.embed(&texts(&["x"])).await.unwrap_err();
    assert_eq!(
        limited,
        EmbedError::Transient("HTTP 429: Rate limit reached (retry after 20s)".into())
    );
    assert!(limited.is_transient());
    let down = embedder.embed(&texts(&["x"])).await.unwrap_err();
    assert_eq!(
        down,
        EmbedError::Transient("HTTP 503: upstream down".into())
    );
}

#[tokio::test]
async fn client_errors_are_rejections_with_the_servers_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}}),
        ))
        .mount(&server)
        .await;
    let error = OpenAiEmbeddings::new(config(&server))
        .unwrap()
        .embed(&texts(&["x"]))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        EmbedError::Rejected("HTTP 401: Incorrect API key provided".into())
    );
    assert!(!error.is_transient());
}

#[tokio::test]
async fn malformed_responses_are_refused() {
    let cases = [
        (json!({"unexpected": true}), "malformed embeddings response"),
        (json!({"data": []}), "0 vectors for 1 inputs"),
        (
            json!({"data": [{"index": 5, "embedding": [1.0, 0.0, 0.0]}]}),
            "index 5 out of range",
        ),
        (
            json!({"data": [{"index": 0, "embedding": "base64=="}]}),
            "malformed embeddings response",
        ),
    ];
    for (body, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
            .mount(&server)
            .await;
        let error = OpenAiEmbeddings::new(config(&server))
            .unwrap()
            .embed(&texts(&["x"]))
            .await
            .unwrap_err();
        match &error {
            EmbedError::Unexpected(message) => {
                assert!(message.contains(expected), "{body}: {message}")
            }
            other => panic!("{body}: {other:?}"),
        }
    }

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>proxy error</html>"))
        .mount(&server)
        .await;
    let error = OpenAiEmbeddings::new(config(&server))
        .unwrap()
        .embed(&texts(&["x"]))
        .await
        .unwrap_err();
    assert!(matches!(error, EmbedError::Unexpected(_)));
}

#[tokio::test]
async fn vectors_of_the_wrong_length_are_never_accepted() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [{"index": 0, "embedding": [0.1, 0.2, 0.3, 0.4]}]})),
        )
        .mount(&server)
        .await;
    let error = OpenAiEmbeddings::new(config(&server))
        .unwrap()
        .embed(&texts(&["x"]))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        EmbedError::DimensionMismatch {
            expected: 3,
            actual: 4
        }
    );
}

#[tokio::test]
async fn a_slow_server_times_out_as_a_transient_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [{"index": 0, "embedding": [1.0, 0.0, 0.0]}]}))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let error = OpenAiEmbeddings::new(config(&server))
        .unwrap()
        .embed(&texts(&["x"]))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        EmbedError::Transient("embeddings request timed out".into())
    );
}

#[test]
fn bad_configuration_is_refused_at_start_up() {
    let bad_url = OpenAiEmbeddingsConfig::new("api.openai.com", "text-embedding-3-small", 1536);
    assert!(matches!(
        OpenAiEmbeddings::new(bad_url),
        Err(EmbedderBuildError::InvalidConfig(_))
    ));
    let no_model = OpenAiEmbeddingsConfig::new("https://api.openai.com", " ", 1536);
    assert!(OpenAiEmbeddings::new(no_model).is_err());
    let no_dimension = OpenAiEmbeddingsConfig::new("https://api.openai.com", "m", 0);
    assert!(OpenAiEmbeddings::new(no_dimension).is_err());
}
