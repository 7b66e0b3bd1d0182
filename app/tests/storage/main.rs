//! The storage test-suite: every test runs on a fresh SQLite file and on a fresh
//! PostgreSQL database.
#[macro_use]
mod support;

mod accounts;
mod bookings;
mod date_edit;
mod demo;
mod events;
mod offers;
mod outbox;
mod own_data;
mod planner;
mod registrations;
mod rooms;
mod series;
mod series_edit;
