//! Suppliers: who the shop buys a product from, and how to reach them.

use chrono::{DateTime, Utc};
use kernel::{Email, WorkspaceId};
use serde::Serialize;

use super::text::{has_control, visible_length};

kernel::typed_id!(
    /// A supplier in one workspace.
    SupplierId
);

pub const SUPPLIER_NAME_MIN: usize = 2;
pub const SUPPLIER_NAME_MAX: usize = 100;

/// 2-100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SupplierName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SupplierNameError {
    #[error("supplier name is required")]
    Missing,
    #[error(
        "supplier name must be {SUPPLIER_NAME_MIN} to {SUPPLIER_NAME_MAX} characters (it has {0})"
    )]
    Length(usize),
    #[error("supplier name must be on one line, without control characters")]
    ControlCharacter,
}

impl SupplierNameError {
    pub fn code(&self) -> &'static str {
        match self {
            SupplierNameError::Missing => "missing",
            SupplierNameError::Length(_) => "length",
            SupplierNameError::ControlCharacter => "control_character",
        }
    }
}

impl SupplierName {
    pub fn parse(raw: &str) -> Result<Self, SupplierNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(SupplierNameError::Missing);
        }
        if has_control(trimmed) {
            return Err(SupplierNameError::ControlCharacter);
        }
        let length = visible_length(trimmed);
        if !(SUPPLIER_NAME_MIN..=SUPPLIER_NAME_MAX).contains(&length) {
            return Err(SupplierNameError::Length(length));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const CONTACT_NAME_MAX: usize = 100;

/// The person to talk to at a supplier: 1-100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ContactName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactNameError {
    #[error("contact name must be 1 to {CONTACT_NAME_MAX} characters, on one line")]
    Invalid,
}

impl ContactName {
    pub fn parse(raw: &str) -> Result<Self, ContactNameError> {
        let trimmed = raw.trim();
        let length = visible_length(trimmed);
        if length == 0 || length > CONTACT_NAME_MAX || has_control(trimmed) {
            return Err(ContactNameError::Invalid);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number, kept as `+` and digits. Separators people type (spaces, dashes,
/// dots, brackets) are dropped; 7 to 15 digits as E.164 allows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneNumberError {
    #[error("phone number is required")]
    Missing,
    #[error("phone number may only contain digits, a leading +, spaces, dashes, dots and brackets")]
    InvalidCharacter,
    #[error("phone number must have 7 to 15 digits")]
    Length,
}

impl PhoneNumberError {
    pub fn code(&self) -> &'static str {
        match self {
            PhoneNumberError::Missing => "missing",
            PhoneNumberError::InvalidCharacter => "invalid_character",
            PhoneNumberError::Length => "length",
        }
    }
}

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, PhoneNumberError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(PhoneNumberError::Missing);
        }
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => ("+", rest),
            None => ("", trimmed),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(PhoneNumberError::InvalidCharacter),
            }
        }
        if !(7..=15).contains(&digits.len()) {
            return Err(PhoneNumberError::Length);
        }
        Ok(Self(format!("{plus}{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How to reach a supplier; every part is optional because small shops often only
/// have a WhatsApp number or an email.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SupplierContact {
    pub person: Option<ContactName>,
    pub email: Option<Email>,
    pub phone: Option<PhoneNumber>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supplier {
    pub id: SupplierId,
    pub workspace_id: WorkspaceId,
    pub name: SupplierName,
    pub contact: SupplierContact,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a seller fills in to add a supplier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSupplier {
    pub name: SupplierName,
    pub contact: SupplierContact,
}

/// A partial change to a supplier; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupplierPatch {
    pub name: Option<SupplierName>,
    pub contact: Option<SupplierContact>,
}

impl Supplier {
    pub fn new(workspace_id: WorkspaceId, new: NewSupplier, now: DateTime<Utc>) -> Self {
        Self {
            id: SupplierId::new(),
            workspace_id,
            name: new.name,
            contact: new.contact,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn apply(&mut self, patch: SupplierPatch, now: DateTime<Utc>) -> bool {
        let before = self.clone();
        if let Some(name) = patch.name {
            self.name = name;
        }
        if let Some(contact) = patch.contact {
            self.contact = contact;
        }
        let changed = *self != before;
        if changed {
            self.updated_at = now;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supplier_names_are_bounded() {
        assert_eq!(SupplierName::parse(""), Err(SupplierNameError::Missing));
        assert_eq!(SupplierName::parse("A"), Err(SupplierNameError::Length(1)));
        assert!(SupplierName::parse("Cosmetici Bianchi S.r.l.").is_ok());
        assert!(SupplierName::parse("Công ty Mỹ phẩm Sài Gòn").is_ok());
    }

    #[test]
    fn phone_numbers_keep_only_digits_and_a_leading_plus() {
        assert_eq!(
            PhoneNumber::parse("+39 333 123-4567").unwrap().as_str(),
            "+393331234567"
        );
        assert_eq!(
            PhoneNumber::parse("(028) 3823.4567").unwrap().as_str(),
            "02838234567"
        );
        assert_eq!(PhoneNumber::parse("12345"), Err(PhoneNumberError::Length));
        assert_eq!(
            PhoneNumber::parse("+39 333 abc"),
            Err(PhoneNumberError::InvalidCharacter)
        );
        assert_eq!(
            PhoneNumber::parse("++39333123456"),
            Err(PhoneNumberError::InvalidCharacter)
        );
        assert_eq!(PhoneNumber::parse(" "), Err(PhoneNumberError::Missing));
    }

    #[test]
    fn patches_report_whether_anything_changed() {
        let now = chrono::Utc::now();
        let mut supplier = Supplier::new(
            WorkspaceId::new(),
            NewSupplier {
                name: SupplierName::parse("Bianchi").unwrap(),
                contact: SupplierContact::default(),
            },
            now,
        );
        assert!(!supplier.apply(SupplierPatch::default(), now));
        let contact = SupplierContact {
            email: Some(Email::parse("ordini@bianchi.it").unwrap()),
            ..SupplierContact::default()
        };
        let patch = SupplierPatch {
            contact: Some(contact),
            ..SupplierPatch::default()
        };
        assert!(supplier.apply(patch, now));
        assert!(supplier.contact.email.is_some());
    }
}
