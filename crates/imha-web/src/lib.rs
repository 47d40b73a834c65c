//! imha-web
