//! Sending the weekly digests that are due.

use chrono::{DateTime, Utc};

use super::{NotificationService, NotifyError};
use crate::digest::{DigestSource, DigestWeek};
use crate::templates;

impl NotificationService {
    /// Sends every workspace its digest of last week unless it has it already
    /// (see [`crate::digest`]); answers how many workspaces got one.
    #[tracing::instrument(skip_all)]
    pub async fn weekly_digests(
        &self,
        source: &dyn DigestSource,
        now: DateTime<Utc>,
    ) -> Result<u32, NotifyError> {
        let unexpected =
            |e: crate::digest::DigestSourceError| NotifyError::Unexpected(e.to_string());
        let mut sent = 0;
        for workspace in source.workspaces().await.map_err(unexpected)? {
            let week = DigestWeek::before(now, workspace.timezone);
            // A workspace that did not exist during the week has nothing to read.
            if workspace.created_at >= week.end {
                continue;
            }
            let subject_id = week.subject_id(workspace.id);
            if source
                .sent(workspace.id, subject_id)
                .await
                .map_err(unexpected)?
            {
                continue;
            }
            let numbers = source
                .numbers(&workspace, week.start, week.end)
                .await
                .map_err(unexpected)?;
            let mut message = templates::weekly_digest(
                &numbers.digest(&workspace.business_name, &week),
                self.links(),
            );
            message.subject_id = Some(subject_id);
            self.raise(workspace.id, message).await?;
            sent += 1;
        }
        Ok(sent)
    }
}
