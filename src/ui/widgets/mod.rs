//! Reusable widgets.

pub mod body_map;
pub mod combo;
pub mod region_list;
