//! The inbox list at scale: `GET /api/v1/conversations` with 100,000 conversations and
//! 1,000,000 messages on PostgreSQL (issue #7's target: p99 under 20 ms).
//!
//! A fresh database on the local cluster (`INBOX_BENCH_POSTGRES`, default
//! `postgres://postgres@127.0.0.1:5432`), dropped at the end. The server creates the
//! schema and a real workspace, and one playground conversation made through the API
//! is the template: every seeded contact, conversation and message is a copy of its
//! rows with a few columns changed (`jsonb_populate_record`), so the seed follows the
//! schema the migrations made instead of restating it. Seeding is a few
//! `INSERT ... SELECT` over `generate_series` through `psql`. `INBOX_BENCH_KEEP=1`
//! keeps the database afterwards (to `EXPLAIN ANALYZE` the list's queries on it), and
//! `INBOX_BENCH_REUSE=<database>` times a kept one again without seeding.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::load::{Scenario, run};

const CONVERSATIONS: u32 = 100_000;
/// Per conversation: 1,000,000 in all.
const MESSAGES_EACH: u32 = 10;
const REQUESTS: usize = 2_000;
const CONCURRENCY: usize = 4;

/// `chatdesk-bench inbox`.
pub async fn bench(password: &str) -> Result<(), String> {
    let cluster = std::env::var("INBOX_BENCH_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let reused = std::env::var("INBOX_BENCH_REUSE").ok();
    let database = match &reused {
        Some(name) => Database::existing(&cluster, name),
        None => Database::create(&cluster)?,
    };
    let server = crate::server::Server::start_on(&[], database.url()).await?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| e.to_string())?;
    let base = server.base_url();
    let email = "bench@chatdesk.local";
    if reused.is_none() {
        seed(&client, &base, &database, email, password).await?;
    }
    measure(&client, &base, email, password).await?;
    drop(server);
    Ok(())
}

