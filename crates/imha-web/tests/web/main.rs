//! imha-web's integration tests, in one test binary (each extra binary is a slow link on two
//! cores): the HTTP shell, and browser journeys in real Chromium with axe-core.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// First, so its macros (`both_backends!`) are visible in the other modules.
#[macro_use]
mod support;

mod admin;
mod allocation;
mod api;
mod api_feeds;
mod api_referrals;
mod browser;
mod cases;
mod i18n;
mod leaflet_pdfs;
mod letter;
mod library_admin;
mod patients;
mod quality;
mod refer;
mod referrals;
mod reports;
mod resources;
mod rights_pages;
mod shell;
mod staff;
mod work;
