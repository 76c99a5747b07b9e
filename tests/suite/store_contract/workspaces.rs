//! `WorkspaceRepository`: the business profile, stored whole and read back whole.

use identity::{
    BrandTone, BusinessName, BusinessType, Languages, Onboarding, OperatingHours, StepStatus,
    Timezone,
};
use kernel::{Currency, WorkspaceId};
use store::IdentityRepositories;

use super::fixtures::*;

fn hours(windows: &[(&str, &str, &str)]) -> OperatingHours {
    let owned: Vec<_> = windows
        .iter()
        .map(|(day, opens, closes)| (day.to_string(), opens.to_string(), closes.to_string()))
        .collect();
    OperatingHours::parse(&owned).unwrap()
}

fn languages(codes: &[&str]) -> Languages {
    let owned: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
    Languages::parse(&owned).unwrap()
}

pub async fn profile_round_trips_every_field(repos: &IdentityRepositories) {
    let owner = user("owner@example.com", None);
    let mut shop = workspace("Glow Beauty");
    shop.profile.business_type = Some(BusinessType::parse("beauty").unwrap());
    shop.profile.timezone = Timezone::parse("Europe/Rome").unwrap();
    shop.profile.currency = Currency::parse("JPY").unwrap();
    shop.profile.brand_tone = BrandTone::Luxe;
    shop.profile.languages = languages(&["it", "en", "pt-BR"]);
    shop.profile.operating_hours = hours(&[
        ("mon", "09:00", "13:00"),
        ("mon", "14:30", "18:00"),
        ("sat", "10:00", "12:00"),
    ]);
    shop.profile.onboarding = Onboarding {
        business_details: StepStatus::Done,
        channel: StepStatus::Skipped,
        products: StepStatus::Pending,
        tone: StepStatus::Done,
        completed: false,
    };
    shop.updated_at = at(5);
    let membership = member(shop.id, owner.id, identity::Role::Owner);
    repos
        .users
        .create_account(&owner, &shop, &membership)
        .await
        .unwrap();

    let found = repos.workspaces.get(shop.id).await.unwrap();
    assert_eq!(found, Some(shop));
    assert_eq!(
        repos.workspaces.get(WorkspaceId::new()).await.unwrap(),
        None
    );
}

pub async fn update_replaces_the_profile_of_that_workspace_only(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let neighbour = sign_up(repos, "bea@example.com").await;

    let mut changed = account.workspace.clone();
    changed.profile.business_name = BusinessName::parse("Renamed Shop").unwrap();
    changed.profile.business_type = Some(BusinessType::parse("fashion shop").unwrap());
    changed.profile.timezone = Timezone::parse("America/Sao_Paulo").unwrap();
    changed.profile.currency = Currency::parse("BRL").unwrap();
    changed.profile.brand_tone = BrandTone::Casual;
    changed.profile.languages = languages(&["pt-BR", "es"]);
    changed.profile.operating_hours = hours(&[("tue", "08:00", "20:00")]);
    changed.profile.onboarding.completed = true;
    changed.updated_at = at(60);
    repos.workspaces.update(&changed).await.unwrap();
    assert_eq!(
        repos.workspaces.get(changed.id).await.unwrap(),
        Some(changed.clone())
    );

    // Clearing optional parts works too.
    changed.profile.business_type = None;
    changed.profile.operating_hours = OperatingHours::always_open();
    changed.updated_at = at(120);
    repos.workspaces.update(&changed).await.unwrap();
    assert_eq!(
        repos.workspaces.get(changed.id).await.unwrap(),
        Some(changed)
    );

    assert_eq!(
        repos.workspaces.get(neighbour.workspace.id).await.unwrap(),
        Some(neighbour.workspace)
    );
}

pub async fn update_never_moves_the_creation_time(repos: &IdentityRepositories) {
    let account = sign_up(repos, "ana@example.com").await;
    let mut changed = account.workspace.clone();
    changed.created_at = at(-3600);
    changed.updated_at = at(60);
    repos.workspaces.update(&changed).await.unwrap();

    let found = repos.workspaces.get(changed.id).await.unwrap().unwrap();
    assert_eq!(found.created_at, account.workspace.created_at);
    assert_eq!(found.updated_at, changed.updated_at);
}
