"""The bottom layer shared by every app."""
