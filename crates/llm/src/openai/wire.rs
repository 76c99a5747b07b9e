//! The chat completions JSON, as OpenAI documents it
//! (platform.openai.com/docs/api-reference/chat), and its translation to and from the port.

use conversation::llm::{
    ChatMessage, ChatRequest, ChatResponse, FinishReason, LanguageModelError, TokenUsage, ToolCall,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize)]
pub(super) struct ChatCompletionRequest<'a> {
    model: &'a str,
    messages: Vec<Message<'a>>,
    /// Omitted without tools: some compatible servers refuse an empty list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tools: Vec<Tool<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tool_choice: Option<&'static str>,
    temperature: f32,
    max_tokens: u32,
}

#[derive(Debug, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
enum Message<'a> {
    System {
        content: &'a str,
    },
    User {
        content: &'a str,
    },
    /// `content` is sent as `null` beside tool calls, as OpenAI's own examples do.
    Assistant {
        content: Option<&'a str>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        tool_calls: Vec<OutgoingToolCall<'a>>,
    },
    Tool {
        tool_call_id: &'a str,
        content: &'a str,
    },
}

#[derive(Debug, Serialize)]
struct OutgoingToolCall<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    function: OutgoingFunction<'a>,
}

#[derive(Debug, Serialize)]
struct OutgoingFunction<'a> {
    name: &'a str,
    /// JSON text, not an object: that is the API's format.
    arguments: String,
}

#[derive(Debug, Serialize)]
struct Tool<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    function: FunctionSpec<'a>,
}

#[derive(Debug, Serialize)]
struct FunctionSpec<'a> {
    name: &'a str,
    description: &'a str,
    parameters: &'a serde_json::Value,
}

impl<'a> ChatCompletionRequest<'a> {
    pub(super) fn new(
        model: &'a str,
        request: &'a ChatRequest,
        temperature: f32,
        max_tokens: u32,
    ) -> Result<Self, LanguageModelError> {
        let messages = request
            .messages
            .iter()
            .map(Message::from_port)
            .collect::<Result<Vec<_>, _>>()?;
        let tools: Vec<Tool<'a>> = request
            .tools
            .iter()
            .map(|spec| Tool {
                kind: "function",
                function: FunctionSpec {
                    name: &spec.name,
                    description: &spec.description,
                    parameters: &spec.parameters,
                },
            })
            .collect();
        Ok(Self {
            model,
            messages,
            tool_choice: (!tools.is_empty()).then_some("auto"),
            tools,
            temperature,
            max_tokens,
        })
    }
}

