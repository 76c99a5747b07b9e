//! Categories: a shallow tree ("Skincare > Serums") to organise products and target offers.

use std::fmt;

use chrono::{DateTime, Utc};
use kernel::WorkspaceId;
use serde::Serialize;

use super::text::{has_control, match_key, visible_length};

kernel::typed_id!(
    /// A category in one workspace's catalog.
    CategoryId
);

pub const CATEGORY_NAME_MAX: usize = 60;

/// Written between a parent and a child category in a path, as in "Skincare > Serums".
pub const PATH_SEPARATOR: &str = " > ";

/// 1-60 characters; `>` is reserved because it separates levels in a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CategoryName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CategoryNameError {
    #[error("category name is required")]
    Missing,
    #[error("category name must be at most {CATEGORY_NAME_MAX} characters (it has {0})")]
    TooLong(usize),
    #[error("category name must not contain '>' or control characters")]
    InvalidCharacter,
}

impl CategoryNameError {
    pub fn code(&self) -> &'static str {
        match self {
            CategoryNameError::Missing => "missing",
            CategoryNameError::TooLong(_) => "too_long",
            CategoryNameError::InvalidCharacter => "invalid_character",
        }
    }
}

impl CategoryName {
    pub fn parse(raw: &str) -> Result<Self, CategoryNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(CategoryNameError::Missing);
        }
        if has_control(trimmed) || trimmed.contains('>') {
            return Err(CategoryNameError::InvalidCharacter);
        }
        let length = visible_length(trimmed);
        if length > CATEGORY_NAME_MAX {
            return Err(CategoryNameError::TooLong(length));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn match_key(&self) -> String {
        match_key(&self.0)
    }
}

impl fmt::Display for CategoryName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A category. One level of nesting: a category with a parent cannot have children,
/// which keeps menus in a chat short and offers on a category easy to reason about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: CategoryId,
    pub workspace_id: WorkspaceId,
    pub name: CategoryName,
    pub parent_id: Option<CategoryId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CategoryRuleError {
    #[error("'{0}' is already a subcategory; categories nest one level only")]
    TooDeep(String),
    #[error("a category cannot be its own parent")]
    OwnParent,
    #[error("a category with subcategories cannot become a subcategory itself")]
    HasSubcategories,
    #[error("the parent category belongs to another workspace")]
    ForeignParent,
}

impl CategoryRuleError {
    pub fn code(&self) -> &'static str {
        match self {
            CategoryRuleError::TooDeep(_) => "category_too_deep",
            CategoryRuleError::OwnParent => "category_own_parent",
            CategoryRuleError::HasSubcategories => "category_has_subcategories",
            CategoryRuleError::ForeignParent => "category_not_found",
        }
    }
}

impl Category {
    pub fn new(
        workspace_id: WorkspaceId,
        name: CategoryName,
        parent: Option<&Category>,
        now: DateTime<Utc>,
    ) -> Result<Self, CategoryRuleError> {
        let parent_id = match parent {
            Some(parent) => Some(Self::check_parent(workspace_id, parent)?),
            None => None,
        };
        Ok(Self {
            id: CategoryId::new(),
            workspace_id,
            name,
            parent_id,
            created_at: now,
            updated_at: now,
        })
    }

    pub fn is_root(&self) -> bool {
        self.parent_id.is_none()
    }

    pub fn rename(&mut self, name: CategoryName, now: DateTime<Utc>) {
        if self.name != name {
            self.name = name;
            self.updated_at = now;
        }
    }

    /// Moves the category under `parent`, or to the top level with `None`.
    /// `has_subcategories` comes from the caller, who can see the whole tree.
    pub fn move_under(
        &mut self,
        parent: Option<&Category>,
        has_subcategories: bool,
        now: DateTime<Utc>,
    ) -> Result<(), CategoryRuleError> {
        let parent_id = match parent {
            None => None,
            Some(parent) => {
                if parent.id == self.id {
                    return Err(CategoryRuleError::OwnParent);
                }
                if has_subcategories {
                    return Err(CategoryRuleError::HasSubcategories);
                }
                Some(Self::check_parent(self.workspace_id, parent)?)
            }
        };
        if self.parent_id != parent_id {
            self.parent_id = parent_id;
            self.updated_at = now;
        }
        Ok(())
    }

    /// The category's path as people write it: its parent's name (if any) and its own.
    pub fn path(&self, all: &[Category]) -> CategoryPath {
        let parent = self
            .parent_id
            .and_then(|id| all.iter().find(|c| c.id == id))
            .map(|c| c.name.clone());
        CategoryPath {
            parent,
            name: self.name.clone(),
        }
    }

    fn check_parent(
        workspace_id: WorkspaceId,
        parent: &Category,
    ) -> Result<CategoryId, CategoryRuleError> {
        if parent.workspace_id != workspace_id {
            return Err(CategoryRuleError::ForeignParent);
        }
        if !parent.is_root() {
            return Err(CategoryRuleError::TooDeep(parent.name.as_str().to_owned()));
        }
        Ok(parent.id)
    }
}

/// A partial change to a category; `parent_id: Some(None)` moves it to the top level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryPatch {
    pub name: Option<CategoryName>,
    pub parent_id: Option<Option<CategoryId>>,
}

/// The ids of a category and of its subcategories, which is what "products in
/// Skincare" and "an offer on Skincare" both mean.
pub fn category_with_subcategories(all: &[Category], id: CategoryId) -> Vec<CategoryId> {
    std::iter::once(id)
        .chain(all.iter().filter(|c| c.parent_id == Some(id)).map(|c| c.id))
        .collect()
}

