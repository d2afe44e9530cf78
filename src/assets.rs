//! The files built into the program: the desktop entry and the icons. The window uses the icon,
//! `feltsense install-desktop` installs all of them (the Debian package ships the same files from
//! `assets/`).

/// The desktop entry shipped in `assets/` (its `Exec=` line is replaced by the program's path
/// when installed per user).
pub const DESKTOP_ENTRY: &str = include_str!("../assets/feltsense.desktop");
/// The scalable icon.
pub const ICON_SVG: &[u8] = include_bytes!("../assets/icons/feltsense.svg");
/// PNG icons by size.
pub const ICON_PNGS: [(u32, &[u8]); 7] = [
    (16, include_bytes!("../assets/icons/feltsense-16.png")),
    (32, include_bytes!("../assets/icons/feltsense-32.png")),
    (48, include_bytes!("../assets/icons/feltsense-48.png")),
    (64, include_bytes!("../assets/icons/feltsense-64.png")),
    (128, include_bytes!("../assets/icons/feltsense-128.png")),
    (256, include_bytes!("../assets/icons/feltsense-256.png")),
    (512, include_bytes!("../assets/icons/feltsense-512.png")),
];

/// The PNG used as the window icon.
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../assets/icons/feltsense-256.png");
