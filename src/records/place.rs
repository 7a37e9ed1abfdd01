//! Where records live: the platform data folder, or a folder the learner names.

use std::path::{Path, PathBuf};

/// The environment variable naming the records folder.
pub const DATA_DIR_ENV: &str = "CANTEEN_DATA_DIR";

/// The database file's name inside the records folder.
pub const DATABASE_FILE: &str = "canteen.db";

/// The records folder: the one given, else `CANTEEN_DATA_DIR`, else the platform's data folder
/// (`~/.local/share/canteen` on Linux, `~/Library/Application Support/canteen` on macOS,
/// `%APPDATA%\canteen\data` on Windows).
pub fn data_dir(given: Option<&Path>) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os(DATA_DIR_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("", "", "canteen")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".canteen"))
}

/// The database file in a records folder.
pub fn database_path(dir: &Path) -> PathBuf {
    dir.join(DATABASE_FILE)
}

/// Moves a damaged or foreign records file aside (never deletes it) and returns its new name.
pub fn move_aside(path: &Path, stamp: &str) -> Result<PathBuf, super::StoreError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".damaged-{stamp}"));
    let to = path.with_file_name(name);
    std::fs::rename(path, &to).map_err(|source| super::StoreError::MoveAside {
        path: path.to_path_buf(),
        source,
    })?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = path.as_os_str().to_os_string();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            let mut moved = to.as_os_str().to_os_string();
            moved.push(suffix);
            let _ = std::fs::rename(&side, PathBuf::from(moved));
        }
    }
    Ok(to)
}
