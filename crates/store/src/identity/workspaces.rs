//! `WorkspaceRepository` on sea-orm. The profile's structured parts (languages,
//! operating hours, onboarding progress) are stored as JSON documents and read back
//! through the domain's parsers.

use async_trait::async_trait;
use identity::ports::{RepositoryError, WorkspaceRepository};
use identity::{
    BrandTone, BusinessName, BusinessType, Languages, Onboarding, OperatingHours, Timezone,
    Workspace, WorkspaceProfile,
};
use kernel::{Currency, WorkspaceId};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::errors::{corrupt, from_db};
use crate::entities::workspaces;
use crate::timestamps::stored;

pub struct SeaOrmWorkspaceRepository {
    db: DatabaseConnection,
}

impl SeaOrmWorkspaceRepository {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl WorkspaceRepository for SeaOrmWorkspaceRepository {
    #[tracing::instrument(skip_all)]
    async fn get(&self, id: WorkspaceId) -> Result<Option<Workspace>, RepositoryError> {
        workspaces::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await
            .map_err(from_db)?
            .map(workspace_from_row)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    async fn update(&self, workspace: &Workspace) -> Result<(), RepositoryError> {
        let mut row = workspace_row(workspace)?;
        // The id selects the row and the creation time never changes.
        row.id = NotSet;
        row.created_at = NotSet;
        workspaces::Entity::update_many()
            .set(row)
            .filter(workspaces::Column::Id.eq(workspace.id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(from_db)?;
        Ok(())
    }
}

/// One opening window as stored: the same triple `OperatingHours::parse` reads.
#[derive(Serialize, Deserialize)]
struct StoredWindow {
    day: String,
    opens: String,
    closes: String,
}

pub(super) fn workspace_row(
    workspace: &Workspace,
) -> Result<workspaces::ActiveModel, RepositoryError> {
    let profile = &workspace.profile;
    let hours: Vec<StoredWindow> = profile
        .operating_hours
        .days()
        .flat_map(|(day, windows)| {
            windows.iter().map(move |window| StoredWindow {
                day: day.as_str().to_owned(),
                opens: window.opens.format("%H:%M").to_string(),
                closes: window.closes.format("%H:%M").to_string(),
            })
        })
        .collect();
    let to_json = |what: &str, value: serde_json::Result<serde_json::Value>| {
        value.map_err(|err| RepositoryError::Unexpected(format!("cannot store {what}: {err}")))
    };
    Ok(workspaces::ActiveModel {
        id: Set(workspace.id.as_uuid()),
        business_name: Set(profile.business_name.as_str().to_owned()),
        business_type: Set(profile
            .business_type
            .as_ref()
            .map(|t| t.as_str().to_owned())),
        timezone: Set(profile.timezone.name().to_owned()),
        currency: Set(profile.currency.code().to_owned()),
        brand_tone: Set(profile.brand_tone.as_str().to_owned()),
        languages: Set(to_json(
            "languages",
            serde_json::to_value(profile.languages.codes()),
        )?),
        operating_hours: Set(to_json("operating hours", serde_json::to_value(&hours))?),
        onboarding: Set(to_json(
            "onboarding",
            serde_json::to_value(&profile.onboarding),
        )?),
        created_at: Set(stored(workspace.created_at)),
        updated_at: Set(stored(workspace.updated_at)),
    })
}

fn workspace_from_row(row: workspaces::Model) -> Result<Workspace, RepositoryError> {
    let business_type = row
        .business_type
        .as_deref()
        .map(BusinessType::parse)
        .transpose()
        .map_err(|err| corrupt("business type", err))?;
    let codes: Vec<String> =
        serde_json::from_value(row.languages).map_err(|err| corrupt("languages", err))?;
    let windows: Vec<StoredWindow> = serde_json::from_value(row.operating_hours)
        .map_err(|err| corrupt("operating hours", err))?;
    let triples: Vec<(String, String, String)> = windows
        .into_iter()
        .map(|w| (w.day, w.opens, w.closes))
        .collect();
    let profile = WorkspaceProfile {
        business_name: BusinessName::parse(&row.business_name)
            .map_err(|err| corrupt("business name", err))?,
        business_type,
        timezone: Timezone::parse(&row.timezone).map_err(|err| corrupt("timezone", err))?,
        currency: Currency::parse(&row.currency).map_err(|err| corrupt("currency", err))?,
        brand_tone: BrandTone::parse(&row.brand_tone)
            .ok_or_else(|| corrupt("brand tone", &row.brand_tone))?,
        languages: Languages::parse(&codes).map_err(|err| corrupt("languages", err))?,
        operating_hours: OperatingHours::parse(&triples)
            .map_err(|err| corrupt("operating hours", err))?,
        onboarding: serde_json::from_value::<Onboarding>(row.onboarding)
            .map_err(|err| corrupt("onboarding", err))?,
    };
    Ok(Workspace {
        id: WorkspaceId::from_uuid(row.id),
        profile,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}
