"""Case records, drafts and answer sheets: storage and models."""