/// A workspace with one real conversation, copied into 100,000.
async fn seed(
    client: &reqwest::Client,
    base: &str,
    database: &Database,
    email: &str,
    password: &str,
) -> Result<(), String> {
    let registered: Value = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": password, "business_name": "Bench Shop"}))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let access = registered["tokens"]["access_token"]
        .as_str()
        .ok_or("registration returned no token")?;
    // The template: one real conversation, with a customer message and a reply.
    let turn = client
        .post(format!("{base}/api/v1/playground/messages"))
        .bearer_auth(access)
        .json(&json!({"text": "Hi! Do you ship to Madrid?", "session": "inbox-bench"}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !turn.status().is_success() {
        return Err(format!(
            "the template conversation failed: {}",
            turn.status()
        ));
    }
    println!(
        "Inbox list at scale: server on {base} (PostgreSQL, database {})",
        database.name
    );
    let started = Instant::now();
    database.psql(SEED)?;
    println!(
        "  seeded {CONVERSATIONS} conversations (contacts) and {} messages in {:.1} s",
        u64::from(CONVERSATIONS) * u64::from(MESSAGES_EACH),
        started.elapsed().as_secs_f64()
    );
    // What autovacuum does soon after on a live database: the visibility map lets the
    // counts read the indexes alone.
    database.psql("VACUUM ANALYZE")?;
    Ok(())
}

async fn measure(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> Result<(), String> {
    // The seed took a while: a fresh token.
    let signed_in: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let access = signed_in["access_token"]
        .as_str()
        .or_else(|| signed_in["tokens"]["access_token"].as_str())
        .ok_or_else(|| format!("sign-in returned no token: {signed_in}"))?
        .to_owned();
    let list = format!("{base}/api/v1/conversations");
    let first: Value = crate::get_json(client, list.clone(), &access).await?;
    println!(
        "  GET /conversations answers total {} (first row: {})",
        first["total"], first["items"][0]["customer"]["name"]
    );
    println!();
    // The filters that read every conversation's messages (unread, text search) are
    // timed with fewer requests: they are far slower, and reported as they are.
    // One client measures the list's own latency (the target); four show it under load
    // on this 2-core machine, where the server, PostgreSQL and the bench share the cores.
    // The filters that read every conversation's messages (unread, text search) are
    // timed with fewer requests: they are far slower, and reported as they are.
    let scenarios = [
        ("GET /conversations (page 1)", list.clone(), REQUESTS, 1),
        ("  same, 4 clients", list.clone(), REQUESTS, CONCURRENCY),
        (
            "  ?status=agent_handling",
            format!("{list}?status=agent_handling"),
            REQUESTS,
            1,
        ),
        ("  ?page=5", format!("{list}?page=5"), REQUESTS, 1),
        (
            "  ?unread=true",
            format!("{list}?unread=true"),
            40,
            CONCURRENCY,
        ),
        (
            "  ?q=keller (name or message)",
            format!("{list}?q=keller"),
            40,
            CONCURRENCY,
        ),
    ];
    println!(
        "| {:<40} | {:>8} | {:>5} | {:>9} | {:>8} | {:>8} | {:>6} |",
        "scenario", "requests", "conc", "req/s", "p50 ms", "p99 ms", "errors"
    );
    println!(
        "|{:-<42}|{:->10}|{:->7}|{:->11}|{:->10}|{:->10}|{:->8}|",
        "", "", "", "", "", "", ""
    );
    for (name, url, requests, concurrency) in scenarios {
        let scenario = Scenario::get(name, url, Some(access.clone()), requests, concurrency);
        let report = run(client, &scenario).await;
        println!(
            "| {:<40} | {:>8} | {:>5} | {:>9.0} | {:>8.2} | {:>8.2} | {:>6} |{}",
            scenario.name,
            report.requests,
            scenario.concurrency,
            report.per_second,
            report.p50_ms,
            report.p99_ms,
            report.errors,
            if report.p99_ms > 20.0 {
                " over the 20 ms target"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// A database of its own on the cluster, dropped when the bench ends (even on error).
struct Database {
    cluster: String,
    name: String,
    /// `INBOX_BENCH_KEEP=1`, or a reused database: left in place at the end.
    keep: bool,
}

impl Database {
    fn create(cluster: &str) -> Result<Self, String> {
        let name = format!("chatdesk_inbox_bench_{}", std::process::id());
        let database = Self {
            cluster: cluster.trim_end_matches('/').to_owned(),
            name,
            keep: std::env::var_os("INBOX_BENCH_KEEP").is_some(),
        };
        // Two calls: `psql -c` runs its statements in one transaction, which DROP and
        // CREATE DATABASE refuse.
        for sql in [
            format!("DROP DATABASE IF EXISTS {}", database.name),
            format!("CREATE DATABASE {}", database.name),
        ] {
            run_psql(&database.admin_url(), &sql)
                .map_err(|e| format!("PostgreSQL on {cluster} is needed: {e}"))?;
        }
        Ok(database)
    }

    /// A database an earlier run kept; kept again afterwards.
    fn existing(cluster: &str, name: &str) -> Self {
        Self {
            cluster: cluster.trim_end_matches('/').to_owned(),
            name: name.to_owned(),
            keep: true,
        }
    }

    fn admin_url(&self) -> String {
        format!("{}/postgres", self.cluster)
    }

    fn url(&self) -> String {
        format!("{}/{}", self.cluster, self.name)
    }

    fn psql(&self, sql: &str) -> Result<(), String> {
        run_psql(&self.url(), sql)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if self.keep {
            eprintln!("kept the bench database: {}", self.url());
            return;
        }
        let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE);", self.name);
        if let Err(e) = run_psql(&self.admin_url(), &drop) {
            eprintln!("could not drop the bench database {}: {e}", self.name);
        }
    }
}

fn run_psql(url: &str, sql: &str) -> Result<(), String> {
    let output = Command::new("psql")
        .args([url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run psql: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

/// The seed. Conversation `g` (1..=100,000) has a customer named from two word lists
/// (so `q=keller` matches 1 in 40), ten messages alternating customer and reply over
/// its last ten minutes, and a last activity `g` minutes ago. Lifecycles: 65% resolved,
/// 20% active, 10% agent_handling (assigned to the owner), 5% waiting. Three in four
/// conversations were read after their last message; the rest have unread messages.
const SEED: &str = r#"
BEGIN;
CREATE TEMP TABLE template AS
SELECT c.id AS conversation_id, c.contact_id, c.workspace_id,
       (SELECT user_id FROM members m WHERE m.workspace_id = c.workspace_id LIMIT 1) AS member_id,
       (SELECT id FROM messages m WHERE m.contact_id = c.contact_id AND direction = 'inbound' LIMIT 1) AS inbound_id,
       (SELECT id FROM messages m WHERE m.contact_id = c.contact_id AND direction = 'outbound' LIMIT 1) AS outbound_id
FROM conversations c LIMIT 1;
CREATE TEMP TABLE people AS
SELECT g,
       gen_random_uuid() AS contact_id,
       gen_random_uuid() AS conversation_id,
       (ARRAY['Linh','Ana','Marco','Sofia','Yusuf','Chiara','Lucas','Amara','Jonas','Mei',
              'Pedro','Ines','Omar','Elena','Tariq','Nadia','Felix','Rosa','Kenji','Lea'])[1 + g % 20]
       || ' ' ||
       (ARRAY['Tran','Keller','Rossi','Garcia','Nguyen','Okafor','Silva','Novak','Haddad','Berg',
              'Moreau','Costa','Weber','Ivanova','Sato','Kowalski','Mensah','Lopez','Fischer','Romano',
              'Dubois','Jansen','Ricci','Santos','Yilmaz','Larsen','Bianchi','Vogel','Popescu','Ahmed',
              'Brennan','Castro','Lind','Marino','Petrov','Quinn','Reyes','Schmidt','Toivonen','Zhang'])[1 + (g / 20) % 40]
       AS name,
       now() - g * interval '1 minute' AS last_at,
       CASE WHEN g % 20 < 13 THEN 'resolved' WHEN g % 20 < 17 THEN 'active'
            WHEN g % 20 < 19 THEN 'agent_handling' ELSE 'waiting' END AS lifecycle
FROM generate_series(1, 100000) g;
INSERT INTO contacts
SELECT (jsonb_populate_record(t, jsonb_build_object(
    'id', p.contact_id, 'platform_user_id', 'inbox-bench-' || p.g,
    'display_name', p.name, 'name_key', lower(p.name),
    'created_at', p.last_at - interval '1 day', 'updated_at', p.last_at))).*
FROM contacts t, people p, template
WHERE t.id = template.contact_id;
INSERT INTO conversations
SELECT (jsonb_populate_record(t, jsonb_build_object(
    'id', p.conversation_id, 'contact_id', p.contact_id, 'lifecycle', p.lifecycle,
    'owner', CASE WHEN p.lifecycle = 'agent_handling' THEN 'human' ELSE 'assistant' END,
    'assigned_member_id', CASE WHEN p.lifecycle = 'agent_handling' THEN template.member_id END,
    'last_handoff_reason', NULL, 'last_handoff_at', NULL,
    'state_changed_at', p.last_at, 'last_customer_message_at', p.last_at - interval '1 minute',
    'answered_through', NULL, 'answered_at', NULL,
    'created_at', p.last_at - interval '10 minutes', 'updated_at', p.last_at))).*
FROM conversations t, people p, template
WHERE t.id = template.conversation_id;
INSERT INTO messages
SELECT (jsonb_populate_record(t, jsonb_build_object(
    'id', gen_random_uuid(), 'contact_id', p.contact_id,
    'body', CASE WHEN t.direction = 'inbound'
                 THEN jsonb_set(t.body::jsonb, '{received,text}',
                                to_jsonb('Hello, is order ' || p.g || '-' || i || ' on its way?'))
                 ELSE t.body::jsonb END,
    'platform_message_id', CASE WHEN t.platform_message_id IS NULL THEN NULL
                                ELSE 'inbox-bench-' || p.g || '-' || i END,
    'idempotency_key', CASE WHEN t.idempotency_key IS NULL THEN NULL
                            ELSE 'inbox-bench-' || p.g || '-' || i END,
    'occurred_at', p.last_at - (10 - i) * interval '1 minute',
    'created_at', p.last_at - (10 - i) * interval '1 minute',
    'updated_at', p.last_at - (10 - i) * interval '1 minute'))).*
FROM people p
CROSS JOIN generate_series(1, 10) i
JOIN template ON true
JOIN messages t ON t.id = CASE WHEN i % 2 = 1 THEN template.inbound_id ELSE template.outbound_id END;
INSERT INTO conversation_reads (conversation_id, workspace_id, member_id, read_at)
SELECT p.conversation_id, template.workspace_id, template.member_id, p.last_at
FROM people p, template
WHERE p.g % 4 <> 0;
COMMIT;
"#;
