//! The e-mail outbox. A change that causes a mail writes it here in its own
//! transaction; a worker on any server sends it later, exactly once in normal
//! operation: it claims one mail at a time for longer than sending can take,
//! retries with a growing pause, and gives up into a "failed" state that an
//! admin sees and can retry. Each mail's `Message-ID` comes from its row, so a
//! duplicate after a crash between sending and recording is recognisable.
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
