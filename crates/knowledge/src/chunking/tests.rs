use proptest::prelude::*;

use super::layout::{Layout, Word};
use super::*;
use crate::TextBlock;

fn small() -> ChunkingOptions {
    ChunkingOptions::new(50, 80, 10).unwrap()
}

fn sentence(i: usize) -> String {
    format!("Sentence number {i} talks about shipping, returns and serums.")
}

fn paragraph(from: usize, count: usize) -> String {
    (from..from + count)
        .map(sentence)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn options_are_validated() {
    assert_eq!(
        ChunkingOptions::new(500, 800, 100),
        Ok(ChunkingOptions::default())
    );
    assert_eq!(
        ChunkingOptions::new(5, 10, 1),
        Err(ChunkingOptionsError::MaxTooSmall(10))
    );
    assert_eq!(
        ChunkingOptions::new(0, 80, 0),
        Err(ChunkingOptionsError::MinOutOfRange)
    );
    assert_eq!(
        ChunkingOptions::new(90, 80, 10),
        Err(ChunkingOptionsError::MinOutOfRange)
    );
    assert_eq!(
        ChunkingOptions::new(50, 80, 50),
        Err(ChunkingOptionsError::OverlapTooLarge)
    );
    assert_eq!(
        ChunkingOptions::new(60, 80, 41),
        Err(ChunkingOptionsError::OverlapTooLarge)
    );
}

#[test]
fn tokens_are_estimated_per_word() {
    assert_eq!(estimate_tokens("glow serum 50ml"), 3);
    assert_eq!(estimate_tokens("recommendations"), 3);
    assert_eq!(estimate_tokens("  "), 0);
}

#[test]
fn blank_text_has_no_chunks_and_short_text_one() {
    assert!(chunk_text(&ExtractedText::plain(" \n\n "), &small()).is_empty());
    assert!(chunk_text(&ExtractedText::default(), &small()).is_empty());
    let chunks = chunk_text(
        &ExtractedText::plain("# Returns\nWithin 30 days."),
        &small(),
    );
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].text, "Returns\nWithin 30 days.");
    assert_eq!(chunks[0].section.as_deref(), Some("Returns"));
    assert_eq!(chunks[0].page, None);
    assert_eq!(chunks[0].position, 0);
}

#[test]
fn default_sizes_give_500_to_800_tokens_with_about_100_overlap() {
    // 300 sentences of 9 words, in paragraphs of 6: about 2,700 tokens.
    let text: Vec<String> = (0..50).map(|p| paragraph(p * 6, 6)).collect();
    let chunks = chunk_text(
        &ExtractedText::plain(text.join("\n\n")),
        &ChunkingOptions::default(),
    );
    assert!(chunks.len() >= 4, "{} chunks", chunks.len());
    for (i, chunk) in chunks.iter().enumerate() {
        assert!(chunk.tokens <= 800, "chunk {i} has {}", chunk.tokens);
        if i + 1 < chunks.len() {
            assert!(chunk.tokens >= 500, "chunk {i} has {}", chunk.tokens);
        }
        assert_eq!(chunk.position as usize, i);
    }
    // Consecutive chunks share text: the next one starts with a whole sentence that
    // the previous one ends with.
    for pair in chunks.windows(2) {
        let first_sentence: String = pair[1].text.split_inclusive('.').next().unwrap().to_owned();
        assert!(
            pair[0].text.contains(first_sentence.trim()),
            "no overlap: {first_sentence}"
        );
        let overlap = estimate_tokens(first_sentence.trim());
        assert!(overlap <= 100);
        assert!(
            pair[1].text.starts_with("Sentence number"),
            "opens mid-sentence: {}",
            &pair[1].text[..40]
        );
    }
}

#[test]
fn chunks_break_before_headings_and_carry_section_and_page() {
    let page_one = format!(
        "# Shipping\n{}\n\n## Italy\n{}",
        paragraph(0, 3),
        paragraph(3, 3)
    );
    let page_two = format!("# Returns\n{}", paragraph(6, 6));
    let options = ChunkingOptions::new(60, 120, 10).unwrap();
    let chunks = chunk_text(&ExtractedText::paged([page_one, page_two]), &options);
    let starts: Vec<(Option<u32>, Option<&str>, &str)> = chunks
        .iter()
        .map(|c| {
            (
                c.page,
                c.section.as_deref(),
                c.text.split('\n').next().unwrap(),
            )
        })
        .collect();
    // Page one is 81 tokens and the whole text 163: the cut goes before "Returns",
    // not at the 120-token limit, and the Returns chunk starts fresh, without overlap.
    assert_eq!(
        starts,
        [
            (Some(1), Some("Shipping"), "Shipping"),
            (Some(2), Some("Returns"), "Returns")
        ]
    );
    assert!(chunks[0].text.contains("## Italy") || chunks[0].text.contains("\n\nItaly\n"));
    // The heading line is never the last line of a chunk.
    for chunk in &chunks {
        let last = chunk.text.lines().last().unwrap();
        assert!(
            !["Shipping", "Italy", "Returns"].contains(&last),
            "orphan heading in {chunk:?}"
        );
    }
}

