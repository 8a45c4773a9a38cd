//! `statistics/<period>/*.toml`: service-quality figures, imported or entered by hand.

use super::{Loader, Parsed};
use catalog::stats::StatsFile;
use std::path::Path;

impl Loader {
    /// The files of every period folder, folders and files in name order.
    pub(super) fn statistics(&mut self) -> Vec<Parsed<StatsFile>> {
        let base = Path::new("statistics");
        let mut ids = Vec::new();
        for (name, is_dir) in self.entries(base) {
            if is_dir {
                ids.extend(self.read_dir_toml(&base.join(name)));
            }
        }
        self.parse_all(ids)
    }
}
