"""The US TIP Report's tier scale, shared by the tier sources and the schemas (so a schema never imports a source)."""

# Ordinal order used for charts: 1 is best. A special case is not on the scale (rank left empty).
TIERS = {"1": ("Tier 1", 1), "2": ("Tier 2", 2), "2WL": ("Tier 2 Watch List", 3), "3": ("Tier 3", 4),
         "special_case": ("Special case", None)}
