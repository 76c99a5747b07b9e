//! `NoteRepository`: a note and its `note_added` timeline entry are written together,
//! notes come back oldest first with every field, and another workspace's
//! conversation takes no note and shows none.

use channels::Platform;
use conversation::conversations::{ConversationEvent, ConversationEventKind, ConversationId};
use conversation::notes::ports::{NoteRepository, NoteRepositoryError};
use conversation::notes::{Note, NoteBody, NoteId};
use conversation::ports::ConversationRepository;
use kernel::WorkspaceId;
use uuid::Uuid;

use super::channel_fixtures::at;
use super::conversations::Stores;

fn note(
    workspace_id: WorkspaceId,
    conversation_id: ConversationId,
    author: Uuid,
    body: &str,
    mentions: Vec<Uuid>,
    seconds: i64,
) -> (Note, ConversationEvent) {
    let note = Note {
        id: NoteId::new(),
        workspace_id,
        conversation_id,
        author_member_id: author,
        body: NoteBody::parse(body).unwrap(),
        mentions,
        created_at: at(seconds),
    };
    let event = ConversationEvent::new(
        workspace_id,
        conversation_id,
        ConversationEventKind::NoteAdded { member_id: author },
        at(seconds),
    );
    (note, event)
}

pub async fn notes_are_kept_in_order_with_their_timeline_entries(stores: &Stores) {
    let notes = &stores.notes;
    let workspace_id = stores.workspace("notes").await;
    let customer = stores
        .customer(workspace_id, Platform::Instagram, "notes")
        .await;
    let conversation = stores.started(&customer, 0).await;
    let (author, mentioned) = (Uuid::now_v7(), Uuid::now_v7());

    let (second, second_event) = note(
        workspace_id,
        conversation.id,
        author,
        "she wants it by Friday",
        vec![],
        20,
    );
    let (first, first_event) = note(
        workspace_id,
        conversation.id,
        author,
        &format!("@Marco can you check the refund? {}", "è".repeat(4000)),
        vec![mentioned, author],
        10,
    );
    notes.add(&second, &second_event).await.unwrap();
    notes.add(&first, &first_event).await.unwrap();

    let listed = notes.list(workspace_id, conversation.id).await.unwrap();
    assert_eq!(
        listed,
        vec![first.clone(), second.clone()],
        "oldest first, every field"
    );

    let timeline = stores
        .conversations
        .events(workspace_id, conversation.id)
        .await
        .unwrap();
    let added: Vec<_> = timeline
        .iter()
        .filter(|e| e.kind == ConversationEventKind::NoteAdded { member_id: author })
        .map(|e| e.at)
        .collect();
    assert_eq!(added, vec![at(10), at(20)]);
}

pub async fn another_workspaces_conversation_takes_and_shows_no_note(stores: &Stores) {
    let notes = &stores.notes;
    let mine = stores.workspace("notes-mine").await;
    let theirs = stores.workspace("notes-theirs").await;
    let customer = stores.customer(theirs, Platform::Web, "notes-theirs").await;
    let conversation = stores.started(&customer, 0).await;

    let (stray, stray_event) = note(mine, conversation.id, Uuid::now_v7(), "psst", vec![], 5);
    let refused = notes.add(&stray, &stray_event).await;
    assert!(
        matches!(refused, Err(NoteRepositoryError::NotFound)),
        "{refused:?}"
    );
    let (kept, kept_event) = note(theirs, conversation.id, Uuid::now_v7(), "ours", vec![], 6);
    notes.add(&kept, &kept_event).await.unwrap();

    assert!(notes.list(mine, conversation.id).await.unwrap().is_empty());
    assert_eq!(
        notes.list(theirs, conversation.id).await.unwrap(),
        vec![kept]
    );
    let timeline = stores
        .conversations
        .events(theirs, conversation.id)
        .await
        .unwrap();
    assert_eq!(
        timeline
            .iter()
            .filter(|e| e.kind.as_str() == "note_added")
            .count(),
        1,
        "the refused note left no timeline entry"
    );
}
