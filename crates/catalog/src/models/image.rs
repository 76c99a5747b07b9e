//! Links to product photos the assistant can send in a chat.

use serde::Serialize;

pub const IMAGE_URL_MAX: usize = 2_048;
pub const IMAGES_MAX: usize = 10;

/// An absolute `http` or `https` URL. Other schemes (`javascript:`, `data:`, `file:`)
/// are refused because the dashboard and the chat widgets render these links.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ImageUrl(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageUrlError {
    #[error("image URL must not be empty")]
    Empty,
    #[error("image URL must be at most {IMAGE_URL_MAX} characters")]
    TooLong,
    #[error("image URL must start with http:// or https://")]
    Scheme,
    #[error("image URL must name a host, like https://shop.example/photo.jpg")]
    MissingHost,
    #[error("image URL must not contain spaces, quotes, '|' or control characters")]
    InvalidCharacter,
}

impl ImageUrlError {
    pub fn code(&self) -> &'static str {
        match self {
            ImageUrlError::Empty => "missing",
            ImageUrlError::TooLong => "too_long",
            ImageUrlError::Scheme => "invalid_url_scheme",
            ImageUrlError::MissingHost => "invalid_url",
            ImageUrlError::InvalidCharacter => "invalid_url",
        }
    }
}

impl ImageUrl {
    pub fn parse(raw: &str) -> Result<Self, ImageUrlError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ImageUrlError::Empty);
        }
        if trimmed.len() > IMAGE_URL_MAX {
            return Err(ImageUrlError::TooLong);
        }
        let (scheme, rest) = trimmed.split_once("://").ok_or(ImageUrlError::Scheme)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(ImageUrlError::Scheme);
        }
        // '|' separates several URLs in one spreadsheet cell; it is not legal in a URL.
        if rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '|' | '"' | '<' | '>'))
        {
            return Err(ImageUrlError::InvalidCharacter);
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = authority.rsplit('@').next().unwrap_or_default();
        let host = host.split(':').next().unwrap_or_default();
        if host.is_empty() && !authority.starts_with('[') {
            return Err(ImageUrlError::MissingHost);
        }
        Ok(Self(format!("{scheme}://{rest}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A product's photos, first one shown first: at most 10, no repeats.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct ImageUrls(Vec<ImageUrl>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageUrlsError {
    #[error("a product can have at most {IMAGES_MAX} images")]
    TooMany,
    #[error("image {position}: {source}")]
    Invalid {
        position: usize,
        source: ImageUrlError,
    },
}

impl ImageUrlsError {
    pub fn code(&self) -> &'static str {
        match self {
            ImageUrlsError::TooMany => "too_many_images",
            ImageUrlsError::Invalid { source, .. } => source.code(),
        }
    }
}

impl ImageUrls {
    pub fn new(urls: Vec<ImageUrl>) -> Result<Self, ImageUrlsError> {
        let mut unique: Vec<ImageUrl> = Vec::with_capacity(urls.len());
        for url in urls {
            if !unique.contains(&url) {
                unique.push(url);
            }
        }
        if unique.len() > IMAGES_MAX {
            return Err(ImageUrlsError::TooMany);
        }
        Ok(Self(unique))
    }

    /// Reads a spreadsheet cell holding URLs separated by `|`; empty means no images.
    pub fn parse_cell(raw: &str) -> Result<Self, ImageUrlsError> {
        let urls = raw
            .split('|')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .enumerate()
            .map(|(i, part)| {
                ImageUrl::parse(part).map_err(|source| ImageUrlsError::Invalid {
                    position: i + 1,
                    source,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(urls)
    }

    /// The cell `parse_cell` reads back.
    pub fn to_cell(&self) -> String {
        self.0
            .iter()
            .map(ImageUrl::as_str)
            .collect::<Vec<_>>()
            .join("|")
    }

    pub fn as_slice(&self) -> &[ImageUrl] {
        &self.0
    }

    pub fn first(&self) -> Option<&ImageUrl> {
        self.0.first()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_with_a_host_are_images() {
        assert_eq!(
            ImageUrl::parse(" HTTPS://cdn.shop.example/a.jpg?w=400 ")
                .unwrap()
                .as_str(),
            "https://cdn.shop.example/a.jpg?w=400"
        );
        assert!(ImageUrl::parse("http://localhost:8080/a.png").is_ok());
        assert!(ImageUrl::parse("https://cửahàng.vn/ảnh.jpg").is_ok());
        assert_eq!(
            ImageUrl::parse("javascript:alert(1)"),
            Err(ImageUrlError::Scheme)
        );
        assert_eq!(
            ImageUrl::parse("ftp://x.example/a.jpg"),
            Err(ImageUrlError::Scheme)
        );
        assert_eq!(
            ImageUrl::parse("data:image/png;base64,AA"),
            Err(ImageUrlError::Scheme)
        );
        assert_eq!(
            ImageUrl::parse("shop.example/a.jpg"),
            Err(ImageUrlError::Scheme)
        );
        assert_eq!(
            ImageUrl::parse("https:///a.jpg"),
            Err(ImageUrlError::MissingHost)
        );
        assert_eq!(
            ImageUrl::parse("https://x.example/a b.jpg"),
            Err(ImageUrlError::InvalidCharacter)
        );
        assert_eq!(ImageUrl::parse(""), Err(ImageUrlError::Empty));
    }

    #[test]
    fn cells_hold_several_urls_and_round_trip() {
        let urls =
            ImageUrls::parse_cell("https://a.example/1.jpg | https://a.example/2.jpg|").unwrap();
        assert_eq!(urls.as_slice().len(), 2);
        assert_eq!(ImageUrls::parse_cell(&urls.to_cell()).unwrap(), urls);
        assert!(ImageUrls::parse_cell("").unwrap().is_empty());
        assert!(matches!(
            ImageUrls::parse_cell("https://a.example/1.jpg|ftp://b"),
            Err(ImageUrlsError::Invalid { position: 2, .. })
        ));
        let eleven = (0..11)
            .map(|i| format!("https://a.example/{i}.jpg"))
            .collect::<Vec<_>>()
            .join("|");
        assert_eq!(ImageUrls::parse_cell(&eleven), Err(ImageUrlsError::TooMany));
    }
}
