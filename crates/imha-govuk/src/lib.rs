//! GOV.UK Design System components.
