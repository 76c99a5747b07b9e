//! How catalog names are compared.

/// Lower-cased with runs of white space collapsed: the key names are compared by.
pub(crate) fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_ignore_case_and_spacing() {
        assert_eq!(name_key("  Cosmetici   BIANCHI "), "cosmetici bianchi");
        assert_eq!(name_key("Mỹ Phẩm"), name_key("MỸ  PHẨM"));
    }
}
