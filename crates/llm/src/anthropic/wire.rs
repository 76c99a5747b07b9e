//! The Messages API JSON, as Anthropic documents it (docs.anthropic.com/en/api/messages
//! and the tool use guide), and its translation to and from the port.

use conversation::llm::{
    ChatMessage, ChatRequest, ChatResponse, FinishReason, LanguageModelError, TokenUsage, ToolCall,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize)]
pub(super) struct MessagesRequest<'a> {
    model: &'a str,
    /// Required by Anthropic, unlike OpenAI.
    max_tokens: u32,
    temperature: f32,
    /// Instructions are not a message here but a top-level field.
    #[serde(skip_serializing_if = "Option::is_none")]
    system: Option<String>,
    messages: Vec<Turn<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tools: Vec<Tool<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Role {
    User,
    Assistant,
}

#[derive(Debug, Serialize)]
struct Turn<'a> {
    role: Role,
    content: Vec<Block<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block<'a> {
    Text {
        text: &'a str,
    },
    ToolUse {
        id: &'a str,
        name: &'a str,
        input: &'a serde_json::Value,
    },
    ToolResult {
        tool_use_id: &'a str,
        content: &'a str,
    },
}

#[derive(Debug, Serialize)]
struct Tool<'a> {
    name: &'a str,
    description: &'a str,
    input_schema: &'a serde_json::Value,
}

impl<'a> MessagesRequest<'a> {
    pub(super) fn new(
        model: &'a str,
        request: &'a ChatRequest,
        temperature: f32,
        max_tokens: u32,
    ) -> Self {
        let mut system: Vec<&str> = Vec::new();
        let mut turns: Vec<Turn<'a>> = Vec::new();
        for message in &request.messages {
            let (role, blocks) = match message {
                ChatMessage::System { content } => {
                    system.push(content);
                    continue;
                }
                ChatMessage::User { content } => (Role::User, text(content).into_iter().collect()),
                ChatMessage::Assistant {
                    content,
                    tool_calls,
                } => {
                    let mut blocks: Vec<Block<'a>> =
                        content.as_deref().and_then(text).into_iter().collect();
                    blocks.extend(tool_calls.iter().map(|call| Block::ToolUse {
                        id: &call.id,
                        name: &call.name,
                        input: &call.arguments,
                    }));
                    (Role::Assistant, blocks)
                }
                // Results come back as the user speaking.
                ChatMessage::Tool { call_id, content } => (
                    Role::User,
                    vec![Block::ToolResult {
                        tool_use_id: call_id,
                        content,
                    }],
                ),
            };
            push(&mut turns, role, blocks);
        }
        Self {
            model,
            max_tokens,
            temperature,
            system: (!system.is_empty()).then(|| system.join("\n\n")),
            messages: turns,
            tools: request
                .tools
                .iter()
                .map(|spec| Tool {
                    name: &spec.name,
                    description: &spec.description,
                    input_schema: &spec.parameters,
                })
                .collect(),
        }
    }
}

/// Anthropic refuses empty text blocks, so an empty text is no block at all.
fn text(content: &str) -> Option<Block<'_>> {
    (!content.trim().is_empty()).then_some(Block::Text { text: content })
}

/// Appends to the last turn when it has the same role: the results of parallel tool
/// calls must all be in the one user message that follows the assistant's `tool_use`
/// blocks, and they come first, which keeping the order gives.
fn push<'a>(turns: &mut Vec<Turn<'a>>, role: Role, blocks: Vec<Block<'a>>) {
    if blocks.is_empty() {
        return;
    }
    match turns.last_mut() {
        Some(last) if last.role == role => last.content.extend(blocks),
        _ => turns.push(Turn {
            role,
            content: blocks,
        }),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct Message {
    content: Vec<ContentBlock>,
    stop_reason: Option<String>,
    usage: Option<Usage>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ContentBlock {
    Text {
        text: String,
    },
    ToolUse {
        id: String,
        name: String,
        input: serde_json::Value,
    },
    /// Thinking and other blocks we did not ask for carry nothing for the customer.
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize)]
struct Usage {
    input_tokens: u32,
    output_tokens: u32,
}

impl Message {
    pub(super) fn into_response(self) -> Result<ChatResponse, LanguageModelError> {
        let mut text = String::new();
        let mut tool_calls = Vec::new();
        for block in self.content {
            match block {
                // Consecutive text blocks are one text split (around citations, for one).
                ContentBlock::Text { text: part } => text.push_str(&part),
                ContentBlock::ToolUse { id, name, input } => {
                    if !input.is_object() {
                        return Err(LanguageModelError::Malformed(format!(
                            "input of tool use {id} ({name}) is not a JSON object"
                        )));
                    }
                    tool_calls.push(ToolCall {
                        id,
                        name,
                        arguments: input,
                    });
                }
                ContentBlock::Other => {}
            }
        }
        let finish_reason = match self.stop_reason.as_deref() {
            Some("end_turn" | "stop_sequence") => FinishReason::Stop,
            Some("tool_use") => FinishReason::ToolCalls,
            Some("max_tokens") => FinishReason::Length,
            // Claude's safety classifiers stopped the answer.
            Some("refusal") => FinishReason::ContentFilter,
            _ => FinishReason::Other,
        };
        Ok(ChatResponse {
            content: (!text.trim().is_empty()).then_some(text),
            tool_calls,
            finish_reason,
            usage: self.usage.map(|u| TokenUsage {
                prompt_tokens: u.input_tokens,
                completion_tokens: u.output_tokens,
            }),
        })
    }
}
