"""What the pages of every app share, below the apps and above nothing of theirs: refusals
shown beside their fields, the choice of clinic on a per-clinic section's entry page, and
typed dates checked as the API checks them."""