/// "Skincare" or "Skincare > Serums", as written in a spreadsheet cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CategoryPath {
    pub parent: Option<CategoryName>,
    pub name: CategoryName,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CategoryPathError {
    #[error("categories nest one level only: write 'Parent > Child'")]
    TooDeep,
    #[error("{0}")]
    Name(CategoryNameError),
}

impl CategoryPathError {
    pub fn code(&self) -> &'static str {
        match self {
            CategoryPathError::TooDeep => "category_too_deep",
            CategoryPathError::Name(e) => e.code(),
        }
    }
}

impl CategoryPath {
    pub fn parse(raw: &str) -> Result<Self, CategoryPathError> {
        let parts: Vec<&str> = raw.split('>').collect();
        match parts.as_slice() {
            [name] => Ok(Self {
                parent: None,
                name: CategoryName::parse(name).map_err(CategoryPathError::Name)?,
            }),
            [parent, name] => Ok(Self {
                parent: Some(CategoryName::parse(parent).map_err(CategoryPathError::Name)?),
                name: CategoryName::parse(name).map_err(CategoryPathError::Name)?,
            }),
            _ => Err(CategoryPathError::TooDeep),
        }
    }

    /// The existing category this path names, compared ignoring case and spacing.
    pub fn find<'a>(&self, all: &'a [Category]) -> Option<&'a Category> {
        let parent_id = match &self.parent {
            None => None,
            Some(parent) => {
                let key = parent.match_key();
                Some(
                    all.iter()
                        .find(|c| c.is_root() && c.name.match_key() == key)?
                        .id,
                )
            }
        };
        let key = self.name.match_key();
        all.iter()
            .find(|c| c.parent_id == parent_id && c.name.match_key() == key)
    }
}

impl fmt::Display for CategoryPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.parent {
            Some(parent) => write!(f, "{parent}{PATH_SEPARATOR}{}", self.name),
            None => write!(f, "{}", self.name),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    }

    pub(crate) fn category(
        workspace_id: WorkspaceId,
        name: &str,
        parent: Option<&Category>,
    ) -> Category {
        Category::new(
            workspace_id,
            CategoryName::parse(name).unwrap(),
            parent,
            now(),
        )
        .unwrap()
    }

    #[test]
    fn categories_nest_one_level() {
        let ws = WorkspaceId::new();
        let skincare = category(ws, "Skincare", None);
        let serums = category(ws, "Serums", Some(&skincare));
        assert_eq!(serums.parent_id, Some(skincare.id));
        let error = Category::new(
            ws,
            CategoryName::parse("Vitamin C").unwrap(),
            Some(&serums),
            now(),
        )
        .unwrap_err();
        assert_eq!(error, CategoryRuleError::TooDeep("Serums".into()));
        let other = category(WorkspaceId::new(), "Elsewhere", None);
        assert_eq!(
            Category::new(ws, CategoryName::parse("X").unwrap(), Some(&other), now()),
            Err(CategoryRuleError::ForeignParent)
        );
    }

    #[test]
    fn moving_keeps_the_tree_shallow() {
        let ws = WorkspaceId::new();
        let skincare = category(ws, "Skincare", None);
        let mut makeup = category(ws, "Makeup", None);
        assert_eq!(
            makeup.move_under(Some(&skincare), true, now()),
            Err(CategoryRuleError::HasSubcategories)
        );
        let copy = makeup.clone();
        assert_eq!(
            makeup.move_under(Some(&copy), false, now()),
            Err(CategoryRuleError::OwnParent)
        );
        makeup.move_under(Some(&skincare), false, now()).unwrap();
        assert_eq!(makeup.parent_id, Some(skincare.id));
        makeup.move_under(None, false, now()).unwrap();
        assert!(makeup.is_root());
    }

    #[test]
    fn paths_round_trip_and_find_their_category() {
        let ws = WorkspaceId::new();
        let skincare = category(ws, "Skincare", None);
        let serums = category(ws, "Serums", Some(&skincare));
        let all = vec![skincare.clone(), serums.clone()];
        let path = serums.path(&all);
        assert_eq!(path.to_string(), "Skincare > Serums");
        assert_eq!(CategoryPath::parse(&path.to_string()).unwrap(), path);
        let loose = CategoryPath::parse("  skincare>SERUMS ").unwrap();
        assert_eq!(loose.find(&all).map(|c| c.id), Some(serums.id));
        assert_eq!(
            CategoryPath::parse("Skincare")
                .unwrap()
                .find(&all)
                .map(|c| c.id),
            Some(skincare.id)
        );
        assert!(CategoryPath::parse("Serums").unwrap().find(&all).is_none());
        assert_eq!(
            CategoryPath::parse("A > B > C"),
            Err(CategoryPathError::TooDeep)
        );
        assert!(matches!(
            CategoryPath::parse("A > "),
            Err(CategoryPathError::Name(_))
        ));
    }

    #[test]
    fn a_category_includes_its_subcategories() {
        let ws = WorkspaceId::new();
        let skincare = category(ws, "Skincare", None);
        let serums = category(ws, "Serums", Some(&skincare));
        let makeup = category(ws, "Makeup", None);
        let all = vec![skincare.clone(), serums.clone(), makeup];
        assert_eq!(
            category_with_subcategories(&all, skincare.id),
            vec![skincare.id, serums.id]
        );
        assert_eq!(
            category_with_subcategories(&all, serums.id),
            vec![serums.id]
        );
    }
}
