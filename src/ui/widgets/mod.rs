//! Reusable widgets.

pub mod body_map;
pub mod region_list;
