use std::collections::{HashMap, HashSet};

use kernel::NewJob;

use super::{ChannelsService, IngestError, PROCESS_INBOUND_JOB, inbound_job_payload};
use crate::models::{Channel, InboundEvent, InboundRecord, Platform, PlatformAccountId};
use crate::ports::{PendingInbound, Recorded};

/// What storing one webhook's events did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Stored, each with its processing job.
    pub recorded: usize,
    /// Already stored from an earlier delivery (or twice in this one): nothing done.
    pub duplicates: usize,
    /// Events for accounts no channel receives for: to log, then acknowledge.
    pub unrouted: Vec<UnroutedAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnroutedAccount {
    pub platform: Platform,
    pub account_id: PlatformAccountId,
    pub events: usize,
}

impl ChannelsService {
    /// Stores a verified webhook's events, each with the job that will process it, in
    /// one transaction. When this returns `Ok` the webhook may be acknowledged: every
    /// event is durable or was already. Events for unknown (or disconnected) accounts
    /// are reported, not stored: retrying cannot route them.
    pub async fn ingest(&self, events: Vec<InboundEvent>) -> Result<IngestReport, IngestError> {
        let now = self.now();
        let mut report = IngestReport::default();
        let mut routes: HashMap<(Platform, PlatformAccountId), Option<Channel>> = HashMap::new();
        let mut seen = HashSet::new();
        let mut batch = Vec::with_capacity(events.len());

        for event in events {
            let route_key = (event.platform, event.account_id.clone());
            if !routes.contains_key(&route_key) {
                let channel = self
                    .ports
                    .channels
                    .find_by_account(event.platform, &event.account_id)
                    .await?
                    .filter(|c| c.status.receives());
                routes.insert(route_key.clone(), channel);
            }
            let Some(channel) = routes.get(&route_key).and_then(Option::as_ref) else {
                match report
                    .unrouted
                    .iter_mut()
                    .find(|u| u.platform == event.platform && u.account_id == event.account_id)
                {
                    Some(unrouted) => unrouted.events += 1,
                    None => report.unrouted.push(UnroutedAccount {
                        platform: event.platform,
                        account_id: event.account_id.clone(),
                        events: 1,
                    }),
                }
                continue;
            };
            // The same event twice in one POST would hit the unique key inside our own
            // transaction; count it here instead.
            if !seen.insert((channel.id, event.dedup_key())) {
                report.duplicates += 1;
                continue;
            }
            let record = InboundRecord::new(channel.workspace_id, channel.id, event, now);
            let job = NewJob::now(
                PROCESS_INBOUND_JOB,
                Some(channel.workspace_id),
                inbound_job_payload(record.id),
                now,
            );
            batch.push(PendingInbound { record, job });
        }

        if batch.is_empty() {
            return Ok(report);
        }
        let outcomes = self.ports.inbound.record_batch(&batch).await?;
        if outcomes.len() != batch.len() {
            return Err(IngestError::Unexpected(format!(
                "the inbound repository answered {} outcomes for {} events",
                outcomes.len(),
                batch.len()
            )));
        }
        for outcome in outcomes {
            match outcome {
                Recorded::New => report.recorded += 1,
                Recorded::Duplicate => report.duplicates += 1,
            }
        }
        Ok(report)
    }
}
