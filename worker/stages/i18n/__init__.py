"""Language-aware pieces the non-English tag and enrich paths share: tokens, forms, countries, places, names."""
