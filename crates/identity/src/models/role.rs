use serde::{Deserialize, Serialize};

/// A member's role in one workspace. The permission matrix follows the support-chat PRD §5.1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Admin,
    Agent,
    Viewer,
}

/// What a role may do. Handlers ask for a permission, never for a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ManageBilling,
    EditWorkspace,
    ManageTeam,
    ManageChannels,
    ManageApiKeys,
    ViewAuditLog,
    ExportData,
    EditAssistantSettings,
    EditCatalog,
    EditKnowledge,
    RespondToConversations,
    ViewConversations,
    ViewAnalytics,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Admin, Role::Agent, Role::Viewer];

    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            ManageBilling => self == Role::Owner,
            EditWorkspace | ManageTeam | ManageChannels | ManageApiKeys | ViewAuditLog
            | ExportData => matches!(self, Role::Owner | Role::Admin),
            EditAssistantSettings | EditCatalog | EditKnowledge | RespondToConversations => {
                matches!(self, Role::Owner | Role::Admin | Role::Agent)
            }
            ViewConversations | ViewAnalytics => true,
        }
    }

    /// Higher rank grants more; used so nobody hands out more than they hold.
    pub fn rank(self) -> u8 {
        match self {
            Role::Owner => 3,
            Role::Admin => 2,
            Role::Agent => 1,
            Role::Viewer => 0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Agent => "agent",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_matrix_matches_the_prd() {
        use Permission::*;
        assert!(Role::Owner.can(ManageBilling));
        assert!(!Role::Admin.can(ManageBilling));
        assert!(Role::Admin.can(ManageTeam));
        assert!(!Role::Agent.can(ManageTeam));
        assert!(Role::Agent.can(RespondToConversations));
        assert!(!Role::Viewer.can(RespondToConversations));
        assert!(Role::Viewer.can(ViewConversations));
        assert!(Role::Viewer.can(ViewAnalytics));
        assert!(!Role::Viewer.can(EditCatalog));
        assert!(!Role::Agent.can(ManageApiKeys));
        assert!(!Role::Agent.can(ExportData));
    }

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