#[test]
fn a_wall_of_text_without_breaks_is_still_cut_within_limits() {
    let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
    let chunks = chunk_text(&ExtractedText::plain(words.join(" ")), &small());
    assert!(chunks.iter().all(|c| c.tokens <= 80));
    assert_eq!(chunks.first().unwrap().text.split(' ').next(), Some("w0"));
    assert_eq!(
        chunks.last().unwrap().text.split(' ').next_back(),
        Some("w999")
    );
    let blob = "x".repeat(10_000);
    let chunks = chunk_text(&ExtractedText::plain(blob), &small());
    assert!(chunks.iter().all(|c| c.tokens <= 80));
    let total: usize = chunks
        .iter()
        .map(|c| c.text.chars().filter(|c| *c == 'x').count())
        .sum();
    assert!(total >= 10_000);
}

#[test]
fn drafts_become_chunks_of_a_document() {
    let chunks = chunk_text(&ExtractedText::plain("Hello world."), &small());
    let document_id = DocumentId::new();
    let workspace_id = WorkspaceId::new();
    let chunk = chunks
        .into_iter()
        .next()
        .unwrap()
        .into_chunk(workspace_id, document_id);
    assert_eq!(
        chunk.source(),
        crate::SourceRef::document_chunk(document_id, 0)
    );
    assert_eq!(chunk.workspace_id, workspace_id);
}

/// Random documents: pages of lines, some headings, blank lines, odd long words.
fn document() -> impl Strategy<Value = ExtractedText> {
    let line = prop_oneof![
        3 => "[a-z]{1,12}( [a-z]{1,12}){0,15}\\.?",
        1 => "#{1,3} [A-Z][a-z]{0,8}( [a-z]{1,8}){0,4}",
        1 => Just(String::new()),
        1 => "[a-z]{70,130}",
    ];
    let page = prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"));
    (prop::collection::vec(page, 1..5), any::<bool>()).prop_map(|(pages, paged)| {
        if paged {
            ExtractedText::paged(pages)
        } else {
            ExtractedText {
                blocks: pages
                    .into_iter()
                    .map(|text| TextBlock { page: None, text })
                    .collect(),
            }
        }
    })
}

fn options() -> impl Strategy<Value = ChunkingOptions> {
    (20usize..200)
        .prop_flat_map(|max| {
            (1..=max, Just(max)).prop_flat_map(|(min, max)| {
                let overlap_max = (min - 1).min(max / 2);
                (Just(min), Just(max), 0..=overlap_max)
            })
        })
        .prop_map(|(min, max, overlap)| ChunkingOptions::new(min, max, overlap).unwrap())
}

fn same_heading(words: &[Word], at: usize) -> bool {
    at > 0
        && at < words.len()
        && words[at].heading.is_some()
        && words[at].heading == words[at - 1].heading
}

proptest! {
    #[test]
    fn windows_cover_everything_within_limits(text in document(), options in options()) {
        let layout = Layout::read(&text, options.heading_max_tokens());
        let words = &layout.words;
        let windows = windows(words, &options);
        let tokens = |s: usize, e: usize| words[s..e].iter().map(|w| w.tokens).sum::<usize>();
        if words.is_empty() {
            prop_assert!(windows.is_empty());
            return Ok(());
        }
        prop_assert_eq!(windows[0].0, 0);
        prop_assert_eq!(windows[windows.len() - 1].1, words.len());
        for &(s, e) in &windows {
            prop_assert!(s < e);
            prop_assert!(tokens(s, e) <= options.max_tokens(), "window {s}..{e} has {}", tokens(s, e));
            prop_assert!(!same_heading(words, s), "starts inside a heading");
            prop_assert!(!same_heading(words, e), "ends inside a heading");
        }
        for pair in windows.windows(2) {
            let ((s1, e1), (s2, _)) = (pair[0], pair[1]);
            prop_assert!(s1 < s2, "no progress");
            prop_assert!(s2 <= e1, "gap between chunks");
            let overlap = tokens(s2, e1);
            prop_assert!(
                overlap <= options.overlap_tokens() + options.heading_max_tokens(),
                "overlap {overlap}"
            );
        }
    }

    #[test]
    fn chunk_texts_are_the_words_of_their_windows(text in document(), options in options()) {
        let layout = Layout::read(&text, options.heading_max_tokens());
        let chunks = chunk_text(&text, &options);
        let windows = windows(&layout.words, &options);
        prop_assert_eq!(chunks.len(), windows.len());
        for (chunk, (s, e)) in chunks.iter().zip(windows) {
            let expected: Vec<&str> = layout.words[s..e].iter().map(|w| w.text.as_str()).collect();
            let actual: Vec<&str> = chunk.text.split_whitespace().collect();
            prop_assert_eq!(actual, expected);
            prop_assert!(!chunk.text.trim().is_empty());
        }
    }
}
