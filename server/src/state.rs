//! The state every handler is given: the Leptos options, the app's context and
//! the security settings, each also extractable on its own (`FromRef`).
use crate::security::Security;
use app::kernel::request::AppContext;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppContext,
    pub security: Arc<Security>,
}
