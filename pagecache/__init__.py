"""The anonymous page cache and answers kept per cache generation; it knows no content app."""