impl<'a> Message<'a> {
    fn from_port(message: &'a ChatMessage) -> Result<Self, LanguageModelError> {
        Ok(match message {
            ChatMessage::System { content } => Message::System { content },
            ChatMessage::User { content } => Message::User { content },
            ChatMessage::Assistant {
                content,
                tool_calls,
            } => Message::Assistant {
                content: content.as_deref(),
                tool_calls: tool_calls
                    .iter()
                    .map(|call| {
                        let arguments = serde_json::to_string(&call.arguments).map_err(|e| {
                            LanguageModelError::Unexpected(format!(
                                "tool call {} arguments: {e}",
                                call.id
                            ))
                        })?;
                        Ok(OutgoingToolCall {
                            id: &call.id,
                            kind: "function",
                            function: OutgoingFunction {
                                name: &call.name,
                                arguments,
                            },
                        })
                    })
                    .collect::<Result<_, LanguageModelError>>()?,
            },
            ChatMessage::Tool { call_id, content } => Message::Tool {
                tool_call_id: call_id,
                content,
            },
        })
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct ChatCompletion {
    #[serde(default)]
    choices: Vec<Choice>,
    usage: Option<Usage>,
}

#[derive(Debug, Deserialize)]
struct Choice {
    message: AnswerMessage,
    finish_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct AnswerMessage {
    content: Option<String>,
    /// Absent or `null` without tool calls, depending on the server.
    tool_calls: Option<Vec<AnswerToolCall>>,
}

#[derive(Debug, Deserialize)]
struct AnswerToolCall {
    id: String,
    function: AnswerFunction,
}

#[derive(Debug, Deserialize)]
struct AnswerFunction {
    name: String,
    arguments: String,
}

#[derive(Debug, Deserialize)]
struct Usage {
    prompt_tokens: u32,
    completion_tokens: u32,
}

impl ChatCompletion {
    /// The first choice (we never ask for more than one).
    pub(super) fn into_response(self) -> Result<ChatResponse, LanguageModelError> {
        let choice = self
            .choices
            .into_iter()
            .next()
            .ok_or_else(|| LanguageModelError::Malformed("the answer has no choices".into()))?;
        let tool_calls = choice
            .message
            .tool_calls
            .unwrap_or_default()
            .into_iter()
            .map(AnswerToolCall::into_port)
            .collect::<Result<Vec<_>, _>>()?;
        let finish_reason = finish_reason(choice.finish_reason.as_deref(), !tool_calls.is_empty());
        Ok(ChatResponse {
            // Beside tool calls some servers send "" rather than null; both mean no text.
            content: choice.message.content.filter(|c| !c.trim().is_empty()),
            tool_calls,
            finish_reason,
            usage: self.usage.map(|u| TokenUsage {
                prompt_tokens: u.prompt_tokens,
                completion_tokens: u.completion_tokens,
            }),
        })
    }
}

impl AnswerToolCall {
    fn into_port(self) -> Result<ToolCall, LanguageModelError> {
        // Some servers send "" for a tool without parameters (get_cart); that is `{}`.
        let text = match self.function.arguments.trim() {
            "" => "{}",
            text => text,
        };
        let arguments: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            LanguageModelError::Malformed(format!(
                "arguments of tool call {} ({}) are not JSON: {e}",
                self.id, self.function.name
            ))
        })?;
        if !arguments.is_object() {
            return Err(LanguageModelError::Malformed(format!(
                "arguments of tool call {} ({}) are not a JSON object",
                self.id, self.function.name
            )));
        }
        Ok(ToolCall {
            id: self.id,
            name: self.function.name,
            arguments,
        })
    }
}

/// Ollama and some vLLM versions say "stop" (or nothing) while asking for tools; the
/// tool calls are what matter, so they win.
fn finish_reason(raw: Option<&str>, has_tool_calls: bool) -> FinishReason {
    match raw {
        Some("tool_calls" | "function_call") => FinishReason::ToolCalls,
        Some("stop") | None if has_tool_calls => FinishReason::ToolCalls,
        Some("stop") => FinishReason::Stop,
        Some("length") => FinishReason::Length,
        Some("content_filter") => FinishReason::ContentFilter,
        Some(_) | None => FinishReason::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_calls_win_over_a_stop_that_forgot_them() {
        assert_eq!(finish_reason(Some("stop"), false), FinishReason::Stop);
        assert_eq!(finish_reason(Some("stop"), true), FinishReason::ToolCalls);
        assert_eq!(finish_reason(None, true), FinishReason::ToolCalls);
        assert_eq!(finish_reason(None, false), FinishReason::Other);
        assert_eq!(
            finish_reason(Some("tool_calls"), true),
            FinishReason::ToolCalls
        );
        assert_eq!(finish_reason(Some("length"), false), FinishReason::Length);
        assert_eq!(
            finish_reason(Some("content_filter"), false),
            FinishReason::ContentFilter
        );
        assert_eq!(finish_reason(Some("eos"), false), FinishReason::Other);
    }

    #[test]
    fn empty_arguments_are_an_empty_object_and_a_list_is_refused() {
        let call = |arguments: &str| {
            AnswerToolCall {
                id: "call_1".into(),
                function: AnswerFunction {
                    name: "get_cart".into(),
                    arguments: arguments.into(),
                },
            }
            .into_port()
        };
        assert_eq!(call("").unwrap().arguments, serde_json::json!({}));
        assert!(matches!(call("[1]"), Err(LanguageModelError::Malformed(_))));
        assert!(matches!(
            call("{\"query\": "),
            Err(LanguageModelError::Malformed(_))
        ));
    }
}
