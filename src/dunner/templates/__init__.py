"""Package data: the built-in texts of demand letters (``letters/level1.toml`` …)."""
