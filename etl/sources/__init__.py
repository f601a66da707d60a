"""One module per source: read raw -> pure transform -> tidy frame (+ problems)."""
