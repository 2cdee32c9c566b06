//! The bridge to axum-login: how a session's person id becomes a signed-in person on each request.

use axum_login::{AuthUser, AuthnBackend, UserId};
use sha2::{Digest, Sha256};

use crate::access::SignedIn;
use crate::data::{self, accounts::AccountHolder, Db};
use crate::error::AppError;
use crate::people::PersonId;

#[derive(Debug, Clone)]
pub struct Backend {
    db: Db,
}

impl Backend {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

/// A person with a live session. Loaded from the database on every request.
#[derive(Debug, Clone)]
pub struct User {
    pub holder: AccountHolder,
    /// Sessions remember this; when it changes (new password, sessions ended on purpose) every
    /// existing session stops working.
    stamp_hash: [u8; 32],
}

impl User {
    fn new(holder: AccountHolder) -> Self {
        let stamp_hash = Sha256::digest(holder.session_stamp.as_bytes()).into();
        Self { holder, stamp_hash }
    }

    pub fn signed_in(&self) -> SignedIn {
        SignedIn {
            person_id: self.holder.person_id,
            first_name: self.holder.first_name.clone(),
            roles: self.holder.roles.clone(),
            two_step_enabled: self.holder.two_step_enabled,
        }
    }
}

impl AuthUser for User {
    type Id = PersonId;

    fn id(&self) -> PersonId {
        self.holder.person_id
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.stamp_hash
    }
}

/// Proof that [`super::sign_in`] checked the password (and code): the only way to log in.
pub struct Checked(pub(super) PersonId);

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Checked;
    type Error = AppError;

    async fn authenticate(&self, checked: Checked) -> Result<Option<User>, AppError> {
        self.get_user(&checked.0).await
    }

    /// Only active people with a password are anyone: a deactivated person's session ends at
    /// their next request.
    async fn get_user(&self, person_id: &UserId<Self>) -> Result<Option<User>, AppError> {
        Ok(data::accounts::active_account_holder(&self.db, *person_id)
            .await?
            .map(User::new))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;
