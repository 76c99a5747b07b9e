mod api_key;
mod audit;
mod invitation;
mod member;
mod password;
mod role;
mod session;
mod user;
mod workspace;

pub use api_key::*;
pub use audit::*;
pub use invitation::*;
pub use member::*;
pub use password::*;
pub use role::*;
pub use session::*;
pub use user::*;
pub use workspace::*;
